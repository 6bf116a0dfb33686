//===- NNGoldenSupport.h - Checking NN ops against PyTorch ------*- C++ -*-===//
//
// The NN golden tests (NN*GoldenTest.cpp) read tests/golden/nn/, written by
// tests/golden/nn.py. Each case runs with its inputs as stored and again laid
// out non-contiguously (checkCase in tests/support/Golden.h).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_OPS_NNGOLDENSUPPORT_H
#define KILN_TESTS_UNIT_OPS_NNGOLDENSUPPORT_H

#include "tests/support/ErrorOf.h"
#include "tests/support/Golden.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kiln::testing::nn {

using Inputs = std::vector<Tensor>;
using Outputs = std::vector<Tensor>;
/// The int[] arguments of the ops (sizes, strides, padding, dilation).
using L = std::vector<int64_t>;

/// Checks fn(inputs), one tensor, a tuple or a vector of outputs, against the
/// case's out0, out1, ...
template <typename F>
void checkCase(const std::string &name, size_t numInputs, F fn) {
  testing::checkCase("nn", name, numInputs, fn);
}

inline Tensor zeros(std::vector<int64_t> sizes,
                    ScalarType dtype = ScalarType::Float) {
  return Tensor::zeros(sizes, dtype);
}

} // namespace kiln::testing::nn

#endif // KILN_TESTS_UNIT_OPS_NNGOLDENSUPPORT_H
