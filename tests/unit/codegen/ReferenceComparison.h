//===- ReferenceComparison.h - JIT kernels against the reference -*- C++ -*-=//
//
// What the kernel tests of codegen/ share: a graph runs through the
// executor twice, with the code generator registered and without it (the
// reference kernels), and the results must agree; the specialized Code's
// listing says which kernels ran.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_CODEGEN_REFERENCECOMPARISON_H
#define KILN_TESTS_UNIT_CODEGEN_REFERENCECOMPARISON_H

#include "codegen/CodegenCompiler.h"
#include "runtime/KernelCompiler.h"
#include "runtime/Program.h"
#include "runtime/tensor/Tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace kiln::codegen::testing {

/// Registers a kernel compiler (null: none) for one scope.
class WithCompiler {
public:
  explicit WithCompiler(KernelCompiler *c) : saved_(kernelCompiler()) {
    setKernelCompiler(c);
  }
  ~WithCompiler() { setKernelCompiler(saved_); }
  WithCompiler(const WithCompiler &) = delete;
  WithCompiler &operator=(const WithCompiler &) = delete;

private:
  KernelCompiler *saved_;
};

/// A float32 tensor of uniform values in [lo, hi).
inline Tensor randomFloats(std::vector<int64_t> sizes, std::mt19937 &rng,
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

/// The tensor's elements as doubles (row-major).
inline std::vector<double> valuesOf(const Tensor &t) {
  Tensor c = t.contiguous().to(ScalarType::Double);
  const double *p = c.data<double>();
  return std::vector<double>(p, p + c.numel());
}

struct Outcome {
  std::vector<IValue> outputs;
  std::string code; // the specialized Code's listing
};

inline Outcome runWith(KernelCompiler *compiler, const std::string &ir,
                       const std::vector<IValue> &inputs) {
  WithCompiler scope(compiler);
  auto program = Program::fromIR(ir, "test.ir");
  Outcome o;
  o.outputs = program->run(inputs);
  o.code = program->executor().specializationFor(inputs)->code->dump();
  return o;
}

/// Runs `ir` with and without the JIT: the same tensors within
/// `rtol * |reference| + atol` (0: the same values), and `kernel` (a
/// prefix such as "jit kiln_pool_") in the JIT run's listing — or, when
/// `expectKernel` is false, not in it.
inline void expectSame(const std::string &ir, const std::vector<IValue> &inputs,
                       double rtol, const std::string &kernel,
                       bool expectKernel, const std::string &what,
                       double atol = 0) {
  Outcome ref = runWith(nullptr, ir, inputs);
  Outcome jit = runWith(&codegenCompiler(), ir, inputs);
  bool ran = jit.code.find(kernel) != std::string::npos;
  EXPECT_EQ(ran, expectKernel) << what << "\n" << jit.code;
  ASSERT_EQ(ref.outputs.size(), jit.outputs.size()) << what;
  for (size_t o = 0; o < ref.outputs.size(); ++o) {
    const Tensor &r = ref.outputs[o].toTensor();
    const Tensor &j = jit.outputs[o].toTensor();
    ASSERT_EQ(r.dtype(), j.dtype()) << what;
    ASSERT_EQ(r.sizes(), j.sizes()) << what;
    std::vector<double> rv = valuesOf(r), jv = valuesOf(j);
    for (size_t i = 0; i < rv.size(); ++i) {
      if (std::isnan(rv[i])) {
        EXPECT_TRUE(std::isnan(jv[i])) << what << " [" << i << "]";
        continue;
      }
      if (rv[i] == jv[i])
        continue; // also infinities
      double tol = rtol * std::fabs(rv[i]) + atol + 1e-37;
      ASSERT_LE(std::fabs(rv[i] - jv[i]), tol)
          << what << " output " << o << " [" << i << "]: reference " << rv[i]
          << ", jit " << jv[i];
    }
  }
}

} // namespace kiln::codegen::testing

#endif // KILN_TESTS_UNIT_CODEGEN_REFERENCECOMPARISON_H
