//===- ScriptCases.h - TorchScript graphs with PyTorch's results -*- C++
//-*-===//
//
// The scalar and container kernels are tested through whole graphs:
// tests/golden/scalar.py scripts small functions with PyTorch, and records
// each graph, its tensor inputs and what PyTorch returned (Python's repr())
// or the error it raised, in tests/golden/scalar/<file>.txt (format in
// tests/golden/scalarcases.py). A test parses the graph, verifies, compiles
// and runs it, and compares IValue::repr() of the result.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_RUNTIME_SCRIPTCASES_H
#define KILN_TESTS_UNIT_RUNTIME_SCRIPTCASES_H

#include "runtime/IValue.h"
#include "tests/support/RunGraph.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace kiln::testing {

struct ScriptCase {
  enum class Expect { Repr, Tensor, Error };

  std::string name;
  std::string graph;
  std::vector<Tensor> inputs;
  Expect expect = Expect::Repr;
  /// The repr, the tensor line (`Double [2] [0.5, 1.0]`) or a part of the
  /// error message.
  std::string expected;
};

/// The cases of tests/golden/scalar/<file>. A file that cannot be read or
/// parsed gives one case that fails with the reason.
std::vector<ScriptCase> loadScriptCases(const std::string &file);

/// Runs the case and compares with its expectation.
::testing::AssertionResult runScriptCase(const ScriptCase &c);

/// Python's repr() of a value (floats as `1e+16`, `100.0`), to tell an
/// IValue::repr difference from a kernel's.
std::string pythonRepr(const IValue &v);

/// The message of the error running `graph` raises, or "" if it succeeds.
std::string errorOf(const std::string &graph, std::vector<IValue> inputs = {});

inline void PrintTo(const ScriptCase &c, std::ostream *os) { *os << c.name; }

/// Names the parameterized tests after their cases.
inline std::string
scriptCaseName(const ::testing::TestParamInfo<ScriptCase> &param) {
  return param.param.name;
}

} // namespace kiln::testing

#endif // KILN_TESTS_UNIT_RUNTIME_SCRIPTCASES_H
