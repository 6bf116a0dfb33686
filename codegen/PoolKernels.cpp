//===- PoolKernels.cpp ----------------------------------------------------===//
#include "codegen/PoolKernels.h"
#include "codegen/Jit.h"
#include "codegen/KernelFunction.h"

#include "ir/IR.h"
#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/Tensor.h"
#include "support/Error.h"

#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <iostream>
#include <limits>
#include <optional>
#include <vector>

namespace kiln::codegen {

namespace {

// Bump when the generated code changes: it names the disk cache entry.
constexpr int kPoolKernelVersion = 2;

enum class PoolOp { Max, Avg, AdaptiveAvg };
// The kernels: max, and the average (which adaptive average also uses).
enum class PoolFn { Max, Avg };
constexpr size_t kNumPoolFns = 2;

std::string symbolOf(PoolFn fn) {
  return std::string(fn == PoolFn::Max ? "kiln_pool_max" : "kiln_pool_avg") +
         "_v" + std::to_string(kPoolKernelVersion);
}

/// What a kernel reads (the ABI; field order matters). The tables hold one
/// entry per output element of a block, padded to a whole number of
/// vectors (padding entries have rowEnd 0: nothing of them is read).
struct PoolCall {
  const float *in;
  float *out;
  const int32_t *offset;   // window start (row, col) in the block's input
  const int32_t *rowStart; // the window's first row (may be negative)
  const int32_t *colStart; // and first column
  const int32_t *rowEnd;   // rows [0, rowEnd) of the window are read
  const int32_t *colEnd;   // columns [0, colEnd)
  const double *divisor;   // avg: per entry
  const int32_t *rowMode;  // per vector: 0 gathers; s = 1, 2: its lanes are
                           // consecutive outputs of one row, stride s
  int64_t entries;         // table length (a multiple of the lanes)
  int64_t inBlock;         // input elements per block
  int64_t outBlock;        // output elements per block
  int64_t outTotal;        // output elements in all
  int64_t kH, kW, dH, dW;  // window size and dilation
  int64_t width;           // input row length
};

using PoolEntry = void (*)(const PoolCall *, int64_t, int64_t);

//===--- IR emission ------------------------------------------------------===//

class PoolKernelBuilder {
public:
  explicit PoolKernelBuilder(llvm::Module &m) : m_(m), b_(m.getContext()) {}

  void build(PoolFn kind) {
    lanes_ = Jit::get().vectorBytes() / 4;
    auto *ptrTy = b_.getPtrTy();
    auto *i64 = b_.getInt64Ty();
    llvm::Function *fn = createRangeKernel(m_, b_, symbolOf(kind));
    llvm::Value *call = fn->getArg(0);
    auto ptr = [&](unsigned i) { return loadField(b_, call, i, ptrTy); };
    auto int64 = [&](unsigned i) { return loadField(b_, call, i, i64); };
    llvm::Value *in = ptr(0), *out = ptr(1);
    llvm::Value *table[5];
    for (unsigned t = 0; t < 5; ++t)
      table[t] = ptr(2 + t);
    llvm::Value *divisor = ptr(7), *rowMode = ptr(8);
    llvm::Value *entries = int64(9), *inBlock = int64(10),
                *outBlock = int64(11), *outTotal = int64(12);
    llvm::Value *kH = int64(13), *kW = int64(14), *dH = int64(15),
                *dW = int64(16), *width = int64(17);
    llvm::Value *rowStep = b_.CreateTrunc(b_.CreateMul(dH, width), i32());
    llvm::Value *dW32 = b_.CreateTrunc(dW, i32());
    llvm::Value *dH32 = b_.CreateTrunc(dH, i32());

    forEach(fn->getArg(1), fn->getArg(2), 1, "block", [&](llvm::Value *blk) {
      llvm::Value *src =
          b_.CreateInBoundsGEP(b_.getFloatTy(), in, b_.CreateMul(blk, inBlock));
      llvm::Value *outBase = b_.CreateMul(blk, outBlock);
      // Outputs of this block: all of it but in the last block.
      llvm::Value *rest = b_.CreateSub(outTotal, outBase);
      llvm::Value *limit =
          b_.CreateSelect(b_.CreateICmpSLT(rest, outBlock), rest, outBlock);
      limit = b_.CreateSelect(b_.CreateICmpSLT(limit, entries), limit, entries);
      forEach(b_.getInt64(0), limit, lanes_, "entry", [&](llvm::Value *e) {
        llvm::Value *active = b_.CreateICmpSLT(
            b_.CreateAdd(splat(e), laneIndex()), splat(limit), "active");
        llvm::Value *offset = loadTable(table[0], e);
        llvm::Value *rowStart = loadTable(table[1], e);
        llvm::Value *colStart = loadTable(table[2], e);
        llvm::Value *rowEnd = loadTable(table[3], e);
        llvm::Value *colEnd = loadTable(table[4], e);
        llvm::Value *fill = llvm::ConstantFP::get(
            floats(), kind == PoolFn::Max
                          ? -std::numeric_limits<float>::infinity()
                          : 0.0);
        llvm::Value *init = kind == PoolFn::Max ? fill : sumInit();
        // The window walk, reading each position's 16 values with a gather
        // (mode 0) or, when the lanes are consecutive outputs of one row,
        // with a masked load of stride `mode` (1 or 2).
        auto window = [&](unsigned mode) {
          return emitLoop(
              b_, b_.getInt64(0), kH, 1, {init}, "kh",
              [&](llvm::Value *kh, const LoopValues &a) {
                llvm::Value *kh32 = b_.CreateTrunc(kh, i32());
                llvm::Value *row =
                    b_.CreateAdd(rowStart, splat(b_.CreateMul(kh32, dH32)));
                llvm::Value *rowOk =
                    b_.CreateAnd(active, b_.CreateICmpULT(row, rowEnd));
                llvm::Value *rowOffset =
                    b_.CreateAdd(offset, splat(b_.CreateMul(kh32, rowStep)));
                return emitLoop(
                    b_, b_.getInt64(0), kW, 1, a, "kw",
                    [&](llvm::Value *kw, const LoopValues &a2) {
                      llvm::Value *step =
                          b_.CreateMul(b_.CreateTrunc(kw, i32()), dW32);
                      llvm::Value *col = b_.CreateAdd(colStart, splat(step));
                      llvm::Value *ok =
                          b_.CreateAnd(rowOk, b_.CreateICmpULT(col, colEnd));
                      llvm::Value *index = b_.CreateAdd(rowOffset, splat(step));
                      llvm::Value *v =
                          mode == 0 ? gather(src, index, ok, fill)
                                    : rowLoad(src, index, ok, mode, kind);
                      return LoopValues{kind == PoolFn::Max
                                            ? maxStep(a2[0], v)
                                            : sumStep(a2[0], v)};
                    });
              });
        };
        llvm::Value *modeAt = b_.CreateInBoundsGEP(
            i32(), rowMode, b_.CreateUDiv(e, b_.getInt64(lanes_)));
        llvm::Value *mode = b_.CreateAlignedLoad(i32(), modeAt, llvm::Align(4));
        llvm::LLVMContext &ctx = b_.getContext();
        auto *merge = llvm::BasicBlock::Create(ctx, "window.done", fn);
        auto *gathers = llvm::BasicBlock::Create(ctx, "window.gather", fn);
        llvm::SwitchInst *sw = b_.CreateSwitch(mode, gathers, 2);
        std::vector<std::pair<llvm::Value *, llvm::BasicBlock *>> results;
        for (unsigned m = 0; m <= 2; ++m) {
          llvm::BasicBlock *bb = gathers;
          if (m > 0) {
            bb = llvm::BasicBlock::Create(ctx, "window.row", fn);
            sw->addCase(b_.getInt32(m), bb);
          }
          b_.SetInsertPoint(bb);
          llvm::Value *r = window(m)[0];
          results.emplace_back(r, b_.GetInsertBlock());
          b_.CreateBr(merge);
        }
        b_.SetInsertPoint(merge);
        llvm::PHINode *acc = b_.CreatePHI(init->getType(), 3);
        for (auto &[v, bb] : results)
          acc->addIncoming(v, bb);
        llvm::Value *result = acc;
        if (kind == PoolFn::Avg) {
          llvm::Value *p = b_.CreateInBoundsGEP(b_.getDoubleTy(), divisor, e);
          llvm::Value *count =
              b_.CreateAlignedLoad(doubles(), p, llvm::Align(8));
          result = b_.CreateFPTrunc(b_.CreateFDiv(result, count), floats());
        }
        llvm::Value *dst = b_.CreateInBoundsGEP(b_.getFloatTy(), out,
                                                b_.CreateAdd(outBase, e));
        b_.CreateMaskedStore(result, dst, llvm::Align(4), active);
      });
    });
    b_.CreateRetVoid();
  }

private:
  void forEach(llvm::Value *from, llvm::Value *to, int64_t step,
               const std::string &name,
               const std::function<void(llvm::Value *)> &body) {
    emitLoop(b_, from, to, step, {}, name,
             [&](llvm::Value *i, const LoopValues &) {
               body(i);
               return LoopValues{};
             });
  }
  llvm::Type *i32() { return b_.getInt32Ty(); }
  llvm::Type *floats() {
    return llvm::FixedVectorType::get(b_.getFloatTy(), lanes_);
  }
  llvm::Type *doubles() {
    return llvm::FixedVectorType::get(b_.getDoubleTy(), lanes_);
  }
  llvm::Value *splat(llvm::Value *v) { return b_.CreateVectorSplat(lanes_, v); }
  llvm::Value *laneIndex() {
    std::vector<llvm::Constant *> lanes;
    for (unsigned l = 0; l < lanes_; ++l)
      lanes.push_back(b_.getInt64(l));
    return llvm::ConstantVector::get(lanes);
  }
  llvm::Value *loadTable(llvm::Value *base, llvm::Value *e) {
    llvm::Value *p = b_.CreateInBoundsGEP(i32(), base, e);
    return b_.CreateAlignedLoad(llvm::FixedVectorType::get(i32(), lanes_), p,
                                llvm::Align(4));
  }

  llvm::Value *gather(llvm::Value *src, llvm::Value *index, llvm::Value *ok,
                      llvm::Value *fill) {
    // Not inbounds: masked-off lanes may point anywhere.
    llvm::Value *ptrs = b_.CreateGEP(b_.getFloatTy(), src, index);
    return b_.CreateMaskedGather(floats(), ptrs, llvm::Align(4), ok, fill);
  }
  // Lane j reads src[index[0] + j * stride]: one masked load of
  // lanes * stride floats that touches only the enabled lanes' elements,
  // and for stride 2 a shuffle of the even ones.
  llvm::Value *rowLoad(llvm::Value *src, llvm::Value *index, llvm::Value *ok,
                       unsigned stride, PoolFn kind) {
    unsigned wide = lanes_ * stride;
    std::vector<int> spread, pick;
    for (unsigned i = 0; i < wide; ++i)
      spread.push_back(i % stride == 0 ? static_cast<int>(i / stride)
                                       : static_cast<int>(lanes_));
    for (unsigned j = 0; j < lanes_; ++j)
      pick.push_back(static_cast<int>(j * stride));
    llvm::Value *none = llvm::Constant::getNullValue(ok->getType());
    llvm::Value *mask = b_.CreateShuffleVector(ok, none, spread);
    llvm::Value *first = b_.CreateExtractElement(index, uint64_t(0));
    llvm::Value *p = b_.CreateGEP(b_.getFloatTy(), src,
                                  b_.CreateSExt(first, b_.getInt64Ty()));
    auto *wideTy = llvm::FixedVectorType::get(b_.getFloatTy(), wide);
    llvm::Value *fill = llvm::ConstantFP::get(
        wideTy,
        kind == PoolFn::Max ? -std::numeric_limits<float>::infinity() : 0.0);
    llvm::Value *v = b_.CreateMaskedLoad(wideTy, p, llvm::Align(4), mask, fill);
    return stride == 1 ? v : b_.CreateShuffleVector(v, pick);
  }

  // The reference's `if (v > best || isnan(v)) best = v`.
  llvm::Value *maxStep(llvm::Value *best, llvm::Value *v) {
    llvm::Value *take =
        b_.CreateOr(b_.CreateFCmpOGT(v, best), b_.CreateFCmpUNO(v, v));
    return b_.CreateSelect(take, v, best);
  }
  llvm::Value *sumInit() { return llvm::ConstantFP::get(doubles(), 0.0); }
  llvm::Value *sumStep(llvm::Value *sum, llvm::Value *v) {
    return b_.CreateFAdd(sum, b_.CreateFPExt(v, doubles()));
  }

  llvm::Module &m_;
  llvm::IRBuilder<> b_;
  unsigned lanes_ = 16;
};

std::unique_ptr<llvm::Module>
emitPoolModule(llvm::LLVMContext &ctx, std::initializer_list<PoolFn> fns) {
  std::unique_ptr<llvm::Module> m = Jit::get().createModule("kiln_pool", ctx);
  for (PoolFn fn : fns)
    PoolKernelBuilder(*m).build(fn);
  std::string errors;
  llvm::raw_string_ostream os(errors);
  KILN_INTERNAL_ASSERT(!llvm::verifyModule(*m, &os),
                       "generated pool kernel does not verify: ", os.str());
  return m;
}

//===--- Compiling: both kernels in one module, once per process ----------===//

using Entries = std::array<PoolEntry, kNumPoolFns>;

// The entries, or null entries when the JIT failed (the reference kernels
// then run).
const Entries &entries() {
  static const Entries compiled = [] {
    Entries result{};
    std::vector<std::string> symbols{symbolOf(PoolFn::Max),
                                     symbolOf(PoolFn::Avg)};
    std::vector<void *> addresses = Jit::get().fixedModule(
        "pool-kernels", kPoolKernelVersion, symbols,
        [](llvm::LLVMContext &ctx) {
          return emitPoolModule(ctx, {PoolFn::Max, PoolFn::Avg});
        });
    for (size_t i = 0; i < addresses.size(); ++i)
      result[i] = reinterpret_cast<PoolEntry>(addresses[i]);
    return result;
  }();
  return compiled;
}

//===--- Running ----------------------------------------------------------===//

// Arguments above this are left to the reference kernel (no overflow here).
constexpr int64_t kMaxArgument = int64_t(1) << 20;

/// An int[2] argument: a list of one or two ints, or one int; nullopt for
/// anything else. An empty list gives {} (stride's default).
std::optional<std::vector<int64_t>> intPair(const IValue &v) {
  std::vector<int64_t> items;
  if (v.isInt()) {
    items.push_back(v.toInt());
  } else if (v.isList()) {
    for (const IValue &item : v.toList().items) {
      if (!item.isInt())
        return std::nullopt;
      items.push_back(item.toInt());
    }
  } else {
    return std::nullopt;
  }
  if (items.size() == 1)
    items.push_back(items[0]);
  if (items.size() > 2)
    return std::nullopt;
  for (int64_t i : items)
    if (i < 0 || i > kMaxArgument)
      return std::nullopt;
  return items;
}

/// PyTorch's pooling_output_shape (arguments are small and checked).
int64_t pooledSize(int64_t in, int64_t kernel, int64_t pad, int64_t stride,
                   int64_t dilation, bool ceilMode) {
  int64_t out =
      in + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
  out = (out >= 0 ? out / stride : -((-out + stride - 1) / stride)) + 1;
  if (ceilMode && (out - 1) * stride >= in + pad)
    --out;
  return out;
}

/// Everything a call needs besides the data: the window of each output
/// element of a block.
struct Problem {
  PoolFn fn = PoolFn::Max;
  int64_t planes = 0, height = 0, width = 0, outH = 0, outW = 0;
  int64_t kH = 1, kW = 1, sH = 1, sW = 1, pH = 0, pW = 0, dH = 1, dW = 1;
  bool adaptive = false, countIncludePad = true;
  std::optional<int64_t> divisorOverride;
};

/// Start and end of adaptive window i of n over length L (Pooling.cpp).
int64_t adaptiveStart(int64_t i, int64_t n, int64_t L) { return i * L / n; }
int64_t adaptiveEnd(int64_t i, int64_t n, int64_t L) {
  return ((i + 1) * L + n - 1) / n;
}

struct Tables {
  std::vector<int32_t> offset, rowStart, colStart, rowEnd, colEnd;
  std::vector<double> divisor;
  std::vector<int32_t> rowMode; // per vector of `lanes` entries
};

/// Fills the tables for a block of `blockPlanes` planes.
Tables tabulate(const Problem &p, int64_t blockPlanes, int64_t entries,
                int64_t lanes) {
  Tables t;
  size_t n = static_cast<size_t>(entries);
  t.offset.assign(n, 0), t.rowStart.assign(n, 0), t.colStart.assign(n, 0);
  t.rowEnd.assign(n, 0), t.colEnd.assign(n, 0), t.divisor.assign(n, 1.0);
  int64_t outPlane = p.outH * p.outW, inPlane = p.height * p.width;
  for (int64_t e = 0; e < blockPlanes * outPlane; ++e) {
    int64_t q = e / outPlane, oh = e % outPlane / p.outW, ow = e % p.outW;
    int64_t h0, w0, h1, w1;
    double count;
    if (p.adaptive) {
      h0 = adaptiveStart(oh, p.outH, p.height);
      h1 = adaptiveEnd(oh, p.outH, p.height);
      w0 = adaptiveStart(ow, p.outW, p.width);
      w1 = adaptiveEnd(ow, p.outW, p.width);
      count = static_cast<double>((h1 - h0) * (w1 - w0));
    } else {
      h0 = oh * p.sH - p.pH, w0 = ow * p.sW - p.pW;
      h1 = p.height, w1 = p.width;
      // avg_pool2d's count: the window clipped to the padded input, or to
      // the input; a window of padding only sums to 0 (divided by 1).
      int64_t ph1 = std::min(h0 + p.kH, p.height + p.pH);
      int64_t pw1 = std::min(w0 + p.kW, p.width + p.pW);
      int64_t rows = std::min(h0 + p.kH, p.height) - std::max<int64_t>(h0, 0);
      int64_t cols = std::min(w0 + p.kW, p.width) - std::max<int64_t>(w0, 0);
      int64_t c = p.divisorOverride   ? *p.divisorOverride
                  : p.countIncludePad ? (ph1 - h0) * (pw1 - w0)
                                      : rows * cols;
      count = rows <= 0 || cols <= 0 ? 1.0 : static_cast<double>(c);
    }
    size_t i = static_cast<size_t>(e);
    t.offset[i] = static_cast<int32_t>(q * inPlane + h0 * p.width + w0);
    t.rowStart[i] = static_cast<int32_t>(h0);
    t.colStart[i] = static_cast<int32_t>(w0);
    t.rowEnd[i] = static_cast<int32_t>(h1);
    t.colEnd[i] = static_cast<int32_t>(w1);
    t.divisor[i] = count;
  }
  // Vectors whose entries are consecutive outputs of one row read their
  // windows with strided loads instead of gathers.
  int64_t used = blockPlanes * outPlane;
  t.rowMode.assign(static_cast<size_t>(entries / lanes), 0);
  if (!p.adaptive && (p.sW == 1 || p.sW == 2))
    for (int64_t v = 0; v * lanes < used; ++v) {
      int64_t first = v * lanes, last = std::min(used, first + lanes) - 1;
      if (first / p.outW == last / p.outW)
        t.rowMode[static_cast<size_t>(v)] = static_cast<int32_t>(p.sW);
    }
  return t;
}

class PoolKernel final : public CompiledKernel {
public:
  PoolKernel(PoolOp op, PoolEntry entry) : op_(op), entry_(entry) {}

  bool run(const KernelArgs &args) const override {
    std::optional<Problem> p = problemOf(args);
    if (!p || !fitsOffsets(*p))
      return false;
    const Tensor &x = args.in(0).toTensor();
    std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end() - 2);
    shape.push_back(p->outH);
    shape.push_back(p->outW);
    Tensor out = Tensor::empty(shape, ScalarType::Float);
    if (p->planes > 0)
      compute(*p, x.data<float>(), out.data<float>());
    args.setOut(0, IValue(std::move(out)));
    return true;
  }
  std::string describe() const override {
    return "jit " + symbolOf(op_ == PoolOp::Max ? PoolFn::Max : PoolFn::Avg);
  }

private:
  /// The problem the node's arguments describe, or nullopt when the
  /// reference kernel must run (other inputs, or arguments it rejects).
  std::optional<Problem> problemOf(const KernelArgs &args) const {
    size_t arity = op_ == PoolOp::Max ? 6 : op_ == PoolOp::Avg ? 7 : 2;
    if (args.numInputs != arity || args.numOutputs != 1 ||
        !args.in(0).isTensor())
      return std::nullopt;
    const Tensor &x = args.in(0).toTensor();
    if (x.dtype() != ScalarType::Float || !x.isContiguous() ||
        (x.dim() != 3 && x.dim() != 4))
      return std::nullopt;
    Problem p;
    p.fn = op_ == PoolOp::Max ? PoolFn::Max : PoolFn::Avg;
    for (int64_t d = x.dim() == 4 ? 1 : 0; d < x.dim(); ++d)
      if (x.size(d) <= 0)
        return std::nullopt;
    p.planes = x.dim() == 4 ? x.size(0) * x.size(1) : x.size(0);
    p.height = x.size(-2), p.width = x.size(-1);
    if (op_ == PoolOp::AdaptiveAvg) {
      auto size = intPair(args.in(1));
      if (!size || size->size() != 2 || (*size)[0] < 1 || (*size)[1] < 1)
        return std::nullopt;
      p.adaptive = true;
      p.outH = (*size)[0], p.outW = (*size)[1];
      // The widest window (dilation 1).
      for (int64_t o = 0; o < p.outH; ++o)
        p.kH = std::max(p.kH, adaptiveEnd(o, p.outH, p.height) -
                                  adaptiveStart(o, p.outH, p.height));
      for (int64_t o = 0; o < p.outW; ++o)
        p.kW = std::max(p.kW, adaptiveEnd(o, p.outW, p.width) -
                                  adaptiveStart(o, p.outW, p.width));
      return p;
    }
    auto kernel = intPair(args.in(1)), stride = intPair(args.in(2)),
         padding = intPair(args.in(3));
    std::optional<std::vector<int64_t>> dilation = std::vector<int64_t>{1, 1};
    size_t ceilAt = 4;
    if (op_ == PoolOp::Max)
      dilation = intPair(args.in(4)), ceilAt = 5;
    if (!kernel || !stride || !padding || !dilation || kernel->size() != 2 ||
        padding->size() != 2 || dilation->size() != 2 ||
        !args.in(ceilAt).isBool())
      return std::nullopt;
    if (stride->empty())
      stride = kernel;
    if (stride->size() != 2)
      return std::nullopt;
    if (op_ == PoolOp::Avg) {
      if (!args.in(5).isBool())
        return std::nullopt;
      p.countIncludePad = args.in(5).toBool();
      const IValue &divisor = args.in(6);
      if (divisor.isInt()) {
        if (divisor.toInt() == 0)
          return std::nullopt;
        p.divisorOverride = divisor.toInt();
      } else if (!divisor.isNone()) {
        return std::nullopt;
      }
    }
    bool ceilMode = args.in(ceilAt).toBool();
    int64_t *fields[4][2] = {
        {&p.kH, &p.kW}, {&p.sH, &p.sW}, {&p.pH, &p.pW}, {&p.dH, &p.dW}};
    const std::vector<int64_t> *values[4] = {&*kernel, &*stride, &*padding,
                                             &*dilation};
    for (int f = 0; f < 4; ++f)
      for (int d = 0; d < 2; ++d)
        *fields[f][d] = (*values[f])[static_cast<size_t>(d)];
    if (p.kH < 1 || p.kW < 1 || p.sH < 1 || p.sW < 1 || p.dH < 1 || p.dW < 1 ||
        p.pH > p.kH / 2 || p.pW > p.kW / 2)
      return std::nullopt;
    p.outH = pooledSize(p.height, p.kH, p.pH, p.sH, p.dH, ceilMode);
    p.outW = pooledSize(p.width, p.kW, p.pW, p.sW, p.dW, ceilMode);
    if (p.outH < 1 || p.outW < 1)
      return std::nullopt;
    return p;
  }

  /// Offsets are 32-bit: a block of planes and its windows' reach must fit
  /// (a plane of 2^31 / 16 elements does; larger ones run the reference).
  static bool fitsOffsets(const Problem &p) {
    int64_t lanes = Jit::get().vectorBytes() / 4;
    int64_t inPlane = p.height * p.width;
    if (p.height > INT32_MAX / 2 || p.width > INT32_MAX / 2 ||
        inPlane > INT32_MAX / (2 * lanes))
      return false;
    int64_t rowReach = p.kH * p.dH + p.pH, colReach = p.kW * p.dW + p.pW;
    return rowReach <= INT32_MAX / 4 / p.width && colReach <= INT32_MAX / 4 &&
           p.outH * p.sH < INT32_MAX / 2 && p.outW * p.sW < INT32_MAX / 2;
  }

  void compute(const Problem &p, const float *in, float *out) const {
    int64_t lanes = Jit::get().vectorBytes() / 4;
    int64_t outPlane = p.outH * p.outW, inPlane = p.height * p.width;
    // Whole planes per block: as many as one vector holds.
    int64_t blockPlanes = std::max<int64_t>(1, lanes / outPlane);
    blockPlanes = std::min(blockPlanes, p.planes);
    int64_t entries = (blockPlanes * outPlane + lanes - 1) / lanes * lanes;
    Tables t = tabulate(p, blockPlanes, entries, lanes);
    PoolCall call{in,
                  out,
                  t.offset.data(),
                  t.rowStart.data(),
                  t.colStart.data(),
                  t.rowEnd.data(),
                  t.colEnd.data(),
                  t.divisor.data(),
                  t.rowMode.data(),
                  entries,
                  blockPlanes * inPlane,
                  blockPlanes * outPlane,
                  p.planes * outPlane,
                  p.kH,
                  p.kW,
                  p.dH,
                  p.dW,
                  p.width};
    int64_t blocks = (p.planes + blockPlanes - 1) / blockPlanes;
    int64_t work = std::max<int64_t>(1, blockPlanes * outPlane * p.kH * p.kW);
    int64_t grain = std::max<int64_t>(1, kParallelGrain / work);
    parallelFor(0, blocks, grain,
                [&](int64_t b, int64_t e) { entry_(&call, b, e); });
  }

  PoolOp op_;
  PoolEntry entry_;
};

// The op `node` computes with a pool kernel, judged by what the graph
// states (the run checks the actual inputs again).
std::optional<PoolOp> poolOpOf(const Node &node) {
  const OpInfo *info = node.maybeOp();
  if (!info || node.outputs().size() != 1 || node.inputs().empty())
    return std::nullopt;
  PoolOp op;
  switch (info->id) {
  case OpId::aten_max_pool2d:
    op = PoolOp::Max;
    break;
  case OpId::aten_avg_pool2d:
    op = PoolOp::Avg;
    break;
  case OpId::aten_adaptive_avg_pool2d:
    op = PoolOp::AdaptiveAvg;
    break;
  default:
    return std::nullopt;
  }
  auto *tt = node.input(0)->type()->cast<TensorType>();
  if (!tt || (tt->dtype() && *tt->dtype() != ScalarType::Float))
    return std::nullopt;
  if (std::optional<size_t> rank = tt->rank(); rank && *rank != 3 && *rank != 4)
    return std::nullopt;
  return op;
}

} // namespace

std::shared_ptr<const CompiledKernel> compilePoolKernel(const Node &node) {
  std::optional<PoolOp> op = poolOpOf(node);
  if (!op)
    return nullptr;
  PoolFn fn = *op == PoolOp::Max ? PoolFn::Max : PoolFn::Avg;
  PoolEntry entry = entries()[static_cast<size_t>(fn)];
  if (!entry)
    return nullptr;
  return std::make_shared<PoolKernel>(*op, entry);
}

std::string poolKernelCode(const Node &node, bool assembly) {
  std::optional<PoolOp> op = poolOpOf(node);
  if (!op)
    return "";
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m =
      emitPoolModule(ctx, {*op == PoolOp::Max ? PoolFn::Max : PoolFn::Avg});
  return Jit::get().code(*m, assembly);
}

} // namespace kiln::codegen
