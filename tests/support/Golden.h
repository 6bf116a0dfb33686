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
// or, as the per-op golden tests do, with the inputs as stored and again
// laid out non-contiguously:
//
//   checkCase("pointwise", "add_broadcast", 2, [](const auto &in) {
//     return ops::add(in[0], in[1]);
//   });
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_SUPPORT_GOLDEN_H
#define KILN_TESTS_SUPPORT_GOLDEN_H

#include "runtime/tensor/Tensor.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
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

/// The outputs of a golden case's function: one tensor, a list of tensors
/// (split, unbind) or a tuple of tensors (sort, max.dim).
inline std::vector<Tensor> outputsOf(Tensor t) { return {std::move(t)}; }
inline std::vector<Tensor> outputsOf(std::vector<Tensor> ts) { return ts; }
template <typename... Ts>
std::vector<Tensor> outputsOf(const std::tuple<Ts...> &ts) {
  return std::apply(
      [](const auto &...t) { return std::vector<Tensor>{Tensor(t)...}; }, ts);
}

/// Every stored output of case `name` in `family`: out0, out1, ...
std::vector<Tensor> goldenOutputs(const std::string &family,
                                  const std::string &name);

/// How checkCase checks a case.
struct CaseOptions {
  /// Load the inputs afresh for the non-contiguous rerun (for cases that
  /// write into their inputs).
  bool reloadInputs = false;
  /// Check only with the inputs as stored (an op that needs their layout).
  bool contiguousOnly = false;
  /// Require the function to return exactly the stored outputs; otherwise
  /// its n outputs are compared with out0 ... out<n-1>.
  bool everyStoredOutput = false;
  /// Tolerances of tensorsClose.
  double rtol = 1e-4, atol = 1e-5;
};

/// Compares the outputs of a run of case `name` with the stored ones
/// (`expected`, with everyStoredOutput), `layout` naming the inputs' layout.
void expectCaseOutputs(const std::string &family, const std::string &name,
                       const std::vector<Tensor> &actual,
                       const std::vector<Tensor> &expected,
                       const CaseOptions &options, const char *layout);

/// Checks `fn(inputs)` for golden case `name` of `family`: the inputs are
/// <name>.in0 ... in<numInputs-1>, and the outputs (see outputsOf) are
/// compared with <name>.out0, .out1, ... with the inputs as stored and again
/// laid out non-contiguously (nonContiguous).
template <typename F>
void checkCase(const std::string &family, const std::string &name,
               size_t numInputs, F fn, const CaseOptions &options = {}) {
  SCOPED_TRACE(family + "/" + name);
  std::vector<Tensor> expected;
  if (options.everyStoredOutput) {
    expected = goldenOutputs(family, name);
    ASSERT_FALSE(expected.empty()) << "no outputs stored for " << name;
  }
  std::vector<Tensor> in = goldenInputs(family, name, numInputs);
  expectCaseOutputs(family, name, outputsOf(fn(in)), expected, options,
                    "inputs as stored");
  if (options.contiguousOnly)
    return;
  if (options.reloadInputs)
    in = goldenInputs(family, name, numInputs);
  for (Tensor &t : in)
    t = nonContiguous(t);
  expectCaseOutputs(family, name, outputsOf(fn(in)), expected, options,
                    "non-contiguous inputs");
}

} // namespace kiln::testing

#endif // KILN_TESTS_SUPPORT_GOLDEN_H
