//===- ReductionGoldenCheck.h - Checking reduction goldens ------*- C++ -*-===//
//
// The reduction family's tests (Reduction, Extrema, Norm and ScanSoftmax
// GoldenTest.cpp) compare with tests/golden/reduction/, written by
// tests/golden/reduction.py. Every case runs on the stored inputs and again
// on non-contiguous copies (checkCase in tests/support/Golden.h); a case may
// have several outputs (max.dim's values and indices).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_OPS_REDUCTIONGOLDENCHECK_H
#define KILN_TESTS_UNIT_OPS_REDUCTIONGOLDENCHECK_H

#include "tests/support/Golden.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace kiln::testing::reduction {

using Inputs = std::vector<Tensor>;
/// Dimensions to reduce over.
using D = std::vector<int64_t>;
/// An absent optional argument (dim, dtype).
constexpr auto kNone = std::nullopt;

// Checks `fn(inputs)` against the case's out0, out1, ..., with the inputs as
// stored and again laid out non-contiguously.
template <typename F>
void checkCase(const std::string &name, size_t numInputs, F fn) {
  testing::checkCase("reduction", name, numInputs, fn);
}

/// A copy of `t` in the same kind of layout, for in-place ops, which must
/// not change the stored inputs.
inline Tensor copyWithLayout(const Tensor &t) {
  return t.isContiguous() ? t.clone() : nonContiguous(t);
}

/// Expects `fn()` to throw a UserError whose message starts with `prefix`.
template <typename F> void expectUserError(const std::string &prefix, F fn) {
  try {
    fn();
    ADD_FAILURE() << "no error; expected \"" << prefix << "...\"";
  } catch (const UserError &e) {
    EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u)
        << "message: " << e.what() << "\nexpected prefix: " << prefix;
  }
}

/// A float32 tensor of `sizes` with zeros.
inline Tensor zerosOf(std::vector<int64_t> sizes,
                      ScalarType dtype = ScalarType::Float) {
  return Tensor::zeros(sizes, dtype);
}

} // namespace kiln::testing::reduction

#endif // KILN_TESTS_UNIT_OPS_REDUCTIONGOLDENCHECK_H
