//===- NNGoldenSupport.h - Checking NN ops against PyTorch ------*- C++ -*-===//
//
// The NN golden tests (NN*GoldenTest.cpp) read tests/golden/nn/, written by
// tests/golden/nn.py. Each case runs with its inputs as stored and again laid
// out non-contiguously.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_OPS_NNGOLDENSUPPORT_H
#define KILN_TESTS_UNIT_OPS_NNGOLDENSUPPORT_H

#include "tests/support/Golden.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

namespace kiln::testing::nn {

inline const char *kFamily = "nn";
using Inputs = std::vector<Tensor>;
using Outputs = std::vector<Tensor>;

/// Checks fn(inputs), a vector of outputs, against the case's out0, out1, ...
template <typename F>
void checkOutputs(const std::string &name, size_t numInputs, F fn) {
  SCOPED_TRACE(name);
  Inputs in = goldenInputs(kFamily, name, numInputs);
  for (bool strided : {false, true}) {
    if (strided)
      for (Tensor &t : in)
        t = nonContiguous(t);
    Outputs out = fn(in);
    for (size_t j = 0; j < out.size(); ++j)
      EXPECT_TRUE(tensorsClose(
          out[j], golden(kFamily, name + ".out" + std::to_string(j))))
          << "output " << j << (strided ? " (non-contiguous inputs)" : "");
  }
}

/// Checks fn(inputs), one tensor, against the case's out0.
template <typename F>
void checkCase(const std::string &name, size_t numInputs, F fn) {
  checkOutputs(name, numInputs,
               [&](const Inputs &in) { return Outputs{fn(in)}; });
}

/// A (values, indices) result as outputs.
inline Outputs pair(const std::tuple<Tensor, Tensor> &t) {
  return {std::get<0>(t), std::get<1>(t)};
}

/// The message of the UserError `fn` throws.
template <typename F> std::string errorOf(F fn) {
  try {
    fn();
  } catch (const UserError &e) {
    return e.what();
  }
  return "<no error>";
}

inline Tensor zeros(std::vector<int64_t> sizes,
                    ScalarType dtype = ScalarType::Float) {
  return Tensor::zeros(sizes, dtype);
}

} // namespace kiln::testing::nn

#endif // KILN_TESTS_UNIT_OPS_NNGOLDENSUPPORT_H
