//===- ReductionGoldenTest.cpp - Folding reductions against PyTorch -------===//
//
// sum, nansum, mean, nanmean, prod, all, any, count_nonzero, logsumexp,
// var, std, var_mean, std_mean; goldens from tests/golden/reduction.py.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Reduction.h"
#include "tests/unit/ops/ReductionGoldenCheck.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::reduction;

namespace {

TEST(ReductionGolden, Sum) {
  checkCase("sum_all", 1, [](const Inputs &in) { return ops::sum(in[0]); });
  checkCase("sum_dim", 1,
            [](const Inputs &in) { return ops::sum(in[0], D{1}, false); });
  checkCase("sum_dims_keepdim", 1, [](const Inputs &in) {
    return ops::sum(in[0], D{0, 2}, true);
  });
  checkCase("sum_neg_dim", 1,
            [](const Inputs &in) { return ops::sum(in[0], D{-1}, false); });
  checkCase("sum_none_keepdim", 1,
            [](const Inputs &in) { return ops::sum(in[0], D{}, true); });
  checkCase("sum_int32", 1, [](const Inputs &in) { return ops::sum(in[0]); });
  checkCase("sum_uint8_dim", 1,
            [](const Inputs &in) { return ops::sum(in[0], D{0}, false); });
  checkCase("sum_bool", 1, [](const Inputs &in) { return ops::sum(in[0]); });
  checkCase("sum_dtype_double", 1, [](const Inputs &in) {
    return ops::sum(in[0], D{0}, false, ScalarType::Double);
  });
  checkCase("sum_dtype_int32", 1,
            [](const Inputs &in) { return ops::sum(in[0], ScalarType::Int); });
  checkCase("sum_dtype_bool", 1,
            [](const Inputs &in) { return ops::sum(in[0], ScalarType::Bool); });
  checkCase("sum_int8_wraps", 1,
            [](const Inputs &in) { return ops::sum(in[0], ScalarType::Char); });
  checkCase("sum_empty_dim", 1,
            [](const Inputs &in) { return ops::sum(in[0], D{1}, false); });
  checkCase("sum_empty_all", 1,
            [](const Inputs &in) { return ops::sum(in[0]); });
  checkCase("sum_scalar_dim0", 1,
            [](const Inputs &in) { return ops::sum(in[0], D{0}, false); });
  checkCase("sum_scalar_keepdim", 1,
            [](const Inputs &in) { return ops::sum(in[0], D{-1}, true); });
  checkCase("sum_double", 1, [](const Inputs &in) {
    return ops::sum(in[0], D{0, 1}, false);
  });
  checkCase("sum_scalar_int_dtype", 1, [](const Inputs &in) {
    return ops::sum(in[0], ScalarType::Float);
  });
}

TEST(ReductionGolden, NanSum) {
  checkCase("nansum_all", 1,
            [](const Inputs &in) { return ops::nansum(in[0], D{}, false); });
  checkCase("nansum_dim_double", 1, [](const Inputs &in) {
    return ops::nansum(in[0], D{1}, true, ScalarType::Double);
  });
  checkCase("nansum_int", 1,
            [](const Inputs &in) { return ops::nansum(in[0], D{0}, false); });
}

TEST(ReductionGolden, Mean) {
  checkCase("mean_all", 1, [](const Inputs &in) { return ops::mean(in[0]); });
  checkCase("mean_dim_keepdim", 1,
            [](const Inputs &in) { return ops::mean(in[0], D{1}, true); });
  checkCase("mean_dims", 1, [](const Inputs &in) {
    return ops::mean(in[0], D{0, -1}, false);
  });
  checkCase("mean_int_dtype", 1, [](const Inputs &in) {
    return ops::mean(in[0], ScalarType::Float);
  });
  checkCase("mean_dtype_double", 1, [](const Inputs &in) {
    return ops::mean(in[0], D{0}, false, ScalarType::Double);
  });
  checkCase("mean_double_dtype_float", 1, [](const Inputs &in) {
    return ops::mean(in[0], ScalarType::Float);
  });
  checkCase("mean_empty", 1, [](const Inputs &in) { return ops::mean(in[0]); });
  checkCase("mean_empty_dim", 1,
            [](const Inputs &in) { return ops::mean(in[0], D{1}, false); });
  checkCase("mean_scalar", 1,
            [](const Inputs &in) { return ops::mean(in[0], D{0}, false); });
  checkCase("nanmean_all", 1,
            [](const Inputs &in) { return ops::nanmean(in[0], D{}, false); });
  checkCase("nanmean_dim_all_nan", 1,
            [](const Inputs &in) { return ops::nanmean(in[0], D{1}, true); });
  checkCase("nanmean_dtype", 1, [](const Inputs &in) {
    return ops::nanmean(in[0], D{}, false, ScalarType::Double);
  });
}

TEST(ReductionGolden, Prod) {
  checkCase("prod_all", 1, [](const Inputs &in) { return ops::prod(in[0]); });
  checkCase("prod_dim_keepdim", 1,
            [](const Inputs &in) { return ops::prod(in[0], 1, true); });
  checkCase("prod_int", 1, [](const Inputs &in) { return ops::prod(in[0]); });
  checkCase("prod_bool_dim", 1,
            [](const Inputs &in) { return ops::prod(in[0], 0, false); });
  checkCase("prod_empty", 1, [](const Inputs &in) { return ops::prod(in[0]); });
  checkCase("prod_empty_dim", 1,
            [](const Inputs &in) { return ops::prod(in[0], 1, false); });
  checkCase("prod_dtype_from_float", 1, [](const Inputs &in) {
    return ops::prod(in[0], 0, false, ScalarType::Long);
  });
  checkCase("prod_int32_dtype", 1, [](const Inputs &in) {
    return ops::prod(in[0], 0, true, ScalarType::Int);
  });
  checkCase("prod_scalar", 1,
            [](const Inputs &in) { return ops::prod(in[0], -1, false); });
  checkCase("prod_double_dtype", 1, [](const Inputs &in) {
    return ops::prod(in[0], ScalarType::Double);
  });
}

TEST(ReductionGolden, AllAnyCountNonzero) {
  checkCase("all_float", 1, [](const Inputs &in) { return ops::all(in[0]); });
  checkCase("all_nan", 1, [](const Inputs &in) { return ops::all(in[0]); });
  checkCase("all_uint8_dim", 1,
            [](const Inputs &in) { return ops::all(in[0], 1, true); });
  checkCase("all_empty", 1, [](const Inputs &in) { return ops::all(in[0]); });
  checkCase("all_int8_dim", 1,
            [](const Inputs &in) { return ops::all(in[0], 0, false); });
  checkCase("any_bool_dim_keepdim", 1,
            [](const Inputs &in) { return ops::any(in[0], -1, true); });
  checkCase("any_uint8", 1, [](const Inputs &in) { return ops::any(in[0]); });
  checkCase("any_empty_dim", 1,
            [](const Inputs &in) { return ops::any(in[0], 1, false); });
  checkCase("any_scalar", 1,
            [](const Inputs &in) { return ops::any(in[0], 0, false); });
  checkCase("count_nonzero_all", 1, [](const Inputs &in) {
    return ops::count_nonzero(in[0], std::optional<int64_t>());
  });
  checkCase("count_nonzero_dim", 1, [](const Inputs &in) {
    return ops::count_nonzero(in[0], std::optional<int64_t>(1));
  });
  checkCase("count_nonzero_dims", 1, [](const Inputs &in) {
    return ops::count_nonzero(in[0], D{0, 2});
  });
  checkCase("count_nonzero_bool", 1,
            [](const Inputs &in) { return ops::count_nonzero(in[0], D{}); });
}

TEST(ReductionGolden, LogSumExp) {
  auto along = [](D dims, bool keepdim) {
    return
        [=](const Inputs &in) { return ops::logsumexp(in[0], dims, keepdim); };
  };
  checkCase("logsumexp_dim", 1, along({1}, false));
  checkCase("logsumexp_dims_keepdim", 1, along({0, 2}, true));
  checkCase("logsumexp_large", 1, along({0}, false));
  checkCase("logsumexp_infinities", 1, along({1}, false));
  checkCase("logsumexp_int", 1, along({1}, false));
  checkCase("logsumexp_empty", 1, along({0}, false));
  checkCase("logsumexp_double", 1, along({-1}, false));
  checkCase("logsumexp_scalar_int", 1, along({0}, true));
}

TEST(ReductionGolden, VarStd) {
  checkCase("var_all", 1,
            [](const Inputs &in) { return ops::var(in[0], D{}, 1, false); });
  checkCase("var_all_biased", 1,
            [](const Inputs &in) { return ops::var(in[0], D{}, 0, false); });
  checkCase("var_dim", 1,
            [](const Inputs &in) { return ops::var(in[0], D{1}, 1, false); });
  checkCase("var_dims_keepdim_biased", 1, [](const Inputs &in) {
    return ops::var(in[0], D{0, 2}, 0, true);
  });
  checkCase("var_correction", 1,
            [](const Inputs &in) { return ops::var(in[0], D{1}, 2, false); });
  checkCase("var_correction_none", 1, [](const Inputs &in) {
    return ops::var(in[0], D{}, kNone, false);
  });
  checkCase("var_correction_too_large", 1,
            [](const Inputs &in) { return ops::var(in[0], D{0}, 3, false); });
  checkCase("var_one_element", 1,
            [](const Inputs &in) { return ops::var(in[0], D{1}, 1, false); });
  checkCase("var_empty", 1,
            [](const Inputs &in) { return ops::var(in[0], D{}, 1, false); });
  checkCase("var_double", 1,
            [](const Inputs &in) { return ops::var(in[0], D{0}, 1, false); });
  checkCase("var_scalar_biased", 1,
            [](const Inputs &in) { return ops::var(in[0], D{0}, 0, false); });
  checkCase("var_scalar_keepdim", 1,
            [](const Inputs &in) { return ops::var(in[0], D{0}, 1, true); });
  checkCase("std_all", 1,
            [](const Inputs &in) { return ops::std(in[0], D{}, 1, false); });
  checkCase("std_dim_keepdim", 1,
            [](const Inputs &in) { return ops::std(in[0], D{0}, 1, true); });
  checkCase("std_correction", 1,
            [](const Inputs &in) { return ops::std(in[0], D{1}, 0, false); });
}

TEST(ReductionGolden, VarMeanStdMean) {
  checkCase("var_mean_all", 1, [](const Inputs &in) {
    return ops::var_mean(in[0], D{}, 1, false);
  });
  checkCase("var_mean_dim", 1, [](const Inputs &in) {
    return ops::var_mean(in[0], D{1}, 0, false);
  });
  checkCase("var_mean_correction", 1, [](const Inputs &in) {
    return ops::var_mean(in[0], D{0}, 0, true);
  });
  checkCase("std_mean_all", 1, [](const Inputs &in) {
    return ops::std_mean(in[0], D{}, 0, false);
  });
  checkCase("std_mean_dim", 1, [](const Inputs &in) {
    return ops::std_mean(in[0], D{0, 1}, 1, true);
  });
  checkCase("std_mean_correction", 1, [](const Inputs &in) {
    return ops::std_mean(in[0], D{}, 2, false);
  });
}

TEST(ReductionErrors, DimsAndDtypes) {
  Tensor x = zerosOf({2, 3});
  expectUserError("aten::sum: dimension 2 is out of range for a tensor of "
                  "rank 2",
                  [&] { ops::sum(x, D{2}, false); });
  expectUserError("aten::sum: dimension -2 appears more than once", [&] {
    ops::sum(x, D{0, -2}, false);
  });
  expectUserError("aten::prod: dimension 1 is out of range for a tensor of "
                  "rank 0",
                  [&] { ops::prod(zerosOf({}), 1, false); });
  expectUserError("aten::mean: could not infer output dtype. Input dtype "
                  "must be a floating point dtype, got Long",
                  [&] { ops::mean(zerosOf({3}, ScalarType::Long)); });
  expectUserError("aten::mean: could not infer output dtype. Optional dtype "
                  "must be a floating point dtype, got Int",
                  [&] { ops::mean(x, ScalarType::Int); });
  expectUserError("aten::nanmean: expected input to have floating point", [&] {
    ops::nanmean(zerosOf({3}, ScalarType::Int), D{}, false, ScalarType::Float);
  });
  expectUserError("aten::nansum: a floating input needs a floating dtype",
                  [&] { ops::nansum(x, D{}, false, ScalarType::Long); });
  expectUserError(
      "aten::var: std and var only support floating point "
      "dtypes, got Long",
      [&] { ops::var(zerosOf({3}, ScalarType::Long), D{}, 1, false); });
  expectUserError(
      "aten::std_mean: std and var only support floating point",
      [&] { ops::std_mean(zerosOf({3}, ScalarType::Bool), D{}, 1, false); });
  expectUserError("aten::logsumexp: dimension 0 appears more than once", [&] {
    ops::logsumexp(x, D{0, 0}, false);
  });
  expectUserError("aten::all: dimension 2 is out of range",
                  [&] { ops::all(x, 2, false); });
  expectUserError("aten::count_nonzero: dimension -2 appears more than once",
                  [&] {
                    ops::count_nonzero(x, D{0, -2});
                  });
}

} // namespace
