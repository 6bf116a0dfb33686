//===- UnaryMath.h - Elementwise functions of one tensor --------*- C++ -*-===//
//
// Part of the pointwise family (see Pointwise.h). The floating-point
// functions (sqrt, exp, sin, sigmoid, ...) of integer and bool tensors are
// float32; abs, neg, sign and the roundings keep integer dtypes.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_UNARYMATH_H
#define KILN_RUNTIME_TENSOR_OPS_UNARYMATH_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <utility>

namespace kiln::ops {

//===--- Sign and magnitude (integer dtypes stay; bool is an error) -------===//
Tensor abs(const Tensor &self);
Tensor &abs_(Tensor &self);
Tensor neg(const Tensor &self);
Tensor &neg_(Tensor &self);
/// `+self`: self itself.
Tensor positive(const Tensor &self);
/// -1, 0 or 1 (0 for NaN); bool stays bool.
Tensor sign(const Tensor &self);
Tensor &sign_(Tensor &self);
/// sign, for real tensors.
Tensor sgn(const Tensor &self);
Tensor &sgn_(Tensor &self);
/// self * self (bool gives int64, as pow(self, 2)).
Tensor square(const Tensor &self);
Tensor &square_(Tensor &self);

//===--- Rounding (integer tensors are returned as they are) --------------===//
Tensor floor(const Tensor &self);
Tensor &floor_(Tensor &self);
Tensor ceil(const Tensor &self);
Tensor &ceil_(Tensor &self);
Tensor trunc(const Tensor &self);
Tensor &trunc_(Tensor &self);
/// Half to even.
Tensor round(const Tensor &self);
Tensor &round_(Tensor &self);
/// Half to even at 10^-decimals (decimals may be negative); floating only.
Tensor round(const Tensor &self, int64_t decimals);
Tensor &round_(Tensor &self, int64_t decimals);
/// self - trunc(self); floating only.
Tensor frac(const Tensor &self);
Tensor &frac_(Tensor &self);

//===--- Floating-point functions (integers and bool give float32) --------===//
Tensor sqrt(const Tensor &self);
Tensor &sqrt_(Tensor &self);
Tensor rsqrt(const Tensor &self);
Tensor &rsqrt_(Tensor &self);
Tensor reciprocal(const Tensor &self);
Tensor &reciprocal_(Tensor &self);
Tensor exp(const Tensor &self);
Tensor &exp_(Tensor &self);
Tensor exp2(const Tensor &self);
Tensor &exp2_(Tensor &self);
Tensor expm1(const Tensor &self);
Tensor &expm1_(Tensor &self);
Tensor log(const Tensor &self);
Tensor &log_(Tensor &self);
Tensor log1p(const Tensor &self);
Tensor &log1p_(Tensor &self);
Tensor log2(const Tensor &self);
Tensor &log2_(Tensor &self);
Tensor log10(const Tensor &self);
Tensor &log10_(Tensor &self);
Tensor sin(const Tensor &self);
Tensor &sin_(Tensor &self);
Tensor cos(const Tensor &self);
Tensor &cos_(Tensor &self);
Tensor tan(const Tensor &self);
Tensor &tan_(Tensor &self);
Tensor asin(const Tensor &self);
Tensor &asin_(Tensor &self);
Tensor acos(const Tensor &self);
Tensor &acos_(Tensor &self);
Tensor atan(const Tensor &self);
Tensor &atan_(Tensor &self);
Tensor sinh(const Tensor &self);
Tensor &sinh_(Tensor &self);
Tensor cosh(const Tensor &self);
Tensor &cosh_(Tensor &self);
Tensor tanh(const Tensor &self);
Tensor &tanh_(Tensor &self);
Tensor asinh(const Tensor &self);
Tensor &asinh_(Tensor &self);
Tensor acosh(const Tensor &self);
Tensor &acosh_(Tensor &self);
Tensor atanh(const Tensor &self);
Tensor &atanh_(Tensor &self);
Tensor sigmoid(const Tensor &self);
Tensor &sigmoid_(Tensor &self);
Tensor erf(const Tensor &self);
Tensor &erf_(Tensor &self);
Tensor erfc(const Tensor &self);
Tensor &erfc_(Tensor &self);
Tensor lgamma(const Tensor &self);
Tensor &lgamma_(Tensor &self);
/// d/dx log(Gamma(x)); NaN at the poles 0, -1, -2, ... (+-inf at +-0).
Tensor digamma(const Tensor &self);
Tensor &digamma_(Tensor &self);
/// The inverse of erf on [-1, 1]; NaN outside.
Tensor erfinv(const Tensor &self);
Tensor &erfinv_(Tensor &self);
/// The argument of a real number: pi for negatives, else 0 (NaN stays).
Tensor angle(const Tensor &self);
/// log(p / (1 - p)), p clamped to [eps, 1 - eps] when eps is given.
Tensor logit(const Tensor &self, std::optional<double> eps = std::nullopt);
Tensor &logit_(Tensor &self, std::optional<double> eps = std::nullopt);
/// (mantissa, exponent) with self = mantissa * 2^exponent, |mantissa| in
/// [0.5, 1); the exponent is int32. Floating only.
std::pair<Tensor, Tensor> frexp(const Tensor &self);

//===--- NaN and infinity -------------------------------------------------===//
/// NaN, +inf and -inf replaced by `nan` (0), `posinf` and `neginf` (the
/// dtype's largest and lowest values by default); integers are unchanged.
Tensor nan_to_num(const Tensor &self, std::optional<double> nan = std::nullopt,
                  std::optional<double> posinf = std::nullopt,
                  std::optional<double> neginf = std::nullopt);
Tensor &nan_to_num_(Tensor &self, std::optional<double> nan = std::nullopt,
                    std::optional<double> posinf = std::nullopt,
                    std::optional<double> neginf = std::nullopt);
// Bool tensors; integer elements are never NaN or infinite.
Tensor isnan(const Tensor &self);
Tensor isinf(const Tensor &self);
Tensor isposinf(const Tensor &self);
Tensor isneginf(const Tensor &self);
Tensor isfinite(const Tensor &self);
/// True everywhere: Kiln's tensors are real.
Tensor isreal(const Tensor &self);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_UNARYMATH_H
