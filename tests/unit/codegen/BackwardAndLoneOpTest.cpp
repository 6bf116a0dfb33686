//===- BackwardAndLoneOpTest.cpp - More elementwise JIT kernels -----------===//
//
// The elementwise generator's kernels for the backward ops with the
// Elementwise trait (threshold_backward, gelu_backward) in fusion groups,
// against the reference kernels.
//
//===----------------------------------------------------------------------===//
#include "ReferenceComparison.h"

#include "support/Error.h"

#include <limits>

namespace kiln::codegen {
namespace {

using testing::expectSame;
using testing::randomFloats;
using testing::runWith;

const char *kEwKernel = "jit kiln_ew_";

const std::vector<std::vector<int64_t>> kShapes = {
    {0}, {1}, {17}, {3, 5, 7}, {40000}};

// Adds NaN, infinities and zeros to a random float tensor of >= 8 elements.
Tensor withSpecials(Tensor x) {
  if (x.numel() < 8)
    return x;
  float *p = x.data<float>();
  const float inf = std::numeric_limits<float>::infinity();
  p[0] = std::numeric_limits<float>::quiet_NaN();
  p[1] = inf, p[2] = -inf, p[3] = 0.f, p[4] = -0.f, p[5] = 30.f, p[6] = -30.f;
  return x;
}

std::string thresholdIR(const char *threshold, bool fused) {
  std::string ir = "graph(%g : Tensor, %x : Tensor):\n"
                   "  %t : float = prim::Constant[value=" +
                   std::string(threshold) +
                   "]()\n"
                   "  %d : Tensor = aten::threshold_backward(%g, %x, %t)\n";
  if (!fused)
    return ir + "  return (%d)\n";
  return ir + "  %two : float = prim::Constant[value=2.]()\n"
              "  %y : Tensor = aten::mul(%d, %two)\n"
              "  return (%y)\n";
}

std::string geluBackwardIR(const char *approximate, bool fused) {
  std::string ir = "graph(%g : Tensor, %x : Tensor):\n"
                   "  %a : str = prim::Constant[value=\"" +
                   std::string(approximate) +
                   "\"]()\n"
                   "  %d : Tensor = aten::gelu_backward(%g, %x, %a)\n";
  if (!fused)
    return ir + "  return (%d)\n";
  return ir + "  %one : int = prim::Constant[value=1]()\n"
              "  %y : Tensor = aten::add(%d, %g, %one)\n"
              "  return (%y)\n";
}

TEST(BackwardKernelTest, ThresholdBackward) {
  std::mt19937 rng(31);
  for (const auto &shape : kShapes)
    for (bool fused : {true})
      for (const char *t : {"0", "0.10000000000000001", "-1.5"}) {
        Tensor g = randomFloats(shape, rng),
               x = withSpecials(randomFloats(shape, rng));
        expectSame(thresholdIR(t, fused), {IValue(g), IValue(x)}, 0, kEwKernel,
                   true, std::string("threshold ") + t);
        expectSame(thresholdIR(t, fused),
                   {IValue(g.to(ScalarType::Double)),
                    IValue(x.to(ScalarType::Double))},
                   0, kEwKernel, true, std::string("threshold f64 ") + t);
      }
}

TEST(BackwardKernelTest, GeluBackward) {
  std::mt19937 rng(32);
  for (const auto &shape : kShapes)
    for (bool fused : {true})
      for (const char *approximate : {"none", "tanh"}) {
        Tensor g = randomFloats(shape, rng),
               x = withSpecials(randomFloats(shape, rng, -6, 6));
        expectSame(geluBackwardIR(approximate, fused), {IValue(g), IValue(x)},
                   1e-6, kEwKernel, true,
                   std::string("gelu_backward ") + approximate, 1e-6);
        expectSame(geluBackwardIR(approximate, fused),
                   {IValue(g.to(ScalarType::Double)),
                    IValue(x.to(ScalarType::Double))},
                   1e-9, kEwKernel, true,
                   std::string("gelu_backward f64 ") + approximate, 1e-12);
      }
}

TEST(BackwardKernelTest, MismatchedShapesRunTheReference) {
  std::mt19937 rng(33);
  Tensor g = randomFloats({3, 4}, rng), x = randomFloats({4}, rng);
  for (KernelCompiler *c :
       {static_cast<KernelCompiler *>(nullptr),
        static_cast<KernelCompiler *>(&codegenCompiler())}) {
    EXPECT_THROW(runWith(c, thresholdIR("0", false), {IValue(g), IValue(x)}),
                 UserError);
    EXPECT_THROW(
        runWith(c, geluBackwardIR("none", true), {IValue(g), IValue(x)}),
        UserError);
  }
}

} // namespace
} // namespace kiln::codegen
