//===- GemmTest.cpp - Generated GEMM and conv2d vs the reference kernels --===//
#include "codegen/gemm/GemmKernels.h"

#include "runtime/tensor/ops/Activations.h"
#include "runtime/tensor/ops/Convolution.h"
#include "runtime/tensor/ops/LinearAlgebra.h"
#include "runtime/tensor/ops/Pointwise.h"
#include "runtime/tensor/ops/StridedViews.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace kiln::codegen::gemm {
namespace {

Tensor randomTensor(std::vector<int64_t> shape, uint32_t seed) {
  Tensor t = Tensor::empty(shape, ScalarType::Float);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  float *p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i)
    p[i] = dist(rng);
  return t;
}

/// Largest |a - e| - tolerance(e) over all elements; <= 0 means close.
::testing::AssertionResult close(const Tensor &actual, const Tensor &expected,
                                 double atol) {
  if (actual.sizes() != expected.sizes())
    return ::testing::AssertionFailure() << "shape " << actual.shapeString()
                                         << " vs " << expected.shapeString();
  Tensor a = actual.contiguous(), e = expected.contiguous();
  for (int64_t i = 0; i < a.numel(); ++i) {
    double x = a.data<float>()[i], y = e.data<float>()[i];
    if (std::isnan(x) != std::isnan(y) ||
        std::abs(x - y) > atol + 1e-4 * std::abs(y))
      return ::testing::AssertionFailure()
             << "element " << i << ": " << x << " vs " << y;
  }
  return ::testing::AssertionSuccess();
}

bool hostSupported() { return gemmKernel(Epilogue{}).has_value(); }

/// Runs C = epilogue(a @ b) through the generated kernel.
Tensor generatedMm(const Tensor &a, const Tensor &b, const Epilogue &epi,
                   std::vector<OperandBinding> operands = {}) {
  auto kernel = gemmKernel(epi);
  Tensor c = Tensor::empty(std::vector<int64_t>{a.size(0), b.size(1)},
                           ScalarType::Float);
  GemmProblem p;
  p.m = a.size(0);
  p.n = b.size(1);
  p.k = a.size(1);
  p.a = a.data<float>();
  p.aRowStride = a.stride(0);
  p.aColStride = a.stride(1);
  p.b = b.data<float>();
  p.bRowStride = b.stride(0);
  p.bColStride = b.stride(1);
  p.c = c.data<float>();
  p.cRowStride = p.n;
  p.operands = std::move(operands);
  runGemm(*kernel, p);
  return c;
}

struct MmShape {
  int64_t m, n, k;
};

class GemmShapes : public ::testing::TestWithParam<MmShape> {};

TEST_P(GemmShapes, MatchesReferenceAllLayouts) {
  if (!hostSupported())
    GTEST_SKIP() << "no AVX2/AVX-512";
  auto [m, n, k] = GetParam();
  for (int layout = 0; layout < 4; ++layout) {
    bool transA = layout & 1, transB = layout & 2;
    Tensor a = transA ? ops::views::transpose(randomTensor({k, m}, 1), 0, 1)
                      : randomTensor({m, k}, 1);
    Tensor b = transB ? ops::views::transpose(randomTensor({n, k}, 2), 0, 1)
                      : randomTensor({k, n}, 2);
    Tensor expected = ops::mm(a, b);
    EXPECT_TRUE(close(generatedMm(a, b, {}), expected, 1e-5 * (k + 1)))
        << m << "x" << n << "x" << k << " layout " << layout;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, GemmShapes,
    ::testing::Values(MmShape{1, 1, 1}, MmShape{1, 1, 0}, MmShape{3, 5, 0},
                      MmShape{13, 31, 7}, MmShape{14, 32, 256},
                      MmShape{15, 33, 257}, MmShape{6, 16, 3},
                      MmShape{1, 100, 300}, MmShape{100, 1, 300},
                      MmShape{37, 70, 515}, MmShape{130, 600, 64},
                      MmShape{64, 1024, 1024}, MmShape{257, 129, 33}));

TEST(Gemm, EmptyResult) {
  if (!hostSupported())
    GTEST_SKIP();
  Tensor a = randomTensor({0, 5}, 1), b = randomTensor({5, 7}, 2);
  EXPECT_EQ(generatedMm(a, b, {}).numel(), 0);
}

/// linear + bias + an activation, each epilogue step kind.
TEST(Gemm, EpilogueSteps) {
  if (!hostSupported())
    GTEST_SKIP();
  using K = EpilogueStep::Kind;
  const int64_t m = 29, n = 45, k = 300;
  Tensor x = randomTensor({m, k}, 3);
  Tensor w = randomTensor({n, k}, 4);
  Tensor bias = randomTensor({n}, 5);
  Tensor rowv = randomTensor({m, 1}, 6);
  Tensor full = randomTensor({m, n}, 7);
  Tensor scalar = randomTensor({}, 8);
  Tensor wt = ops::views::transpose(w, 0, 1);
  Tensor product = ops::mm(x, wt);
  struct Case {
    const char *name;
    EpilogueStep step;
    OperandLayout layout;
    Tensor operand;
    std::function<Tensor(const Tensor &)> reference;
  };
  std::vector<Case> cases = {
      {"bias",
       {K::AddOperand, 0},
       OperandLayout::PerColumn,
       bias,
       [&](const Tensor &t) { return ops::add(t, bias); }},
      {"rsub-alpha",
       {K::RSubOperand, 0, 0, 0, 2.0},
       OperandLayout::Full,
       full,
       [&](const Tensor &t) { return ops::sub(full, t, 2.0); }},
      {"row-mul",
       {K::MulOperand, 0},
       OperandLayout::PerRow,
       rowv,
       [&](const Tensor &t) { return ops::mul(t, rowv); }},
      {"div-scalar-tensor",
       {K::DivOperand, 0},
       OperandLayout::Scalar,
       scalar,
       [&](const Tensor &t) { return ops::div(t, scalar); }},
      {"add-alpha",
       {K::AddOperand, 0, 0, 0, 0.5},
       OperandLayout::Full,
       full,
       [&](const Tensor &t) { return ops::add(t, full, 0.5); }},
      {"relu",
       {K::Relu},
       OperandLayout::Scalar,
       {},
       [](const Tensor &t) { return ops::relu(t); }},
      {"clamp",
       {K::Clamp, -1, -0.5, 0.25},
       OperandLayout::Scalar,
       {},
       [](const Tensor &t) { return ops::hardtanh(t, -0.5, 0.25); }},
      {"leaky",
       {K::LeakyRelu, -1, 0.1},
       OperandLayout::Scalar,
       {},
       [](const Tensor &t) { return ops::leaky_relu(t, 0.1); }},
      {"neg",
       {K::Neg},
       OperandLayout::Scalar,
       {},
       [](const Tensor &t) { return ops::neg(t); }},
      {"add-constant",
       {K::AddConstant, -1, 3.0},
       OperandLayout::Scalar,
       {},
       [](const Tensor &t) { return ops::add(t, Scalar(3.0)); }},
      {"mul-constant",
       {K::MulConstant, -1, -2.0},
       OperandLayout::Scalar,
       {},
       [](const Tensor &t) { return ops::mul(t, Scalar(-2.0)); }},
      {"div-constant",
       {K::DivConstant, -1, 4.0},
       OperandLayout::Scalar,
       {},
       [](const Tensor &t) { return ops::div(t, Scalar(4.0)); }},
      {"rsub-constant",
       {K::RSubConstant, -1, 1.0},
       OperandLayout::Scalar,
       {},
       [](const Tensor &t) { return ops::sub(ops::neg(t), Scalar(-1.0)); }},
  };
  for (const Case &c : cases) {
    Epilogue epi;
    std::vector<OperandBinding> bindings;
    if (c.step.operand >= 0) {
      epi.operands.push_back(c.layout);
      bindings.push_back({c.operand.data<float>(),
                          c.operand.dim() == 2 ? c.operand.stride(0) : 0, 0});
    }
    epi.steps.push_back(c.step);
    EXPECT_TRUE(close(generatedMm(x, wt, epi, bindings), c.reference(product),
                      1e-5 * (k + 1)))
        << c.name;
  }
}

TEST(Gemm, BiasReluChainAndNaN) {
  if (!hostSupported())
    GTEST_SKIP();
  using K = EpilogueStep::Kind;
  Tensor x = randomTensor({17, 40}, 9), w = randomTensor({50, 40}, 10);
  Tensor bias = randomTensor({50}, 11);
  x.data<float>()[3] = NAN; // row 0 becomes NaN; relu keeps it
  Epilogue epi{{{K::AddOperand, 0}, {K::Relu}}, {OperandLayout::PerColumn}};
  Tensor expected = ops::relu(ops::linear(x, w, bias));
  Tensor got = generatedMm(x, ops::views::transpose(w, 0, 1), epi,
                           {{bias.data<float>(), 0, 0}});
  EXPECT_TRUE(close(got, expected, 1e-4));
}

TEST(Gemm, BatchedWithResidual) {
  if (!hostSupported())
    GTEST_SKIP();
  using K = EpilogueStep::Kind;
  const int64_t batch = 3, m = 20, n = 35, k = 19;
  Tensor a = randomTensor({batch, m, k}, 12),
         b = randomTensor({batch, k, n}, 13);
  Tensor res = randomTensor({batch, m, n}, 14);
  Epilogue epi{{{K::AddOperand, 0}}, {OperandLayout::Full}};
  auto kernel = gemmKernel(epi);
  Tensor c =
      Tensor::empty(std::vector<int64_t>{batch, m, n}, ScalarType::Float);
  GemmProblem p;
  p.m = m, p.n = n, p.k = k, p.batch = batch;
  p.a = a.data<float>(), p.aRowStride = k, p.aColStride = 1;
  p.aBatchStride = m * k;
  p.b = b.data<float>(), p.bRowStride = n, p.bColStride = 1;
  p.bBatchStride = k * n;
  p.c = c.data<float>(), p.cRowStride = n, p.cBatchStride = m * n;
  p.operands = {{res.data<float>(), n, m * n}};
  runGemm(*kernel, p);
  EXPECT_TRUE(close(c, ops::add(ops::bmm(a, b), res), 1e-4));
}

struct ConvCase {
  int64_t n, c, h, w, o, kh, kw, stride, pad, dilation, groups;
};

class Conv2dShapes : public ::testing::TestWithParam<ConvCase> {};

TEST_P(Conv2dShapes, MatchesReference) {
  if (!hostSupported())
    GTEST_SKIP();
  using K = EpilogueStep::Kind;
  const ConvCase &cc = GetParam();
  Tensor input = randomTensor({cc.n, cc.c, cc.h, cc.w}, 20);
  Tensor weight = randomTensor({cc.o, cc.c / cc.groups, cc.kh, cc.kw}, 21);
  Tensor bias = randomTensor({cc.o}, 22);
  int64_t s[] = {cc.stride, cc.stride}, pd[] = {cc.pad, cc.pad},
          d[] = {cc.dilation, cc.dilation};
  for (bool withBias : {false, true}) {
    Tensor expected = ops::conv2d(
        input, weight, withBias ? std::optional<Tensor>(bias) : std::nullopt, s,
        pd, d, cc.groups);
    Epilogue epi;
    Conv2dProblem p;
    if (withBias) {
      epi.operands.push_back(OperandLayout::PerRow);
      epi.steps.push_back({K::AddOperand, 0});
      epi.steps.push_back({K::Relu});
      expected = ops::relu(expected);
      p.operands.push_back({bias.data<float>(), 1, 0});
    }
    auto kernel = gemmKernel(epi);
    Tensor out = Tensor::empty(expected.sizes(), ScalarType::Float);
    p.batch = cc.n, p.inChannels = cc.c, p.inHeight = cc.h, p.inWidth = cc.w;
    p.outChannels = cc.o, p.kernelHeight = cc.kh, p.kernelWidth = cc.kw;
    p.strideH = p.strideW = cc.stride;
    p.padH = p.padW = cc.pad;
    p.dilationH = p.dilationW = cc.dilation;
    p.groups = cc.groups;
    p.outHeight = expected.size(2), p.outWidth = expected.size(3);
    p.input = input.data<float>(), p.weight = weight.data<float>();
    p.output = out.data<float>();
    runConv2d(*kernel, p);
    EXPECT_TRUE(close(out, expected, 1e-5 * (cc.c * cc.kh * cc.kw + 1)))
        << "bias " << withBias;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, Conv2dShapes,
    ::testing::Values(ConvCase{1, 1, 5, 5, 1, 3, 3, 1, 0, 1, 1},
                      ConvCase{2, 3, 9, 11, 5, 3, 3, 1, 1, 1, 1},
                      ConvCase{2, 4, 10, 7, 6, 3, 2, 2, 1, 1, 2},
                      ConvCase{1, 6, 13, 13, 9, 3, 3, 2, 2, 2, 3},
                      ConvCase{3, 8, 8, 8, 16, 1, 1, 1, 0, 1, 1},
                      ConvCase{1, 4, 6, 6, 4, 3, 3, 1, 1, 1, 4},
                      ConvCase{2, 16, 20, 20, 33, 5, 5, 3, 2, 1, 1},
                      ConvCase{4, 64, 14, 14, 64, 3, 3, 1, 1, 1, 1}));

} // namespace
} // namespace kiln::codegen::gemm
