//===- GoldenCases.h - Running golden cases with several outputs -*- C++
//-*-===//
//
// checkCase for the shape and creation families: a case's function may
// return one tensor, a list of tensors (split, unbind) or a tuple (sort),
// compared with <case>.out0, .out1, ...; the case is then rerun with its
// inputs laid out non-contiguously.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_OPS_GOLDENCASES_H
#define KILN_TESTS_UNIT_OPS_GOLDENCASES_H

#include "tests/support/Golden.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

namespace kiln::testing {

using Inputs = std::vector<Tensor>;

inline std::vector<Tensor> asOutputs(Tensor t) { return {std::move(t)}; }
inline std::vector<Tensor> asOutputs(std::vector<Tensor> ts) { return ts; }
inline std::vector<Tensor> asOutputs(std::tuple<Tensor, Tensor> ts) {
  return {std::get<0>(ts), std::get<1>(ts)};
}

/// Every output of case `name` (out0, out1, ...) in `family`.
inline std::vector<Tensor> goldenOutputs(const std::string &family,
                                         const std::string &name) {
  std::vector<Tensor> out;
  std::string base =
      std::string(KILN_SOURCE_DIR) + "/tests/golden/" + family + "/" + name;
  for (size_t i = 0;; ++i) {
    std::string part = ".out" + std::to_string(i);
    if (!std::filesystem::exists(base + part + ".npy"))
      return out;
    out.push_back(golden(family, name + part));
  }
}

inline void expectOutputs(const std::vector<Tensor> &actual,
                          const std::vector<Tensor> &expected,
                          const char *layout) {
  ASSERT_EQ(actual.size(), expected.size()) << layout;
  for (size_t i = 0; i < actual.size(); ++i)
    EXPECT_TRUE(tensorsClose(actual[i], expected[i]))
        << "output " << i << " " << layout;
}

/// Checks fn(inputs) against the case's outputs, with the inputs as
/// stored and again laid out non-contiguously (unless `contiguousOnly`).
template <typename F>
void checkCase(const std::string &family, const std::string &name,
               size_t numInputs, F fn, bool contiguousOnly = false) {
  SCOPED_TRACE(family + "/" + name);
  Inputs in = goldenInputs(family, name, numInputs);
  std::vector<Tensor> expected = goldenOutputs(family, name);
  ASSERT_FALSE(expected.empty()) << "no outputs stored for " << name;
  expectOutputs(asOutputs(fn(in)), expected, "(inputs as stored)");
  if (contiguousOnly)
    return;
  for (Tensor &t : in)
    t = nonContiguous(t);
  expectOutputs(asOutputs(fn(in)), expected, "(non-contiguous inputs)");
}

/// Runs fn and checks that it throws a UserError whose message starts with
/// `prefix` and contains `part`.
template <typename F>
void expectUserError(F fn, const std::string &prefix,
                     const std::string &part = "") {
  try {
    fn();
    ADD_FAILURE() << "no error; expected one starting with " << prefix;
  } catch (const UserError &e) {
    std::string what = e.what();
    EXPECT_EQ(what.rfind(prefix, 0), 0u) << what;
    EXPECT_NE(what.find(part), std::string::npos) << what;
  }
}

} // namespace kiln::testing

#endif // KILN_TESTS_UNIT_OPS_GOLDENCASES_H
