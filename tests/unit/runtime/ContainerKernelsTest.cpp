//===- ContainerKernelsTest.cpp - List and dict kernels -------------------===//
//
// The golden cases (tests/golden/scalar/containers.txt, from
// tests/golden/scalar.py) run graphs PyTorch scripted and compare with what
// PyTorch returned; the tests below cover aliasing and limits.
//
//===----------------------------------------------------------------------===//
#include "tests/unit/runtime/ScriptCases.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;

namespace {

class ContainerGolden : public ::testing::TestWithParam<ScriptCase> {};

TEST_P(ContainerGolden, MatchesPyTorch) {
  EXPECT_TRUE(runScriptCase(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Containers, ContainerGolden,
                         ::testing::ValuesIn(loadScriptCases("containers.txt")),
                         scriptCaseName);

} // namespace
