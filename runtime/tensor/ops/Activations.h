//===- Activations.h - Elementwise activation functions ---------*- C++ -*-===//
//
// Part of the pointwise family (see Pointwise.h): the activations of
// torch.nn.functional that act on each element alone. relu, relu6 and
// hardtanh take integer tensors too; the others are floating only. (sigmoid
// and tanh are in UnaryMath.h; softmax and glu, which look along a
// dimension, are not pointwise.)
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_ACTIVATIONS_H
#define KILN_RUNTIME_TENSOR_OPS_ACTIVATIONS_H

#include "runtime/tensor/Tensor.h"

#include <string_view>

namespace kiln::ops {

/// max(self, 0); NaN stays NaN.
Tensor relu(const Tensor &self);
Tensor &relu_(Tensor &self);
/// min(max(self, 0), 6)
Tensor relu6(const Tensor &self);
Tensor &relu6_(Tensor &self);
/// min(max(self, minVal), maxVal), the bounds converted to self's dtype.
Tensor hardtanh(const Tensor &self, Scalar minVal = -1, Scalar maxVal = 1);
Tensor &hardtanh_(Tensor &self, Scalar minVal = -1, Scalar maxVal = 1);
/// self > 0 ? self : self * negativeSlope
Tensor leaky_relu(const Tensor &self, Scalar negativeSlope = 0.01);
Tensor &leaky_relu_(Tensor &self, Scalar negativeSlope = 0.01);
/// self > 0 ? scale * self : scale * alpha * (exp(self * inputScale) - 1)
Tensor elu(const Tensor &self, Scalar alpha = 1, Scalar scale = 1,
           Scalar inputScale = 1);
Tensor &elu_(Tensor &self, Scalar alpha = 1, Scalar scale = 1,
             Scalar inputScale = 1);
/// self * Phi(self) ("none"), or its tanh approximation ("tanh").
Tensor gelu(const Tensor &self, std::string_view approximate = "none");
Tensor &gelu_(Tensor &self, std::string_view approximate = "none");
/// self * sigmoid(self)
Tensor silu(const Tensor &self);
Tensor &silu_(Tensor &self);
/// self * tanh(softplus(self))
Tensor mish(const Tensor &self);
Tensor &mish_(Tensor &self);
/// log(1 + exp(beta * self)) / beta, or self where beta * self > threshold.
Tensor softplus(const Tensor &self, Scalar beta = 1, Scalar threshold = 20);
/// min(max(self + 3, 0), 6) / 6
Tensor hardsigmoid(const Tensor &self);
Tensor &hardsigmoid_(Tensor &self);
/// self * hardsigmoid(self)
Tensor hardswish(const Tensor &self);
Tensor &hardswish_(Tensor &self);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_ACTIVATIONS_H
