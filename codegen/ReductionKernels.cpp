//===- ReductionKernels.cpp -----------------------------------------------===//
#include "codegen/ReductionKernels.h"
#include "codegen/Jit.h"
#include "codegen/KernelFunction.h"

#include "ir/Constant.h"
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
#include <iostream>
#include <optional>
#include <vector>

namespace kiln::codegen {

namespace {

// Bump when the generated code changes: it names the disk cache entry.
constexpr int kReductionKernelVersion = 1;

std::string symbol() {
  return "kiln_reduce_sum_v" + std::to_string(kReductionKernelVersion);
}

/// What the kernel reads (the ABI; field order matters).
struct ReduceCall {
  const float *in; // rows of n, one after the other
  double *sums;    // one per row
  int64_t n;       // row length
};

using ReduceEntry = void (*)(const ReduceCall *, int64_t, int64_t);

// A single row longer than this is summed in chunks of this many elements,
// in parallel.
constexpr int64_t kChunk = int64_t(1) << 16;

//===--- IR emission ------------------------------------------------------===//

std::unique_ptr<llvm::Module> emitReductionModule(llvm::LLVMContext &ctx) {
  std::unique_ptr<llvm::Module> m = Jit::get().createModule("kiln_reduce", ctx);
  llvm::IRBuilder<> b(ctx);
  unsigned lanes = Jit::get().vectorBytes() / 4;
  llvm::Function *fn = createRangeKernel(*m, b, symbol());
  auto *i64 = b.getInt64Ty();
  llvm::Value *call = fn->getArg(0);
  llvm::Value *in = loadField(b, call, 0, b.getPtrTy());
  llvm::Value *sums = loadField(b, call, 1, b.getPtrTy());
  llvm::Value *n = loadField(b, call, 2, i64);
  auto *floats = llvm::FixedVectorType::get(b.getFloatTy(), lanes);
  auto *doubles = llvm::FixedVectorType::get(b.getDoubleTy(), lanes);
  int64_t L = lanes;
  llvm::Value *n2 = b.CreateAnd(n, b.getInt64(~(2 * L - 1)), "n2");
  llvm::Value *n1 = b.CreateAnd(n, b.getInt64(~(L - 1)), "n1");
  auto load = [&](llvm::Value *x, llvm::Value *i, llvm::Type *ty) {
    llvm::Value *p = b.CreateInBoundsGEP(b.getFloatTy(), x, i);
    llvm::Value *v = b.CreateAlignedLoad(ty, p, llvm::Align(4));
    return b.CreateFPExt(v, ty == floats ? static_cast<llvm::Type *>(doubles)
                                         : b.getDoubleTy());
  };
  emitLoop(b, fn->getArg(1), fn->getArg(2), 1, {}, "row",
           [&](llvm::Value *r, const LoopValues &) {
             llvm::Value *x = b.CreateInBoundsGEP(b.getFloatTy(), in,
                                                  b.CreateMul(r, n), "x");
             llvm::Value *zero = llvm::ConstantFP::get(doubles, 0.0);
             // Two accumulators: two independent chains of vector adds.
             LoopValues acc = emitLoop(
                 b, b.getInt64(0), n2, 2 * L, {zero, zero}, "pair",
                 [&](llvm::Value *i, const LoopValues &a) {
                   llvm::Value *j = b.CreateAdd(i, b.getInt64(L));
                   return LoopValues{b.CreateFAdd(a[0], load(x, i, floats)),
                                     b.CreateFAdd(a[1], load(x, j, floats))};
                 });
             LoopValues one = emitLoop(
                 b, n2, n1, L, {b.CreateFAdd(acc[0], acc[1])}, "vector",
                 [&](llvm::Value *i, const LoopValues &a) {
                   return LoopValues{b.CreateFAdd(a[0], load(x, i, floats))};
                 });
             llvm::Value *total = b.CreateFAddReduce(
                 llvm::ConstantFP::get(b.getDoubleTy(), 0.0), one[0]);
             LoopValues tail =
                 emitLoop(b, n1, n, 1, {total}, "tail",
                          [&](llvm::Value *i, const LoopValues &a) {
                            return LoopValues{
                                b.CreateFAdd(a[0], load(x, i, b.getFloatTy()))};
                          });
             b.CreateAlignedStore(tail[0],
                                  b.CreateInBoundsGEP(b.getDoubleTy(), sums, r),
                                  llvm::Align(8));
             return LoopValues{};
           });
  b.CreateRetVoid();
  std::string errors;
  llvm::raw_string_ostream os(errors);
  KILN_INTERNAL_ASSERT(
      !llvm::verifyModule(*m, &os),
      "generated reduction kernel does not verify: ", os.str());
  return m;
}

// The entry, or null when the JIT failed (the reference kernels then run).
ReduceEntry entry() {
  static const ReduceEntry compiled = [] {
    std::vector<std::string> symbols{symbol()};
    std::vector<void *> addresses = Jit::get().fixedModule(
        "reduction-kernels", kReductionKernelVersion, symbols,
        [](llvm::LLVMContext &ctx) { return emitReductionModule(ctx); });
    return addresses.empty() ? nullptr
                             : reinterpret_cast<ReduceEntry>(addresses[0]);
  }();
  return compiled;
}

//===--- Running ----------------------------------------------------------===//

/// The reduced dimensions `dims` (None, a list or one int) name: how many
/// trailing dimensions, or nullopt when they are not trailing (or invalid:
/// the reference reports that).
std::optional<int64_t> trailingCount(const IValue &dims, int64_t rank) {
  std::vector<int64_t> list;
  if (dims.isNone())
    return rank;
  if (dims.isInt()) {
    list.push_back(dims.toInt());
  } else if (dims.isList()) {
    for (const IValue &d : dims.toList().items) {
      if (!d.isInt())
        return std::nullopt;
      list.push_back(d.toInt());
    }
  } else {
    return std::nullopt;
  }
  if (list.empty())
    return rank; // [] reduces everything
  for (int64_t &d : list) {
    if (d < -rank || d >= rank)
      return std::nullopt;
    if (d < 0)
      d += rank;
  }
  std::sort(list.begin(), list.end());
  for (size_t i = 0; i < list.size(); ++i)
    if (list[i] != rank - static_cast<int64_t>(list.size() - i))
      return std::nullopt; // not trailing, or repeated
  return static_cast<int64_t>(list.size());
}

class ReductionKernel final : public CompiledKernel {
public:
  ReductionKernel(bool mean, bool withDims, ReduceEntry entry)
      : mean_(mean), withDims_(withDims), entry_(entry) {}

  bool run(const KernelArgs &args) const override {
    size_t arity = withDims_ ? 4 : 2;
    if (args.numInputs != arity || args.numOutputs != 1 ||
        !args.in(0).isTensor() || !args.in(arity - 1).isNone())
      return false;
    const Tensor &x = args.in(0).toTensor();
    if (x.dtype() != ScalarType::Float || !x.isContiguous() || x.dim() == 0)
      return false;
    int64_t rank = x.dim(), reduced = rank;
    bool keepdim = false;
    if (withDims_) {
      std::optional<int64_t> k = trailingCount(args.in(1), rank);
      if (!k || !args.in(2).isBool())
        return false;
      reduced = *k, keepdim = args.in(2).toBool();
    }
    std::vector<int64_t> shape;
    int64_t rows = 1, n = 1;
    for (int64_t d = 0; d < rank; ++d) {
      if (d < rank - reduced) {
        shape.push_back(x.size(d));
        rows *= x.size(d);
      } else {
        n *= x.size(d);
        if (keepdim)
          shape.push_back(1);
      }
    }
    Tensor out = Tensor::empty(shape, ScalarType::Float);
    std::vector<double> sums = rowSums(x.data<float>(), rows, n);
    // An empty mean is 0 / 0: NaN, as in the reference.
    double divisor = mean_ ? static_cast<double>(n) : 1.0;
    float *y = out.data<float>();
    for (int64_t r = 0; r < rows; ++r)
      y[r] = static_cast<float>(sums[static_cast<size_t>(r)] / divisor);
    args.setOut(0, IValue(std::move(out)));
    return true;
  }
  std::string describe() const override { return "jit " + symbol(); }

private:
  std::vector<double> rowSums(const float *in, int64_t rows, int64_t n) const {
    std::vector<double> sums(static_cast<size_t>(rows), 0.0);
    if (rows == 0 || n == 0)
      return sums;
    if (rows > 1 || n <= kChunk) {
      ReduceCall call{in, sums.data(), n};
      int64_t grain = std::max<int64_t>(1, kParallelGrain / n);
      parallelFor(0, rows, grain,
                  [&](int64_t b, int64_t e) { entry_(&call, b, e); });
      return sums;
    }
    // One long row: chunks in parallel, their sums added in order.
    int64_t full = n / kChunk, rest = n % kChunk;
    std::vector<double> parts(static_cast<size_t>(full + 1), 0.0);
    ReduceCall call{in, parts.data(), kChunk};
    parallelFor(0, full, 1, [&](int64_t b, int64_t e) { entry_(&call, b, e); });
    if (rest > 0) {
      ReduceCall last{in + full * kChunk, parts.data() + full, rest};
      entry_(&last, 0, 1);
    }
    double total = 0;
    for (double p : parts)
      total += p;
    sums[0] = total;
    return sums;
  }

  bool mean_, withDims_;
  ReduceEntry entry_;
};

struct ReductionOp {
  bool mean, withDims;
};

// The reduction `node` computes with the kernel, judged by what the graph
// states (the run checks the actual inputs again).
std::optional<ReductionOp> reductionOpOf(const Node &node) {
  const OpInfo *info = node.maybeOp();
  if (!info || node.outputs().size() != 1 || node.inputs().empty())
    return std::nullopt;
  ReductionOp op;
  switch (info->id) {
  case OpId::aten_sum:
    op = {false, false};
    break;
  case OpId::aten_sum_dim_IntList:
    op = {false, true};
    break;
  case OpId::aten_mean:
    op = {true, false};
    break;
  case OpId::aten_mean_dim:
    op = {true, true};
    break;
  default:
    return std::nullopt;
  }
  if (node.inputs().size() != (op.withDims ? 4u : 2u))
    return std::nullopt;
  auto *tt = node.input(0)->type()->cast<TensorType>();
  if (!tt || (tt->dtype() && *tt->dtype() != ScalarType::Float))
    return std::nullopt;
  if (auto dtype = constantValueOf(node.inputs().back());
      dtype && !std::holds_alternative<NoneConstant>(*dtype))
    return std::nullopt;
  return op;
}

} // namespace

std::shared_ptr<const CompiledKernel> compileReductionKernel(const Node &node) {
  std::optional<ReductionOp> op = reductionOpOf(node);
  if (!op)
    return nullptr;
  ReduceEntry fn = entry();
  if (!fn)
    return nullptr;
  return std::make_shared<ReductionKernel>(op->mean, op->withDims, fn);
}

std::string reductionKernelCode(const Node &node, bool assembly) {
  if (!reductionOpOf(node))
    return "";
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m = emitReductionModule(ctx);
  return Jit::get().code(*m, assembly);
}

} // namespace kiln::codegen
