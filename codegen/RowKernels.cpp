//===- RowKernels.cpp -----------------------------------------------------===//
#include "codegen/RowKernels.h"
#include "codegen/ElementwiseEmitters.h"
#include "codegen/Jit.h"

#include "ir/Constant.h"
#include "ir/IR.h"
#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/Tensor.h"
#include "support/Error.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <limits>
#include <mutex>

namespace kiln::codegen {

namespace {

// Bump when the generated code changes: it names the disk cache entry.
constexpr int kRowKernelVersion = 3;

enum class RowOp { Softmax, LogSoftmax, LayerNorm };
constexpr size_t kNumRowOps = 3;

const char *opName(RowOp op) {
  switch (op) {
  case RowOp::Softmax:
    return "softmax";
  case RowOp::LogSoftmax:
    return "log_softmax";
  case RowOp::LayerNorm:
    return "layer_norm";
  }
  return "";
}

std::string symbolOf(RowOp op) {
  return "kiln_row_" + std::string(opName(op)) + "_v" +
         std::to_string(kRowKernelVersion);
}

/// What a kernel reads (the ABI; field order matters).
struct RowCall {
  const float *in;     // rows of n
  float *out;          // rows of n
  const float *weight; // layer_norm: n
  const float *bias;   // layer_norm: n
  int64_t n;           // row length
  double eps;          // layer_norm
};

using RowEntry = void (*)(const RowCall *, int64_t, int64_t);

//===--- IR emission ------------------------------------------------------===//

class RowKernelBuilder {
public:
  explicit RowKernelBuilder(llvm::Module &m)
      : m_(m), ctx_(m.getContext()), b_(ctx_) {}

  void build(RowOp op) {
    Jit &jit = Jit::get();
    lanes_ = jit.vectorBytes() / 4;
    auto *ptrTy = b_.getPtrTy();
    auto *i64 = b_.getInt64Ty();
    fn_ = llvm::Function::Create(
        llvm::FunctionType::get(b_.getVoidTy(), {ptrTy, i64, i64}, false),
        llvm::Function::ExternalLinkage, symbolOf(op), m_);
    fn_->addFnAttr(llvm::Attribute::NoUnwind);
    fn_->addFnAttr("target-cpu", jit.cpuName());
    fn_->addFnAttr("target-features", jit.cpuFeatures());
    std::string width = std::to_string(jit.vectorBytes() * 8);
    fn_->addFnAttr("prefer-vector-width", width);
    fn_->addFnAttr("min-legal-vector-width", width);
    fn_->addParamAttr(0, llvm::Attribute::NoAlias);

    b_.SetInsertPoint(llvm::BasicBlock::Create(ctx_, "entry", fn_));
    llvm::Value *call = fn_->getArg(0);
    in_ = field(call, 0, ptrTy);
    out_ = field(call, 1, ptrTy);
    weight_ = field(call, 2, ptrTy);
    bias_ = field(call, 3, ptrTy);
    n_ = field(call, 4, i64);
    eps_ = field(call, 5, b_.getDoubleTy());
    nvec_ = b_.CreateAnd(n_, b_.getInt64(~int64_t(lanes_ - 1)), "nvec");

    loop(fn_->getArg(1), fn_->getArg(2), 1, {}, "row",
         [&](llvm::Value *r, const Values &) {
           llvm::Value *offset = b_.CreateMul(r, n_);
           x_ = b_.CreateInBoundsGEP(b_.getFloatTy(), in_, offset, "x");
           y_ = b_.CreateInBoundsGEP(b_.getFloatTy(), out_, offset, "y");
           if (op == RowOp::LayerNorm)
             layerNormRow();
           else
             softmaxRow(op == RowOp::LogSoftmax);
           return Values{};
         });
    b_.CreateRetVoid();
  }

private:
  using Values = std::vector<llvm::Value *>;
  using Body = std::function<Values(llvm::Value *, const Values &)>;

  llvm::Value *field(llvm::Value *call, unsigned index, llvm::Type *ty) {
    llvm::Value *p =
        b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), call, index * 8);
    return b_.CreateAlignedLoad(ty, p, llvm::Align(8));
  }

  // for (i = from; i < to; i += step) carried = body(i, carried); returns
  // the carried values after the loop.
  Values loop(llvm::Value *from, llvm::Value *to, int64_t step, Values init,
              const char *name, const Body &body) {
    llvm::BasicBlock *pre = b_.GetInsertBlock();
    auto *head = llvm::BasicBlock::Create(ctx_, std::string(name), fn_);
    auto *bodyBlock =
        llvm::BasicBlock::Create(ctx_, std::string(name) + ".body", fn_);
    auto *exit =
        llvm::BasicBlock::Create(ctx_, std::string(name) + ".exit", fn_);
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    llvm::PHINode *i = b_.CreatePHI(b_.getInt64Ty(), 2, "i");
    i->addIncoming(from, pre);
    Values carried;
    for (llvm::Value *v : init) {
      llvm::PHINode *phi = b_.CreatePHI(v->getType(), 2);
      phi->addIncoming(v, pre);
      carried.push_back(phi);
    }
    b_.CreateCondBr(b_.CreateICmpSLT(i, to), bodyBlock, exit);
    b_.SetInsertPoint(bodyBlock);
    Values next = body(i, carried);
    llvm::BasicBlock *latch = b_.GetInsertBlock();
    i->addIncoming(b_.CreateAdd(i, b_.getInt64(step)), latch);
    for (size_t k = 0; k < carried.size(); ++k)
      llvm::cast<llvm::PHINode>(carried[k])->addIncoming(next[k], latch);
    b_.CreateBr(head);
    b_.SetInsertPoint(exit);
    return carried;
  }

  // A vector loop over [0, nvec) and a scalar one over [nvec, n); `vector`
  // and `scalar` carry one accumulator each (or none); `reduce` folds the
  // vector accumulator into the scalar one's start value.
  void passes(const char *name, const Body &vector, const Body &scalar) {
    loop(b_.getInt64(0), nvec_, lanes_, {}, name, vector);
    loop(nvec_, n_, 1, {}, (std::string(name) + ".tail").c_str(), scalar);
  }

  llvm::Type *vecTy(llvm::Type *elem, unsigned lanes) {
    return lanes == 1 ? elem : llvm::FixedVectorType::get(elem, lanes);
  }
  llvm::Value *splat(unsigned lanes, llvm::Value *v) {
    return lanes == 1 ? v : b_.CreateVectorSplat(lanes, v);
  }
  llvm::Value *loadFloats(llvm::Value *base, llvm::Value *i, unsigned lanes) {
    llvm::Value *p = b_.CreateInBoundsGEP(b_.getFloatTy(), base, i);
    return b_.CreateAlignedLoad(vecTy(b_.getFloatTy(), lanes), p,
                                llvm::Align(4));
  }
  void storeFloats(llvm::Value *v, llvm::Value *base, llvm::Value *i) {
    llvm::Value *p = b_.CreateInBoundsGEP(b_.getFloatTy(), base, i);
    b_.CreateAlignedStore(v, p, llvm::Align(4));
  }
  llvm::Value *toDouble(llvm::Value *v, unsigned lanes) {
    return b_.CreateFPExt(v, vecTy(b_.getDoubleTy(), lanes));
  }
  llvm::Value *toFloat(llvm::Value *v, unsigned lanes) {
    return b_.CreateFPTrunc(v, vecTy(b_.getFloatTy(), lanes));
  }
  // exp(d) for d <= 0 in double to a few float ulps, at float speed:
  // libmvec's expf of d rounded to float, times 1 + (the rounding error).
  // Below -150 every result is 0 in float and negligible in the sum.
  llvm::Value *expShifted(llvm::Value *d, unsigned lanes) {
    llvm::Value *floor =
        splat(lanes, llvm::ConstantFP::get(b_.getDoubleTy(), -150.0));
    d = b_.CreateSelect(b_.CreateFCmpOLT(d, floor), floor, d); // keeps NaN
    llvm::Value *df = toFloat(d, lanes);
    llvm::Value *r = b_.CreateFSub(d, toDouble(df, lanes));
    EmitContext ctx(b_, m_, lanes);
    llvm::Value *e =
        toDouble(ctx.math("exp", EValue{df, ScalarType::Float}), lanes);
    return b_.CreateFAdd(e, b_.CreateFMul(e, r));
  }

  // The sum of a vector's lanes, in lane order.
  llvm::Value *sumOf(llvm::Value *v) {
    return b_.CreateFAddReduce(llvm::ConstantFP::get(b_.getDoubleTy(), 0.0), v);
  }

  // A vector loop and a scalar remainder accumulating one double each:
  // returns the total.
  llvm::Value *
  accumulate(const char *name,
             const std::function<llvm::Value *(llvm::Value *i, unsigned lanes)>
                 &term) {
    llvm::Value *zero =
        llvm::ConstantFP::get(vecTy(b_.getDoubleTy(), lanes_), 0.0);
    Values v = loop(b_.getInt64(0), nvec_, lanes_, {zero}, name,
                    [&](llvm::Value *i, const Values &acc) {
                      return Values{b_.CreateFAdd(acc[0], term(i, lanes_))};
                    });
    llvm::Value *total = sumOf(v[0]);
    Values s =
        loop(nvec_, n_, 1, {total}, (std::string(name) + ".tail").c_str(),
             [&](llvm::Value *i, const Values &acc) {
               return Values{b_.CreateFAdd(acc[0], term(i, 1))};
             });
    return s[0];
  }

  void softmaxRow(bool logarithm) {
    // The row's maximum (maxnum ignores NaN, as std::max in the reference
    // does; a NaN still poisons the sum).
    llvm::Value *negInf = llvm::ConstantFP::getInfinity(b_.getFloatTy(), true);
    Values vmax = loop(
        b_.getInt64(0), nvec_, lanes_, {splat(lanes_, negInf)}, "max",
        [&](llvm::Value *i, const Values &acc) {
          return Values{b_.CreateMaxNum(acc[0], loadFloats(x_, i, lanes_))};
        });
    llvm::Value *max0 = b_.CreateFPMaxReduce(vmax[0]);
    Values smax =
        loop(nvec_, n_, 1, {max0}, "max.tail",
             [&](llvm::Value *i, const Values &acc) {
               return Values{b_.CreateMaxNum(acc[0], loadFloats(x_, i, 1))};
             });
    llvm::Value *max = b_.CreateFPExt(smax[0], b_.getDoubleTy(), "max");

    // sum(exp(x - max)) in double; softmax keeps the exponentials in y.
    llvm::Value *sum =
        accumulate("expsum", [&](llvm::Value *i, unsigned lanes) {
          llvm::Value *shifted = b_.CreateFSub(
              toDouble(loadFloats(x_, i, lanes), lanes), splat(lanes, max));
          llvm::Value *e = expShifted(shifted, lanes);
          if (!logarithm)
            storeFloats(toFloat(e, lanes), y_, i);
          return e;
        });

    if (!logarithm) {
      // In float: the stored exponential, 1 / sum and the product round
      // once each (1.5 ulp at most).
      llvm::Value *inv = b_.CreateFPTrunc(
          b_.CreateFDiv(llvm::ConstantFP::get(b_.getDoubleTy(), 1.0), sum),
          b_.getFloatTy());
      auto scale = [&](unsigned lanes) {
        return [&, lanes](llvm::Value *i, const Values &) {
          llvm::Value *e = loadFloats(y_, i, lanes);
          storeFloats(b_.CreateFMul(e, splat(lanes, inv)), y_, i);
          return Values{};
        };
      };
      passes("scale", scale(lanes_), scale(1));
      return;
    }
    llvm::Value *logSum = b_.CreateUnaryIntrinsic(llvm::Intrinsic::log, sum);
    auto subtract = [&](unsigned lanes) {
      return [&, lanes](llvm::Value *i, const Values &) {
        llvm::Value *shifted = b_.CreateFSub(
            toDouble(loadFloats(x_, i, lanes), lanes), splat(lanes, max));
        storeFloats(
            toFloat(b_.CreateFSub(shifted, splat(lanes, logSum)), lanes), y_,
            i);
        return Values{};
      };
    };
    passes("subtract", subtract(lanes_), subtract(1));
  }

  void layerNormRow() {
    llvm::Value *count = b_.CreateSIToFP(n_, b_.getDoubleTy());
    llvm::Value *sum = accumulate("sum", [&](llvm::Value *i, unsigned lanes) {
      return toDouble(loadFloats(x_, i, lanes), lanes);
    });
    llvm::Value *mean = b_.CreateFDiv(sum, count, "mean");
    // Two passes: the squared deviations from the mean do not cancel.
    llvm::Value *squares =
        accumulate("var", [&](llvm::Value *i, unsigned lanes) {
          llvm::Value *d = b_.CreateFSub(
              toDouble(loadFloats(x_, i, lanes), lanes), splat(lanes, mean));
          return b_.CreateFMul(d, d);
        });
    llvm::Value *var = b_.CreateFDiv(squares, count, "var");
    llvm::Value *invstd =
        b_.CreateFDiv(llvm::ConstantFP::get(b_.getDoubleTy(), 1.0),
                      b_.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt,
                                              b_.CreateFAdd(var, eps_)),
                      "invstd");
    auto affine = [&](unsigned lanes) {
      return [&, lanes](llvm::Value *i, const Values &) {
        llvm::Value *d = b_.CreateFSub(
            toDouble(loadFloats(x_, i, lanes), lanes), splat(lanes, mean));
        llvm::Value *y = b_.CreateFMul(d, splat(lanes, invstd));
        y = b_.CreateFMul(y, toDouble(loadFloats(weight_, i, lanes), lanes));
        y = b_.CreateFAdd(y, toDouble(loadFloats(bias_, i, lanes), lanes));
        storeFloats(toFloat(y, lanes), y_, i);
        return Values{};
      };
    };
    passes("affine", affine(lanes_), affine(1));
  }

  llvm::Module &m_;
  llvm::LLVMContext &ctx_;
  llvm::IRBuilder<> b_;
  llvm::Function *fn_ = nullptr;
  unsigned lanes_ = 16;
  llvm::Value *in_ = nullptr, *out_ = nullptr, *weight_ = nullptr,
              *bias_ = nullptr, *n_ = nullptr, *eps_ = nullptr,
              *nvec_ = nullptr, *x_ = nullptr, *y_ = nullptr;
};

std::unique_ptr<llvm::Module> emitRowModule(llvm::LLVMContext &ctx,
                                            std::initializer_list<RowOp> ops) {
  std::unique_ptr<llvm::Module> m = Jit::get().createModule("kiln_row", ctx);
  for (RowOp op : ops)
    RowKernelBuilder(*m).build(op);
  std::string errors;
  llvm::raw_string_ostream os(errors);
  KILN_INTERNAL_ASSERT(!llvm::verifyModule(*m, &os),
                       "generated row kernel does not verify: ", os.str());
  return m;
}

//===--- Compiling: all ops in one module, once per process ---------------===//

using Entries = std::array<RowEntry, kNumRowOps>;

// The entries, or null entries when the JIT failed (the reference kernels
// then run).
const Entries &entries() {
  static const Entries compiled = [] {
    Entries result{};
    std::vector<std::string> symbols{symbolOf(RowOp::Softmax),
                                     symbolOf(RowOp::LogSoftmax),
                                     symbolOf(RowOp::LayerNorm)};
    std::vector<void *> addresses = Jit::get().fixedModule(
        "row-kernels", kRowKernelVersion, symbols, [](llvm::LLVMContext &ctx) {
          return emitRowModule(
              ctx, {RowOp::Softmax, RowOp::LogSoftmax, RowOp::LayerNorm});
        });
    for (size_t i = 0; i < addresses.size(); ++i)
      result[i] = reinterpret_cast<RowEntry>(addresses[i]);
    return result;
  }();
  return compiled;
}

//===--- Running ----------------------------------------------------------===//

bool isContiguousFloat(const IValue &v) {
  if (!v.isTensor())
    return false;
  const Tensor &t = v.toTensor();
  return t.dtype() == ScalarType::Float && t.isContiguous();
}

void runRows(RowEntry entry, const RowCall &call, int64_t rows) {
  int64_t grain =
      std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, call.n));
  parallelFor(0, rows, grain,
              [&](int64_t b, int64_t e) { entry(&call, b, e); });
}

class RowKernel final : public CompiledKernel {
public:
  RowKernel(RowOp op, RowEntry entry) : op_(op), entry_(entry) {}

  bool run(const KernelArgs &args) const override {
    return op_ == RowOp::LayerNorm ? runLayerNorm(args) : runSoftmax(args);
  }
  std::string describe() const override { return "jit " + symbolOf(op_); }

private:
  bool runSoftmax(const KernelArgs &args) const {
    if (args.numInputs != 3 || args.numOutputs != 1 ||
        !isContiguousFloat(args.in(0)) || !args.in(1).isInt() ||
        !args.in(2).isNone())
      return false;
    const Tensor &x = args.in(0).toTensor();
    int64_t rank = x.dim(), dim = args.in(1).toInt();
    if (rank == 0 || (dim != -1 && dim != rank - 1))
      return false;
    Tensor out = Tensor::empty(x.sizes(), ScalarType::Float);
    int64_t n = x.sizes().back();
    if (x.numel() > 0) {
      RowCall call{
          x.data<float>(), out.data<float>(), nullptr, nullptr, n, 0.0};
      runRows(entry_, call, x.numel() / n);
    }
    args.setOut(0, IValue(std::move(out)));
    return true;
  }

  bool runLayerNorm(const KernelArgs &args) const {
    if (args.numInputs != 6 || args.numOutputs != 1 ||
        !isContiguousFloat(args.in(0)) || !args.in(1).isList() ||
        !args.in(4).isDouble())
      return false;
    const Tensor &x = args.in(0).toTensor();
    const std::vector<IValue> &shape = args.in(1).toList().items;
    int64_t k = static_cast<int64_t>(shape.size());
    if (k < 1 || k > x.dim())
      return false;
    int64_t n = 1;
    std::vector<int64_t> normalized;
    for (int64_t d = 0; d < k; ++d) {
      if (!shape[d].isInt() || shape[d].toInt() != x.sizes()[x.dim() - k + d])
        return false;
      normalized.push_back(shape[d].toInt());
      n *= normalized.back();
    }
    // Weight and bias: None or float32 of normalized_shape (anything else
    // is the reference kernel's error to report).
    const float *params[2] = {nullptr, nullptr};
    for (int p = 0; p < 2; ++p) {
      const IValue &v = args.in(2 + p);
      if (v.isNone())
        continue;
      if (!isContiguousFloat(v) || v.toTensor().sizes() != normalized)
        return false;
      params[p] = v.toTensor().data<float>();
    }
    Tensor out = Tensor::empty(x.sizes(), ScalarType::Float);
    if (x.numel() > 0) {
      std::vector<float> ones, zeros;
      if (!params[0]) {
        ones.assign(static_cast<size_t>(n), 1.0f);
        params[0] = ones.data();
      }
      if (!params[1]) {
        zeros.assign(static_cast<size_t>(n), 0.0f);
        params[1] = zeros.data();
      }
      RowCall call{
          x.data<float>(),      out.data<float>(), params[0], params[1], n,
          args.in(4).toDouble()};
      runRows(entry_, call, x.numel() / n);
    }
    args.setOut(0, IValue(std::move(out)));
    return true;
  }

  RowOp op_;
  RowEntry entry_;
};

// The op `node` computes with a row kernel, judged by what the graph states
// (the run checks the actual inputs again).
std::optional<RowOp> rowOpOf(const Node &node) {
  const OpInfo *info = node.maybeOp();
  if (!info || node.outputs().size() != 1 || node.inputs().empty())
    return std::nullopt;
  RowOp op;
  switch (info->id) {
  case OpId::aten_softmax_int:
    op = RowOp::Softmax;
    break;
  case OpId::aten_log_softmax_int:
    op = RowOp::LogSoftmax;
    break;
  case OpId::aten_layer_norm:
    op = RowOp::LayerNorm;
    break;
  default:
    return std::nullopt;
  }
  auto *tt = node.input(0)->type()->cast<TensorType>();
  if (!tt || (tt->dtype() && *tt->dtype() != ScalarType::Float))
    return std::nullopt;
  if (op == RowOp::LayerNorm)
    return node.inputs().size() == 6 ? std::optional(op) : std::nullopt;
  if (node.inputs().size() != 3)
    return std::nullopt;
  if (auto dtype = constantValueOf(node.input(2));
      dtype && !std::holds_alternative<NoneConstant>(*dtype))
    return std::nullopt;
  if (auto dim = constantValueOf(node.input(1))) {
    auto *d = std::get_if<int64_t>(&*dim);
    std::optional<size_t> rank = tt->rank();
    if (!d || (rank && *d != -1 && *d != static_cast<int64_t>(*rank) - 1))
      return std::nullopt;
  }
  return op;
}

} // namespace

std::shared_ptr<const CompiledKernel> compileRowKernel(const Node &node) {
  std::optional<RowOp> op = rowOpOf(node);
  if (!op)
    return nullptr;
  RowEntry entry = entries()[static_cast<size_t>(*op)];
  if (!entry)
    return nullptr;
  return std::make_shared<RowKernel>(*op, entry);
}

std::string rowKernelCode(const Node &node, bool assembly) {
  std::optional<RowOp> op = rowOpOf(node);
  if (!op)
    return "";
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m = emitRowModule(ctx, {*op});
  return Jit::get().code(*m, assembly);
}

} // namespace kiln::codegen
