//===- OpTableTest.cpp - The op table and overload resolution -------------===//
#include "ir/OpTable.h"
#include "ir/Parser.h"

#include <gtest/gtest.h>

#include <cctype>

using namespace kiln;

namespace {

TEST(OpTable, EveryEntryParsesAndIsNamedAfterItsSchema) {
  const OpTable &table = OpTable::get();
  ASSERT_GT(table.all().size(), 1000u);
  for (const OpInfo &op : table.all()) {
    std::string expected =
        op.schema.name() + (op.schema.overloadName().empty()
                                ? ""
                                : "." + op.schema.overloadName());
    for (char &c : expected)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
        c = '_';
    // "aten::add" -> "aten__add": the id joins namespace and name with one _.
    size_t colons = expected.find("__");
    expected.erase(colons, 1);
    EXPECT_EQ(op.idName, expected) << op.schema.str();
    EXPECT_EQ(&table.info(op.id), &op);
  }
}

TEST(OpTable, FindsOverloadsByName) {
  const OpTable &table = OpTable::get();
  const OpInfo *add = table.find("aten::add.Tensor");
  ASSERT_TRUE(add);
  EXPECT_EQ(add->id, OpId::aten_add_Tensor);
  EXPECT_TRUE(add->isElementwise());
  ASSERT_TRUE(table.find("aten::relu"));
  EXPECT_FALSE(table.find("aten::relu.Tensor"));
  EXPECT_GE(table.overloads(Symbol::fromQualString("aten::add")).size(), 8u);
  EXPECT_TRUE(table.info(OpId::aten_add__Tensor).isMutating());
  EXPECT_TRUE(table.info(OpId::prim_Print).hasSideEffects());
  EXPECT_TRUE(table.info(OpId::aten_dropout).isNondeterministic());
  EXPECT_TRUE(table.info(OpId::aten_sum_dim_IntList).isReduction());
  EXPECT_FALSE(table.info(OpId::aten_view).isMutating());
}

// The overload the node's types select.
std::string resolved(const char *inputs, const char *call, const char *result) {
  std::string text = std::string("graph(") + inputs + "):\n  %r : " + result +
                     " = " + call + "\n  return (%r)\n";
  auto g = parseIR(text);
  const OpInfo *op = g->nodes().front()->maybeOp();
  return op ? std::string(op->idName) : "none";
}

TEST(OpTable, ResolvesOverloadsByArgumentTypes) {
  EXPECT_EQ(resolved("%a : int, %b : int", "aten::add(%a, %b)", "int"),
            "aten_add_int");
  EXPECT_EQ(resolved("%a : float, %b : int", "aten::add(%a, %b)", "float"),
            "aten_add_float_int");
  EXPECT_EQ(resolved("%a : Tensor, %b : Tensor, %c : int",
                     "aten::add(%a, %b, %c)", "Tensor"),
            "aten_add_Tensor");
  EXPECT_EQ(resolved("%a : Tensor, %b : float, %c : int",
                     "aten::add(%a, %b, %c)", "Tensor"),
            "aten_add_Scalar");
  EXPECT_EQ(resolved("%a : int[], %b : int[]", "aten::add(%a, %b)", "int[]"),
            "aten_add_t");
  EXPECT_EQ(resolved("%a : str, %b : str", "aten::add(%a, %b)", "str"),
            "aten_add_str");
  EXPECT_EQ(resolved("%a : Float(2, 3), %b : int", "aten::size(%a, %b)", "int"),
            "aten_size_int");
  EXPECT_EQ(
      resolved("%l : int[], %i : int", "aten::__getitem__(%l, %i)", "int"),
      "aten___getitem___t");
  EXPECT_EQ(resolved("%d : Dict(str, Tensor), %k : str",
                     "aten::__getitem__(%d, %k)", "Tensor"),
            "aten___getitem___Dict_str");
  // Results take part: nothing returns a str from two ints.
  EXPECT_EQ(resolved("%a : int, %b : int", "aten::add(%a, %b)", "str"), "none");
}

} // namespace
