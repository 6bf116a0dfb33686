//===- Pointwise.cpp - Elementwise arithmetic -----------------------------===//
#include "runtime/tensor/ops/Pointwise.h"

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/ops/PointwiseLoops.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace kiln::ops {

using namespace pointwise;

//===--- In-place write-back ----------------------------------------------===//

namespace {
/// PyTorch's canCast: no floats into integers or bool, nothing but bool
/// into bool.
bool canCast(ScalarType from, ScalarType to) {
  if (isFloatingType(from) && isIntegralType(to, /*includeBool=*/true))
    return false;
  return from == ScalarType::Bool || to != ScalarType::Bool;
}
} // namespace

Tensor &pointwise::assignInPlace(std::string_view op, Tensor &self,
                                 const Tensor &result) {
  KILN_USER_CHECK(canCast(result.dtype(), self.dtype()), op, ": result type ",
                  scalarTypeName(result.dtype()),
                  " can't be cast to the desired output type ",
                  scalarTypeName(self.dtype()));
  KILN_USER_CHECK(result.sizes() == self.sizes(), op, ": output with shape ",
                  self.shapeString(), " doesn't match the broadcast shape ",
                  result.shapeString());
  for (int64_t d = 0; d < self.dim(); ++d)
    KILN_USER_CHECK(self.sizes()[d] < 2 || self.strides()[d] != 0, op,
                    ": unsupported operation: more than one element of the "
                    "written-to tensor (shape ",
                    self.shapeString(),
                    ", a broadcast view) refers to a single memory location; "
                    "clone() it first");
  copyAnyRank(self, result);
  return self;
}

//===--- add, sub, mul ----------------------------------------------------===//

namespace {
void checkAlpha(std::string_view op, ScalarType t, Scalar alpha) {
  KILN_USER_CHECK(!alpha.isBool() || t == ScalarType::Bool, op,
                  ": boolean alpha only supported for boolean results");
  KILN_USER_CHECK(isFloatingType(t) || !alpha.isFloat(), op,
                  ": for integral input tensors, argument alpha must not be a "
                  "floating point number");
}

void checkSubtraction(std::string_view op, ScalarType a, ScalarType b) {
  KILN_USER_CHECK(a != ScalarType::Bool || b != ScalarType::Bool, op,
                  ": subtraction, the `-` operator, with two bool tensors is "
                  "not supported; use the `^` or logical_xor() operator "
                  "instead");
  KILN_USER_CHECK(a != ScalarType::Bool && b != ScalarType::Bool, op,
                  ": subtraction, the `-` operator, with a bool tensor is not "
                  "supported; to invert a mask, use the `~` or logical_not() "
                  "operator instead");
}

/// a + alpha * b, computed in `t`.
Tensor addScaled(std::string_view op, const Tensor &a, const Tensor &b,
                 Scalar alpha, ScalarType t) {
  checkAlpha(op, t, alpha);
  return binaryMap<Dtypes::All>(op, a, b, t, [alpha]<typename T>(T x, T y) {
    return wrappingAdd(x, wrappingMul(scalarAs<T>(alpha), y));
  });
}

/// a - alpha * b, computed in `t`.
Tensor subScaled(std::string_view op, const Tensor &a, const Tensor &b,
                 Scalar alpha, ScalarType t) {
  checkSubtraction(op, a.dtype(), b.dtype());
  checkAlpha(op, t, alpha);
  return binaryMap<Dtypes::Numeric>(op, a, b, t, [alpha]<typename T>(T x, T y) {
    return wrappingSub(x, wrappingMul(scalarAs<T>(alpha), y));
  });
}

Tensor multiply(std::string_view op, const Tensor &a, const Tensor &b,
                ScalarType t) {
  return binaryMap<Dtypes::All>(
      op, a, b, t, []<typename T>(T x, T y) { return wrappingMul(x, y); });
}
} // namespace

Tensor add(const Tensor &self, const Tensor &other, Scalar alpha) {
  return addScaled("aten::add", self, other, alpha, resultType({self, other}));
}

Tensor add(const Tensor &self, Scalar other, Scalar alpha) {
  ScalarType t = resultType({self, other});
  return addScaled("aten::add", self, numberOperand(other, t), alpha, t);
}

Tensor &add_(Tensor &self, const Tensor &other, Scalar alpha) {
  return assignInPlace("aten::add_", self, add(self, other, alpha));
}

Tensor &add_(Tensor &self, Scalar other, Scalar alpha) {
  return assignInPlace("aten::add_", self, add(self, other, alpha));
}

Tensor sub(const Tensor &self, const Tensor &other, Scalar alpha) {
  return subScaled("aten::sub", self, other, alpha, resultType({self, other}));
}

Tensor sub(const Tensor &self, Scalar other, Scalar alpha) {
  ScalarType t = resultType({self, other});
  checkSubtraction("aten::sub", self.dtype(), defaultScalarType(other));
  return subScaled("aten::sub", self, numberOperand(other, t), alpha, t);
}

Tensor &sub_(Tensor &self, const Tensor &other, Scalar alpha) {
  return assignInPlace("aten::sub_", self, sub(self, other, alpha));
}

Tensor &sub_(Tensor &self, Scalar other, Scalar alpha) {
  return assignInPlace("aten::sub_", self, sub(self, other, alpha));
}

Tensor rsub(const Tensor &self, const Tensor &other, Scalar alpha) {
  return subScaled("aten::rsub", other, self, alpha, resultType({self, other}));
}

Tensor rsub(const Tensor &self, Scalar other, Scalar alpha) {
  ScalarType t = resultType({self, other});
  checkSubtraction("aten::rsub", self.dtype(), defaultScalarType(other));
  return subScaled("aten::rsub", numberOperand(other, t), self, alpha, t);
}

Tensor mul(const Tensor &self, const Tensor &other) {
  return multiply("aten::mul", self, other, resultType({self, other}));
}

Tensor mul(const Tensor &self, Scalar other) {
  ScalarType t = resultType({self, other});
  return multiply("aten::mul", self, numberOperand(other, t), t);
}

Tensor &mul_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::mul_", self, mul(self, other));
}

Tensor &mul_(Tensor &self, Scalar other) {
  return assignInPlace("aten::mul_", self, mul(self, other));
}

//===--- Division and remainders ------------------------------------------===//

namespace {
enum class Rounding { None, Trunc, Floor };

Rounding parseRoundingMode(std::string_view op,
                           std::optional<std::string_view> mode) {
  if (!mode)
    return Rounding::None;
  if (*mode == "trunc")
    return Rounding::Trunc;
  KILN_USER_CHECK(*mode == "floor", op,
                  ": expected rounding_mode to be one of None, 'trunc', or "
                  "'floor' but found '",
                  *mode, "'");
  return Rounding::Floor;
}

/// Integer division (and remainder) by zero is Python's ZeroDivisionError,
/// raised when the divisor has a zero and the output is not empty (then
/// every element of the divisor is used).
void checkIntegerDivisor(std::string_view op, const Tensor &dividend,
                         const Tensor &divisor, ScalarType t) {
  if (!isIntegralType(t, /*includeBool=*/false))
    return;
  auto shape = broadcastShapes(op, {dividend.sizes(), divisor.sizes()});
  if (std::find(shape.begin(), shape.end(), 0) != shape.end())
    return;
  Tensor d = atLeast1d(convert(divisor, t));
  bool zero = false;
  dispatchIntegral(t, op, [&]<typename T>() {
    forEachElement<T>(
        d.sizes(), [&](T v) { zero = zero || v == T(0); }, d);
  });
  KILN_USER_CHECK(!zero, op, ": ZeroDivisionError (integer division by zero)");
}

/// a / b rounded toward zero; the divisor is not zero.
template <typename T> T truncDivide(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::trunc(a / b);
  } else {
    if constexpr (std::is_signed_v<T>)
      if (b == T(-1))
        return wrappingNeg(a); // INT_MIN / -1 overflows
    return static_cast<T>(a / b);
  }
}

/// a / b rounded toward -inf (Python's //). Floats as PyTorch computes them,
/// from fmod, so that a == b * (a // b) + a % b holds closely.
template <typename T> T floorDivide(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (b == 0)
      return a / b;
    T mod = std::fmod(a, b);
    T div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0))
      div -= T(1);
    if (div == 0)
      return std::copysign(T(0), a / b);
    T floored = std::floor(div);
    if (div - floored > T(0.5))
      floored += T(1);
    return floored;
  } else {
    if constexpr (std::is_signed_v<T>)
      if (b == T(-1))
        return wrappingNeg(a);
    auto q = static_cast<T>(a / b), r = static_cast<T>(a % b);
    if (r != 0 && (r < 0) != (b < 0))
      --q;
    return q;
  }
}

/// Python's a % b: the sign of b.
template <typename T> T pythonRemainder(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    T mod = std::fmod(a, b);
    if (mod != 0 && (b < 0) != (mod < 0))
      mod += b;
    return mod;
  } else {
    if constexpr (std::is_signed_v<T>)
      if (b == T(-1))
        return T(0);
    auto r = static_cast<T>(a % b);
    if (r != 0 && (r < 0) != (b < 0))
      r = static_cast<T>(r + b);
    return r;
  }
}

/// C's fmod: the sign of a.
template <typename T> T cRemainder(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::fmod(a, b);
  } else {
    if constexpr (std::is_signed_v<T>)
      if (b == T(-1))
        return T(0);
    return static_cast<T>(a % b);
  }
}

Tensor divide(std::string_view op, const Tensor &a, const Tensor &b,
              ScalarType t, Rounding mode) {
  switch (mode) {
  case Rounding::None:
    return binaryMap<Dtypes::Floating>(op, a, b, floatingResult(t),
                                       [](auto x, auto y) { return x / y; });
  case Rounding::Trunc:
    checkIntegerDivisor(op, a, b, t);
    return binaryMap<Dtypes::Numeric>(
        op, a, b, t, []<typename T>(T x, T y) { return truncDivide(x, y); });
  case Rounding::Floor:
    checkIntegerDivisor(op, a, b, t);
    return binaryMap<Dtypes::Numeric>(
        op, a, b, t, []<typename T>(T x, T y) { return floorDivide(x, y); });
  }
  KILN_INTERNAL_ASSERT(false, "unknown rounding mode");
}

Tensor remainderOf(std::string_view op, const Tensor &a, const Tensor &b,
                   ScalarType t) {
  checkIntegerDivisor(op, a, b, t);
  return binaryMap<Dtypes::Numeric>(
      op, a, b, t, []<typename T>(T x, T y) { return pythonRemainder(x, y); });
}

Tensor fmodOf(std::string_view op, const Tensor &a, const Tensor &b,
              ScalarType t) {
  checkIntegerDivisor(op, a, b, t);
  return binaryMap<Dtypes::Numeric>(
      op, a, b, t, []<typename T>(T x, T y) { return cRemainder(x, y); });
}
} // namespace

Tensor div(const Tensor &self, const Tensor &other,
           std::optional<std::string_view> roundingMode) {
  return divide("aten::div", self, other, resultType({self, other}),
                parseRoundingMode("aten::div", roundingMode));
}

Tensor div(const Tensor &self, Scalar other,
           std::optional<std::string_view> roundingMode) {
  ScalarType t = resultType({self, other});
  return divide("aten::div", self, numberOperand(other, t), t,
                parseRoundingMode("aten::div", roundingMode));
}

Tensor &div_(Tensor &self, const Tensor &other,
             std::optional<std::string_view> roundingMode) {
  return assignInPlace("aten::div_", self, div(self, other, roundingMode));
}

Tensor &div_(Tensor &self, Scalar other,
             std::optional<std::string_view> roundingMode) {
  return assignInPlace("aten::div_", self, div(self, other, roundingMode));
}

Tensor floor_divide(const Tensor &self, const Tensor &other) {
  return divide("aten::floor_divide", self, other, resultType({self, other}),
                Rounding::Floor);
}

Tensor floor_divide(const Tensor &self, Scalar other) {
  ScalarType t = resultType({self, other});
  return divide("aten::floor_divide", self, numberOperand(other, t), t,
                Rounding::Floor);
}

Tensor &floor_divide_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::floor_divide_", self, floor_divide(self, other));
}

Tensor &floor_divide_(Tensor &self, Scalar other) {
  return assignInPlace("aten::floor_divide_", self, floor_divide(self, other));
}

Tensor remainder(const Tensor &self, const Tensor &other) {
  return remainderOf("aten::remainder", self, other, resultType({self, other}));
}

Tensor remainder(const Tensor &self, Scalar other) {
  ScalarType t = resultType({self, other});
  return remainderOf("aten::remainder", self, numberOperand(other, t), t);
}

Tensor remainder(Scalar self, const Tensor &other) {
  ScalarType t = resultType({self, other});
  return remainderOf("aten::remainder", numberOperand(self, t), other, t);
}

Tensor &remainder_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::remainder_", self, remainder(self, other));
}

Tensor &remainder_(Tensor &self, Scalar other) {
  return assignInPlace("aten::remainder_", self, remainder(self, other));
}

Tensor fmod(const Tensor &self, const Tensor &other) {
  return fmodOf("aten::fmod", self, other, resultType({self, other}));
}

Tensor fmod(const Tensor &self, Scalar other) {
  ScalarType t = resultType({self, other});
  return fmodOf("aten::fmod", self, numberOperand(other, t), t);
}

Tensor &fmod_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::fmod_", self, fmod(self, other));
}

Tensor &fmod_(Tensor &self, Scalar other) {
  return assignInPlace("aten::fmod_", self, fmod(self, other));
}

//===--- pow --------------------------------------------------------------===//

namespace {
/// base ** exp for integers, by squaring, wrapping around on overflow. A
/// negative exponent gives 1 / base**-exp rounded toward zero.
template <typename T> T integerPow(T base, T exp) {
  if constexpr (std::is_signed_v<T>) {
    if (exp < 0) {
      if (base == 1)
        return 1;
      if (base == -1)
        return exp % 2 == 0 ? T(1) : T(-1);
      return 0;
    }
  }
  T result = 1;
  while (exp != 0) {
    if (exp & 1)
      result = wrappingMul(result, base);
    exp = static_cast<T>(exp / 2);
    base = wrappingMul(base, base);
  }
  return result;
}

Tensor power(const Tensor &base, const Tensor &exp, ScalarType t) {
  return binaryMap<Dtypes::Numeric>("aten::pow", base, exp, t,
                                    []<typename T>(T x, T y) {
                                      if constexpr (std::is_floating_point_v<T>)
                                        return std::pow(x, y);
                                      else
                                        return integerPow(x, y);
                                    });
}
} // namespace

Tensor pow(const Tensor &self, const Tensor &exponent) {
  return power(self, exponent, resultType({self, exponent}));
}

Tensor pow(const Tensor &self, Scalar exponent) {
  ScalarType t = resultType({self, exponent});
  KILN_USER_CHECK(!isIntegralType(t, /*includeBool=*/false) ||
                      exponent.isFloat() || exponent.toInt() >= 0,
                  "aten::pow: integers to negative integer powers are not "
                  "allowed (exponent ",
                  exponent.toInt(), " for a tensor of dtype ",
                  scalarTypeName(self.dtype()), ")");
  return power(self, numberOperand(exponent, t), t);
}

Tensor pow(Scalar self, const Tensor &exponent) {
  ScalarType t = resultType({self, exponent});
  return power(numberOperand(self, t), exponent, t);
}

Tensor &pow_(Tensor &self, const Tensor &exponent) {
  return assignInPlace("aten::pow_", self, pow(self, exponent));
}

Tensor &pow_(Tensor &self, Scalar exponent) {
  return assignInPlace("aten::pow_", self, pow(self, exponent));
}

} // namespace kiln::ops
