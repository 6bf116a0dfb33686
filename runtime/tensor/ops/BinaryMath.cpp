//===- BinaryMath.cpp - Math functions of two and three tensors -----------===//
//
// atan2, hypot, xlogy, copysign, logaddexp, ldexp, gcd, lcm, lerp, addcmul,
// addcdiv (declared in Pointwise.h).
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Pointwise.h"
#include "runtime/tensor/ops/PointwiseLoops.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace kiln::ops {

using namespace pointwise;

namespace {
/// The floating dtype that a and b promote to (integers give float32).
ScalarType floatingOf(PromotionOperand a, PromotionOperand b) {
  return floatingResult(resultType({a, b}));
}

template <typename T> T xlogyValue(T x, T y) {
  if (std::isnan(y))
    return y;
  if (x == 0)
    return 0;
  return x * std::log(y);
}

Tensor xlogyOf(const Tensor &a, const Tensor &b, ScalarType t) {
  return binaryMap<Dtypes::Floating>(
      "aten::xlogy", a, b, t, [](auto x, auto y) { return xlogyValue(x, y); });
}

Tensor copysignOf(const Tensor &a, const Tensor &b, ScalarType t) {
  return binaryMap<Dtypes::Floating>(
      "aten::copysign", a, b, t,
      [](auto x, auto y) { return std::copysign(x, y); });
}

/// Greatest common divisor as PyTorch computes it: of |a| and |b|.
template <typename T> T gcdValue(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    a = a < 0 ? wrappingNeg(a) : a;
    b = b < 0 ? wrappingNeg(b) : b;
  }
  while (a != 0) {
    T c = a;
    a = static_cast<T>(b % a);
    b = c;
  }
  return b;
}
} // namespace

Tensor atan2(const Tensor &self, const Tensor &other) {
  return binaryMap<Dtypes::Floating>(
      "aten::atan2", self, other, floatingOf(self, other),
      [](auto y, auto x) { return std::atan2(y, x); });
}

Tensor &atan2_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::atan2_", self, atan2(self, other));
}

Tensor hypot(const Tensor &self, const Tensor &other) {
  return binaryMap<Dtypes::Floating>(
      "aten::hypot", self, other, resultType({self, other}),
      [](auto x, auto y) { return std::hypot(x, y); });
}

Tensor &hypot_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::hypot_", self, hypot(self, other));
}

Tensor xlogy(const Tensor &self, const Tensor &other) {
  return xlogyOf(self, other, floatingOf(self, other));
}

Tensor xlogy(const Tensor &self, Scalar other) {
  ScalarType t = floatingOf(self, other);
  return xlogyOf(self, numberOperand(other, t), t);
}

Tensor xlogy(Scalar self, const Tensor &other) {
  ScalarType t = floatingOf(self, other);
  return xlogyOf(numberOperand(self, t), other, t);
}

Tensor &xlogy_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::xlogy_", self, xlogy(self, other));
}

Tensor &xlogy_(Tensor &self, Scalar other) {
  return assignInPlace("aten::xlogy_", self, xlogy(self, other));
}

Tensor copysign(const Tensor &self, const Tensor &other) {
  return copysignOf(self, other, floatingOf(self, other));
}

Tensor copysign(const Tensor &self, Scalar other) {
  ScalarType t = floatingOf(self, other);
  return copysignOf(self, numberOperand(other, t), t);
}

Tensor &copysign_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::copysign_", self, copysign(self, other));
}

Tensor &copysign_(Tensor &self, Scalar other) {
  return assignInPlace("aten::copysign_", self, copysign(self, other));
}

Tensor logaddexp(const Tensor &self, const Tensor &other) {
  return binaryMap<Dtypes::Floating>(
      "aten::logaddexp", self, other, resultType({self, other}),
      []<typename T>(T x, T y) {
        if (std::isinf(x) && x == y)
          return x;
        return std::max(x, y) + std::log1p(std::exp(-std::abs(x - y)));
      });
}

Tensor ldexp(const Tensor &self, const Tensor &other) {
  return binaryMap<Dtypes::Floating>(
      "aten::ldexp", self, other, floatingOf(self, other),
      []<typename T>(T x, T e) { return x * std::pow(T(2), e); });
}

Tensor &ldexp_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::ldexp_", self, ldexp(self, other));
}

Tensor gcd(const Tensor &self, const Tensor &other) {
  return binaryMap<Dtypes::Integral>(
      "aten::gcd", self, other, resultType({self, other}),
      []<typename T>(T a, T b) { return gcdValue(a, b); });
}

Tensor &gcd_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::gcd_", self, gcd(self, other));
}

Tensor lcm(const Tensor &self, const Tensor &other) {
  return binaryMap<Dtypes::Integral>(
      "aten::lcm", self, other, resultType({self, other}),
      []<typename T>(T a, T b) {
        T g = gcdValue(a, b);
        if (g == 0)
          return T(0);
        T m = wrappingMul(static_cast<T>(a / g), b);
        if constexpr (std::is_signed_v<T>)
          m = m < 0 ? wrappingNeg(m) : m;
        return m;
      });
}

Tensor &lcm_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::lcm_", self, lcm(self, other));
}

//===--- lerp, addcmul, addcdiv -------------------------------------------===//

namespace {
/// self + weight * (end - self), from whichever end is nearer for accuracy.
template <typename T> T lerpValue(T self, T end, T weight) {
  return std::abs(weight) < T(0.5) ? self + weight * (end - self)
                                   : end - (end - self) * (T(1) - weight);
}

void checkLerpDtype(const Tensor &self, const Tensor &t, const char *name) {
  KILN_USER_CHECK(t.dtype() == self.dtype(), "aten::lerp: expected dtype ",
                  scalarTypeName(self.dtype()), " for `", name,
                  "` but got dtype ", scalarTypeName(t.dtype()));
}
} // namespace

Tensor lerp(const Tensor &self, const Tensor &end, Scalar weight) {
  checkLerpDtype(self, end, "end");
  return binaryMap<Dtypes::Floating>(
      "aten::lerp", self, end, self.dtype(), [weight]<typename T>(T s, T e) {
        return lerpValue(s, e, scalarAs<T>(weight));
      });
}

Tensor lerp(const Tensor &self, const Tensor &end, const Tensor &weight) {
  checkLerpDtype(self, end, "end");
  checkLerpDtype(self, weight, "weight");
  return ternaryMap<Dtypes::Floating>(
      "aten::lerp", self, end, weight, self.dtype(),
      [](auto s, auto e, auto w) { return lerpValue(s, e, w); });
}

Tensor &lerp_(Tensor &self, const Tensor &end, Scalar weight) {
  return assignInPlace("aten::lerp_", self, lerp(self, end, weight));
}

Tensor &lerp_(Tensor &self, const Tensor &end, const Tensor &weight) {
  return assignInPlace("aten::lerp_", self, lerp(self, end, weight));
}

Tensor addcmul(const Tensor &self, const Tensor &tensor1, const Tensor &tensor2,
               Scalar value) {
  return ternaryMap<Dtypes::Numeric>(
      "aten::addcmul", self, tensor1, tensor2,
      resultType({self, tensor1, tensor2}), [value]<typename T>(T s, T a, T b) {
        return wrappingAdd(s,
                           wrappingMul(wrappingMul(scalarAs<T>(value), a), b));
      });
}

Tensor &addcmul_(Tensor &self, const Tensor &tensor1, const Tensor &tensor2,
                 Scalar value) {
  return assignInPlace("aten::addcmul_", self,
                       addcmul(self, tensor1, tensor2, value));
}

Tensor addcdiv(const Tensor &self, const Tensor &tensor1, const Tensor &tensor2,
               Scalar value) {
  KILN_USER_CHECK(!isIntegralType(tensor1.dtype(), /*includeBool=*/true) ||
                      !isIntegralType(tensor2.dtype(), /*includeBool=*/true),
                  "aten::addcdiv: integer division with addcdiv is no longer "
                  "supported (tensor1 ",
                  scalarTypeName(tensor1.dtype()), ", tensor2 ",
                  scalarTypeName(tensor2.dtype()),
                  "); compute (input + value * torch.trunc(tensor1 / "
                  "tensor2)).to(input.dtype) instead");
  return ternaryMap<Dtypes::Floating>("aten::addcdiv", self, tensor1, tensor2,
                                      resultType({self, tensor1, tensor2}),
                                      [value]<typename T>(T s, T a, T b) {
                                        return s + scalarAs<T>(value) * a / b;
                                      });
}

Tensor &addcdiv_(Tensor &self, const Tensor &tensor1, const Tensor &tensor2,
                 Scalar value) {
  return assignInPlace("aten::addcdiv_", self,
                       addcdiv(self, tensor1, tensor2, value));
}

} // namespace kiln::ops
