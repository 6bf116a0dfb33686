//===- ConstantFoldingTest.cpp - The pass folds as the kernels compute ----===//
//
// constant-propagation folds scalar, list and tuple ops itself
// (passes/ConstantFolding.h). Whatever it folds must be what the runtime's
// kernel computes for the same node: both run on a grid of operands, and
// where the pass folds, the kernel must agree (where it does not, the
// kernel may fail: division by zero).
//
//===----------------------------------------------------------------------===//
#include "passes/ConstantFolding.h"
#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/Parser.h"
#include "runtime/KernelEvaluator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace kiln;

namespace {

std::string typeName(const ConstantValue &c) { return constantType(c)->str(); }

// How many nodes the pass folded (so that the tests check something).
int foldedCount = 0;

// A graph with one node `kind(a, b)` whose inputs are the constants.
void checkAgainstKernel(const std::string &kind, const std::string &resultType,
                        const std::vector<ConstantValue> &operands) {
  std::string text = "graph():\n";
  std::string args;
  for (size_t i = 0; i < operands.size(); ++i) {
    text += "  %c" + std::to_string(i) + " : " + typeName(operands[i]) +
            " = prim::Constant[value=" + formatConstant(operands[i]) + "]()\n";
    args += (i ? ", %c" : "%c") + std::to_string(i);
  }
  text += "  %r : " + resultType + " = " + kind + "(" + args + ")\n";
  text += "  return (%r)\n";
  std::unique_ptr<Graph> g;
  try {
    g = parseIR(text);
  } catch (const std::exception &) {
    return; // no overload for these operand types
  }
  const Node *node = g->returnNode()->input(0)->node();
  if (!node->maybeOp())
    return; // constant-propagation folds only resolved nodes
  auto folded = foldConstantNode(*node, operands);
  if (!folded)
    return;
  auto computed = kernelConstantEvaluator().evaluate(*node, operands);
  ++foldedCount;
  ASSERT_TRUE(computed) << "the pass folds what the kernel rejects:\n" << text;
  ASSERT_EQ(folded->size(), computed->size());
  for (size_t i = 0; i < folded->size(); ++i)
    EXPECT_TRUE(constantsEqual((*folded)[i], (*computed)[i]))
        << text << "pass: " << formatConstant((*folded)[i])
        << ", kernel: " << formatConstant((*computed)[i]);
}

TEST(ConstantFolding, ScalarOpsAgreeWithTheKernels) {
  foldedCount = 0;
  const int64_t big = std::numeric_limits<int64_t>::max();
  const int64_t small = std::numeric_limits<int64_t>::min();
  std::vector<ConstantValue> numbers = {
      int64_t{0}, int64_t{7}, int64_t{-7},  int64_t{2}, int64_t{-1},
      big,        small,      0.0,          -0.0,       2.5,
      -3.75,      1e300,      std::nan(""), true,       false};
  struct Op {
    const char *kind;
    const char *type;
  };
  const Op binary[] = {
      {"aten::add", "Scalar"},      {"aten::sub", "Scalar"},
      {"aten::mul", "Scalar"},      {"aten::div", "float"},
      {"aten::floordiv", "Scalar"}, {"aten::remainder", "Scalar"},
      {"aten::eq", "bool"},         {"aten::ne", "bool"},
      {"aten::lt", "bool"},         {"aten::le", "bool"},
      {"aten::gt", "bool"},         {"aten::ge", "bool"},
      {"aten::__and__", "Logic"},   {"aten::__or__", "Logic"},
      {"aten::__xor__", "Logic"},
  };
  // Each overload: int, float, mixed, and the Scalar one (with its result
  // type the node's); the parser picks the overload from the operand types.
  for (const Op &op : binary)
    for (const ConstantValue &a : numbers)
      for (const ConstantValue &b : numbers) {
        bool ints = !std::holds_alternative<double>(a) &&
                    !std::holds_alternative<double>(b);
        std::string type = op.type;
        if (type == "Scalar")
          type = ints ? "int" : "float";
        if (type == "Logic")
          type =
              std::holds_alternative<bool>(a) && std::holds_alternative<bool>(b)
                  ? "bool"
                  : "int";
        checkAgainstKernel(op.kind, type, {a, b});
      }
  for (const ConstantValue &a : numbers) {
    checkAgainstKernel("aten::neg", typeName(a), {a});
    checkAgainstKernel("aten::Int", "int", {a});
    checkAgainstKernel("aten::Float", "float", {a});
    checkAgainstKernel("aten::Bool", "bool", {a});
    checkAgainstKernel("aten::__not__", "bool", {a});
  }
  std::vector<ConstantValue> ints = {int64_t{0},  int64_t{3}, int64_t{-4},
                                     int64_t{10}, big,        small};
  for (const ConstantValue &a : ints)
    for (const ConstantValue &b : ints)
      for (const ConstantValue &c : ints) {
        checkAgainstKernel("aten::__range_length", "int", {a, b, c});
        checkAgainstKernel("aten::__derive_index", "int", {a, b, c});
      }
  EXPECT_GT(foldedCount, 2000);
}

TEST(ConstantFolding, ListAndStringOpsAgreeWithTheKernels) {
  foldedCount = 0;
  std::vector<int64_t> list = {4, -2, 9};
  for (int64_t i : {-4, -3, -1, 0, 2, 3})
    checkAgainstKernel("aten::__getitem__", "int", {list, i});
  checkAgainstKernel("aten::len", "int", {list});
  checkAgainstKernel("aten::add", "int[]", {list, list});
  checkAgainstKernel("aten::eq", "bool", {list, list});
  checkAgainstKernel("aten::add", "str", {std::string("a"), std::string("b")});
  checkAgainstKernel("aten::lt", "bool", {std::string("ab"), std::string("b")});
  Tensor t = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Float);
  checkAgainstKernel("aten::size", "int[]", {t});
  checkAgainstKernel("aten::dim", "int", {t});
  for (int64_t d : {-3, -1, 0, 1, 2})
    checkAgainstKernel("aten::size", "int", {t, d});
  EXPECT_EQ(foldedCount, 14);
}

} // namespace
