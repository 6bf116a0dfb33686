//===- ContractionKernelTest.cpp - GEMM/conv nodes through the interpreter ===//
//
// Graphs run twice: once with a kernel compiler that only knows the
// contraction kernels, once with the reference kernels; results must
// match, and Code::dump must show that the compiled kernel was chosen (or,
// for the declined cases, that it was not).
//
//===----------------------------------------------------------------------===//
#include "codegen/gemm/ContractionKernel.h"
#include "codegen/gemm/GemmKernels.h"

#include "ir/IR.h"
#include "ir/Parser.h"
#include "tests/support/FileCheck.h"
#include "tests/support/RunGraph.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace kiln::codegen::gemm {
namespace {

class ContractionOnly : public KernelCompiler {
public:
  std::shared_ptr<const CompiledKernel> compile(const Node &node) override {
    return compileContraction(node);
  }
};

Tensor randomTensor(std::vector<int64_t> shape, uint32_t seed,
                    ScalarType dtype = ScalarType::Float) {
  Tensor t = Tensor::empty(shape, ScalarType::Float);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int64_t i = 0; i < t.numel(); ++i)
    t.data<float>()[i] = dist(rng);
  return dtype == ScalarType::Float ? t : t.to(dtype);
}

::testing::AssertionResult close(const Tensor &actual, const Tensor &expected) {
  if (actual.sizes() != expected.sizes() || actual.dtype() != expected.dtype())
    return ::testing::AssertionFailure()
           << actual.describe() << " vs " << expected.describe();
  Tensor a = actual.to(ScalarType::Double).contiguous();
  Tensor e = expected.to(ScalarType::Double).contiguous();
  for (int64_t i = 0; i < a.numel(); ++i) {
    double x = a.data<double>()[i], y = e.data<double>()[i];
    if (std::isnan(x) != std::isnan(y) ||
        std::abs(x - y) > 2e-4 + 1e-4 * std::abs(y))
      return ::testing::AssertionFailure()
             << "element " << i << ": " << x << " vs " << y;
  }
  return ::testing::AssertionSuccess();
}

struct Outcome {
  std::vector<IValue> compiled, reference;
  std::string dump;
};

Outcome runBoth(const std::string &text, const std::vector<IValue> &inputs) {
  static ContractionOnly compiler;
  Outcome o;
  setKernelCompiler(&compiler);
  {
    testing::CompiledGraph g(text);
    o.dump = g.code->dump();
    o.compiled = g.run(inputs);
  }
  setKernelCompiler(nullptr);
  testing::CompiledGraph ref(text);
  o.reference = ref.run(inputs);
  return o;
}

/// Runs `text` both ways and checks the single tensor result.
void expectMatches(const std::string &text, const std::vector<IValue> &inputs,
                   bool expectJit = true) {
  if (!gemmKernel(Epilogue{}))
    GTEST_SKIP() << "no AVX2/AVX-512";
  Outcome o = runBoth(text, inputs);
  EXPECT_EQ(o.dump.find("jit gemm") != std::string::npos, expectJit) << o.dump;
  ASSERT_EQ(o.compiled.size(), 1u);
  EXPECT_TRUE(close(o.compiled[0].toTensor(), o.reference[0].toTensor()));
}

TEST(ContractionKernel, FusedLinearBiasRelu) {
  expectMatches(R"IR(
graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %y : Tensor = prim::FusionGroup_0(%x, %w, %b)
  return (%y)
with prim::FusionGroup_0 = graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %l : Tensor = aten::linear(%x, %w, %b)
  %r : Tensor = aten::relu(%l)
  return (%r)
)IR",
                {randomTensor({37, 70}, 1), randomTensor({45, 70}, 2),
                 randomTensor({45}, 3)});
}

TEST(ContractionKernel, FusedLinear3dResidualAddClamp) {
  expectMatches(R"IR(
graph(%x : Tensor, %w : Tensor, %res : Tensor):
  %y : Tensor = prim::FusionGroup_0(%x, %w, %res)
  return (%y)
with prim::FusionGroup_0 = graph(%x : Tensor, %w : Tensor, %res : Tensor):
  %none : NoneType = prim::Constant()
  %one : int = prim::Constant[value=1]()
  %lo : float = prim::Constant[value=-0.5]()
  %hi : float = prim::Constant[value=0.75]()
  %l : Tensor = aten::linear(%x, %w, %none)
  %a : Tensor = aten::add(%res, %l, %one)
  %c : Tensor = aten::clamp(%a, %lo, %hi)
  return (%c)
)IR",
                {randomTensor({3, 5, 33}, 4), randomTensor({19, 33}, 5),
                 randomTensor({5, 19}, 6)});
}

TEST(ContractionKernel, FusedConvBiasLeakyRelu) {
  expectMatches(R"IR(
graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %y : Tensor = prim::FusionGroup_0(%x, %w, %b)
  return (%y)
with prim::FusionGroup_0 = graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %s : int[] = prim::Constant[value=[2, 1]]()
  %p : int[] = prim::Constant[value=[1, 2]]()
  %d : int[] = prim::Constant[value=[1, 2]]()
  %g : int = prim::Constant[value=2]()
  %slope : float = prim::Constant[value=0.2]()
  %c : Tensor = aten::conv2d(%x, %w, %b, %s, %p, %d, %g)
  %r : Tensor = aten::leaky_relu(%c, %slope)
  return (%r)
)IR",
                {randomTensor({2, 6, 11, 9}, 7), randomTensor({8, 3, 3, 3}, 8),
                 randomTensor({8}, 9)});
}

TEST(ContractionKernel, PlainNodes) {
  Tensor a = randomTensor({13, 21}, 10), b = randomTensor({21, 17}, 11);
  expectMatches(R"IR(
graph(%a : Tensor, %b : Tensor):
  %y : Tensor = aten::mm(%a, %b)
  return (%y)
)IR",
                {a, b});
  // addmm with beta and alpha, a broadcast self.
  expectMatches(R"IR(
graph(%s : Tensor, %a : Tensor, %b : Tensor):
  %beta : float = prim::Constant[value=0.5]()
  %alpha : float = prim::Constant[value=2.0]()
  %y : Tensor = aten::addmm(%s, %a, %b, %beta, %alpha)
  return (%y)
)IR",
                {randomTensor({17}, 12), a, b});
  // A transposed operand: packed from its strides.
  expectMatches(R"IR(
graph(%a : Tensor, %b : Tensor):
  %bt : Tensor = aten::t(%b)
  %y : Tensor = aten::mm(%a, %bt)
  return (%y)
)IR",
                {a, randomTensor({17, 21}, 13)});
  expectMatches(R"IR(
graph(%a : Tensor, %b : Tensor):
  %y : Tensor = aten::bmm(%a, %b)
  return (%y)
)IR",
                {randomTensor({3, 9, 10}, 14), randomTensor({3, 10, 40}, 15)});
  expectMatches(R"IR(
graph(%a : Tensor, %b : Tensor):
  %y : Tensor = aten::matmul(%a, %b)
  return (%y)
)IR",
                {randomTensor({4, 9, 10}, 16), randomTensor({10, 33}, 17)});
  expectMatches(R"IR(
graph(%a : Tensor, %b : Tensor):
  %y : Tensor = aten::matmul(%a, %b)
  return (%y)
)IR",
                {randomTensor({9, 10}, 18), randomTensor({2, 10, 33}, 19)});
  expectMatches(
      R"IR(
graph(%x : Tensor, %w : Tensor):
  %none : NoneType = prim::Constant()
  %s : int[] = prim::Constant[value=[1, 1]]()
  %p : int[] = prim::Constant[value=[0, 0]]()
  %g : int = prim::Constant[value=1]()
  %y : Tensor = aten::conv2d(%x, %w, %none, %s, %p, %s, %g)
  return (%y)
)IR",
      {randomTensor({1, 3, 7, 7}, 20), randomTensor({5, 3, 2, 2}, 21)});
}

TEST(ContractionKernel, EmptyAndZeroDepth) {
  expectMatches(R"IR(
graph(%a : Tensor, %b : Tensor):
  %y : Tensor = aten::mm(%a, %b)
  return (%y)
)IR",
                {randomTensor({5, 0}, 22), randomTensor({0, 7}, 23)});
  expectMatches(R"IR(
graph(%a : Tensor, %b : Tensor):
  %y : Tensor = aten::mm(%a, %b)
  return (%y)
)IR",
                {randomTensor({0, 4}, 24), randomTensor({4, 7}, 25)});
}

/// Inputs the kernel was not built for run the reference path and give
/// its results (float64) or its errors (mismatched shapes).
TEST(ContractionKernel, FallsBackAtRunTime) {
  const char *mm = R"IR(
graph(%a : Tensor, %b : Tensor):
  %y : Tensor = aten::mm(%a, %b)
  return (%y)
)IR";
  expectMatches(mm, {randomTensor({6, 5}, 26, ScalarType::Double),
                     randomTensor({5, 4}, 27, ScalarType::Double)});
  static ContractionOnly compiler;
  setKernelCompiler(&compiler);
  testing::CompiledGraph g(mm);
  setKernelCompiler(nullptr);
  try {
    g.run({randomTensor({6, 5}, 28), randomTensor({4, 4}, 29)});
    ADD_FAILURE() << "no error";
  } catch (const std::exception &e) {
    EXPECT_NE(std::string(e.what()).find("cannot be multiplied"),
              std::string::npos)
        << e.what();
  }
}

TEST(ContractionKernel, StridedResidualFallsBack) {
  // The residual is a transposed view: its columns are not contiguous, so
  // the compiled kernel declines at run time and the subgraph runs.
  expectMatches(R"IR(
graph(%x : Tensor, %w : Tensor, %r : Tensor):
  %rt : Tensor = aten::t(%r)
  %y : Tensor = prim::FusionGroup_0(%x, %w, %rt)
  return (%y)
with prim::FusionGroup_0 = graph(%x : Tensor, %w : Tensor, %rt : Tensor):
  %one : int = prim::Constant[value=1]()
  %l : Tensor = aten::mm(%x, %w)
  %a : Tensor = aten::add(%l, %rt, %one)
  return (%a)
)IR",
                {randomTensor({6, 9}, 33), randomTensor({9, 7}, 34),
                 randomTensor({7, 6}, 35)});
}

TEST(ContractionKernel, TranscendentalEpilogues) {
  // GELU (tanh form) after a linear layer, sigmoid after a convolution, and
  // a chain of several: emitted as the elementwise kernels emit them.
  expectMatches(R"IR(
graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %y : Tensor = prim::FusionGroup_0(%x, %w, %b)
  return (%y)
with prim::FusionGroup_0 = graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %approx : str = prim::Constant[value="tanh"]()
  %l : Tensor = aten::linear(%x, %w, %b)
  %r : Tensor = aten::gelu(%l, %approx)
  return (%r)
)IR",
                {randomTensor({21, 40}, 36), randomTensor({35, 40}, 37),
                 randomTensor({35}, 38)});
  expectMatches(R"IR(
graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %y : Tensor = prim::FusionGroup_0(%x, %w, %b)
  return (%y)
with prim::FusionGroup_0 = graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %s : int[] = prim::Constant[value=[1, 1]]()
  %g : int = prim::Constant[value=1]()
  %two : float = prim::Constant[value=2.0]()
  %c : Tensor = aten::conv2d(%x, %w, %b, %s, %s, %s, %g)
  %t : Tensor = aten::tanh(%c)
  %m : Tensor = aten::mul(%t, %two)
  %e : Tensor = aten::sigmoid(%m)
  %f : Tensor = aten::silu(%e)
  return (%f)
)IR",
                {randomTensor({2, 3, 8, 7}, 39), randomTensor({6, 3, 3, 3}, 40),
                 randomTensor({6}, 41)});
}

TEST(ContractionKernel, DeclinesUnsupportedEpilogue) {
  // The product used twice (x * x) is not a chain: the group runs its
  // subgraph.
  expectMatches(R"IR(
graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %y : Tensor = prim::FusionGroup_0(%x, %w, %b)
  return (%y)
with prim::FusionGroup_0 = graph(%x : Tensor, %w : Tensor, %b : Tensor):
  %l : Tensor = aten::linear(%x, %w, %b)
  %r : Tensor = aten::mul(%l, %l)
  return (%r)
)IR",
                {randomTensor({4, 8}, 30), randomTensor({3, 8}, 31),
                 randomTensor({3}, 32)},
                /*expectJit=*/false);
}

/// What `kiln compile --emit llvm` shows for a fused linear + bias + relu:
/// the optimized micro-kernel, FMAs on <16 x float> and the epilogue.
TEST(ContractionKernel, CodeShowsVectorFmaAndFusedEpilogue) {
  if (!gemmKernel(Epilogue{}))
    GTEST_SKIP() << "no AVX2/AVX-512";
  auto graph = parseIR(R"IR(
graph(%x : Float(64, 1024), %w : Float(1024, 1024), %b : Float(1024)):
  %y : Tensor = prim::FusionGroup_0(%x, %w, %b)
  return (%y)
with prim::FusionGroup_0 = graph(%x : Float(64, 1024), %w : Float(1024, 1024), %b : Float(1024)):
  %l : Tensor = aten::linear(%x, %w, %b)
  %r : Tensor = aten::relu(%l)
  return (%r)
)IR");
  const Node *group = *graph->nodes().begin();
  std::string ir = contractionKernelCode(*group, /*assembly=*/false);
  testing::FileCheck()
      .check("define void @kiln_gemm_ukernel_")
      .check("call <16 x float> @llvm.fma.v16f32(")
      .check("fadd <16 x float>")
      .check("fcmp olt <16 x float>")
      .check("select <16 x i1>")
      .check("store <16 x float>")
      .run(ir);
  std::string assembly = contractionKernelCode(*group, /*assembly=*/true);
  EXPECT_NE(assembly.find("vfmadd231ps"), std::string::npos);
  EXPECT_NE(assembly.find("zmm"), std::string::npos);
  // Not a contraction: no code.
  auto plain = parseIR(R"IR(
graph(%x : Tensor):
  %y : Tensor = aten::relu(%x)
  return (%y)
)IR");
  EXPECT_EQ(contractionKernelCode(**plain->nodes().begin(), false), "");
}

} // namespace
} // namespace kiln::codegen::gemm
