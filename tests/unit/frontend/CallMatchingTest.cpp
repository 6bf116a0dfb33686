//===- CallMatchingTest.cpp - Keyword, default and conversion rules -------===//
#include "frontend/CallMatching.h"

#include <gtest/gtest.h>

namespace kiln {
namespace {

using Conversion = ArgumentSource::Conversion;
using Kind = ArgumentSource::Kind;

CallArguments args(std::vector<TypePtr> positional,
                   std::vector<std::pair<std::string, TypePtr>> kw = {}) {
  return CallArguments{std::move(positional), std::move(kw)};
}

TypePtr tensor() { return TensorType::get(); }
TypePtr i64() { return IntType::get(); }
TypePtr f64() { return FloatType::get(); }

TEST(CallMatchingTest, KeywordsAndDefaultsFillParameters) {
  FunctionSchema s = parseSchema(
      "aten::sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *, "
      "ScalarType? dtype=None) -> Tensor");
  std::string why;
  auto m = matchCall(
      s, args({tensor()}, {{"dim", i64()}, {"keepdim", BoolType::get()}}),
      &why);
  ASSERT_TRUE(m) << why;
  EXPECT_EQ(m->arguments[0].kind, Kind::Positional);
  EXPECT_EQ(m->arguments[1].kind, Kind::Keyword);
  EXPECT_EQ(m->arguments[1].index, 0u);
  EXPECT_EQ(m->arguments[1].conversion, Conversion::BroadcastScalar);
  EXPECT_EQ(m->arguments[2].kind, Kind::Keyword);
  EXPECT_EQ(m->arguments[3].kind, Kind::Default);
  EXPECT_EQ(m->returns[0]->str(), "Tensor");
}

TEST(CallMatchingTest, ExplainsWhyACallDoesNotFit) {
  FunctionSchema s = parseSchema(
      "aten::softmax.int(Tensor self, int dim, ScalarType? dtype=None) -> "
      "Tensor");
  std::string why;
  EXPECT_FALSE(matchCall(s, args({tensor()}), &why));
  EXPECT_EQ(why, "missing argument 'dim'");
  EXPECT_FALSE(matchCall(s, args({tensor(), f64()}), &why));
  EXPECT_EQ(why, "argument 'dim' must be int, not float");
  EXPECT_FALSE(matchCall(s, args({tensor()}, {{"axis", i64()}}), &why));
  EXPECT_EQ(why, "has no argument named 'axis'");
  EXPECT_FALSE(matchCall(s, args({tensor(), i64(), i64(), i64()}), &why));
  EXPECT_EQ(why, "takes 3 positional arguments but 4 were given");
  EXPECT_FALSE(matchCall(s, args({tensor(), i64()}, {{"dim", i64()}}), &why));
  EXPECT_EQ(why, "got argument 'dim' twice");
}

TEST(CallMatchingTest, KeywordOnlyParametersRefusePositionals) {
  FunctionSchema s = parseSchema("aten::f(Tensor self, *, int k=1) -> Tensor");
  std::string why;
  EXPECT_FALSE(matchCall(s, args({tensor(), i64()}), &why));
  EXPECT_TRUE(matchCall(s, args({tensor()}, {{"k", i64()}})));
}

TEST(CallMatchingTest, ConvertsTuplesIntsAndOptionals) {
  FunctionSchema s = parseSchema(
      "aten::g(Tensor self, int[2] stride, float eps, Tensor? bias) -> Tensor");
  TypePtr pair = TupleType::create({i64(), i64()});
  auto m = matchCall(s, args({tensor(), pair, i64(), tensor()}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->arguments[1].conversion, Conversion::TupleToList);
  EXPECT_EQ(m->arguments[2].conversion, Conversion::IntToFloat);
  EXPECT_EQ(m->arguments[3].conversion, Conversion::ToOptional);
  EXPECT_TRUE(matchCall(s, args({tensor(), i64(), f64(), NoneType::get()})));
  // A tuple holding a tensor is no int list.
  EXPECT_FALSE(matchCall(
      s,
      args({tensor(), TupleType::create({i64(), tensor()}), f64(), tensor()})));
}

TEST(CallMatchingTest, PrefersTheOverloadNeedingFewestConversions) {
  const OpTable &table = OpTable::get();
  auto overloads = table.overloads(Symbol::fromQualString("aten::add"));
  auto m = matchOverloads(overloads, args({i64(), i64()}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->schema->overloadName(), "int");
  m = matchOverloads(overloads, args({tensor(), f64()}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->schema->overloadName(), "Scalar");
  std::string whyNot;
  EXPECT_FALSE(
      matchOverloads(overloads, args({tensor(), StringType::get()}), &whyNot));
  EXPECT_NE(whyNot.find("aten::add.Tensor(Tensor self, Tensor other"),
            std::string::npos);
}

TEST(CallMatchingTest, BindsTypeVariables) {
  const OpTable &table = OpTable::get();
  auto m = matchOverloads(
      table.overloads(Symbol::fromQualString("aten::__getitem__")),
      args({ListType::create(tensor()), i64()}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->returns[0]->str(), "Tensor");
}

} // namespace
} // namespace kiln
