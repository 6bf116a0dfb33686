//===- PoolKernelTest.cpp - Pooling JIT kernels against the reference -----===//
//
// max_pool2d, avg_pool2d and adaptive_avg_pool2d graphs run with the code
// generator registered and without it: the kernels give the reference's
// bits on odd sizes, padding, ceil_mode, stride larger than the kernel,
// dilation, 3-d inputs, planes smaller and larger than a vector, NaN and
// -inf, and an empty batch. Inputs they do not take (float64,
// non-contiguous, arguments the reference rejects) run the reference.
//
//===----------------------------------------------------------------------===//
#include "ReferenceComparison.h"

#include "support/Error.h"

#include <limits>

namespace kiln::codegen {
namespace {

using testing::expectSame;
using testing::Outcome;
using testing::randomFloats;
using testing::runWith;

const char *kPoolKernel = "jit kiln_pool_";

/// `  %name : int[] = prim::ListConstruct(...)` of constants.
std::string intList(const std::string &name, std::vector<int64_t> values) {
  std::string ir, items;
  for (size_t i = 0; i < values.size(); ++i) {
    std::string v = "%" + name + std::to_string(i);
    ir += "  " + v +
          " : int = prim::Constant[value=" + std::to_string(values[i]) +
          "]()\n";
    items += (i ? ", " : "") + v;
  }
  return ir + "  %" + name + " : int[] = prim::ListConstruct(" + items + ")\n";
}

std::string boolConstant(const std::string &name, bool value) {
  return "  %" + name +
         " : bool = prim::Constant[value=" + std::to_string(value ? 1 : 0) +
         "]()\n";
}

struct Window {
  std::vector<int64_t> kernel, stride, padding, dilation = {1};
  bool ceilMode = false;
};

std::string maxPoolIR(const Window &w) {
  return "graph(%x : Tensor):\n" + intList("k", w.kernel) +
         intList("s", w.stride) + intList("p", w.padding) +
         intList("d", w.dilation) + boolConstant("ceil", w.ceilMode) +
         "  %y : Tensor = aten::max_pool2d(%x, %k, %s, %p, %d, %ceil)\n"
         "  return (%y)\n";
}

std::string avgPoolIR(const Window &w, bool countIncludePad,
                      std::optional<int64_t> divisor) {
  std::string ir = "graph(%x : Tensor):\n" + intList("k", w.kernel) +
                   intList("s", w.stride) + intList("p", w.padding) +
                   boolConstant("ceil", w.ceilMode) +
                   boolConstant("cip", countIncludePad);
  if (divisor)
    ir += "  %div : int = prim::Constant[value=" + std::to_string(*divisor) +
          "]()\n";
  else
    ir += "  %div : NoneType = prim::Constant()\n";
  return ir + "  %y : Tensor = aten::avg_pool2d(%x, %k, %s, %p, %ceil, %cip, "
              "%div)\n"
              "  return (%y)\n";
}

std::string adaptiveIR(int64_t h, int64_t w) {
  return "graph(%x : Tensor):\n" + intList("o", {h, w}) +
         "  %y : Tensor = aten::adaptive_avg_pool2d(%x, %o)\n"
         "  return (%y)\n";
}

const std::vector<std::vector<int64_t>> kInputs = {
    {2, 3, 7, 9},   {1, 1, 5, 5},  {3, 5, 8, 8},
    {64, 32, 4, 4}, {4, 21, 13}, // unbatched [C, H, W]
    {2, 4, 33, 17}, {1, 2, 56, 56}};

const std::vector<Window> kWindows = {
    {{2}, {}, {0}},             // the digits CNN's max_pool2d(x, 2)
    {{2}, {2}, {0}, {1}, true}, // ceil_mode on odd sizes
    {{3}, {2}, {1}},            // ResNet's stem pool
    {{3}, {2}, {1}, {1}, true},
    {{2}, {3}, {1}},          // stride larger than the kernel
    {{3, 2}, {1, 2}, {1, 0}}, // asymmetric
    {{1}, {1}, {0}},          // identity
    {{5}, {1}, {2}, {1}, true},
};

TEST(PoolKernelTest, MaxPoolMatchesReference) {
  std::mt19937 rng(3);
  for (const auto &sizes : kInputs) {
    Tensor x = randomFloats(sizes, rng);
    for (const Window &w : kWindows) {
      if (w.kernel[0] > sizes[sizes.size() - 1] + 2 * w.padding[0])
        continue;
      expectSame(maxPoolIR(w), {IValue(x)}, 0, kPoolKernel, true,
                 "max_pool2d " + x.shapeString() + " k" +
                     std::to_string(w.kernel[0]));
    }
  }
}

TEST(PoolKernelTest, MaxPoolDilationNaNAndInfinity) {
  std::mt19937 rng(4);
  Tensor x = randomFloats({2, 3, 11, 10}, rng);
  float *p = x.data<float>();
  const float inf = std::numeric_limits<float>::infinity();
  p[5] = std::numeric_limits<float>::quiet_NaN();
  p[40] = -inf;
  p[41] = inf;
  for (int i = 110; i < 220; ++i)
    p[i] = -inf; // a plane of -inf only
  for (Window w : {Window{{3}, {1}, {1}, {2}}, Window{{2}, {2}, {1}, {3}, true},
                   Window{{3, 2}, {2, 1}, {0, 1}, {2, 1}}})
    expectSame(maxPoolIR(w), {IValue(x)}, 0, kPoolKernel, true,
               "dilation " + std::to_string(w.dilation[0]));
}

TEST(PoolKernelTest, AvgPoolMatchesReference) {
  std::mt19937 rng(5);
  for (const auto &sizes : kInputs) {
    Tensor x = randomFloats(sizes, rng);
    for (Window w : kWindows) {
      if (w.kernel[0] > sizes[sizes.size() - 1] + 2 * w.padding[0])
        continue;
      w.dilation = {1};
      for (bool cip : {true, false})
        expectSame(
            avgPoolIR(w, cip, std::nullopt), {IValue(x)}, 0, kPoolKernel, true,
            "avg_pool2d " + x.shapeString() + " k" +
                std::to_string(w.kernel[0]) + " cip " + std::to_string(cip));
    }
    expectSame(avgPoolIR(Window{{3}, {2}, {1}, {1}, true}, true, 7),
               {IValue(x)}, 0, kPoolKernel, true, "divisor_override");
  }
}

TEST(PoolKernelTest, AdaptiveAvgPoolMatchesReference) {
  std::mt19937 rng(6);
  for (const auto &sizes : kInputs) {
    Tensor x = randomFloats(sizes, rng);
    for (auto [h, w] : std::vector<std::pair<int64_t, int64_t>>{
             {1, 1}, {2, 2}, {3, 4}, {7, 9}, {10, 3}, {5, 2}})
      expectSame(adaptiveIR(h, w), {IValue(x)}, 0, kPoolKernel, true,
                 "adaptive_avg_pool2d " + x.shapeString() + " -> " +
                     std::to_string(h) + "x" + std::to_string(w));
  }
}

TEST(PoolKernelTest, EmptyBatch) {
  Tensor x = Tensor::empty(std::vector<int64_t>{0, 3, 8, 8}, ScalarType::Float);
  expectSame(maxPoolIR({{2}, {}, {0}}), {IValue(x)}, 0, kPoolKernel, true,
             "max_pool2d empty batch");
  expectSame(avgPoolIR({{3}, {2}, {1}}, true, std::nullopt), {IValue(x)}, 0,
             kPoolKernel, true, "avg_pool2d empty batch");
  expectSame(adaptiveIR(2, 2), {IValue(x)}, 0, kPoolKernel, true,
             "adaptive_avg_pool2d empty batch");
}

TEST(PoolKernelTest, FallsBack) {
  std::mt19937 rng(7);
  Tensor d = randomFloats({2, 3, 8, 8}, rng).to(ScalarType::Double);
  expectSame(maxPoolIR({{2}, {}, {0}}), {IValue(d)}, 0, kPoolKernel, false,
             "float64");
  // A transposed input: the kernel declines at run time.
  Tensor base = randomFloats({2, 3, 9, 8}, rng);
  Tensor t = base.asStrided({2, 3, 8, 9}, {216, 72, 1, 8}, 0);
  expectSame(maxPoolIR({{2}, {}, {0}}), {IValue(t)}, 0, kPoolKernel, true,
             "non-contiguous");
  // Padding above half the kernel: the reference kernel's error.
  Tensor x = randomFloats({1, 1, 8, 8}, rng);
  for (KernelCompiler *c : {static_cast<KernelCompiler *>(nullptr),
                            static_cast<KernelCompiler *>(&codegenCompiler())})
    EXPECT_THROW(runWith(c, maxPoolIR({{2}, {2}, {2}}), {IValue(x)}),
                 UserError);
}

} // namespace
} // namespace kiln::codegen
