//===- Selection.cpp - maximum, minimum, clamp, where ---------------------===//
//
// The elementwise ops that pick one of their operands (declared in
// Comparison.h).
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Comparison.h"

#include "runtime/tensor/ops/PointwiseLoops.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace kiln::ops {

using namespace pointwise;

namespace {
// std::max(x, y) is (x < y) ? y : x, so a NaN x is kept and a NaN y
// ignored; these propagate NaN from either side.
template <typename T> T nanMax(T x, T y) {
  if (isNan(y))
    return y;
  return std::max(x, y);
}

template <typename T> T nanMin(T x, T y) {
  if (isNan(y))
    return y;
  return std::min(x, y);
}

template <typename T> T quietNan() {
  if constexpr (std::is_floating_point_v<T>)
    return std::numeric_limits<T>::quiet_NaN();
  else
    return T(0); // unreachable: integer bounds are never NaN
}

bool hasValue(const std::optional<Tensor> &t) { return t && t->defined(); }
} // namespace

Tensor maximum(const Tensor &self, const Tensor &other) {
  return binaryMap<Dtypes::All>("aten::maximum", self, other,
                                resultType({self, other}),
                                [](auto x, auto y) { return nanMax(x, y); });
}

Tensor minimum(const Tensor &self, const Tensor &other) {
  return binaryMap<Dtypes::All>("aten::minimum", self, other,
                                resultType({self, other}),
                                [](auto x, auto y) { return nanMin(x, y); });
}

Tensor fmax(const Tensor &self, const Tensor &other) {
  return binaryMap<Dtypes::Numeric>("aten::fmax", self, other,
                                    resultType({self, other}),
                                    []<typename T>(T x, T y) {
                                      if constexpr (std::is_floating_point_v<T>)
                                        return std::fmax(x, y);
                                      else
                                        return std::max(x, y);
                                    });
}

Tensor fmin(const Tensor &self, const Tensor &other) {
  return binaryMap<Dtypes::Numeric>("aten::fmin", self, other,
                                    resultType({self, other}),
                                    []<typename T>(T x, T y) {
                                      if constexpr (std::is_floating_point_v<T>)
                                        return std::fmin(x, y);
                                      else
                                        return std::min(x, y);
                                    });
}

//===--- clamp ------------------------------------------------------------===//
//
// PyTorch 1.13's NaN rules, which differ by overload: a NaN element always
// stays NaN; with both Scalar bounds, or a single one through clamp_min /
// clamp_max, a NaN bound makes every element NaN, but clamp with one Scalar
// bound ignores a NaN bound; Tensor bounds propagate NaN elementwise.

Tensor clamp(const Tensor &self, std::optional<Scalar> min,
             std::optional<Scalar> max) {
  KILN_USER_CHECK(min || max,
                  "aten::clamp: at least one of 'min' or 'max' must not be "
                  "None");
  if (!max)
    return unaryMap<Dtypes::Numeric>(
        "aten::clamp", self, resultType({self, *min}),
        [lo = *min]<typename T>(T x) { return std::max(x, scalarAs<T>(lo)); });
  if (!min)
    return unaryMap<Dtypes::Numeric>(
        "aten::clamp", self, resultType({self, *max}),
        [hi = *max]<typename T>(T x) { return std::min(x, scalarAs<T>(hi)); });
  return unaryMap<Dtypes::Numeric>(
      "aten::clamp", self, resultType({self, *min, *max}),
      [lo = *min, hi = *max]<typename T>(T x) {
        T low = scalarAs<T>(lo), high = scalarAs<T>(hi);
        if (isNan(low) || isNan(high))
          return quietNan<T>();
        return std::min(std::max(x, low), high);
      });
}

Tensor clamp(const Tensor &self, const std::optional<Tensor> &min,
             const std::optional<Tensor> &max) {
  bool hasMin = hasValue(min), hasMax = hasValue(max);
  KILN_USER_CHECK(hasMin || hasMax,
                  "aten::clamp: at least one of 'min' or 'max' must not be "
                  "None");
  if (!hasMax)
    return binaryMap<Dtypes::All>("aten::clamp", self, *min,
                                  resultType({self, *min}),
                                  [](auto x, auto y) { return nanMax(x, y); });
  if (!hasMin)
    return binaryMap<Dtypes::All>("aten::clamp", self, *max,
                                  resultType({self, *max}),
                                  [](auto x, auto y) { return nanMin(x, y); });
  return ternaryMap<Dtypes::Numeric>("aten::clamp", self, *min, *max,
                                     resultType({self, *min, *max}),
                                     []<typename T>(T x, T low, T high) {
                                       if (isNan(low) || isNan(high))
                                         return quietNan<T>();
                                       return std::min(std::max(x, low), high);
                                     });
}

Tensor &clamp_(Tensor &self, std::optional<Scalar> min,
               std::optional<Scalar> max) {
  return assignInPlace("aten::clamp_", self, clamp(self, min, max));
}

Tensor &clamp_(Tensor &self, const std::optional<Tensor> &min,
               const std::optional<Tensor> &max) {
  return assignInPlace("aten::clamp_", self, clamp(self, min, max));
}

Tensor clamp_min(const Tensor &self, Scalar min) {
  return unaryMap<Dtypes::Numeric>(
      "aten::clamp_min", self, resultType({self, min}),
      [min]<typename T>(T x) { return nanMax(x, scalarAs<T>(min)); });
}

Tensor clamp_min(const Tensor &self, const Tensor &min) {
  return binaryMap<Dtypes::All>("aten::clamp_min", self, min,
                                resultType({self, min}),
                                [](auto x, auto y) { return nanMax(x, y); });
}

Tensor &clamp_min_(Tensor &self, Scalar min) {
  return assignInPlace("aten::clamp_min_", self, clamp_min(self, min));
}

Tensor &clamp_min_(Tensor &self, const Tensor &min) {
  return assignInPlace("aten::clamp_min_", self, clamp_min(self, min));
}

Tensor clamp_max(const Tensor &self, Scalar max) {
  return unaryMap<Dtypes::Numeric>(
      "aten::clamp_max", self, resultType({self, max}),
      [max]<typename T>(T x) { return nanMin(x, scalarAs<T>(max)); });
}

Tensor clamp_max(const Tensor &self, const Tensor &max) {
  return binaryMap<Dtypes::All>("aten::clamp_max", self, max,
                                resultType({self, max}),
                                [](auto x, auto y) { return nanMin(x, y); });
}

Tensor &clamp_max_(Tensor &self, Scalar max) {
  return assignInPlace("aten::clamp_max_", self, clamp_max(self, max));
}

Tensor &clamp_max_(Tensor &self, const Tensor &max) {
  return assignInPlace("aten::clamp_max_", self, clamp_max(self, max));
}

//===--- where ------------------------------------------------------------===//

namespace {
Tensor select(const Tensor &condition, const Tensor &a, const Tensor &b,
              ScalarType t) {
  KILN_USER_CHECK(condition.dtype() == ScalarType::Bool ||
                      condition.dtype() == ScalarType::Byte,
                  "aten::where: expected condition to be a boolean tensor, "
                  "but got a tensor with dtype ",
                  scalarTypeName(condition.dtype()));
  auto shape =
      broadcastShapes("aten::where", {condition.sizes(), a.sizes(), b.sizes()});
  Tensor c = convert(condition, ScalarType::Bool);
  return dispatchAll(t, "aten::where", [&]<typename T>() {
    Tensor x = convert(a, t), y = convert(b, t);
    Tensor out = Tensor::empty(shape, t);
    mapAnyRank<T, bool, T, T>(
        out, [](bool pick, T u, T v) { return pick ? u : v; }, c, x, y);
    return out;
  });
}
} // namespace

Tensor where(const Tensor &condition, const Tensor &self, const Tensor &other) {
  return select(condition, self, other, resultType({self, other}));
}

Tensor where(const Tensor &condition, Scalar self, const Tensor &other) {
  ScalarType t = resultType({self, other});
  return select(condition, numberOperand(self, t), other, t);
}

Tensor where(const Tensor &condition, const Tensor &self, Scalar other) {
  ScalarType t = resultType({self, other});
  return select(condition, self, numberOperand(other, t), t);
}

Tensor where(const Tensor &condition, Scalar self, Scalar other) {
  ScalarType t = resultType({self, other});
  return select(condition, numberOperand(self, t), numberOperand(other, t), t);
}

std::vector<Tensor> where(const Tensor &condition) {
  Tensor flags = convert(condition, ScalarType::Bool).contiguous();
  const bool *p = flags.data<bool>();
  int64_t n = flags.numel();
  int64_t count = std::count(p, p + n, true);
  std::vector<int64_t> sizes = condition.sizes();
  if (sizes.empty())
    sizes = {1};
  std::vector<Tensor> indices;
  std::vector<int64_t *> outs;
  for (size_t d = 0; d < sizes.size(); ++d) {
    indices.push_back(
        Tensor::empty(std::vector<int64_t>{count}, ScalarType::Long));
    outs.push_back(indices.back().data<int64_t>());
  }
  for (int64_t i = 0, k = 0; i < n; ++i) {
    if (!p[i])
      continue;
    int64_t rest = i;
    for (size_t d = sizes.size(); d-- > 0;) {
      outs[d][k] = rest % sizes[d];
      rest /= sizes[d];
    }
    ++k;
  }
  return indices;
}

} // namespace kiln::ops
