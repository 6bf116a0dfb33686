//===- PointwiseCheck.h - Checking the pointwise goldens --------*- C++ -*-===//
//
// Shared by the pointwise family's golden tests: each case of
// tests/golden/pointwise.py is recomputed from its stored inputs and
// compared with what PyTorch computed, once with the inputs as stored and
// once laid out non-contiguously (checkCase in tests/support/Golden.h).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_OPS_POINTWISECHECK_H
#define KILN_TESTS_UNIT_OPS_POINTWISECHECK_H

#include "tests/support/Golden.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kiln::testing::pointwise {

using Inputs = const std::vector<Tensor> &;

/// Checks `fn(inputs)` against the case's out0, out1, ... The inputs are
/// loaded afresh for the non-contiguous rerun, so that in-place cases may
/// write into them.
template <typename F>
void checkCase(const std::string &name, size_t numInputs, F fn) {
  testing::checkCase("pointwise", name, numInputs, fn, {.reloadInputs = true});
}

/// A case of an in-place op: `op(self, in)` must write into in[0] and
/// return it.
template <typename Op> auto inPlace(Op op) {
  return [op](Inputs in) {
    Tensor self = in[0];
    Tensor &returned = op(self, in);
    EXPECT_TRUE(returned.isSame(self)) << "an in-place op returned a copy";
    return in[0];
  };
}

/// `fn()` throws a UserError whose message contains `message`.
template <typename F> void expectUserError(F fn, const std::string &message) {
  try {
    fn();
    ADD_FAILURE() << "no error; expected one containing: " << message;
  } catch (const UserError &e) {
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos)
        << "message: " << e.what() << "\nexpected it to contain: " << message;
  }
}

} // namespace kiln::testing::pointwise

#endif // KILN_TESTS_UNIT_OPS_POINTWISECHECK_H
