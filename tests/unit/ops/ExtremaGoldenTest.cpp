//===- ExtremaGoldenTest.cpp - Maxima, minima, medians against PyTorch ----===//
//
// amax, amin, max, min (all, dim, other), argmax, argmin, aminmax, median,
// nanmedian; goldens from tests/golden/reduction.py.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Extrema.h"
#include "tests/unit/ops/ReductionGoldenCheck.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::reduction;

namespace {

TEST(ExtremaGolden, AmaxAmin) {
  checkCase("amax_all", 1,
            [](const Inputs &in) { return ops::amax(in[0], D{}, false); });
  checkCase("amax_dim", 1,
            [](const Inputs &in) { return ops::amax(in[0], D{1}, false); });
  checkCase("amax_dims_keepdim", 1, [](const Inputs &in) {
    return ops::amax(in[0], D{0, 2}, true);
  });
  checkCase("amax_nan", 1,
            [](const Inputs &in) { return ops::amax(in[0], D{1}, false); });
  checkCase("amax_bool", 1,
            [](const Inputs &in) { return ops::amax(in[0], D{0}, false); });
  checkCase("amax_uint8", 1,
            [](const Inputs &in) { return ops::amax(in[0], D{0}, false); });
  checkCase("amax_empty_kept", 1,
            [](const Inputs &in) { return ops::amax(in[0], D{1}, false); });
  checkCase("amax_scalar", 1,
            [](const Inputs &in) { return ops::amax(in[0], D{0}, false); });
  checkCase("amin_dim", 1,
            [](const Inputs &in) { return ops::amin(in[0], D{-1}, false); });
  checkCase("amin_int", 1, [](const Inputs &in) {
    return ops::amin(in[0], D{0, 1}, false);
  });
  checkCase("amin_nan", 1,
            [](const Inputs &in) { return ops::amin(in[0], D{}, false); });
}

TEST(ExtremaGolden, MaxMinOfAll) {
  auto max = [](const Inputs &in) { return ops::max(in[0]); };
  auto min = [](const Inputs &in) { return ops::min(in[0]); };
  checkCase("max_all", 1, max);
  checkCase("max_all_nan", 1, max);
  checkCase("max_all_bool", 1, max);
  checkCase("max_all_int8", 1, max);
  checkCase("min_all", 1, min);
  checkCase("min_all_int", 1, min);
}

TEST(ExtremaGolden, MaxMinAlongDim) {
  auto maxAlong = [](int64_t dim, bool keepdim) {
    return [=](const Inputs &in) { return ops::max(in[0], dim, keepdim); };
  };
  checkCase("max_dim", 1, maxAlong(1, false));
  checkCase("max_dim_keepdim", 1, maxAlong(0, true));
  checkCase("max_dim_ties", 1, maxAlong(1, false));
  checkCase("max_dim_nan", 1, maxAlong(1, false));
  checkCase("max_dim_bool", 1, maxAlong(1, false));
  checkCase("max_dim_scalar", 1, maxAlong(0, false));
  checkCase("max_dim_empty_kept", 1, maxAlong(1, false));
  checkCase("max_dim_3d", 1, maxAlong(-2, false));
  checkCase("max_dim_scalar_keepdim", 1, maxAlong(0, true));
  checkCase("min_dim", 1,
            [](const Inputs &in) { return ops::min(in[0], 1, true); });
  checkCase("min_dim_ties", 1,
            [](const Inputs &in) { return ops::min(in[0], 0, false); });
}

TEST(ExtremaGolden, MaxMinOther) {
  auto max = [](const Inputs &in) { return ops::max(in[0], in[1]); };
  checkCase("max_other_broadcast", 2, max);
  checkCase("max_other_promote", 2, max);
  checkCase("max_other_nan", 2, max);
  checkCase("max_other_uint8_int8", 2, max);
  checkCase("max_other_bool", 2, max);
  checkCase("max_other_scalar", 2, max);
  auto min = [](const Inputs &in) { return ops::min(in[0], in[1]); };
  checkCase("min_other", 2, min);
  checkCase("min_other_bool_int", 2, min);
  checkCase("max_other_scalars", 2, max);
}

TEST(ExtremaGolden, ArgmaxArgmin) {
  checkCase("argmax_all", 1,
            [](const Inputs &in) { return ops::argmax(in[0], kNone, false); });
  checkCase("argmax_all_keepdim", 1,
            [](const Inputs &in) { return ops::argmax(in[0], kNone, true); });
  checkCase("argmax_dim", 1,
            [](const Inputs &in) { return ops::argmax(in[0], 1, false); });
  checkCase("argmax_dim_keepdim", 1,
            [](const Inputs &in) { return ops::argmax(in[0], 0, true); });
  checkCase("argmax_ties", 1,
            [](const Inputs &in) { return ops::argmax(in[0], 1, false); });
  checkCase("argmax_nan", 1,
            [](const Inputs &in) { return ops::argmax(in[0], kNone, false); });
  checkCase("argmax_scalar", 1,
            [](const Inputs &in) { return ops::argmax(in[0], 0, true); });
  checkCase("argmax_uint8", 1,
            [](const Inputs &in) { return ops::argmax(in[0], -1, false); });
  checkCase("argmin_dim", 1,
            [](const Inputs &in) { return ops::argmin(in[0], -1, false); });
  checkCase("argmin_ties", 1,
            [](const Inputs &in) { return ops::argmin(in[0], kNone, false); });
  checkCase("argmin_empty_kept", 1,
            [](const Inputs &in) { return ops::argmin(in[0], 1, false); });
  checkCase("argmin_scalar_keepdim", 1,
            [](const Inputs &in) { return ops::argmin(in[0], kNone, true); });
}

TEST(ExtremaGolden, Aminmax) {
  checkCase("aminmax_all", 1,
            [](const Inputs &in) { return ops::aminmax(in[0], kNone, false); });
  checkCase("aminmax_dim", 1,
            [](const Inputs &in) { return ops::aminmax(in[0], 1, false); });
  checkCase("aminmax_keepdim", 1,
            [](const Inputs &in) { return ops::aminmax(in[0], kNone, true); });
  checkCase("aminmax_nan", 1,
            [](const Inputs &in) { return ops::aminmax(in[0], -1, true); });
  checkCase("aminmax_bool", 1,
            [](const Inputs &in) { return ops::aminmax(in[0], kNone, false); });
  checkCase("aminmax_scalar_keepdim", 1,
            [](const Inputs &in) { return ops::aminmax(in[0], 0, true); });
}

TEST(ExtremaGolden, Median) {
  auto median = [](const Inputs &in) { return ops::median(in[0]); };
  checkCase("median_odd", 1, median);
  checkCase("median_even", 1, median);
  checkCase("median_nan", 1, median);
  checkCase("median_empty", 1, median);
  checkCase("median_int", 1, median);
  checkCase("median_dim", 1,
            [](const Inputs &in) { return ops::median(in[0], 1, false); });
  checkCase("median_dim_keepdim", 1,
            [](const Inputs &in) { return ops::median(in[0], 0, true); });
  checkCase("median_dim_ties", 1,
            [](const Inputs &in) { return ops::median(in[0], 1, false); });
  checkCase("median_dim_nan", 1,
            [](const Inputs &in) { return ops::median(in[0], 0, false); });
  checkCase("median_dim_int_ties", 1,
            [](const Inputs &in) { return ops::median(in[0], 1, true); });
  checkCase("median_dim_scalar", 1,
            [](const Inputs &in) { return ops::median(in[0], 0, false); });
  checkCase("nanmedian_all", 1,
            [](const Inputs &in) { return ops::nanmedian(in[0]); });
  checkCase("nanmedian_all_nan", 1,
            [](const Inputs &in) { return ops::nanmedian(in[0]); });
  checkCase("nanmedian_dim", 1,
            [](const Inputs &in) { return ops::nanmedian(in[0], 1, false); });
}

TEST(ExtremaErrors, EmptyDimsDtypesShapes) {
  Tensor empty = zerosOf({0, 3});
  expectUserError("aten::max: cannot take the maximum of an empty tensor "
                  "Float[0, 3]",
                  [&] { ops::max(empty); });
  expectUserError("aten::min: cannot take the minimum of an empty tensor",
                  [&] { ops::min(zerosOf({0})); });
  expectUserError("aten::max: cannot reduce over dimension 0 of size 0 of "
                  "Float[0, 3]",
                  [&] { ops::max(empty, 0, false); });
  expectUserError("aten::amax: cannot reduce over dimension 0 of size 0",
                  [&] { ops::amax(empty, D{}, false); });
  expectUserError("aten::amin: dimension 2 is out of range for a tensor of "
                  "rank 2",
                  [&] { ops::amin(empty, D{2}, false); });
  expectUserError("aten::argmax: cannot take the index of an empty tensor",
                  [&] { ops::argmax(empty, kNone, false); });
  expectUserError("aten::argmin: cannot reduce over dimension 0 of size 0",
                  [&] { ops::argmin(empty, 0, false); });
  expectUserError("aten::argmax: tensors of dtype Bool are not supported", [&] {
    ops::argmax(zerosOf({2}, ScalarType::Bool), 0, false);
  });
  expectUserError("aten::aminmax: cannot compute aminmax of an empty tensor",
                  [&] { ops::aminmax(empty, kNone, false); });
  expectUserError("aten::aminmax: cannot reduce over dimension 0 of size 0",
                  [&] { ops::aminmax(empty, 0, false); });
  expectUserError("aten::median: cannot reduce over dimension 0 of size 0",
                  [&] { ops::median(empty, 0, false); });
  expectUserError("aten::median: tensors of dtype Bool are not supported",
                  [&] { ops::median(zerosOf({2}, ScalarType::Bool)); });
  expectUserError("aten::median: the median of an empty Long[0] is undefined",
                  [&] { ops::median(zerosOf({0}, ScalarType::Long)); });
  expectUserError("aten::nanmedian: dimension -3 is out of range",
                  [&] { ops::nanmedian(empty, -3, false); });
  expectUserError("aten::max: shapes [2] and [3] cannot be broadcast",
                  [&] { ops::max(zerosOf({2}), zerosOf({3})); });
}

} // namespace
