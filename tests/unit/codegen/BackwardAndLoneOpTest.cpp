//===- BackwardAndLoneOpTest.cpp - More elementwise JIT kernels -----------===//
//
// The elementwise generator's kernels for the backward ops with the
// Elementwise trait (threshold_backward, gelu_backward), in fusion groups
// and alone, and for lone elementwise ops that no fusion group took (the
// residual add before layer_norm), against the reference kernels.
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
    for (bool fused : {false, true})
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
    for (bool fused : {false, true})
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

TEST(LoneOpTest, LoneElementwiseOpsCompile) {
  std::mt19937 rng(34);
  const char *add = R"IR(graph(%x : Tensor, %y : Tensor):
  %one : int = prim::Constant[value=1]()
  %z : Tensor = aten::add(%x, %y, %one)
  return (%z)
)IR";
  const char *square = R"IR(graph(%x : Tensor):
  %z : Tensor = aten::mul(%x, %x)
  return (%z)
)IR";
  const char *scaled = R"IR(graph(%x : Tensor, %a : float):
  %z : Tensor = aten::mul(%x, %a)
  return (%z)
)IR";
  const char *gelu = R"IR(graph(%x : Tensor):
  %none : str = prim::Constant[value="none"]()
  %z : Tensor = aten::gelu(%x, %none)
  return (%z)
)IR";
  for (const auto &shape : kShapes) {
    Tensor x = randomFloats(shape, rng), y = randomFloats(shape, rng);
    expectSame(add, {IValue(x), IValue(y)}, 0, kEwKernel, true, "add");
    expectSame(square, {IValue(x)}, 0, kEwKernel, true, "mul(x, x)");
    expectSame(scaled, {IValue(x), IValue(2.5)}, 0, kEwKernel, true,
               "mul(x, a)");
    // GELU's 1 + erf(x) cancels near x = -4: an absolute bound
    // (docs/codegen.md).
    expectSame(gelu, {IValue(x)}, 2e-6, kEwKernel, true, "gelu", 1e-6);
  }
  // Broadcasting and an int64 result.
  Tensor bias = randomFloats({7}, rng);
  expectSame(add, {IValue(randomFloats({5, 7}, rng)), IValue(bias)}, 0,
             kEwKernel, true, "bias add");
}

TEST(LoneOpTest, ResidualAddBeforeLayerNorm) {
  // The add between two row kernels, and the GELU after: lone ops.
  const char *ir = R"IR(graph(%x : Tensor, %r : Tensor):
  %one : int = prim::Constant[value=1]()
  %h : Tensor = aten::add(%x, %r, %one)
  %m1 : int = prim::Constant[value=-1]()
  %n : int = aten::size(%h, %m1)
  %shape : int[] = prim::ListConstruct(%n)
  %none : NoneType = prim::Constant()
  %eps : float = prim::Constant[value=1.0000000000000001e-05]()
  %cudnn : bool = prim::Constant[value=1]()
  %ln : Tensor = aten::layer_norm(%h, %shape, %none, %none, %eps, %cudnn)
  %approx : str = prim::Constant[value="none"]()
  %y : Tensor = aten::gelu(%ln, %approx)
  return (%y)
)IR";
  std::mt19937 rng(35);
  Tensor x = randomFloats({33, 100}, rng), r = randomFloats({33, 100}, rng);
  expectSame(ir, {IValue(x), IValue(r)}, 1e-5, kEwKernel, true, "residual",
             1e-6);
  Outcome o = runWith(&codegenCompiler(), ir, {IValue(x), IValue(r)});
  size_t kernels = 0;
  for (size_t at = o.code.find(kEwKernel); at != std::string::npos;
       at = o.code.find(kEwKernel, at + 1))
    ++kernels;
  EXPECT_EQ(kernels, 2u) << o.code;
}

} // namespace
} // namespace kiln::codegen
