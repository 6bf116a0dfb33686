//===- TensorTest.cpp - The tensor core the IR relies on ------------------===//
#include "runtime/tensor/Tensor.h"
#include "support/Error.h"

#include <gtest/gtest.h>

using namespace kiln;

namespace {

TEST(ScalarType, PyTorchCodesAndNames) {
  EXPECT_EQ(scalarTypeFromCode(6), ScalarType::Float);
  EXPECT_EQ(scalarTypeFromCode(4), ScalarType::Long);
  EXPECT_EQ(scalarTypeFromCode(11), ScalarType::Bool);
  EXPECT_FALSE(scalarTypeFromCode(8)); // ComplexHalf: not Kiln's
  EXPECT_EQ(scalarTypeName(ScalarType::Double), "Double");
  EXPECT_EQ(scalarTypeFromName("Byte"), ScalarType::Byte);
  EXPECT_EQ(elementSize(ScalarType::Long), 8u);
}

TEST(Tensor, ZerosViewsAndElements) {
  Tensor t = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Float);
  EXPECT_EQ(t.strides(), (std::vector<int64_t>{3, 1}));
  EXPECT_TRUE(t.isContiguous());
  EXPECT_EQ(t.numel(), 6);
  t.setItem(5, Scalar(2.5));
  EXPECT_EQ(t.item(5).toDouble(), 2.5);
  // A transposed view shares storage.
  Tensor v = t.asStrided({3, 2}, {1, 3}, 0);
  EXPECT_FALSE(v.isContiguous());
  EXPECT_EQ(v.item(5).toDouble(), 2.5);
  v.setItem(1, Scalar(7.0)); // v[0][1] is t[1][0]
  EXPECT_EQ(t.item(3).toDouble(), 7.0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.rawData()) % 64, 0u);
}

TEST(Tensor, IdenticalComparesValuesNotLayout) {
  Tensor a = Tensor::zeros(std::vector<int64_t>{2, 2}, ScalarType::Long);
  Tensor b = Tensor::zeros(std::vector<int64_t>{2, 2}, ScalarType::Long);
  EXPECT_TRUE(a.identical(b));
  b.setItem(1, Scalar(int64_t{1}));
  EXPECT_FALSE(a.identical(b));
  a.setItem(2, Scalar(int64_t{1}));
  // a^T has the 1 at position 1.
  EXPECT_TRUE(a.asStrided({2, 2}, {1, 2}, 0).identical(b));
  Tensor f = Tensor::zeros(std::vector<int64_t>{2, 2}, ScalarType::Float);
  EXPECT_FALSE(
      f.identical(Tensor::zeros(std::vector<int64_t>{2, 2}, ScalarType::Long)));
}

TEST(Tensor, HugeOrNegativeShapesAreUserErrors) {
  EXPECT_THROW(Tensor::zeros(std::vector<int64_t>{-1}, ScalarType::Float),
               UserError);
  EXPECT_THROW(Tensor::zeros(std::vector<int64_t>{1LL << 40, 1LL << 40},
                             ScalarType::Float),
               UserError);
  EXPECT_THROW(Tensor::scalar(Scalar(1.0), ScalarType::Half), UserError);
}

} // namespace
