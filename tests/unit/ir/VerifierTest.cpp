//===- VerifierTest.cpp - What the verifier rejects -----------------------===//
#include "ir/Verifier.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "ir/Parser.h"

#include <gtest/gtest.h>

using namespace kiln;

namespace {

struct BadGraph {
  const char *name;
  const char *text;
  const char *message;
};

class VerifierRejects : public ::testing::TestWithParam<BadGraph> {};

void PrintTo(const BadGraph &bad, std::ostream *os) { *os << bad.name; }

TEST_P(VerifierRejects, WithALocatedMessage) {
  const BadGraph &bad = GetParam();
  auto g = parseIR(bad.text, "bad.ir");
  try {
    verify(*g);
    FAIL() << "verified: " << bad.text;
  } catch (const CompileError &e) {
    std::string what = e.what();
    EXPECT_NE(what.find(bad.message), std::string::npos) << what;
    EXPECT_EQ(what.rfind("bad.ir:", 0), 0u) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Verifier, VerifierRejects,
    ::testing::Values(
        BadGraph{"WrongOperandType",
                 "graph(%n : int):\n  %y : Tensor = aten::relu(%n)\n"
                 "  return (%y)\n",
                 "no overload of aten::relu accepts arguments of types (int)"},
        BadGraph{"WrongResultType",
                 "graph(%x : Tensor):\n  %y : int = aten::relu(%x)\n"
                 "  return (%y)\n",
                 "result 0 has type int but the schema returns Tensor"},
        BadGraph{"TooManyResults",
                 "graph(%x : Tensor):\n  %y : Tensor, %z : Tensor = "
                 "aten::relu(%x)\n  return (%y)\n",
                 "expected 1 result but the node has 2"},
        BadGraph{"IfWithOneBlock",
                 "graph(%c : bool):\n   = prim::If(%c)\n    block0():\n"
                 "      -> ()\n  return ()\n",
                 "prim::If must have 2 blocks but has 1"},
        BadGraph{
            "IfBlockArity",
            "graph(%c : bool, %x : Tensor):\n  %y : Tensor = prim::If(%c)\n"
            "    block0():\n      -> (%x)\n    block1():\n      -> ()\n"
            "  return (%y)\n",
            "block1 of prim::If returns 0 values but the node has 1 result"},
        BadGraph{"IfBlockType",
                 "graph(%c : bool, %x : Tensor, %n : int):\n"
                 "  %y : Tensor = prim::If(%c)\n    block0():\n      -> (%x)\n"
                 "    block1():\n      -> (%n)\n  return (%y)\n",
                 "block1 of prim::If returns %n of type int"},
        BadGraph{
            "LoopBodyArity",
            "graph(%n : int, %c : bool, %x : Tensor):\n"
            "  %y : Tensor = prim::Loop(%n, %c, %x)\n    block0(%i : int):\n"
            "      -> (%c, %x)\n  return (%y)\n",
            "the body of prim::Loop must take 2 inputs"},
        BadGraph{"LoopCarriedType",
                 "graph(%n : int, %c : bool, %x : Tensor):\n"
                 "  %y : Tensor = prim::Loop(%n, %c, %x)\n"
                 "    block0(%i : int, %a : Tensor):\n      -> (%c, %i)\n"
                 "  return (%y)\n",
                 "returns %i of type int for carried value %a"},
        BadGraph{"LoopCondition",
                 "graph(%n : int, %c : bool):\n   = prim::Loop(%n, %c)\n"
                 "    block0(%i : int):\n      -> (%i)\n  return ()\n",
                 "must return a bool condition first"},
        BadGraph{"ConstantKind",
                 "graph():\n  %c : int = prim::Constant[value=\"x\"]()\n"
                 "  return (%c)\n",
                 "prim::Constant of type int cannot hold a str value"},
        BadGraph{"ConstantBool",
                 "graph():\n  %c : bool = prim::Constant[value=2]()\n"
                 "  return (%c)\n",
                 "a bool constant must be 0 or 1"},
        BadGraph{"ConstantMissingValue",
                 "graph():\n  %c : int = prim::Constant()\n  return (%c)\n",
                 "prim::Constant of type int needs a value"},
        BadGraph{"ListElement",
                 "graph(%a : int, %b : str):\n"
                 "  %l : int[] = prim::ListConstruct(%a, %b)\n  return (%l)\n",
                 "element %b of type str does not fit a list of int"},
        BadGraph{"TupleArity",
                 "graph(%a : int):\n"
                 "  %t : (int, int) = prim::TupleConstruct(%a)\n"
                 "  return (%t)\n",
                 "prim::TupleConstruct has 1 input for a tuple of 2"},
        BadGraph{"TupleUnpackArity",
                 "graph(%t : (int, Tensor)):\n"
                 "  %a : int = prim::TupleUnpack(%t)\n  return (%a)\n",
                 "prim::TupleUnpack of a 2-tuple has 1 result"},
        BadGraph{"GetAttrOnTensor",
                 "graph(%x : Tensor):\n"
                 "  %w : Tensor = prim::GetAttr[name=\"w\"](%x)\n"
                 "  return (%w)\n",
                 "needs a module or class object, not Tensor"},
        BadGraph{"GetAttrWithoutName",
                 "graph(%s : __torch__.M):\n"
                 "  %w : Tensor = prim::GetAttr(%s)\n  return (%w)\n",
                 "needs a str attribute 'name'"},
        BadGraph{"ScopeOfNestedValues",
                 "graph(%c : bool, %x : Tensor):\n   = prim::If(%c)\n"
                 "    block0():\n      %y : Tensor = aten::neg(%x)\n"
                 "      -> ()\n    block1():\n      -> ()\n"
                 "  %z : Tensor = aten::relu(%y)\n  return (%z)\n",
                 "value %y is used by aten::relu but is not defined before "
                 "it"},
        BadGraph{"FusionGroupArity",
                 "graph(%x : Tensor):\n"
                 "  %1 : Tensor = prim::FusionGroup_0(%x, %x)\n"
                 "  return (%1)\nwith prim::FusionGroup_0 = graph(%a : "
                 "Tensor):\n  return (%a)\n",
                 "fusion group has 2 inputs but its subgraph takes 1"}),
    [](const ::testing::TestParamInfo<BadGraph> &param) {
      return param.param.name;
    });

TEST(Verifier, NodesFromScriptsShowTheNodeWhenTheScriptTextIsUnknown) {
  auto g = parseIR("graph(%n : int):\n"
                   "  %y : Tensor = aten::relu(%n) # models/m.py:7:4\n"
                   "  return (%y)\n");
  try {
    verify(*g);
    FAIL();
  } catch (const CompileError &e) {
    std::string what = e.what();
    EXPECT_EQ(what.rfind("models/m.py:7:4: error: no overload", 0), 0u);
    EXPECT_NE(what.find("note: in node: %y : Tensor = aten::relu(%n) # "
                        "models/m.py:7:4"),
              std::string::npos)
        << what;
  }
}

TEST(Verifier, GraphsBuiltInCpp) {
  Graph g;
  Value *x = g.addInput("x");
  // An unknown kind made in C++ (the parser would refuse it).
  Node *n = g.insert(Symbol::fromQualString("aten::not_an_op"),
                     std::vector<Value *>{x});
  g.registerOutput(n->output());
  EXPECT_THROW(verify(g), CompileError);
  g.eraseOutput(0);
  n->destroy();
  // Blocks on an op that takes none.
  Node *relu =
      g.insert(Symbol::fromQualString("aten::relu"), std::vector<Value *>{x});
  relu->addBlock();
  g.registerOutput(relu->output());
  try {
    verify(g);
    FAIL();
  } catch (const CompileError &e) {
    EXPECT_NE(std::string(e.what()).find("aten::relu cannot have blocks"),
              std::string::npos);
  }
}

} // namespace
