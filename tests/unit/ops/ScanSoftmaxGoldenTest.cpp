//===- ScanSoftmaxGoldenTest.cpp - cumsum, cumprod, softmax vs PyTorch ----===//
#include "runtime/tensor/ops/Scan.h"
#include "runtime/tensor/ops/Softmax.h"
#include "tests/unit/ops/ReductionGoldenCheck.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::reduction;

namespace {

auto cumsumAlong(int64_t dim, std::optional<ScalarType> dtype = kNone) {
  return [=](const Inputs &in) { return ops::cumsum(in[0], dim, dtype); };
}

auto cumprodAlong(int64_t dim, std::optional<ScalarType> dtype = kNone) {
  return [=](const Inputs &in) { return ops::cumprod(in[0], dim, dtype); };
}

TEST(ScanGolden, Cumsum) {
  checkCase("cumsum_dim0", 1, cumsumAlong(0));
  checkCase("cumsum_dim1", 1, cumsumAlong(-1));
  checkCase("cumsum_3d", 1, cumsumAlong(1));
  checkCase("cumsum_int", 1, cumsumAlong(0));
  checkCase("cumsum_bool", 1, cumsumAlong(0));
  checkCase("cumsum_dtype", 1, cumsumAlong(0, ScalarType::Double));
  checkCase("cumsum_dtype_int", 1, cumsumAlong(0, ScalarType::Long));
  checkCase("cumsum_scalar", 1, cumsumAlong(-1));
  checkCase("cumsum_empty", 1, cumsumAlong(1));
  checkCase("cumsum_nan", 1, cumsumAlong(0));
  checkCase("cumsum_scalar_dtype", 1, cumsumAlong(0, ScalarType::Double));
}

TEST(ScanGolden, Cumprod) {
  checkCase("cumprod_dim", 1, cumprodAlong(1));
  checkCase("cumprod_int32", 1, cumprodAlong(0));
  checkCase("cumprod_bool", 1, cumprodAlong(1));
  checkCase("cumprod_dtype", 1, cumprodAlong(0, ScalarType::Double));
}

TEST(ScanGolden, InPlace) {
  // The result is self, written through self's (possibly strided) layout.
  auto inPlace = [](bool sum, int64_t dim,
                    std::optional<ScalarType> dtype = kNone) {
    return [=](const Inputs &in) {
      Tensor self = copyWithLayout(in[0]);
      Tensor &result = sum ? ops::cumsum_(self, dim, dtype)
                           : ops::cumprod_(self, dim, dtype);
      EXPECT_TRUE(result.isSame(self));
      return self;
    };
  };
  checkCase("cumsum_inplace", 1, inPlace(true, 1));
  checkCase("cumsum_inplace_int8_wraps", 1, inPlace(true, 0));
  checkCase("cumprod_inplace_uint8", 1, inPlace(false, 0));
  checkCase("cumprod_inplace_dtype", 1, inPlace(false, 0, ScalarType::Float));
  checkCase("cumsum_inplace_scalar", 1, inPlace(true, -1));
}

TEST(SoftmaxGolden, Softmax) {
  auto softmax = [](int64_t dim, std::optional<ScalarType> dtype = kNone) {
    return [=](const Inputs &in) { return ops::softmax(in[0], dim, dtype); };
  };
  checkCase("softmax_dim1", 1, softmax(1));
  checkCase("softmax_dim0", 1, softmax(0));
  checkCase("softmax_3d", 1, softmax(-2));
  checkCase("softmax_dtype", 1, softmax(1, ScalarType::Double));
  checkCase("softmax_double_dtype_float", 1, softmax(0, ScalarType::Float));
  checkCase("softmax_int_dtype", 1, softmax(0, ScalarType::Float));
  checkCase("softmax_large", 1, softmax(0));
  checkCase("softmax_infinities", 1, softmax(1));
  checkCase("softmax_scalar", 1, softmax(0));
  checkCase("softmax_empty", 1, softmax(0));
  checkCase("softmax_nan", 1, softmax(0));
}

TEST(SoftmaxGolden, LogSoftmax) {
  auto logSoftmax = [](int64_t dim, std::optional<ScalarType> dtype = kNone) {
    return
        [=](const Inputs &in) { return ops::log_softmax(in[0], dim, dtype); };
  };
  checkCase("log_softmax_dim", 1, logSoftmax(1));
  checkCase("log_softmax_dim0", 1, logSoftmax(0));
  checkCase("log_softmax_dtype", 1, logSoftmax(-1, ScalarType::Double));
  checkCase("log_softmax_large", 1, logSoftmax(0));
  checkCase("log_softmax_infinities", 1, logSoftmax(1));
  checkCase("log_softmax_scalar", 1, logSoftmax(-1));
}

TEST(ScanSoftmaxErrors, DimsAndDtypes) {
  Tensor x = zerosOf({2, 3});
  expectUserError("aten::cumsum: dimension 2 is out of range for a tensor of "
                  "rank 2",
                  [&] { ops::cumsum(x, 2); });
  expectUserError("aten::cumprod: dimension 1 is out of range for a tensor "
                  "of rank 0",
                  [&] { ops::cumprod(zerosOf({}), 1); });
  expectUserError("aten::cumsum: tensors of dtype Bool are not supported",
                  [&] { ops::cumsum(x, 0, ScalarType::Bool); });
  expectUserError("aten::cumsum_: the dtype of an in-place scan must be "
                  "self's dtype Long, got Float",
                  [&] {
                    Tensor y = zerosOf({3}, ScalarType::Long);
                    ops::cumsum_(y, 0, ScalarType::Float);
                  });
  expectUserError("aten::cumprod_: tensors of dtype Bool are not supported",
                  [&] {
                    Tensor y = zerosOf({3}, ScalarType::Bool);
                    ops::cumprod_(y, 0);
                  });
  expectUserError("aten::softmax: tensors of dtype Long are not supported",
                  [&] { ops::softmax(zerosOf({3}, ScalarType::Long), 0); });
  expectUserError("aten::log_softmax: tensors of dtype Int are not supported",
                  [&] { ops::log_softmax(x, 0, ScalarType::Int); });
  expectUserError("aten::softmax: dimension -3 is out of range for a tensor "
                  "of rank 2",
                  [&] { ops::softmax(x, -3); });
}

} // namespace
