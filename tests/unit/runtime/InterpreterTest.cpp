//===- InterpreterTest.cpp - Lowering and running graphs ------------------===//
#include "runtime/Interpreter.h"
#include "ir/Diagnostics.h"
#include "ir/Parser.h"
#include "tests/support/RunGraph.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;

namespace {

// The graph PyTorch 1.13 prints for
//   s = 0
//   for i in range(n): s = (s + i * 3) % 1000003
const char *kScalarLoop = R"IR(graph(%n.1 : int):
  %5 : bool = prim::Constant[value=1]()
  %s.1 : int = prim::Constant[value=0]()
  %9 : int = prim::Constant[value=3]()
  %16 : int = prim::Constant[value=1000003]()
  %s : int = prim::Loop(%n.1, %5, %s.1)
    block0(%i.1 : int, %s.13 : int):
      %14 : int = aten::mul(%i.1, %9)
      %15 : int = aten::add(%s.13, %14)
      %s.7 : int = aten::remainder(%15, %16)
      -> (%5, %s.7)
  return (%s)
)IR";

int64_t scalarLoop(int64_t n) {
  int64_t s = 0;
  for (int64_t i = 0; i < n; ++i)
    s = (s + i * 3) % 1000003;
  return s;
}

TEST(Interpreter, ScalarLoop) {
  CompiledGraph c(kScalarLoop);
  for (int64_t n : {0, 1, 7, 1000})
    EXPECT_EQ(c.run({IValue(n)})[0].toInt(), scalarLoop(n)) << n;
}

TEST(Interpreter, LoopLowersToATestAndABackwardJump) {
  CompiledGraph c(kScalarLoop);
  std::string dump = c.code->dump();
  EXPECT_NE(dump.find("loop_test"), std::string::npos) << dump;
  EXPECT_NE(dump.find("call aten::remainder"), std::string::npos) << dump;
  // Per iteration: three calls and one loop_next; the carried value shares
  // a register with the body output that replaces it, so no move remains.
  size_t body = dump.find("call aten::mul");
  size_t next = dump.find("loop_next");
  ASSERT_NE(next, std::string::npos) << dump;
  EXPECT_EQ(dump.substr(body, next - body).find("move"), std::string::npos)
      << dump;
}

TEST(Interpreter, IfAndTensorOps) {
  CompiledGraph c(R"IR(graph(%x : Tensor, %c : bool):
  %one : int = prim::Constant[value=1]()
  %y : Tensor = prim::If(%c)
    block0():
      %a : Tensor = aten::add(%x, %x, %one)
      -> (%a)
    block1():
      %b : Tensor = aten::relu(%x)
      -> (%b)
  %s : Tensor = aten::sum(%y, %one)
  return (%y, %s)
)IR");
  Tensor x = Tensor::fromVector<float>({-1.f, 2.f, -3.f}, {3});
  auto doubled = c.run({IValue(x), IValue(true)});
  EXPECT_EQ(doubled[0].toTensor().item(2).toDouble(), -6.0);
  EXPECT_EQ(doubled[1].toTensor().item().toDouble(), -4.0);
  auto relued = c.run({IValue(x), IValue(false)});
  EXPECT_EQ(relued[0].toTensor().item(0).toDouble(), 0.0);
  EXPECT_EQ(relued[1].toTensor().item().toDouble(), 2.0);
}

TEST(Interpreter, LoopCarriedValuesSwap) {
  // a, b = b, a each iteration: the carried values move in parallel.
  CompiledGraph c(R"IR(graph(%n : int, %a0 : int, %b0 : int):
  %t : bool = prim::Constant[value=1]()
  %a : int, %b : int = prim::Loop(%n, %t, %a0, %b0)
    block0(%i : int, %x : int, %y : int):
      -> (%t, %y, %x)
  return (%a, %b)
)IR");
  auto out =
      c.run({IValue(int64_t{3}), IValue(int64_t{1}), IValue(int64_t{2})});
  EXPECT_EQ(out[0].toInt(), 2);
  EXPECT_EQ(out[1].toInt(), 1);
}

TEST(Interpreter, RaiseExceptionIsALocatedError) {
  CompiledGraph c(R"IR(graph(%c : bool):
  %m : str = prim::Constant[value="too big"]()
  %k : str = prim::Constant[value="builtins.ValueError"]()
   = prim::If(%c) # model.py:7:8
    block0():
       = prim::RaiseException(%m, %k) # model.py:8:12
      -> ()
    block1():
      -> ()
  return ()
)IR");
  EXPECT_NO_THROW(c.run({IValue(false)}));
  try {
    c.run({IValue(true)});
    FAIL() << "no error";
  } catch (const CompileError &e) {
    EXPECT_EQ(std::string(e.what()).rfind(
                  "model.py:8:12: error: ValueError: too big", 0),
              0u)
        << e.what();
  }
}

TEST(Interpreter, KernelErrorsNameTheNodeAndShapes) {
  CompiledGraph c(R"IR(graph(%x : Tensor, %y : Tensor):
  %one : int = prim::Constant[value=1]()
  %z : Tensor = aten::add(%x, %y, %one) # model.py:3:8
  return (%z)
)IR");
  Tensor a = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Float);
  Tensor b = Tensor::zeros(std::vector<int64_t>{4}, ScalarType::Float);
  try {
    c.run({IValue(a), IValue(b)});
    FAIL() << "no error";
  } catch (const CompileError &e) {
    std::string what = e.what();
    EXPECT_EQ(what.rfind("model.py:3:8: error: aten::add: shapes [2, 3] and "
                         "[4] cannot be broadcast together",
                         0),
              0u)
        << what;
  }
}

TEST(Interpreter, ListsTuplesAndPrint) {
  CompiledGraph c(R"IR(graph(%a : int, %b : int):
  %l : int[] = prim::ListConstruct(%a, %b)
  %t : (int[], int) = prim::TupleConstruct(%l, %a)
  %x : int[], %y : int = prim::TupleUnpack(%t)
   = prim::Print(%x, %y)
  return (%t)
)IR");
  auto out = c.run({IValue(int64_t{1}), IValue(int64_t{2})});
  EXPECT_EQ(out[0].repr(), "([1, 2], 1)");
  EXPECT_EQ(c.printed.str(), "[1, 2] 1\n");
}

TEST(Interpreter, MissingKernelIsACompileError) {
  // Antialiased bicubic upsampling is one of the few ops without a kernel.
  auto graph = parseIR(
      R"IR(graph(%x : Tensor, %size : int[], %corners : bool, %none : NoneType):
  %y : Tensor = aten::_upsample_bicubic2d_aa(%x, %size, %corners, %none, %none) # m.py:1:1
  return (%y)
)IR");
  ClassRegistry classes;
  try {
    Code::compile(*graph, classes);
    FAIL();
  } catch (const CompileError &e) {
    EXPECT_NE(std::string(e.what()).find(
                  "no kernel for aten::_upsample_bicubic2d_aa"),
              std::string::npos)
        << e.what();
  }
}

} // namespace
