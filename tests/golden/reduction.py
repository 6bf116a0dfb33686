"""Goldens of the reductions, scans and softmax
(tests/unit/ops/*GoldenTest.cpp of the reduction family)."""
import os
import re

import torch

from golden import Goldens

nan = float("nan")
inf = float("inf")
A = torch.ops.aten

g = Goldens("reduction")


def t(values, dtype=torch.float32):
    return torch.tensor(values, dtype=dtype)


# --- sum, nansum -------------------------------------------------------------
g.case("sum_all", lambda x: torch.sum(x), g.randn(3, 4))
g.case("sum_dim", lambda x: torch.sum(x, [1]), g.randn(3, 4))
g.case("sum_dims_keepdim", lambda x: torch.sum(x, [0, 2], keepdim=True), g.randn(2, 3, 4))
g.case("sum_neg_dim", lambda x: torch.sum(x, [-1]), g.randn(2, 3))
g.case("sum_none_keepdim", lambda x: A.sum(x, None, True), g.randn(2, 3))
g.case("sum_int32", lambda x: torch.sum(x), g.randint(-50, 50, 3, 4, dtype=torch.int32))
g.case("sum_uint8_dim", lambda x: torch.sum(x, [0]), g.randint(0, 255, 5, 3, dtype=torch.uint8))
g.case("sum_bool", lambda x: torch.sum(x), g.randint(0, 2, 7, dtype=torch.bool))
g.case("sum_dtype_double", lambda x: torch.sum(x, [0], dtype=torch.float64), g.randn(4, 2))
g.case("sum_dtype_int32", lambda x: torch.sum(x, dtype=torch.int32), g.randn(6) * 3)
g.case("sum_dtype_bool", lambda x: torch.sum(x, dtype=torch.bool), t([0, 0, 3], torch.int64))
g.case("sum_int8_wraps", lambda x: torch.sum(x, dtype=torch.int8), t([100, 100, 7], torch.int8))
g.case("sum_empty_dim", lambda x: torch.sum(x, [1]), g.randn(2, 0))
g.case("sum_empty_all", lambda x: torch.sum(x), g.randn(0, 3))
g.case("sum_scalar_dim0", lambda x: torch.sum(x, [0]), g.randn(()))
g.case("sum_scalar_keepdim", lambda x: torch.sum(x, [-1], keepdim=True), g.randn(()))
g.case("sum_double", lambda x: torch.sum(x, [0, 1]), g.randn(3, 2, 2, dtype=torch.float64))
g.case("nansum_all", lambda x: torch.nansum(x), t([[1.5, nan, 2.0], [nan, -1.0, 4.0]]))
g.case("nansum_dim_double", lambda x: torch.nansum(x, [1], keepdim=True, dtype=torch.float64),
       t([[1.5, nan, 2.0], [nan, nan, nan]]))
g.case("nansum_int", lambda x: torch.nansum(x, [0]), g.randint(-9, 9, 3, 2))

# --- mean, nanmean -----------------------------------------------------------
g.case("mean_all", lambda x: torch.mean(x), g.randn(3, 5))
g.case("mean_dim_keepdim", lambda x: torch.mean(x, [1], keepdim=True), g.randn(3, 5))
g.case("mean_dims", lambda x: torch.mean(x, [0, -1]), g.randn(2, 3, 4))
g.case("mean_int_dtype", lambda x: torch.mean(x, dtype=torch.float32), g.randint(-9, 9, 7))
g.case("mean_dtype_double", lambda x: torch.mean(x, [0], dtype=torch.float64), g.randn(3, 2))
g.case("mean_double_dtype_float", lambda x: torch.mean(x, dtype=torch.float32),
       g.randn(5, dtype=torch.float64))
g.case("mean_empty", lambda x: torch.mean(x), g.randn(0))
g.case("mean_empty_dim", lambda x: torch.mean(x, [1]), g.randn(2, 0))
g.case("mean_scalar", lambda x: torch.mean(x, [0]), g.randn(()))
g.case("nanmean_all", lambda x: torch.nanmean(x), t([[1.0, nan, 2.0], [nan, 3.0, 4.5]]))
g.case("nanmean_dim_all_nan", lambda x: torch.nanmean(x, [1], keepdim=True),
       t([[1.0, nan, 2.0], [nan, nan, nan]]))
g.case("nanmean_dtype", lambda x: torch.nanmean(x, None, dtype=torch.float64),
       t([1.0, nan, 2.5]))

# --- prod --------------------------------------------------------------------
g.case("prod_all", lambda x: torch.prod(x), g.rand(6) + 0.5)
g.case("prod_dim_keepdim", lambda x: torch.prod(x, 1, keepdim=True), g.randn(3, 4))
g.case("prod_int", lambda x: torch.prod(x), g.randint(-4, 5, 6, dtype=torch.int32))
g.case("prod_bool_dim", lambda x: torch.prod(x, 0), t([[True, False], [True, True]], torch.bool))
g.case("prod_empty", lambda x: torch.prod(x), g.randint(0, 5, 0, dtype=torch.int32))
g.case("prod_empty_dim", lambda x: torch.prod(x, 1), g.randn(3, 0))
g.case("prod_dtype_from_float", lambda x: torch.prod(x, 0, dtype=torch.int64), t([1.5, 2.0, -3.7]))
g.case("prod_int32_dtype", lambda x: torch.prod(x, 0, True, dtype=torch.int32),
       g.randint(-5, 5, 3, 2, dtype=torch.int32))
g.case("prod_scalar", lambda x: torch.prod(x, -1), g.randn(()))
g.case("prod_double_dtype", lambda x: torch.prod(x, dtype=torch.float64), g.randn(4))

# --- all, any, count_nonzero -------------------------------------------------
g.case("all_float", lambda x: torch.all(x), t([1.0, 2.0, 0.0]))
g.case("all_nan", lambda x: torch.all(x), t([1.0, nan]))
g.case("all_uint8_dim", lambda x: torch.all(x, 1, keepdim=True),
       t([[1, 2], [0, 3]], torch.uint8))
g.case("all_empty", lambda x: torch.all(x), g.randn(0))
g.case("all_int8_dim", lambda x: torch.all(x, 0), t([[1, -2], [0, 3]], torch.int8))
g.case("any_bool_dim_keepdim", lambda x: torch.any(x, -1, keepdim=True),
       t([[False, False], [False, True]], torch.bool))
g.case("any_uint8", lambda x: torch.any(x), t([0, 0, 2], torch.uint8))
g.case("any_empty_dim", lambda x: torch.any(x, 1), g.randn(0, 2))
g.case("any_scalar", lambda x: torch.any(x, 0), t(0.0))
g.case("count_nonzero_all", lambda x: torch.count_nonzero(x), t([[1.0, 0.0], [nan, -2.0]]))
g.case("count_nonzero_dim", lambda x: torch.count_nonzero(x, 1), t([[1, 2, 0], [0, 0, 3]], torch.int64))
g.case("count_nonzero_dims", lambda x: torch.count_nonzero(x, [0, 2]),
       g.randint(0, 2, 2, 3, 2, dtype=torch.int32))
g.case("count_nonzero_bool", lambda x: torch.count_nonzero(x), t([[True, False], [True, True]], torch.bool))

# --- logsumexp ---------------------------------------------------------------
g.case("logsumexp_dim", lambda x: torch.logsumexp(x, [1]), g.randn(3, 4))
g.case("logsumexp_dims_keepdim", lambda x: torch.logsumexp(x, [0, 2], keepdim=True), g.randn(2, 3, 2))
g.case("logsumexp_large", lambda x: torch.logsumexp(x, [0]), t([1000.0, 1000.5, -1000.0]))
g.case("logsumexp_infinities", lambda x: torch.logsumexp(x, [1]),
       t([[inf, 1.0], [-inf, -inf], [-inf, 2.0], [nan, 1.0]]))
g.case("logsumexp_int", lambda x: torch.logsumexp(x, [1]), t([[1, 2], [3, 4]], torch.int32))
g.case("logsumexp_empty", lambda x: torch.logsumexp(x, [0]), g.randn(0, 3))
g.case("logsumexp_double", lambda x: torch.logsumexp(x, [-1]), g.randn(2, 3, dtype=torch.float64))

# --- var, std, var_mean, std_mean -------------------------------------------
g.case("var_all", lambda x: torch.var(x), g.randn(4, 5))
g.case("var_all_biased", lambda x: torch.var(x, unbiased=False), g.randn(4, 5))
g.case("var_dim", lambda x: torch.var(x, 1), g.randn(3, 6))
g.case("var_dims_keepdim_biased", lambda x: torch.var(x, [0, 2], unbiased=False, keepdim=True),
       g.randn(2, 3, 4))
g.case("var_correction", lambda x: torch.var(x, [1], correction=2), g.randn(2, 5))
g.case("var_correction_none", lambda x: A.var(x, None, correction=None), g.randn(3, 3))
g.case("var_correction_too_large", lambda x: torch.var(x, [0], correction=3), t([1.0, 2.0]))
g.case("var_one_element", lambda x: torch.var(x, [1]), g.randn(3, 1))
g.case("var_empty", lambda x: torch.var(x), g.randn(0))
g.case("var_double", lambda x: torch.var(x, [0]), g.randn(5, 2, dtype=torch.float64))
g.case("var_scalar_biased", lambda x: torch.var(x, 0, unbiased=False), g.randn(()))
g.case("std_all", lambda x: torch.std(x), g.randn(7))
g.case("std_dim_keepdim", lambda x: torch.std(x, [0], keepdim=True), g.randn(4, 3))
g.case("std_correction", lambda x: torch.std(x, [1], correction=0), g.randn(3, 4))
g.case("var_mean_all", lambda x: torch.var_mean(x), g.randn(3, 4))
g.case("var_mean_dim", lambda x: torch.var_mean(x, [1], unbiased=False), g.randn(3, 4))
g.case("var_mean_correction", lambda x: torch.var_mean(x, [0], correction=0, keepdim=True),
       g.randn(3, 4))
g.case("std_mean_all", lambda x: torch.std_mean(x, unbiased=False), g.randn(6))
g.case("std_mean_dim", lambda x: torch.std_mean(x, [0, 1], keepdim=True), g.randn(2, 3, 2))
g.case("std_mean_correction", lambda x: torch.std_mean(x, None, correction=2), g.randn(5))

# --- amax, amin, max, min ----------------------------------------------------
g.case("amax_all", lambda x: torch.amax(x), g.randn(3, 4))
g.case("amax_dim", lambda x: torch.amax(x, 1), g.randn(3, 4))
g.case("amax_dims_keepdim", lambda x: torch.amax(x, [0, 2], keepdim=True), g.randn(2, 3, 4))
g.case("amax_nan", lambda x: torch.amax(x, 1), t([[1.0, nan, 3.0], [-inf, -inf, -inf]]))
g.case("amax_bool", lambda x: torch.amax(x, 0), t([[True, False], [False, False]], torch.bool))
g.case("amax_uint8", lambda x: torch.amax(x, [0]), g.randint(0, 255, 3, 4, dtype=torch.uint8))
g.case("amax_empty_kept", lambda x: torch.amax(x, 1), g.randn(0, 3))
g.case("amax_scalar", lambda x: torch.amax(x, 0), g.randn(()))
g.case("amin_dim", lambda x: torch.amin(x, -1), g.randn(3, 4))
g.case("amin_int", lambda x: torch.amin(x, [0, 1]), g.randint(-100, 100, 3, 4, dtype=torch.int32))
g.case("amin_nan", lambda x: torch.amin(x), t([2.0, nan, -1.0]))
g.case("max_all", lambda x: torch.max(x), g.randn(3, 4))
g.case("max_all_nan", lambda x: torch.max(x), t([1.0, nan, 3.0]))
g.case("max_all_bool", lambda x: torch.max(x), t([False, True], torch.bool))
g.case("max_all_int8", lambda x: torch.max(x), t([-5, -3, -100], torch.int8))
g.case("min_all", lambda x: torch.min(x), g.randn(5))
g.case("min_all_int", lambda x: torch.min(x), g.randint(-100, 100, 6))
g.case("max_dim", lambda x: tuple(torch.max(x, 1)), g.randn(3, 4))
g.case("max_dim_keepdim", lambda x: tuple(torch.max(x, 0, keepdim=True)), g.randn(3, 4))
g.case("max_dim_ties", lambda x: tuple(torch.max(x, 1)), t([[1, 3, 3, 0], [2, 2, 2, 2]], torch.int64))
g.case("max_dim_nan", lambda x: tuple(torch.max(x, 1)), t([[1.0, nan, 5.0, nan], [1.0, 2.0, 3.0, 0.0]]))
g.case("max_dim_bool", lambda x: tuple(torch.max(x, 1)), t([[False, True, True], [False, False, False]], torch.bool))
g.case("max_dim_scalar", lambda x: tuple(torch.max(x, 0)), g.randn(()))
g.case("max_dim_empty_kept", lambda x: tuple(torch.max(x, 1)), g.randn(0, 3))
g.case("max_dim_3d", lambda x: tuple(torch.max(x, -2)), g.randn(2, 3, 4))
g.case("min_dim", lambda x: tuple(torch.min(x, 1, keepdim=True)), g.randn(4, 3))
g.case("min_dim_ties", lambda x: tuple(torch.min(x, 0)), t([[2.0, 1.0], [0.0, 1.0], [0.0, 1.0]]))
g.case("max_other_broadcast", lambda x, y: torch.max(x, y), g.randn(2, 3), g.randn(3))
g.case("max_other_promote", lambda x, y: torch.max(x, y), g.randint(-3, 3, 4), g.randn(4))
g.case("max_other_nan", lambda x, y: torch.max(x, y), t([1.0, nan, 2.0]), t([nan, 3.0, 1.0]))
g.case("max_other_uint8_int8", lambda x, y: torch.max(x, y),
       t([1, 200], torch.uint8), t([-1, 2], torch.int8))
g.case("max_other_bool", lambda x, y: torch.max(x, y),
       t([True, False], torch.bool), t([False, False], torch.bool))
g.case("max_other_scalar", lambda x, y: torch.max(x, y), g.randn(2, 2, dtype=torch.float64), t(0.0))
g.case("min_other", lambda x, y: torch.min(x, y), g.randn(3, 1), g.randn(1, 4))
g.case("min_other_bool_int", lambda x, y: torch.min(x, y), t([True, False], torch.bool), t(2, torch.int64))

# --- argmax, argmin, aminmax -------------------------------------------------
g.case("argmax_all", lambda x: torch.argmax(x), g.randn(3, 4))
g.case("argmax_all_keepdim", lambda x: torch.argmax(x, keepdim=True), g.randn(3, 4))
g.case("argmax_dim", lambda x: torch.argmax(x, 1), g.randn(3, 4))
g.case("argmax_dim_keepdim", lambda x: torch.argmax(x, 0, keepdim=True), g.randn(3, 4))
g.case("argmax_ties", lambda x: torch.argmax(x, 1), t([[1, 5, 5], [7, 7, 7]], torch.int32))
g.case("argmax_nan", lambda x: torch.argmax(x), t([1.0, nan, nan, 9.0]))
g.case("argmax_scalar", lambda x: torch.argmax(x, 0, keepdim=True), g.randn(()))
g.case("argmax_uint8", lambda x: torch.argmax(x, -1), g.randint(0, 255, 2, 5, dtype=torch.uint8))
g.case("argmin_dim", lambda x: torch.argmin(x, -1), g.randn(3, 4))
g.case("argmin_ties", lambda x: torch.argmin(x), t([3, 1, 1], torch.int64))
g.case("argmin_empty_kept", lambda x: torch.argmin(x, 1), g.randn(0, 3))
g.case("aminmax_all", lambda x: tuple(torch.aminmax(x)), g.randn(3, 4))
g.case("aminmax_dim", lambda x: tuple(torch.aminmax(x, dim=1)), g.randn(3, 4))
g.case("aminmax_keepdim", lambda x: tuple(torch.aminmax(x, keepdim=True)), g.randn(3, 4))
g.case("aminmax_nan", lambda x: tuple(torch.aminmax(x, dim=-1, keepdim=True)),
       t([[2.0, nan, 1.0], [0.0, 0.0, -1.0]]))
g.case("aminmax_bool", lambda x: tuple(torch.aminmax(x)), t([True, False], torch.bool))
g.case("aminmax_scalar_keepdim", lambda x: tuple(torch.aminmax(x, dim=0, keepdim=True)), g.randn(()))

# --- median, nanmedian -------------------------------------------------------
g.case("median_odd", lambda x: torch.median(x), g.randn(7))
g.case("median_even", lambda x: torch.median(x), g.randn(2, 4))
g.case("median_nan", lambda x: torch.median(x), t([1.0, nan, 3.0, 4.0]))
g.case("median_empty", lambda x: torch.median(x), g.randn(0))
g.case("median_int", lambda x: torch.median(x), g.randint(-9, 9, 6))
g.case("median_dim", lambda x: tuple(torch.median(x, 1)), g.randn(3, 5))
g.case("median_dim_keepdim", lambda x: tuple(torch.median(x, 0, keepdim=True)), g.randn(4, 3))
g.case("median_dim_ties", lambda x: tuple(torch.median(x, 1)),
       t([[2.0, 1, 2, 1, 2, 1], [1.0, 1, 1, 2, 2, 2]]))
g.case("median_dim_nan", lambda x: tuple(torch.median(x, 0)), t([2.0, 1.0, nan, nan]))
g.case("median_dim_int_ties", lambda x: tuple(torch.median(x, 1, keepdim=True)),
       t([[3, 3, 1, 1], [5, 5, 5, 5]], torch.int64))
g.case("median_dim_scalar", lambda x: tuple(torch.median(x, 0)), g.randn(()))
g.case("nanmedian_all", lambda x: torch.nanmedian(x), t([2.0, nan, 1.0, 2.0, nan, 1.0, 2.0, 1.0]))
g.case("nanmedian_all_nan", lambda x: torch.nanmedian(x), t([nan, nan]))
g.case("nanmedian_dim", lambda x: tuple(torch.nanmedian(x, 1)),
       t([[2.0, nan, 1.0, 2.0, nan, 1.0, 2.0, 1.0], [nan, nan, nan, nan, nan, nan, nan, nan]]))

# --- norm (the aten::norm overloads) ----------------------------------------
g.case("norm_default", lambda x: A.norm(x), g.randn(3, 4))
g.case("norm_p1", lambda x: A.norm(x, 1), g.randn(5))
g.case("norm_p3", lambda x: A.norm(x, 3), g.randn(5))
g.case("norm_pfrac", lambda x: A.norm(x, 0.5), g.randn(5))
g.case("norm_pneg", lambda x: A.norm(x, -1), t([0.0, -3.0, 4.0]))
g.case("norm_p0", lambda x: A.norm(x, 0), t([[0.0, -3.0], [4.0, 0.0]]))
g.case("norm_inf", lambda x: A.norm(x, inf), g.randn(2, 3))
g.case("norm_ninf", lambda x: A.norm(x, -inf), g.randn(2, 3))
g.case("norm_nan", lambda x: A.norm(x, inf), t([1.0, nan, 4.0]))
g.case("norm_dim", lambda x: A.norm(x, 2, [1]), g.randn(3, 4))
g.case("norm_dim_none_p", lambda x: A.norm(x, None, [0], True), g.randn(3, 4))
g.case("norm_dims_keepdim", lambda x: A.norm(x, 3, [0, 2], True), g.randn(2, 3, 4))
g.case("norm_dim_inf", lambda x: A.norm(x, inf, [-1], False), g.randn(3, 4))
g.case("norm_empty_dims", lambda x: A.norm(x, 1, [], True), g.randn(2, 3))
g.case("norm_dim_dtype", lambda x: A.norm(x, 2, [1], False, dtype=torch.float64), g.randn(3, 4))
g.case("norm_dtype", lambda x: A.norm(x, 1, dtype=torch.float64), g.randn(3, 4))
g.case("norm_dtype_narrowing", lambda x: A.norm(x, 2, dtype=torch.float32),
       g.randn(5, dtype=torch.float64))
g.case("norm_int_dtype", lambda x: A.norm(x, 2, [0], False, dtype=torch.float32),
       g.randint(-5, 5, 4))
g.case("norm_empty", lambda x: A.norm(x, -inf, [0], False), g.randn(0, 3))
g.case("norm_scalar", lambda x: A.norm(x, 2, [0], True), g.randn(()))

# --- linalg_norm -------------------------------------------------------------
g.case("linalg_norm_default", lambda x: A.linalg_norm(x), g.randn(2, 3, 4))
g.case("linalg_norm_default_keepdim", lambda x: A.linalg_norm(x, None, None, True), g.randn(2, 3))
g.case("linalg_norm_vector_ord", lambda x: A.linalg_norm(x, 3), g.randn(6))
g.case("linalg_norm_vector_dim", lambda x: A.linalg_norm(x, inf, [1], True), g.randn(3, 4))
g.case("linalg_norm_vector_ord0", lambda x: A.linalg_norm(x, 0, [0]), t([[0.0, 1.0], [2.0, 0.0]]))
g.case("linalg_norm_vector_dtype", lambda x: A.linalg_norm(x, 1.5, [-1], dtype=torch.float64),
       g.randn(2, 3))
g.case("linalg_norm_none_dims2", lambda x: A.linalg_norm(x, None, [0, 2]), g.randn(2, 3, 4))
g.case("linalg_norm_fro", lambda x: A.linalg_norm(x, "fro"), g.randn(3, 4))
g.case("linalg_norm_fro_dims_keepdim", lambda x: A.linalg_norm(x, "fro", [2, 0], True), g.randn(2, 3, 4))
g.case("linalg_norm_nuc", lambda x: A.linalg_norm(x, "nuc"), g.randn(3, 4))
g.case("linalg_norm_nuc_batched", lambda x: A.linalg_norm(x, "nuc", [1, 2]), g.randn(2, 4, 3))
g.case("linalg_norm_nuc_empty", lambda x: A.linalg_norm(x, "nuc", [1, 2]), g.randn(1, 3, 0))
g.case("linalg_norm_2", lambda x: A.linalg_norm(x, 2), g.randn(4, 3))
g.case("linalg_norm_neg2", lambda x: A.linalg_norm(x, -2), g.randn(3, 5))
g.case("linalg_norm_2_dims_keepdim", lambda x: A.linalg_norm(x, 2, [2, 0], True), g.randn(3, 2, 4))
g.case("linalg_norm_1", lambda x: A.linalg_norm(x, 1), g.randn(3, 4))
g.case("linalg_norm_neg1", lambda x: A.linalg_norm(x, -1), g.randn(3, 4))
g.case("linalg_norm_inf", lambda x: A.linalg_norm(x, inf), g.randn(3, 4))
g.case("linalg_norm_ninf_dims", lambda x: A.linalg_norm(x, -inf, [1, 0], True), g.randn(3, 4))
g.case("linalg_norm_1_dims", lambda x: A.linalg_norm(x, 1, [-1, 0]), g.randn(3, 2, 4))
g.case("linalg_norm_matrix_dtype", lambda x: A.linalg_norm(x, 2, [0, 1], dtype=torch.float64),
       g.randn(3, 3))
g.case("linalg_norm_1_empty", lambda x: A.linalg_norm(x, 1), g.randn(0, 3))
g.case("linalg_norm_double", lambda x: A.linalg_norm(x, "nuc"), g.randn(2, 2, dtype=torch.float64))

# --- cumsum, cumprod ---------------------------------------------------------
g.case("cumsum_dim0", lambda x: torch.cumsum(x, 0), g.randn(3, 4))
g.case("cumsum_dim1", lambda x: torch.cumsum(x, -1), g.randn(3, 4))
g.case("cumsum_3d", lambda x: torch.cumsum(x, 1), g.randn(2, 3, 2))
g.case("cumsum_int", lambda x: torch.cumsum(x, 0), g.randint(-9, 9, 5, dtype=torch.int32))
g.case("cumsum_bool", lambda x: torch.cumsum(x, 0), t([True, False, True], torch.bool))
g.case("cumsum_dtype", lambda x: torch.cumsum(x, 0, dtype=torch.float64), g.randint(-9, 9, 5))
g.case("cumsum_dtype_int", lambda x: torch.cumsum(x, 0, dtype=torch.int64), t([1.5, 2.5, -0.5]))
g.case("cumsum_scalar", lambda x: torch.cumsum(x, -1), g.randn(()))
g.case("cumsum_empty", lambda x: torch.cumsum(x, 1), g.randn(2, 0))
g.case("cumsum_nan", lambda x: torch.cumsum(x, 0), t([1.0, nan, 2.0]))
g.case("cumsum_inplace", lambda x: x.clone().cumsum_(1), g.randn(2, 3))
g.case("cumsum_inplace_int8_wraps", lambda x: x.clone().cumsum_(0), t([100, 100, 100], torch.int8))
g.case("cumprod_dim", lambda x: torch.cumprod(x, 1), g.randn(3, 4))
g.case("cumprod_int32", lambda x: torch.cumprod(x, 0), g.randint(-4, 5, 5, dtype=torch.int32))
g.case("cumprod_bool", lambda x: torch.cumprod(x, 1), t([[True, False, True]], torch.bool))
g.case("cumprod_dtype", lambda x: torch.cumprod(x, 0, dtype=torch.float64), g.randn(4, 2))
g.case("cumprod_inplace_uint8", lambda x: x.clone().cumprod_(0), t([1, 2, 3, 50], torch.uint8))
g.case("cumprod_inplace_dtype", lambda x: x.clone().cumprod_(0, dtype=torch.float32), g.randn(4))

# --- softmax, log_softmax ----------------------------------------------------
g.case("softmax_dim1", lambda x: torch.softmax(x, 1), g.randn(3, 4))
g.case("softmax_dim0", lambda x: torch.softmax(x, 0), g.randn(3, 4))
g.case("softmax_3d", lambda x: torch.softmax(x, -2), g.randn(2, 3, 4))
g.case("softmax_dtype", lambda x: torch.softmax(x, 1, dtype=torch.float64), g.randn(2, 3))
g.case("softmax_double_dtype_float", lambda x: torch.softmax(x, 0, dtype=torch.float32),
       g.randn(4, dtype=torch.float64))
g.case("softmax_int_dtype", lambda x: torch.softmax(x, 0, dtype=torch.float32), t([1, 2, 3], torch.int64))
g.case("softmax_large", lambda x: torch.softmax(x, 0), t([1000.0, 1001.0, -1000.0]))
g.case("softmax_infinities", lambda x: torch.softmax(x, 1),
       t([[-inf, 1.0, 2.0], [-inf, -inf, -inf], [inf, 1.0, 0.0]]))
g.case("softmax_scalar", lambda x: torch.softmax(x, 0), g.randn(()))
g.case("softmax_empty", lambda x: torch.softmax(x, 0), g.randn(0, 3))
g.case("log_softmax_dim", lambda x: torch.log_softmax(x, 1), g.randn(3, 4))
g.case("log_softmax_dim0", lambda x: torch.log_softmax(x, 0), g.randn(3, 4, dtype=torch.float64))
g.case("log_softmax_dtype", lambda x: torch.log_softmax(x, -1, dtype=torch.float64), g.randn(2, 3))
g.case("log_softmax_large", lambda x: torch.log_softmax(x, 0), t([1000.0, 0.0, -1000.0]))
g.case("log_softmax_infinities", lambda x: torch.log_softmax(x, 1),
       t([[-inf, 1.0], [-inf, -inf]]))
g.case("log_softmax_scalar", lambda x: torch.log_softmax(x, -1), g.randn(()))

# --- 0-d inputs that change dtype --------------------------------------------
g.case("sum_scalar_int_dtype", lambda x: torch.sum(x, dtype=torch.float32), t(3, torch.int64))
g.case("max_other_scalars", lambda x, y: torch.max(x, y), t(3, torch.int64), t(2.5))
g.case("logsumexp_scalar_int", lambda x: torch.logsumexp(x, [0], keepdim=True), t(3, torch.int32))
g.case("cumsum_scalar_dtype", lambda x: torch.cumsum(x, 0, dtype=torch.float64), t(3, torch.int64))
g.case("cumsum_inplace_scalar", lambda x: x.clone().cumsum_(-1), g.randn(()))
g.case("linalg_norm_scalar", lambda x: A.linalg_norm(x), t(-3.0))
g.case("norm_scalar_dtype", lambda x: A.norm(x, 1, dtype=torch.float64), t(-2.5))
g.case("max_dim_scalar_keepdim", lambda x: tuple(torch.max(x, 0, keepdim=True)), g.randn(()))
g.case("argmin_scalar_keepdim", lambda x: torch.argmin(x, None, keepdim=True), g.randn(()))
g.case("var_scalar_keepdim", lambda x: A.var(x, [0], True, True), g.randn(()))
g.case("norm_p0_nan", lambda x: A.norm(x, 0), t([nan, 0.0, 2.0]))
g.case("softmax_nan", lambda x: torch.softmax(x, 0), t([1.0, nan]))


# --- A scripted function: the graph TorchScript prints, run by the interpreter
# (tests/unit/ops/ReductionKernelsTest.cpp). Its outputs are recorded as
# outputs of a case; the graph (without source locations) is saved next to
# them as graph_reductions.ir.
@torch.jit.script
def reductions(x):
    a = x.sum(1, keepdim=True)
    b = torch.sum(x, dtype=torch.float64)
    c = x.mean()
    values, indices = x.max(1)
    d = x.var(1, unbiased=False)
    e = torch.var(x, dim=[1], correction=0)
    s, m = torch.std_mean(x, [0])
    f = x.argmax()
    h = x.norm(3, 1)
    k = torch.linalg.norm(x, "fro")
    l = torch.linalg.norm(x, 2)
    n = torch.softmax(x, -1)
    o = torch.log_softmax(x, 1, dtype=torch.float64)
    q = x.cumsum(0)
    r = x.amax([0, 1])
    u = x.logsumexp(1)
    w = torch.nansum(x, [0])
    y = x.prod(1)
    z = torch.max(x, n)
    lo, hi = torch.aminmax(x, dim=0)
    med, medi = x.median(1, True)
    cnt = torch.count_nonzero(x, 0)
    any_ = x.any(1)
    return (a, b, c, values, indices, d, e, s, m, f, h, k, l, n, o, q, r, u,
            w, y, z, lo, hi, med, medi, cnt, any_)


g.case("graph_reductions", reductions, g.randn(3, 3))
g.save()

graph = re.sub(r" *# [^\n]*", "", str(reductions.graph))
with open(os.path.join(g.dir, "graph_reductions.ir"), "w") as f:
    f.write(graph)
