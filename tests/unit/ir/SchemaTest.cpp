//===- SchemaTest.cpp - Schema parsing and matching -----------------------===//
#include "ir/Schema.h"
#include "ir/Diagnostics.h"
#include "ir/SchemaMatching.h"
#include "ir/TypeParser.h"

#include <gtest/gtest.h>

using namespace kiln;

namespace {

TEST(Schema, ArgumentsDefaultsAndKeywordOnly) {
  FunctionSchema s = parseSchema(
      "aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> "
      "Tensor");
  EXPECT_EQ(s.name(), "aten::add");
  EXPECT_EQ(s.overloadName(), "Tensor");
  EXPECT_EQ(s.kind(), Symbol::fromQualString("aten::add"));
  ASSERT_EQ(s.arguments().size(), 3u);
  EXPECT_FALSE(s.arguments()[1].kwargOnly);
  EXPECT_TRUE(s.arguments()[2].kwargOnly);
  EXPECT_EQ(s.arguments()[2].type->str(), "Scalar");
  EXPECT_EQ(std::get<int64_t>(*s.arguments()[2].defaultValue), 1);
  ASSERT_EQ(s.returns().size(), 1u);
  EXPECT_FALSE(s.isMutable());
}

TEST(Schema, AliasAnnotations) {
  FunctionSchema append =
      parseSchema("aten::append.t(t[](a!) self, t(c -> *) el) -> t[](a!)");
  EXPECT_TRUE(append.isMutable());
  EXPECT_TRUE(append.arguments()[0].alias->isWrite);
  EXPECT_EQ(append.arguments()[0].type->str(), "t[]");
  EXPECT_EQ(append.arguments()[1].alias->afterSets,
            std::vector<std::string>{"*"});
  FunctionSchema split = parseSchema(
      "aten::split.Tensor(Tensor(a -> *) self, SymInt split_size, int dim=0) "
      "-> Tensor(a)[]");
  EXPECT_EQ(split.arguments()[1].type->str(), "int"); // SymInt is int
  EXPECT_FALSE(split.returns()[0].alias);
  EXPECT_EQ(split.returns()[0].elementAlias->beforeSets,
            std::vector<std::string>{"a"});
  FunctionSchema view =
      parseSchema("aten::view(Tensor(a) self, SymInt[] size) -> Tensor(a)");
  EXPECT_FALSE(view.isMutable());
  EXPECT_EQ(view.returns()[0].alias->beforeSets[0], "a");
  FunctionSchema either = parseSchema("aten::f(Tensor(b|a) x) -> Tensor(*)?");
  EXPECT_EQ(either.arguments()[0].alias->beforeSets.size(), 2u);
  EXPECT_EQ(either.returns()[0].type->str(), "Tensor?");
}

TEST(Schema, DefaultsOfEveryKind) {
  FunctionSchema s = parseSchema(
      "aten::f(int[2] stride=1, int[1] dim=[], float eps=1e-05, "
      "str approximate=\"none\", bool flag=True, ScalarType? dtype=None, "
      "float p=2, float[] fs=[1, 2.5], int n=-100, bool[3] mask=[True, False, "
      "True]) -> ()");
  const auto &a = s.arguments();
  EXPECT_EQ(std::get<std::vector<int64_t>>(*a[0].defaultValue),
            (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(a[0].fixedListSize, 2);
  EXPECT_TRUE(std::get<std::vector<int64_t>>(*a[1].defaultValue).empty());
  EXPECT_DOUBLE_EQ(std::get<double>(*a[2].defaultValue), 1e-5);
  EXPECT_EQ(std::get<std::string>(*a[3].defaultValue), "none");
  EXPECT_TRUE(std::get<bool>(*a[4].defaultValue));
  EXPECT_TRUE(std::holds_alternative<NoneConstant>(*a[5].defaultValue));
  EXPECT_EQ(a[5].type->str(), "int?");
  EXPECT_EQ(std::get<double>(*a[6].defaultValue), 2.0); // float from "2"
  EXPECT_EQ(std::get<std::vector<double>>(*a[7].defaultValue),
            (std::vector<double>{1.0, 2.5}));
  EXPECT_EQ(std::get<int64_t>(*a[8].defaultValue), -100);
  EXPECT_EQ(std::get<std::vector<bool>>(*a[9].defaultValue),
            (std::vector<bool>{true, false, true}));
  EXPECT_TRUE(s.returns().empty());
}

TEST(Schema, VarargsAndReturnForms) {
  FunctionSchema format = parseSchema("aten::format(str self, ...) -> str");
  EXPECT_TRUE(format.isVararg());
  FunctionSchema max = parseSchema(
      "aten::max.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor "
      "values, Tensor indices)");
  ASSERT_EQ(max.returns().size(), 2u);
  EXPECT_EQ(max.returns()[1].name, "indices");
  FunctionSchema items =
      parseSchema("aten::items.str(Dict(str, t) self) -> ((str, t)[])");
  ASSERT_EQ(items.returns().size(), 1u);
  EXPECT_EQ(items.returns()[0].type->str(), "(str, t)[]");
  FunctionSchema tuple = parseSchema("aten::f() -> ((int, int))");
  EXPECT_EQ(tuple.returns()[0].type->str(), "(int, int)");
  FunctionSchema any = parseSchema("prim::If(bool cond) -> ...");
  EXPECT_TRUE(any.isVarret());
}

TEST(Schema, MalformedSchemasAreLocatedErrors) {
  auto error = [](const char *text) -> std::string {
    try {
      parseSchema(text);
    } catch (const CompileError &e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(
      error("aten::f(Tensor) -> Tensor").find("expected an argument name"),
      std::string::npos);
  EXPECT_NE(error("aten::f(Tensor x)").find("expected '->'"),
            std::string::npos);
  EXPECT_NE(error("aten::f(..., int x) -> ()").find("must be the last"),
            std::string::npos);
  EXPECT_NE(error("f(Tensor x) -> ()").find("expected '::'"),
            std::string::npos);
  EXPECT_NE(error("aten::f(Blob x) -> ()").find("unknown type 'Blob'"),
            std::string::npos);
}

std::vector<TypePtr> types(std::initializer_list<const char *> names) {
  std::vector<TypePtr> out;
  for (const char *n : names)
    out.push_back(parseTypeString(n));
  return out;
}

TEST(SchemaMatching, BindsTypeVariables) {
  FunctionSchema append =
      parseSchema("aten::append.t(t[](a!) self, t(c -> *) el) -> t[](a!)");
  auto m = matchArguments(append, types({"int[]", "int"}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->bindings.lookup("t")->str(), "int");
  EXPECT_TRUE(matchReturns(append, m->bindings, types({"int[]"}), nullptr));
  std::string why;
  EXPECT_FALSE(matchReturns(append, m->bindings, types({"float[]"}), &why));
  EXPECT_NE(why.find("float[]"), std::string::npos);
  EXPECT_FALSE(matchArguments(append, types({"int[]", "str"})));
  // Refined tensors fit lists of tensors and bind as they are.
  EXPECT_TRUE(matchArguments(append, types({"Tensor[]", "Float(2)"})));
}

TEST(SchemaMatching, CountsWidenings) {
  FunctionSchema addInt = parseSchema("aten::add.int(int a, int b) -> int");
  FunctionSchema addScalar =
      parseSchema("aten::add(Scalar a, Scalar b) -> Scalar");
  auto exact = matchArguments(addInt, types({"int", "int"}));
  auto widened = matchArguments(addScalar, types({"int", "int"}));
  ASSERT_TRUE(exact && widened);
  EXPECT_LT(exact->conversions, widened->conversions);
  FunctionSchema sum = parseSchema(
      "aten::sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *, "
      "ScalarType? dtype=None) -> Tensor");
  EXPECT_TRUE(
      matchArguments(sum, types({"Float(2, 3)", "int[]", "bool", "NoneType"})));
  EXPECT_TRUE(
      matchArguments(sum, types({"Tensor", "NoneType", "bool", "int"})));
  EXPECT_FALSE(matchArguments(sum, types({"Tensor", "int[]", "bool"})));
  EXPECT_FALSE(matchArguments(sum, types({"int", "int[]", "bool", "int"})));
}

} // namespace
