//===- Golden.h - Comparing with answers PyTorch computed -------*- C++ -*-===//
//
// Golden files live in tests/golden/<family>/<case>.<part>.npy, written by
// tests/golden/<family>.py with Debian's python3-torch (see
// tests/golden/README.md); the tests only read them:
//
//   auto in = goldenInputs("pointwise", "add_broadcast", 2);
//   EXPECT_TRUE(tensorsClose(ops::add(in[0], in[1]),
//                            golden("pointwise", "add_broadcast.out0")));
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_SUPPORT_GOLDEN_H
#define KILN_TESTS_SUPPORT_GOLDEN_H

#include "runtime/tensor/Tensor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kiln::testing {

/// tests/golden/<family>/<name>.npy
Tensor golden(const std::string &family, const std::string &name);
/// <caseName>.in0 ... in<count-1>
std::vector<Tensor> goldenInputs(const std::string &family,
                                 const std::string &caseName, size_t count);

/// Same dtype and shape; floating elements within atol + rtol * |expected|
/// (NaN matches NaN, infinities match by sign); other dtypes exactly.
::testing::AssertionResult tensorsClose(const Tensor &actual,
                                        const Tensor &expected,
                                        double rtol = 1e-4, double atol = 1e-5);

/// The same values as `t` in a non-contiguous layout (every other element
/// of a buffer twice as long in the last dimension), to exercise kernels'
/// strided paths.
Tensor nonContiguous(const Tensor &t);

} // namespace kiln::testing

#endif // KILN_TESTS_SUPPORT_GOLDEN_H
