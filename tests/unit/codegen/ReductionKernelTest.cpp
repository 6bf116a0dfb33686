//===- ReductionKernelTest.cpp - sum/mean JIT kernels vs the reference ----===//
//
// sum and mean graphs (over everything, the last dimension, trailing
// dimensions given in any order, keepdim) run with the code generator
// registered and without it: results agree within 1e-6 relative (the
// kernels add in double, in another order) on rows of 0, 1, 15, 16, 17,
// 31, 32, 33, 1000 elements and a 300000-element sum cut into chunks.
// Other inputs (leading dimensions, float64, non-contiguous) run the
// reference kernels.
//
//===----------------------------------------------------------------------===//
#include "ReferenceComparison.h"

#include "support/Error.h"

namespace kiln::codegen {
namespace {

using testing::expectSame;
using testing::randomFloats;

const char *kReduceKernel = "jit kiln_reduce_sum";

std::string allIR(const char *op) {
  return std::string("graph(%x : Tensor):\n"
                     "  %none : NoneType = prim::Constant()\n"
                     "  %y : Tensor = ") +
         op +
         "(%x, %none)\n"
         "  return (%y)\n";
}

std::string dimsIR(const char *op, const std::vector<int64_t> &dims,
                   bool keepdim) {
  std::string ir = "graph(%x : Tensor):\n", items;
  for (size_t i = 0; i < dims.size(); ++i) {
    ir += "  %d" + std::to_string(i) +
          " : int = prim::Constant[value=" + std::to_string(dims[i]) + "]()\n";
    items += (i ? ", %d" : "%d") + std::to_string(i);
  }
  ir += "  %dims : int[] = prim::ListConstruct(" + items + ")\n";
  ir += "  %keep : bool = prim::Constant[value=" +
        std::to_string(keepdim ? 1 : 0) + "]()\n";
  ir += "  %none : NoneType = prim::Constant()\n";
  ir += std::string("  %y : Tensor = ") + op +
        "(%x, %dims, %keep, %none)\n  return (%y)\n";
  return ir;
}

const int64_t kLengths[] = {0, 1, 15, 16, 17, 31, 32, 33, 1000};

TEST(ReductionKernelTest, SumAndMeanOfEverything) {
  std::mt19937 rng(21);
  for (const char *op : {"aten::sum", "aten::mean"}) {
    for (int64_t n : kLengths)
      expectSame(allIR(op), {IValue(randomFloats({n}, rng))}, 1e-6,
                 kReduceKernel, true,
                 std::string(op) + " n=" + std::to_string(n));
    for (std::vector<int64_t> sizes :
         {std::vector<int64_t>{3, 5, 7}, std::vector<int64_t>{300000},
          std::vector<int64_t>{2, 0, 3}, std::vector<int64_t>{65536 * 2 + 5}})
      expectSame(allIR(op), {IValue(randomFloats(sizes, rng))}, 1e-6,
                 kReduceKernel, true, std::string(op) + " all");
  }
}

TEST(ReductionKernelTest, TrailingDimensions) {
  std::mt19937 rng(22);
  for (const char *op : {"aten::sum", "aten::mean"})
    for (bool keepdim : {false, true}) {
      for (int64_t n : kLengths)
        expectSame(dimsIR(op, {-1}, keepdim),
                   {IValue(randomFloats({7, n}, rng))}, 1e-6, kReduceKernel,
                   true, std::string(op) + " last n=" + std::to_string(n));
      Tensor x = randomFloats({4, 6, 9}, rng);
      for (std::vector<int64_t> dims :
           {std::vector<int64_t>{2}, std::vector<int64_t>{1, 2},
            std::vector<int64_t>{-1, 1}, std::vector<int64_t>{0, 1, 2},
            std::vector<int64_t>{}})
        expectSame(dimsIR(op, dims, keepdim), {IValue(x)}, 1e-6, kReduceKernel,
                   true, std::string(op) + " trailing dims");
    }
}

TEST(ReductionKernelTest, OtherInputsRunTheReference) {
  std::mt19937 rng(23);
  Tensor x = randomFloats({5, 8}, rng);
  // Leading dimensions: the kernel declines at run time.
  for (const char *op : {"aten::sum", "aten::mean"}) {
    expectSame(dimsIR(op, {0}, false), {IValue(x)}, 0, kReduceKernel, true,
               std::string(op) + " dim 0");
    // A repeated dim: the reference kernel's error.
    for (KernelCompiler *c :
         {static_cast<KernelCompiler *>(nullptr),
          static_cast<KernelCompiler *>(&codegenCompiler())})
      EXPECT_THROW(testing::runWith(c, dimsIR(op, {1, 1}, false), {IValue(x)}),
                   UserError);
  }
  Tensor t = x.asStrided({8, 5}, {1, 8}, 0);
  expectSame(dimsIR("aten::sum", {-1}, false), {IValue(t)}, 0, kReduceKernel,
             true, "non-contiguous");
  expectSame(allIR("aten::sum"), {IValue(x.to(ScalarType::Double))}, 0,
             kReduceKernel, false, "float64");
}

} // namespace
} // namespace kiln::codegen
