//===- ContainerKernelsTest.cpp - List and dict kernels -------------------===//
//
// The golden cases (tests/golden/scalar/containers.txt, from
// tests/golden/scalar.py) run graphs PyTorch scripted and compare with what
// PyTorch returned; the tests below cover aliasing and limits.
//
//===----------------------------------------------------------------------===//
#include "tests/support/RunGraph.h"
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

namespace {

std::string sliceGraph(const std::string &start, const std::string &end,
                       const std::string &step) {
  return R"IR(graph():
  %a : int = prim::Constant[value=1]()
  %b : int = prim::Constant[value=2]()
  %c : int = prim::Constant[value=3]()
  %l : int[] = prim::ListConstruct(%a, %b, %c)
  %s : str = prim::Constant[value="abc"]()
  %start : int = prim::Constant[value=)IR" +
         start + R"IR(]()
  %end : int = prim::Constant[value=)IR" +
         end + R"IR(]()
  %step : int = prim::Constant[value=)IR" +
         step + R"IR(]()
  %r : int[] = aten::slice(%l, %start, %end, %step)
  %t : str = aten::slice(%s, %start, %end, %step)
  return (%r, %t)
)IR";
}

TEST(ContainerKernels, SlicesWithExtremeStepsStayInBounds) {
  const char *max = "9223372036854775807";
  const char *min = "-9223372036854775808";
  auto out = runGraph(sliceGraph("1", max, max), {});
  EXPECT_EQ(out[0].repr(), "[2]");
  EXPECT_EQ(out[1].toStringRef(), "b");
  out = runGraph(sliceGraph(max, min, min), {});
  EXPECT_EQ(out[0].repr(), "[3]");
  EXPECT_EQ(out[1].toStringRef(), "c");
  out = runGraph(sliceGraph(min, max, "1"), {});
  EXPECT_EQ(out[0].repr(), "[1, 2, 3]");
}

TEST(ContainerKernels, HugeRepeatsAreRefused) {
  std::string graph = R"IR(graph():
  %a : int = prim::Constant[value=1]()
  %n : int = prim::Constant[value=4611686018427387904]()
  %l : int[] = prim::ListConstruct(%a, %a)
  %r : int[] = aten::mul(%l, %n)
  return (%r)
)IR";
  EXPECT_NE(errorOf(graph).find("aten::mul: a list of 2 items repeated "
                                "4611686018427387904 times is too large"),
            std::string::npos)
      << errorOf(graph);
}

TEST(ContainerKernels, SortingValuesPythonCannotCompareIsAnError) {
  std::string graph = R"IR(graph():
  %s : str = prim::Constant[value="cpu"]()
  %d : Device = aten::device(%s)
  %l : Device[] = prim::ListConstruct(%d, %d)
  %f : bool = prim::Constant[value=0]()
   = aten::sort(%l, %f)
  return (%l)
)IR";
  EXPECT_NE(
      errorOf(graph).find("aten::sort: cannot compare a Device with a Device"),
      std::string::npos)
      << errorOf(graph);
}

TEST(ContainerKernels, ListsAreSharedBetweenValues) {
  // The appended list is the one the tuple holds, as in Python.
  auto out = runGraph(R"IR(graph():
  %a : int = prim::Constant[value=1]()
  %l : int[] = prim::ListConstruct(%a)
  %t : (int[], int[]) = prim::TupleConstruct(%l, %l)
  %x : int[] = aten::append(%l, %a)
  %c : int[] = aten::copy(%l)
  %y : int[] = aten::append(%c, %a)
  return (%t, %c)
)IR",
                      {});
  EXPECT_EQ(out[0].repr(), "([1, 1], [1, 1])");
  EXPECT_EQ(out[1].repr(), "[1, 1, 1]");
}

} // namespace
