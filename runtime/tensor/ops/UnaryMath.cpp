//===- UnaryMath.cpp - Elementwise functions of one tensor ----------------===//
#include "runtime/tensor/ops/UnaryMath.h"

#include "runtime/tensor/ops/Pointwise.h"
#include "runtime/tensor/ops/PointwiseLoops.h"

#include <cmath>
#include <limits>
#include <numbers>
#include <type_traits>

namespace kiln::ops {

using namespace pointwise;

namespace {
/// f(x) in self's floating dtype, or float32 for integer and bool tensors.
template <typename F>
Tensor floatMath(std::string_view op, const Tensor &self, const F &f) {
  return unaryMap<Dtypes::Floating>(op, self, floatingResult(self.dtype()), f);
}

/// The roundings: f(x) for floating tensors, a copy of integer ones.
template <typename F>
Tensor rounding(std::string_view op, const Tensor &self, const F &f) {
  return dispatchNumeric(self.dtype(), op, [&]<typename T>() {
    if constexpr (std::is_floating_point_v<T>)
      return unaryMap<Dtypes::Floating>(op, self, self.dtype(), f);
    else
      return self.clone();
  });
}
/// The digamma function (d/dx log Gamma), as PyTorch computes it (from
/// Cephes): reflection for negative x, recurrence up to x >= 10, then the
/// asymptotic series.
double digammaValue(double x) {
  constexpr double kPsi10 = 2.25175258906672110764; // digamma(10)
  if (x == 0)
    return std::copysign(std::numeric_limits<double>::infinity(), -x);
  if (x < 0) {
    if (x == std::trunc(x))
      return std::numeric_limits<double>::quiet_NaN(); // a pole
    // tan(pi * frac(x)) is more accurate than tan(pi * x).
    double whole;
    double fraction = std::modf(x, &whole);
    return digammaValue(1 - x) -
           std::numbers::pi / std::tan(std::numbers::pi * fraction);
  }
  double result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  if (x == 10)
    return result + kPsi10;
  static const double kSeries[] = {
      8.33333333333333333333E-2, -2.10927960927960927961E-2,
      7.57575757575757575758E-3, -4.16666666666666666667E-3,
      3.96825396825396825397E-3, -8.33333333333333333333E-3,
      8.33333333333333333333E-2,
  };
  double tail = 0;
  if (x < 1.0e17) {
    double z = 1 / (x * x);
    double poly = 0;
    for (double c : kSeries)
      poly = poly * z + c;
    tail = z * poly;
  }
  return result + std::log(x) - 0.5 / x - tail;
}

/// The inverse error function, as PyTorch computes it: a rational
/// approximation refined by two Newton steps.
template <typename T> T erfinvValue(T y) {
  T a = std::abs(y);
  if (a > 1)
    return std::numeric_limits<T>::quiet_NaN();
  if (a == 1)
    return std::copysign(std::numeric_limits<T>::infinity(), y);
  T x;
  if (a <= T(0.7)) {
    T z = y * y;
    T num = ((T(-0.140543331) * z + T(0.914624893)) * z + T(-1.645349621)) * z +
            T(0.886226899);
    T dem = (((T(0.012229801) * z + T(-0.329097515)) * z + T(1.442710462)) * z +
             T(-2.118377725)) *
                z +
            T(1);
    x = y * num / dem;
  } else {
    T z = std::sqrt(-std::log((T(1) - a) / T(2)));
    T num = ((T(1.641345311) * z + T(3.429567803)) * z + T(-1.624906493)) * z +
            T(-1.970840454);
    T dem = (T(1.637067800) * z + T(3.543889200)) * z + T(1);
    x = std::copysign(num, y) / dem;
  }
  const T slope = T(2) * std::numbers::inv_sqrtpi_v<T>; // d erf / dx at 0
  for (int step = 0; step < 2; ++step)
    x -= (std::erf(x) - y) / (slope * std::exp(-x * x));
  return x;
}
} // namespace

// Each floating-point function and its in-place variant.
#define KILN_FLOAT_MATH(name, expr)                                            \
  Tensor name(const Tensor &self) {                                            \
    return floatMath("aten::" #name, self,                                     \
                     []<typename T>(T x) { return static_cast<T>(expr); });    \
  }                                                                            \
  Tensor &name##_(Tensor &self) {                                              \
    return assignInPlace("aten::" #name "_", self, name(self));                \
  }

KILN_FLOAT_MATH(sqrt, std::sqrt(x))
KILN_FLOAT_MATH(rsqrt, T(1) / std::sqrt(x))
KILN_FLOAT_MATH(reciprocal, T(1) / x)
KILN_FLOAT_MATH(exp, std::exp(x))
KILN_FLOAT_MATH(exp2, std::exp2(x))
KILN_FLOAT_MATH(expm1, std::expm1(x))
KILN_FLOAT_MATH(log, std::log(x))
KILN_FLOAT_MATH(log1p, std::log1p(x))
KILN_FLOAT_MATH(log2, std::log2(x))
KILN_FLOAT_MATH(log10, std::log10(x))
KILN_FLOAT_MATH(sin, std::sin(x))
KILN_FLOAT_MATH(cos, std::cos(x))
KILN_FLOAT_MATH(tan, std::tan(x))
KILN_FLOAT_MATH(asin, std::asin(x))
KILN_FLOAT_MATH(acos, std::acos(x))
KILN_FLOAT_MATH(atan, std::atan(x))
KILN_FLOAT_MATH(sinh, std::sinh(x))
KILN_FLOAT_MATH(cosh, std::cosh(x))
KILN_FLOAT_MATH(tanh, std::tanh(x))
KILN_FLOAT_MATH(asinh, std::asinh(x))
KILN_FLOAT_MATH(acosh, std::acosh(x))
KILN_FLOAT_MATH(atanh, std::atanh(x))
KILN_FLOAT_MATH(sigmoid, T(1) / (T(1) + std::exp(-x)))
KILN_FLOAT_MATH(erf, std::erf(x))
KILN_FLOAT_MATH(erfc, std::erfc(x))
KILN_FLOAT_MATH(lgamma, std::lgamma(x))
KILN_FLOAT_MATH(digamma, digammaValue(static_cast<double>(x)))
KILN_FLOAT_MATH(erfinv, erfinvValue(x))

#undef KILN_FLOAT_MATH

//===--- Sign and magnitude -----------------------------------------------===//

Tensor abs(const Tensor &self) {
  return unaryMap<Dtypes::Numeric>(
      "aten::abs", self, self.dtype(), []<typename T>(T x) {
        if constexpr (std::is_floating_point_v<T>)
          return std::abs(x);
        else if constexpr (std::is_signed_v<T>)
          return x < 0 ? wrappingNeg(x) : x; // abs(INT_MIN) wraps to INT_MIN
        else
          return x;
      });
}

Tensor &abs_(Tensor &self) {
  return assignInPlace("aten::abs_", self, abs(self));
}

Tensor neg(const Tensor &self) {
  KILN_USER_CHECK(self.dtype() != ScalarType::Bool,
                  "aten::neg: negation, the `-` operator, on a bool tensor is "
                  "not supported; to invert a mask, use the `~` or "
                  "logical_not() operator instead");
  return unaryMap<Dtypes::Numeric>("aten::neg", self, self.dtype(),
                                   []<typename T>(T x) {
                                     if constexpr (std::is_floating_point_v<T>)
                                       return -x;
                                     else
                                       return wrappingNeg(x);
                                   });
}

Tensor &neg_(Tensor &self) {
  return assignInPlace("aten::neg_", self, neg(self));
}

Tensor positive(const Tensor &self) {
  KILN_USER_CHECK(self.dtype() != ScalarType::Bool,
                  "aten::positive: the `+` operator, on a bool tensor is not "
                  "supported");
  return self;
}

Tensor sign(const Tensor &self) {
  return unaryMap<Dtypes::All>(
      "aten::sign", self, self.dtype(), []<typename T>(T x) {
        if constexpr (std::is_same_v<T, bool>)
          return x;
        else
          return static_cast<T>((T(0) < x) - (x < T(0)));
      });
}

Tensor &sign_(Tensor &self) {
  return assignInPlace("aten::sign_", self, sign(self));
}

Tensor sgn(const Tensor &self) { return sign(self); }

Tensor &sgn_(Tensor &self) {
  return assignInPlace("aten::sgn_", self, sgn(self));
}

Tensor square(const Tensor &self) { return pow(self, Scalar(int64_t(2))); }

Tensor &square_(Tensor &self) {
  return assignInPlace("aten::square_", self, square(self));
}

//===--- Rounding ---------------------------------------------------------===//

Tensor floor(const Tensor &self) {
  return rounding("aten::floor", self, [](auto x) { return std::floor(x); });
}

Tensor &floor_(Tensor &self) {
  return assignInPlace("aten::floor_", self, floor(self));
}

Tensor ceil(const Tensor &self) {
  return rounding("aten::ceil", self, [](auto x) { return std::ceil(x); });
}

Tensor &ceil_(Tensor &self) {
  return assignInPlace("aten::ceil_", self, ceil(self));
}

Tensor trunc(const Tensor &self) {
  return rounding("aten::trunc", self, [](auto x) { return std::trunc(x); });
}

Tensor &trunc_(Tensor &self) {
  return assignInPlace("aten::trunc_", self, trunc(self));
}

// nearbyint rounds half to even in the default rounding mode, as PyTorch.
Tensor round(const Tensor &self) {
  return rounding("aten::round", self,
                  [](auto x) { return std::nearbyint(x); });
}

Tensor &round_(Tensor &self) {
  return assignInPlace("aten::round_", self, round(self));
}

Tensor round(const Tensor &self, int64_t decimals) {
  // PyTorch's formula: scale by 10^|decimals| the way that keeps the
  // scaled value exact for the common case.
  bool negative = decimals < 0;
  double scale =
      std::pow(10.0, static_cast<double>(negative ? -decimals : decimals));
  return unaryMap<Dtypes::Floating>(
      "aten::round", self, self.dtype(), [=]<typename T>(T x) {
        T s = static_cast<T>(scale);
        return negative ? std::nearbyint(x / s) * s : std::nearbyint(x * s) / s;
      });
}

Tensor &round_(Tensor &self, int64_t decimals) {
  return assignInPlace("aten::round_", self, round(self, decimals));
}

Tensor frac(const Tensor &self) {
  return unaryMap<Dtypes::Floating>("aten::frac", self, self.dtype(),
                                    [](auto x) { return x - std::trunc(x); });
}

Tensor &frac_(Tensor &self) {
  return assignInPlace("aten::frac_", self, frac(self));
}

//===--- Other floating-point functions -----------------------------------===//

Tensor angle(const Tensor &self) {
  return floatMath("aten::angle", self, []<typename T>(T x) {
    if (std::isnan(x))
      return x;
    return x < 0 ? std::numbers::pi_v<T> : T(0);
  });
}

Tensor logit(const Tensor &self, std::optional<double> eps) {
  // A negative eps, like None, means no clamping.
  double lo = eps.value_or(-1.0);
  return floatMath("aten::logit", self, [lo]<typename T>(T x) {
    if (lo >= 0) {
      T low = static_cast<T>(lo), high = static_cast<T>(1 - lo);
      x = x < low ? low : (x > high ? high : x);
    }
    return std::log(x / (T(1) - x));
  });
}

Tensor &logit_(Tensor &self, std::optional<double> eps) {
  return assignInPlace("aten::logit_", self, logit(self, eps));
}

std::pair<Tensor, Tensor> frexp(const Tensor &self) {
  return dispatchFloating(self.dtype(), "aten::frexp", [&]<typename T>() {
    Tensor mantissa = Tensor::empty(self.sizes(), self.dtype());
    Tensor exponent = Tensor::empty(self.sizes(), ScalarType::Int);
    mapAnyRank<T, T>(
        mantissa,
        [](T x) {
          int e;
          return std::frexp(x, &e);
        },
        self);
    mapAnyRank<int32_t, T>(
        exponent,
        [](T x) {
          int e = 0;
          std::frexp(x, &e);
          return static_cast<int32_t>(e);
        },
        self);
    return std::pair{mantissa, exponent};
  });
}

//===--- NaN and infinity -------------------------------------------------===//

Tensor nan_to_num(const Tensor &self, std::optional<double> nan,
                  std::optional<double> posinf, std::optional<double> neginf) {
  return dispatchAll(self.dtype(), "aten::nan_to_num", [&]<typename T>() {
    if constexpr (!std::is_floating_point_v<T>) {
      return self.clone();
    } else {
      using Limits = std::numeric_limits<T>;
      T nanValue = static_cast<T>(nan.value_or(0.0));
      T posValue = posinf ? static_cast<T>(*posinf) : Limits::max();
      T negValue = neginf ? static_cast<T>(*neginf) : Limits::lowest();
      return unaryMap<Dtypes::Floating>("aten::nan_to_num", self, self.dtype(),
                                        [=](auto x) {
                                          if (std::isnan(x))
                                            return nanValue;
                                          if (std::isinf(x))
                                            return x > 0 ? posValue : negValue;
                                          return static_cast<T>(x);
                                        });
    }
  });
}

Tensor &nan_to_num_(Tensor &self, std::optional<double> nan,
                    std::optional<double> posinf,
                    std::optional<double> neginf) {
  return assignInPlace("aten::nan_to_num_", self,
                       nan_to_num(self, nan, posinf, neginf));
}

Tensor isnan(const Tensor &self) {
  return unaryPredicate<Dtypes::All>("aten::isnan", self,
                                     [](auto x) { return isNan(x); });
}

Tensor isinf(const Tensor &self) {
  return unaryPredicate<Dtypes::All>("aten::isinf", self, []<typename T>(T x) {
    if constexpr (std::is_floating_point_v<T>)
      return std::isinf(x);
    else
      return false;
  });
}

Tensor isposinf(const Tensor &self) {
  return unaryPredicate<Dtypes::All>(
      "aten::isposinf", self, []<typename T>(T x) {
        if constexpr (std::is_floating_point_v<T>)
          return x == std::numeric_limits<T>::infinity();
        else
          return false;
      });
}

Tensor isneginf(const Tensor &self) {
  return unaryPredicate<Dtypes::All>(
      "aten::isneginf", self, []<typename T>(T x) {
        if constexpr (std::is_floating_point_v<T>)
          return x == -std::numeric_limits<T>::infinity();
        else
          return false;
      });
}

Tensor isfinite(const Tensor &self) {
  return unaryPredicate<Dtypes::All>(
      "aten::isfinite", self, []<typename T>(T x) {
        if constexpr (std::is_floating_point_v<T>)
          return std::isfinite(x);
        else
          return true;
      });
}

Tensor isreal(const Tensor &self) {
  return unaryPredicate<Dtypes::All>("aten::isreal", self,
                                     [](auto) { return true; });
}

} // namespace kiln::ops
