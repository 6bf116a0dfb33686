//===- Activations.cpp - Elementwise activation functions -----------------===//
#include "runtime/tensor/ops/Activations.h"

#include "runtime/tensor/ops/PointwiseLoops.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <type_traits>

namespace kiln::ops {

using namespace pointwise;

namespace {
/// f(x) in self's dtype, which must be floating.
template <typename F>
Tensor activation(std::string_view op, const Tensor &self, const F &f) {
  return unaryMap<Dtypes::Floating>(op, self, self.dtype(), f);
}

/// min(max(x, lo), hi) in self's (integer or floating) dtype; NaN elements
/// and NaN bounds give NaN, as clamp does.
Tensor hardClamp(std::string_view op, const Tensor &self, Scalar lo,
                 Scalar hi) {
  KILN_USER_CHECK(self.dtype() != ScalarType::Bool, op,
                  ": bool inputs are not supported");
  // Integer tensors clamp at the bounds rounded toward zero.
  KILN_USER_CHECK(self.dtype() != ScalarType::Byte ||
                      (lo.toInt() >= 0 && hi.toInt() >= 0),
                  op,
                  ": cannot do hardtanh on an unsigned type with negative "
                  "limits (",
                  lo.toDouble(), ", ", hi.toDouble(), ")");
  return unaryMap<Dtypes::Numeric>(
      op, self, self.dtype(), [lo, hi]<typename T>(T x) {
        T low = scalarAs<T>(lo), high = scalarAs<T>(hi);
        if (isNan(low) || isNan(high))
          return std::numeric_limits<T>::quiet_NaN();
        return std::min(std::max(x, low), high);
      });
}
} // namespace

Tensor relu(const Tensor &self) {
  KILN_USER_CHECK(self.dtype() != ScalarType::Bool,
                  "aten::relu: bool inputs are not supported");
  return unaryMap<Dtypes::Numeric>("aten::relu", self, self.dtype(),
                                   []<typename T>(T x) {
                                     // std::max keeps a NaN x.
                                     return std::max(x, T(0));
                                   });
}

Tensor &relu_(Tensor &self) {
  return assignInPlace("aten::relu_", self, relu(self));
}

Tensor relu6(const Tensor &self) {
  return hardClamp("aten::relu6", self, int64_t(0), int64_t(6));
}

Tensor &relu6_(Tensor &self) {
  return assignInPlace("aten::relu6_", self, relu6(self));
}

Tensor hardtanh(const Tensor &self, Scalar minVal, Scalar maxVal) {
  return hardClamp("aten::hardtanh", self, minVal, maxVal);
}

Tensor &hardtanh_(Tensor &self, Scalar minVal, Scalar maxVal) {
  return assignInPlace("aten::hardtanh_", self, hardtanh(self, minVal, maxVal));
}

Tensor leaky_relu(const Tensor &self, Scalar negativeSlope) {
  return activation("aten::leaky_relu", self, [negativeSlope]<typename T>(T x) {
    return x > 0 ? x : x * scalarAs<T>(negativeSlope);
  });
}

Tensor &leaky_relu_(Tensor &self, Scalar negativeSlope) {
  return assignInPlace("aten::leaky_relu_", self,
                       leaky_relu(self, negativeSlope));
}

Tensor elu(const Tensor &self, Scalar alpha, Scalar scale, Scalar inputScale) {
  return activation("aten::elu", self, [=]<typename T>(T x) {
    T s = scalarAs<T>(scale);
    if (x > 0 || std::isnan(x))
      return x * s;
    return std::expm1(x * scalarAs<T>(inputScale)) * scalarAs<T>(alpha) * s;
  });
}

Tensor &elu_(Tensor &self, Scalar alpha, Scalar scale, Scalar inputScale) {
  return assignInPlace("aten::elu_", self, elu(self, alpha, scale, inputScale));
}

Tensor gelu(const Tensor &self, std::string_view approximate) {
  KILN_USER_CHECK(approximate == "none" || approximate == "tanh",
                  "aten::gelu: approximate argument must be either none or "
                  "tanh, got '",
                  std::string(approximate), "'");
  if (approximate == "tanh")
    return activation("aten::gelu", self, []<typename T>(T x) {
      // sqrt(2 / pi) * (x + 0.044715 x^3)
      const T beta = std::numbers::sqrt2_v<T> * std::numbers::inv_sqrtpi_v<T>;
      T inner = beta * (x + T(0.044715) * x * x * x);
      return T(0.5) * x * (T(1) + std::tanh(inner));
    });
  return activation("aten::gelu", self, []<typename T>(T x) {
    return x * T(0.5) *
           (T(1) + std::erf(x * (T(1) / std::numbers::sqrt2_v<T>)));
  });
}

Tensor &gelu_(Tensor &self, std::string_view approximate) {
  return assignInPlace("aten::gelu_", self, gelu(self, approximate));
}

Tensor silu(const Tensor &self) {
  return activation("aten::silu", self,
                    []<typename T>(T x) { return x / (T(1) + std::exp(-x)); });
}

Tensor &silu_(Tensor &self) {
  return assignInPlace("aten::silu_", self, silu(self));
}

Tensor mish(const Tensor &self) {
  return activation("aten::mish", self, []<typename T>(T x) {
    return x * std::tanh(std::log1p(std::exp(x)));
  });
}

Tensor &mish_(Tensor &self) {
  return assignInPlace("aten::mish_", self, mish(self));
}

Tensor softplus(const Tensor &self, Scalar beta, Scalar threshold) {
  return activation("aten::softplus", self, [=]<typename T>(T x) {
    T b = scalarAs<T>(beta);
    if (x * b > scalarAs<T>(threshold))
      return x;
    return std::log1p(std::exp(x * b)) / b;
  });
}

Tensor hardsigmoid(const Tensor &self) {
  return activation("aten::hardsigmoid", self, []<typename T>(T x) {
    return std::min(std::max(x + T(3), T(0)), T(6)) / T(6);
  });
}

Tensor &hardsigmoid_(Tensor &self) {
  return assignInPlace("aten::hardsigmoid_", self, hardsigmoid(self));
}

Tensor hardswish(const Tensor &self) {
  return activation("aten::hardswish", self, []<typename T>(T x) {
    return x * std::min(std::max(x + T(3), T(0)), T(6)) / T(6);
  });
}

Tensor &hardswish_(Tensor &self) {
  return assignInPlace("aten::hardswish_", self, hardswish(self));
}

} // namespace kiln::ops
