//===- Pointwise.h - Elementwise tensor ops ---------------------*- C++ -*-===//
//
// Reference kernels of the elementwise ops. Names and semantics are ATen's:
// broadcasting and type promotion as in PyTorch (resultType in
// Elementwise.h); a `Scalar` operand is a Python number, which only raises
// the category (bool < integer < float) of the dtype the op computes in.
// Each in-place variant (`add_`) computes what its op would and writes it
// into `self`, which must keep its dtype category and shape (an integer
// tensor cannot take a float result, `self` does not broadcast).
//
// This header declares the arithmetic; including it also declares the rest
// of the family:
//   UnaryMath.h    sqrt, exp, floor, sign, nan_to_num, ...
//   Comparison.h   eq/lt/..., logical and bitwise ops, min/max, clamp, where
//   Activations.h  relu, gelu, silu, elu, softplus, hardswish, ...
//   Conversion.h   to, type_as
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_POINTWISE_H
#define KILN_RUNTIME_TENSOR_OPS_POINTWISE_H

#include "runtime/tensor/Tensor.h"
#include "runtime/tensor/ops/Activations.h"
#include "runtime/tensor/ops/Comparison.h"
#include "runtime/tensor/ops/Conversion.h"
#include "runtime/tensor/ops/UnaryMath.h"

#include <optional>
#include <string_view>

namespace kiln::ops {

/// self + alpha * other. alpha must be integral for integer results and may
/// be bool only for bool results.
Tensor add(const Tensor &self, const Tensor &other, Scalar alpha = 1);
Tensor add(const Tensor &self, Scalar other, Scalar alpha = 1);
Tensor &add_(Tensor &self, const Tensor &other, Scalar alpha = 1);
Tensor &add_(Tensor &self, Scalar other, Scalar alpha = 1);
/// self - alpha * other; bool operands are an error (use logical_xor).
Tensor sub(const Tensor &self, const Tensor &other, Scalar alpha = 1);
Tensor sub(const Tensor &self, Scalar other, Scalar alpha = 1);
Tensor &sub_(Tensor &self, const Tensor &other, Scalar alpha = 1);
Tensor &sub_(Tensor &self, Scalar other, Scalar alpha = 1);
/// other - alpha * self
Tensor rsub(const Tensor &self, const Tensor &other, Scalar alpha = 1);
Tensor rsub(const Tensor &self, Scalar other, Scalar alpha = 1);
Tensor mul(const Tensor &self, const Tensor &other);
Tensor mul(const Tensor &self, Scalar other);
Tensor &mul_(Tensor &self, const Tensor &other);
Tensor &mul_(Tensor &self, Scalar other);

/// Division. Without a rounding mode it is true division (integers give
/// float32); "trunc" rounds toward zero, "floor" toward -inf (Python's //),
/// both keeping integer dtypes. Integer division by zero is an error.
Tensor div(const Tensor &self, const Tensor &other,
           std::optional<std::string_view> roundingMode = std::nullopt);
Tensor div(const Tensor &self, Scalar other,
           std::optional<std::string_view> roundingMode = std::nullopt);
Tensor &div_(Tensor &self, const Tensor &other,
             std::optional<std::string_view> roundingMode = std::nullopt);
Tensor &div_(Tensor &self, Scalar other,
             std::optional<std::string_view> roundingMode = std::nullopt);
/// div(self, other, "floor")
Tensor floor_divide(const Tensor &self, const Tensor &other);
Tensor floor_divide(const Tensor &self, Scalar other);
Tensor &floor_divide_(Tensor &self, const Tensor &other);
Tensor &floor_divide_(Tensor &self, Scalar other);
/// Python's %: the result has the sign of the divisor.
Tensor remainder(const Tensor &self, const Tensor &other);
Tensor remainder(const Tensor &self, Scalar other);
Tensor remainder(Scalar self, const Tensor &other);
Tensor &remainder_(Tensor &self, const Tensor &other);
Tensor &remainder_(Tensor &self, Scalar other);
/// C's fmod: the result has the sign of the dividend.
Tensor fmod(const Tensor &self, const Tensor &other);
Tensor fmod(const Tensor &self, Scalar other);
Tensor &fmod_(Tensor &self, const Tensor &other);
Tensor &fmod_(Tensor &self, Scalar other);

/// self ** exponent. Integer tensors to negative integer powers are an
/// error with a Python number exponent; with a tensor exponent they give
/// 1 / self**-n rounded toward zero, as in PyTorch.
Tensor pow(const Tensor &self, const Tensor &exponent);
Tensor pow(const Tensor &self, Scalar exponent);
Tensor pow(Scalar self, const Tensor &exponent);
Tensor &pow_(Tensor &self, const Tensor &exponent);
Tensor &pow_(Tensor &self, Scalar exponent);

Tensor atan2(const Tensor &self, const Tensor &other);
Tensor &atan2_(Tensor &self, const Tensor &other);
/// sqrt(self^2 + other^2); floating dtypes only.
Tensor hypot(const Tensor &self, const Tensor &other);
Tensor &hypot_(Tensor &self, const Tensor &other);
/// self * log(other), 0 where self is 0 (unless other is NaN).
Tensor xlogy(const Tensor &self, const Tensor &other);
Tensor xlogy(const Tensor &self, Scalar other);
Tensor xlogy(Scalar self, const Tensor &other);
Tensor &xlogy_(Tensor &self, const Tensor &other);
Tensor &xlogy_(Tensor &self, Scalar other);
/// |self| with the sign of other.
Tensor copysign(const Tensor &self, const Tensor &other);
Tensor copysign(const Tensor &self, Scalar other);
Tensor &copysign_(Tensor &self, const Tensor &other);
Tensor &copysign_(Tensor &self, Scalar other);
/// log(exp(self) + exp(other)); floating dtypes only.
Tensor logaddexp(const Tensor &self, const Tensor &other);
/// self * 2^other
Tensor ldexp(const Tensor &self, const Tensor &other);
Tensor &ldexp_(Tensor &self, const Tensor &other);
/// Greatest common divisor and least common multiple of integer tensors.
Tensor gcd(const Tensor &self, const Tensor &other);
Tensor &gcd_(Tensor &self, const Tensor &other);
Tensor lcm(const Tensor &self, const Tensor &other);
Tensor &lcm_(Tensor &self, const Tensor &other);

/// self + weight * (end - self); self, end (and a weight tensor) must have
/// one floating dtype.
Tensor lerp(const Tensor &self, const Tensor &end, Scalar weight);
Tensor lerp(const Tensor &self, const Tensor &end, const Tensor &weight);
Tensor &lerp_(Tensor &self, const Tensor &end, Scalar weight);
Tensor &lerp_(Tensor &self, const Tensor &end, const Tensor &weight);
/// self + value * tensor1 * tensor2
Tensor addcmul(const Tensor &self, const Tensor &tensor1, const Tensor &tensor2,
               Scalar value = 1);
Tensor &addcmul_(Tensor &self, const Tensor &tensor1, const Tensor &tensor2,
                 Scalar value = 1);
/// self + value * tensor1 / tensor2; two integer tensors are an error.
Tensor addcdiv(const Tensor &self, const Tensor &tensor1, const Tensor &tensor2,
               Scalar value = 1);
Tensor &addcdiv_(Tensor &self, const Tensor &tensor1, const Tensor &tensor2,
                 Scalar value = 1);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_POINTWISE_H
