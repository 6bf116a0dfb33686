//===- RowKernelTest.cpp - Row-reduction JIT kernels against the reference ===//
//
// softmax, log_softmax and layer_norm graphs run through the executor with
// the code generator registered and without it (the reference kernels);
// results agree within 1e-6 (softmax) and 1e-5 (layer_norm) relative on
// rows of 1, 15, 16, 17, 1000 and 4096 elements, empty tensors, -inf and
// large values. Inputs the kernels do not take (non-contiguous, other
// dims, float64) fall back to the reference kernel.
//
//===----------------------------------------------------------------------===//
#include "codegen/CodegenCompiler.h"
#include "runtime/KernelCompiler.h"
#include "runtime/Program.h"
#include "runtime/tensor/Tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace kiln::codegen {
namespace {

class WithCompiler {
public:
  explicit WithCompiler(KernelCompiler *c) : saved_(kernelCompiler()) {
    setKernelCompiler(c);
  }
  ~WithCompiler() { setKernelCompiler(saved_); }

private:
  KernelCompiler *saved_;
};

Tensor randomFloats(std::vector<int64_t> sizes, std::mt19937 &rng,
                    double lo = -5, double hi = 5) {
  int64_t n = 1;
  for (int64_t s : sizes)
    n *= s;
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<float> v(static_cast<size_t>(n));
  for (auto &x : v)
    x = static_cast<float>(dist(rng));
  return Tensor::fromVector<float>(v, sizes);
}

std::vector<double> valuesOf(const Tensor &t) {
  Tensor c = t.contiguous().to(ScalarType::Double);
  const double *p = c.data<double>();
  return std::vector<double>(p, p + c.numel());
}

struct Outcome {
  Tensor result;
  std::string code;
};

Outcome runWith(KernelCompiler *compiler, const std::string &ir,
                const std::vector<IValue> &inputs) {
  WithCompiler scope(compiler);
  auto program = Program::fromIR(ir, "test.ir");
  Outcome o;
  o.result = program->run(inputs).at(0).toTensor();
  o.code = program->executor().specializationFor(inputs)->code->dump();
  return o;
}

// Runs `ir` with and without the JIT: same results within `rtol`, and the
// row kernel ran when `expectJit` (else the reference kernel did).
void expectSame(const std::string &ir, const std::vector<IValue> &inputs,
                double rtol, bool expectJit, const std::string &what) {
  Outcome ref = runWith(nullptr, ir, inputs);
  Outcome jit = runWith(&codegenCompiler(), ir, inputs);
  bool ran = jit.code.find("jit kiln_row_") != std::string::npos;
  if (expectJit) {
    EXPECT_TRUE(ran) << what << "\n" << jit.code;
  }
  ASSERT_EQ(ref.result.dtype(), jit.result.dtype()) << what;
  ASSERT_EQ(ref.result.sizes(), jit.result.sizes()) << what;
  std::vector<double> rv = valuesOf(ref.result), jv = valuesOf(jit.result);
  for (size_t i = 0; i < rv.size(); ++i) {
    if (std::isnan(rv[i])) {
      EXPECT_TRUE(std::isnan(jv[i])) << what << " [" << i << "]";
      continue;
    }
    if (rv[i] == jv[i])
      continue;
    double tol = rtol * std::max(1e-30, std::fabs(rv[i])) + 1e-37;
    ASSERT_LE(std::fabs(rv[i] - jv[i]), tol)
        << what << " [" << i << "]: reference " << rv[i] << ", jit " << jv[i];
  }
}

std::string softmaxIR(const char *op, int dim) {
  return std::string("graph(%x : Tensor):\n"
                     "  %dim : int = prim::Constant[value=") +
         std::to_string(dim) +
         "]()\n"
         "  %none : NoneType = prim::Constant()\n"
         "  %y : Tensor = " +
         op +
         "(%x, %dim, %none)\n"
         "  return (%y)\n";
}

const int64_t kRowLengths[] = {1, 15, 16, 17, 1000, 4096};

TEST(RowKernelTest, SoftmaxMatchesReference) {
  std::mt19937 rng(7);
  for (const char *op : {"aten::softmax", "aten::log_softmax"})
    for (int64_t n : kRowLengths)
      for (std::vector<int64_t> lead :
           {std::vector<int64_t>{3}, std::vector<int64_t>{2, 5},
            std::vector<int64_t>{40}}) {
        std::vector<int64_t> sizes = lead;
        sizes.push_back(n);
        Tensor x = randomFloats(sizes, rng);
        expectSame(softmaxIR(op, -1), {IValue(x)}, 1e-6, true,
                   std::string(op) + " n=" + std::to_string(n));
      }
}

TEST(RowKernelTest, SoftmaxLastDimByIndexAnd1d) {
  std::mt19937 rng(8);
  expectSame(softmaxIR("aten::softmax", 1),
             {IValue(randomFloats({7, 33}, rng))}, 1e-6, true, "dim=1");
  expectSame(softmaxIR("aten::log_softmax", 0),
             {IValue(randomFloats({33}, rng))}, 1e-6, true, "1-d");
}

TEST(RowKernelTest, SoftmaxStability) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> v = {1e30f, -1e30f, 88.f, -inf,  3e38f,  0.f,  1.f,
                          2.f,   -inf,   -inf, -inf,  -inf,   -inf, -inf,
                          -inf,  -inf,   -inf, 100.f, -100.f, 50.f};
  Tensor x = Tensor::fromVector<float>(v, {2, 10});
  for (const char *op : {"aten::softmax", "aten::log_softmax"})
    expectSame(softmaxIR(op, -1), {IValue(x)}, 1e-6, true,
               std::string(op) + " extreme values");
  // A row of -inf only is NaN, as in PyTorch.
  std::vector<float> all(17, -inf);
  expectSame(softmaxIR("aten::softmax", -1),
             {IValue(Tensor::fromVector<float>(all, {1, 17}))}, 1e-6, true,
             "all -inf");
}

TEST(RowKernelTest, SoftmaxEmpty) {
  for (std::vector<int64_t> sizes :
       {std::vector<int64_t>{0, 16}, std::vector<int64_t>{4, 0}})
    expectSame(softmaxIR("aten::softmax", -1),
               {IValue(Tensor::empty(sizes, ScalarType::Float))}, 1e-6, true,
               "empty");
}

TEST(RowKernelTest, SoftmaxFallsBack) {
  std::mt19937 rng(9);
  Tensor base = randomFloats({33, 21}, rng);
  Tensor transposed = base.asStrided({21, 33}, {1, 21}, 0);
  expectSame(softmaxIR("aten::softmax", -1), {IValue(transposed)}, 1e-6, false,
             "non-contiguous");
  // Not the last dimension: no row kernel.
  Outcome o = runWith(&codegenCompiler(), softmaxIR("aten::softmax", 0),
                      {IValue(randomFloats({5, 7}, rng))});
  EXPECT_EQ(o.code.find("jit kiln_row_"), std::string::npos) << o.code;
  expectSame(softmaxIR("aten::softmax", 0), {IValue(randomFloats({5, 7}, rng))},
             1e-6, false, "dim 0");
  Tensor d = randomFloats({4, 17}, rng).to(ScalarType::Double);
  expectSame(softmaxIR("aten::softmax", -1), {IValue(d)}, 0, false, "float64");
}

std::string layerNormIR(size_t k, bool weight, bool bias) {
  std::string ir = "graph(%x : Tensor, %w : Tensor, %b : Tensor):\n";
  std::string list;
  for (size_t d = 0; d < k; ++d) {
    std::string i = std::to_string(d);
    ir += "  %d" + i + " : int = prim::Constant[value=" +
          std::to_string(static_cast<int64_t>(d) - static_cast<int64_t>(k)) +
          "]()\n";
    ir += "  %s" + i + " : int = aten::size(%x, %d" + i + ")\n";
    list += (d ? ", %s" : "%s") + i;
  }
  ir += "  %shape : int[] = prim::ListConstruct(" + list + ")\n";
  ir += "  %none : NoneType = prim::Constant()\n";
  ir += "  %eps : float = prim::Constant[value=1.0000000000000001e-05]()\n";
  ir += "  %cudnn : bool = prim::Constant[value=1]()\n";
  ir += std::string("  %y : Tensor = aten::layer_norm(%x, %shape, ") +
        (weight ? "%w" : "%none") + ", " + (bias ? "%b" : "%none") +
        ", %eps, %cudnn)\n";
  ir += "  return (%y)\n";
  return ir;
}

TEST(RowKernelTest, LayerNormMatchesReference) {
  std::mt19937 rng(11);
  for (int64_t n : kRowLengths)
    for (int variant = 0; variant < 4; ++variant) {
      bool weight = variant & 1, bias = variant & 2;
      Tensor x = randomFloats({6, n}, rng, -2, 6);
      Tensor w = randomFloats({n}, rng), b = randomFloats({n}, rng);
      expectSame(layerNormIR(1, weight, bias),
                 {IValue(x), IValue(w), IValue(b)}, 1e-5, true,
                 "layer_norm n=" + std::to_string(n) + " variant " +
                     std::to_string(variant));
    }
}

TEST(RowKernelTest, LayerNormTrailingDims) {
  std::mt19937 rng(12);
  Tensor x = randomFloats({3, 4, 5, 7}, rng, 100, 101);
  Tensor w = randomFloats({5, 7}, rng), b = randomFloats({5, 7}, rng);
  expectSame(layerNormIR(2, true, true), {IValue(x), IValue(w), IValue(b)},
             1e-5, true, "2 trailing dims, large mean");
}

TEST(RowKernelTest, LayerNormEmptyAndFallback) {
  std::mt19937 rng(13);
  Tensor w = randomFloats({16}, rng), b = randomFloats({16}, rng);
  Tensor empty = Tensor::empty(std::vector<int64_t>{0, 16}, ScalarType::Float);
  expectSame(layerNormIR(1, true, true), {IValue(empty), IValue(w), IValue(b)},
             1e-5, true, "empty");
  Tensor base = randomFloats({16, 9}, rng);
  Tensor transposed = base.asStrided({9, 16}, {1, 9}, 0);
  expectSame(layerNormIR(1, true, true),
             {IValue(transposed), IValue(w), IValue(b)}, 1e-5, false,
             "non-contiguous");
  Tensor d = randomFloats({4, 16}, rng).to(ScalarType::Double);
  expectSame(layerNormIR(1, false, false), {IValue(d), IValue(w), IValue(b)}, 0,
             false, "float64");
}

} // namespace
} // namespace kiln::codegen
