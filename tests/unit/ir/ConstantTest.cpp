//===- ConstantTest.cpp - Constant values and tensor literals -------------===//
#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/Parser.h"
#include "ir/TensorText.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;

namespace {

TEST(Constant, TypesAndFormatting) {
  EXPECT_EQ(constantType(int64_t{3})->str(), "int");
  EXPECT_EQ(constantType(std::vector<bool>{true})->str(), "bool[]");
  EXPECT_EQ(formatConstant(std::vector<double>{1.0, 0.5}), "[1., 0.5]");
  EXPECT_EQ(formatConstant(std::vector<std::string>{"a", "b"}),
            R"(["a", "b"])");
  Tensor t = Tensor::zeros(std::vector<int64_t>{2}, ScalarType::Double);
  EXPECT_EQ(constantType(t)->str(),
            "Double(2, strides=[1], requires_grad=0, device=cpu)");
}

TEST(Constant, EqualityTellsSignedZerosAndNaNs) {
  EXPECT_TRUE(constantsEqual(0.0, 0.0));
  EXPECT_FALSE(constantsEqual(0.0, -0.0));
  EXPECT_TRUE(constantsEqual(std::nan(""), std::nan("")));
  EXPECT_FALSE(constantsEqual(int64_t{1}, 1.0));
  EXPECT_FALSE(constantsEqual(true, int64_t{1}));
}

TEST(Constant, TensorLiteralsReadBackExactly) {
  auto roundTrip = [](const Tensor &t) {
    Graph g;
    g.registerOutput(insertConstant(g, t));
    auto parsed = parseIR(g.toString());
    EXPECT_EQ(parsed->toString(), g.toString());
    return std::get<Tensor>(*constantValueOf(parsed->outputs()[0]));
  };
  Tensor f = Tensor::scalar(Scalar(0.1), ScalarType::Float);
  EXPECT_EQ(formatTensorLiteral(f), "{0.10000000149011612}");
  EXPECT_TRUE(roundTrip(f).identical(f));
  // 2^35 is exact in float32 and prints without a '.' of its own.
  Tensor big = Tensor::scalar(Scalar(34359738368.0), ScalarType::Float);
  EXPECT_EQ(formatTensorLiteral(big), "{34359738368.}");
  EXPECT_TRUE(roundTrip(big).identical(big));
  Tensor l = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Long);
  for (int64_t i = 0; i < 6; ++i)
    l.setItem(i, Scalar(i - 3));
  EXPECT_EQ(formatTensorLiteral(l), "Long(2, 3){-3, -2, -1, 0, 1, 2}");
  EXPECT_TRUE(roundTrip(l).identical(l));
  Tensor b = Tensor::scalar(Scalar(true), ScalarType::Bool);
  EXPECT_EQ(formatTensorLiteral(b), "Bool(){1}");
  EXPECT_TRUE(roundTrip(b).identical(b));
  Tensor empty = Tensor::zeros(std::vector<int64_t>{0, 4}, ScalarType::Float);
  EXPECT_EQ(formatTensorLiteral(empty), "Float(0, 4){}");
  EXPECT_TRUE(roundTrip(empty).identical(empty));
  // A transposed view prints its elements in logical order.
  Tensor t2 = l.asStrided({3, 2}, {1, 3}, 0);
  EXPECT_EQ(formatTensorLiteral(t2), "Long(3, 2){-3, 0, -2, 1, -1, 2}");
}

} // namespace
