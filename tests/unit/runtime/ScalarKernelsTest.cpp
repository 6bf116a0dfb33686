//===- ScalarKernelsTest.cpp - Number, math, string and bridge kernels ----===//
//
// The golden cases (tests/golden/scalar/{numbers,bridges,strings}.txt, from
// tests/golden/scalar.py) run graphs PyTorch scripted and compare with what
// PyTorch returned. The tests below cover what those cannot: results PyTorch
// has no defined answer for, tensor inputs the golden format does not
// describe, and the exact text of Kiln's messages.
//
//===----------------------------------------------------------------------===//
#include "runtime/Kernel.h"
#include "tests/support/RunGraph.h"
#include "tests/unit/runtime/ScriptCases.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;
using namespace kiln::testing;

namespace {

class ScalarGolden : public ::testing::TestWithParam<ScriptCase> {};

TEST_P(ScalarGolden, MatchesPyTorch) { EXPECT_TRUE(runScriptCase(GetParam())); }

INSTANTIATE_TEST_SUITE_P(Bridges, ScalarGolden,
                         ::testing::ValuesIn(loadScriptCases("bridges.txt")),
                         scriptCaseName);
INSTANTIATE_TEST_SUITE_P(Numbers, ScalarGolden,
                         ::testing::ValuesIn(loadScriptCases("numbers.txt")),
                         scriptCaseName);
INSTANTIATE_TEST_SUITE_P(Strings, ScalarGolden,
                         ::testing::ValuesIn(loadScriptCases("strings.txt")),
                         scriptCaseName);

TEST(ScalarKernels, EveryScalarAndContainerOpHasAKernel) {
  const OpId ops[] = {
#define KILN_OP(Id, Schema, Traits) OpId::Id,
#include "ir/ops/Containers.def"
#include "ir/ops/Scalar.def"
#undef KILN_OP
  };
  const KernelTable &table = KernelTable::get();
  for (OpId op : ops)
    EXPECT_NE(table.find(op), nullptr) << OpTable::get().info(op).idName;
}

// One op on constants: `%r : <type> = <op>(<constants>)`.
std::string unary(const std::string &type, const std::string &op,
                  const std::string &argType, const std::string &arg) {
  return "graph():\n  %a : " + argType + " = prim::Constant[value=" + arg +
         "]()\n  %r : " + type + " = " + op + "(%a)\n  return (%r)\n";
}

std::string binary(const std::string &type, const std::string &op,
                   const std::string &argType, const std::string &a,
                   const std::string &b) {
  return "graph():\n  %a : " + argType + " = prim::Constant[value=" + a +
         "]()\n  %b : " + argType + " = prim::Constant[value=" + b +
         "]()\n  %r : " + type + " = " + op + "(%a, %b)\n  return (%r)\n";
}

IValue run1(const std::string &graph, std::vector<IValue> inputs = {}) {
  return runGraph(graph, std::move(inputs)).at(0);
}

TEST(ScalarKernels, IntShiftsPastTheWidthWrap) {
  // 7 << 70 wraps to 0 as 7 * 2**70 does in int64; C++ leaves it undefined.
  EXPECT_EQ(run1(binary("int", "aten::__lshift__", "int", "7", "70")).toInt(),
            0);
  EXPECT_EQ(run1(binary("int", "aten::__lshift__", "int", "-1", "63")).toInt(),
            INT64_MIN);
  EXPECT_EQ(run1(binary("int", "aten::__rshift__", "int", "-9", "1")).toInt(),
            -5);
}

TEST(ScalarKernels, IntEdgeCasesDoNotTrap) {
  // INT64_MIN // -1 and INT64_MIN % -1 trap in C++.
  std::string min = "-9223372036854775808";
  EXPECT_EQ(run1(binary("int", "aten::floordiv", "int", min, "-1")).toInt(),
            INT64_MIN);
  EXPECT_EQ(run1(binary("int", "aten::remainder", "int", min, "-1")).toInt(),
            0);
  EXPECT_EQ(run1(unary("int", "aten::neg", "int", min)).toInt(), INT64_MIN);
  EXPECT_EQ(run1(unary("int", "prim::abs", "int", min)).toInt(), INT64_MIN);
  EXPECT_EQ(run1(binary("int", "aten::gcd", "int", "-12", "18")).toInt(), 6);
}

TEST(ScalarKernels, IntToIntPower) {
  // aten::pow.int_to_int (chosen by the int result): exact, unlike the
  // float overload.
  EXPECT_EQ(run1(binary("int", "aten::pow", "int", "3", "39")).toInt(),
            4052555153018976267);
  EXPECT_EQ(run1(binary("int", "aten::pow", "int", "-2", "3")).toInt(), -8);
  EXPECT_NE(errorOf(binary("int", "aten::pow", "int", "2", "-1"))
                .find("aten::pow: the int overload cannot raise 2 to the "
                      "negative power -1"),
            std::string::npos);
}

TEST(ScalarKernels, ErrorsNameTheProblem) {
  EXPECT_NE(errorOf(binary("int", "aten::remainder", "int", "5", "0"))
                .find("ZeroDivisionError: integer division or modulo by zero"),
            std::string::npos);
  EXPECT_NE(errorOf(unary("int", "aten::factorial", "int", "21"))
                .find("OverflowError: aten::factorial: factorial(21) does not "
                      "fit in a 64-bit int"),
            std::string::npos);
  EXPECT_NE(errorOf(unary("int", "aten::Int", "float", "1e+20"))
                .find("OverflowError: aten::Int: 1e+20 does not fit in a "
                      "64-bit int"),
            std::string::npos);
  EXPECT_NE(
      errorOf(unary("int", "aten::Int", "str", "\"99999999999999999999\""))
          .find("aten::Int: 99999999999999999999 does not fit"),
      std::string::npos);
}

TEST(ScalarKernels, TensorBridgesOnTensorsOfSeveralElements) {
  Tensor t = Tensor::fromVector<float>({1.5f, 2.5f, 3.5f}, {3});
  std::string graph = R"IR(graph(%t : Tensor):
  %r : int = aten::Int(%t)
  return (%r)
)IR";
  EXPECT_NE(errorOf(graph, {IValue(t)})
                .find("aten::Int: a Tensor with 3 elements cannot be converted "
                      "to Scalar (shape [3])"),
            std::string::npos);
  // A one-element tensor of any rank converts.
  Tensor one = Tensor::fromVector<int32_t>({-4}, {1, 1});
  EXPECT_EQ(run1(graph, {IValue(one)}).toInt(), -4);
  EXPECT_EQ(run1(R"IR(graph(%t : Tensor):
  %r : Scalar = aten::item(%t)
  return (%r)
)IR",
                 {IValue(Tensor::fromVector<uint8_t>({200}, {1}))})
                .toInt(),
            200);
}

TEST(ScalarKernels, NumToTensorAndData) {
  auto out = runGraph(R"IR(graph(%t : Tensor):
  %x : Tensor = prim::data(%t)
  %d : int = prim::dtype(%x)
  %b : bool = prim::is_cuda(%x)
  %l : int = prim::layout(%x)
  return (%x, %d, %b, %l)
)IR",
                      {IValue(Tensor::fromVector<double>({1, 2}, {2}))});
  EXPECT_EQ(out[0].toTensor().item(1).toDouble(), 2.0);
  EXPECT_EQ(out[1].toInt(), 7); // torch.float64
  EXPECT_FALSE(out[2].toBool());
  EXPECT_EQ(out[3].toInt(), 0); // torch.strided
}

TEST(ScalarKernels, WarnWritesAUserWarning) {
  CompiledGraph warn(R"IR(graph():
  %m : str = prim::Constant[value="careful"]()
  %s : int = prim::Constant[value=2]()
   = aten::warn(%m, %s)
  return ()
)IR");
  warn.run();
  EXPECT_EQ(warn.printed.str(), "UserWarning: careful\n");
}

TEST(ScalarKernels, DeviceIndexAndErrors) {
  std::string graph = R"IR(graph(%s : str):
  %d : Device = aten::device(%s)
  %i : int? = prim::index(%d)
  %t : str = prim::type(%d)
  return (%i, %t)
)IR";
  auto out = runGraph(graph, {IValue("cuda:3")});
  EXPECT_EQ(out[0].toInt(), 3);
  EXPECT_EQ(out[1].toStringRef(), "cuda");
  EXPECT_NE(errorOf(graph, {IValue("cpu:1")})
                .find("CPU device index must be -1 or zero, got 1"),
            std::string::npos);
  EXPECT_NE(errorOf(graph, {IValue("cuda:x")})
                .find("Invalid device string: 'cuda:x'"),
            std::string::npos);
}

} // namespace
