//===- UnaryMath.cpp - Kernels of the elementwise functions of one tensor -===//
#include "runtime/tensor/ops/UnaryMath.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/PointwiseFamily.h"

namespace kiln {

// An op and its in-place variant (which takes `self` by value: a copy of the
// handle, naming the caller's tensor).
#define KILN_BIND_UNARY(name)                                                  \
  bind<[](const Tensor &self) { return ops::name(self); }>(t,                  \
                                                           OpId::aten_##name); \
  bind<[](Tensor self) { return ops::name##_(self); }>(t, OpId::aten_##name##_);

void registerUnaryMathKernels(KernelTable &t) {
  KILN_BIND_UNARY(abs)
  KILN_BIND_UNARY(neg)
  KILN_BIND_UNARY(sign)
  KILN_BIND_UNARY(sgn)
  KILN_BIND_UNARY(square)
  KILN_BIND_UNARY(floor)
  KILN_BIND_UNARY(ceil)
  KILN_BIND_UNARY(trunc)
  KILN_BIND_UNARY(round)
  KILN_BIND_UNARY(frac)
  KILN_BIND_UNARY(sqrt)
  KILN_BIND_UNARY(rsqrt)
  KILN_BIND_UNARY(reciprocal)
  KILN_BIND_UNARY(exp)
  KILN_BIND_UNARY(exp2)
  KILN_BIND_UNARY(expm1)
  KILN_BIND_UNARY(log)
  KILN_BIND_UNARY(log1p)
  KILN_BIND_UNARY(log2)
  KILN_BIND_UNARY(log10)
  KILN_BIND_UNARY(sin)
  KILN_BIND_UNARY(cos)
  KILN_BIND_UNARY(tan)
  KILN_BIND_UNARY(asin)
  KILN_BIND_UNARY(acos)
  KILN_BIND_UNARY(atan)
  KILN_BIND_UNARY(sinh)
  KILN_BIND_UNARY(cosh)
  KILN_BIND_UNARY(tanh)
  KILN_BIND_UNARY(asinh)
  KILN_BIND_UNARY(acosh)
  KILN_BIND_UNARY(atanh)
  KILN_BIND_UNARY(sigmoid)
  KILN_BIND_UNARY(erf)
  KILN_BIND_UNARY(erfc)
  KILN_BIND_UNARY(lgamma)
  KILN_BIND_UNARY(digamma)
  KILN_BIND_UNARY(erfinv)

  // Aliases.
  bind<[](const Tensor &self) { return ops::abs(self); }>(t,
                                                          OpId::aten_absolute);
  bind<[](Tensor self) { return ops::abs_(self); }>(t, OpId::aten_absolute_);
  bind<[](const Tensor &x) { return ops::abs(x); }>(t, OpId::prim_abs);
  bind<[](const Tensor &self) { return ops::neg(self); }>(t,
                                                          OpId::aten_negative);
  bind<[](Tensor self) { return ops::neg_(self); }>(t, OpId::aten_negative_);
  bind<[](const Tensor &self) { return ops::positive(self); }>(
      t, OpId::aten_positive);

  bind<[](const Tensor &self, int64_t decimals) {
    return ops::round(self, decimals);
  }>(t, OpId::aten_round_decimals);
  bind<[](Tensor self, int64_t decimals) {
    return ops::round_(self, decimals);
  }>(t, OpId::aten_round__decimals);
  bind<[](const Tensor &self) { return ops::angle(self); }>(t,
                                                            OpId::aten_angle);
  bind<[](const Tensor &self, std::optional<double> eps) {
    return ops::logit(self, eps);
  }>(t, OpId::aten_logit);
  bind<[](Tensor self, std::optional<double> eps) {
    return ops::logit_(self, eps);
  }>(t, OpId::aten_logit_);
  bind<[](const Tensor &self) {
    auto [mantissa, exponent] = ops::frexp(self);
    return std::tuple{mantissa, exponent};
  }>(t, OpId::aten_frexp_Tensor);

  bind<[](const Tensor &self, std::optional<double> nan,
          std::optional<double> posinf, std::optional<double> neginf) {
    return ops::nan_to_num(self, nan, posinf, neginf);
  }>(t, OpId::aten_nan_to_num);
  bind<[](Tensor self, std::optional<double> nan, std::optional<double> posinf,
          std::optional<double> neginf) {
    return ops::nan_to_num_(self, nan, posinf, neginf);
  }>(t, OpId::aten_nan_to_num_);
  bind<[](const Tensor &self) { return ops::isnan(self); }>(t,
                                                            OpId::aten_isnan);
  bind<[](const Tensor &self) { return ops::isinf(self); }>(t,
                                                            OpId::aten_isinf);
  bind<[](const Tensor &self) { return ops::isposinf(self); }>(
      t, OpId::aten_isposinf);
  bind<[](const Tensor &self) { return ops::isneginf(self); }>(
      t, OpId::aten_isneginf);
  bind<[](const Tensor &self) { return ops::isfinite(self); }>(
      t, OpId::aten_isfinite);
  bind<[](const Tensor &self) { return ops::isreal(self); }>(t,
                                                             OpId::aten_isreal);
}

#undef KILN_BIND_UNARY

} // namespace kiln
