//===- GoldenCases.h - The shape and creation golden families ---*- C++ -*-===//
//
// ShapeGoldenTest and IndexingGoldenTest check the cases of
// tests/golden/shape/, CreationGoldenTest and SamplingTest those of
// tests/golden/creation/, with checkCase (tests/support/Golden.h). A case's
// function may return one tensor, a list of tensors (split, unbind) or a
// tuple (sort), and must return every output stored for the case.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_OPS_GOLDENCASES_H
#define KILN_TESTS_UNIT_OPS_GOLDENCASES_H

#include "tests/support/Golden.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kiln::testing {

using Inputs = std::vector<Tensor>;
/// Sizes, dims and other int[] arguments.
using V = std::vector<int64_t>;

/// checkCase for case `name` of `family`, comparing with every stored output.
template <typename F>
void checkEveryOutput(const char *family, const std::string &name,
                      size_t numInputs, F fn, CaseOptions options) {
  options.everyStoredOutput = true;
  checkCase(family, name, numInputs, fn, options);
}

namespace shape {
/// A case of tests/golden/shape/.
template <typename F>
void check(const std::string &name, size_t numInputs, F fn,
           const CaseOptions &options = {}) {
  checkEveryOutput("shape", name, numInputs, fn, options);
}
} // namespace shape

namespace creation {
/// A case of tests/golden/creation/.
template <typename F>
void check(const std::string &name, size_t numInputs, F fn,
           const CaseOptions &options = {}) {
  checkEveryOutput("creation", name, numInputs, fn, options);
}

/// What creation.py's meta(t) records: (sizes, an empty tensor of t's
/// dtype).
inline std::vector<Tensor> meta(const Tensor &t) {
  auto rank = static_cast<int64_t>(t.dim());
  return {Tensor::fromVector(t.sizes(), {rank}),
          Tensor::empty(V{0}, t.dtype())};
}
} // namespace creation

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
