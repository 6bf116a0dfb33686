//===- Pointwise.h - Elementwise tensor ops ---------------------*- C++ -*-===//
//
// Reference kernels of the elementwise ops: arithmetic, unary math,
// activations, comparisons, logical ops, where/clamp, dtype conversion and
// the in-place variants. Names and semantics are ATen's: broadcasting and
// type promotion as in PyTorch (resultType in Elementwise.h), in-place
// variants write into `self` and return it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_POINTWISE_H
#define KILN_RUNTIME_TENSOR_OPS_POINTWISE_H

#include "runtime/tensor/Tensor.h"

namespace kiln::ops {

/// self + alpha * other
Tensor add(const Tensor &self, const Tensor &other, Scalar alpha = 1);
Tensor add(const Tensor &self, Scalar other, Scalar alpha = 1);
Tensor &add_(Tensor &self, const Tensor &other, Scalar alpha = 1);
Tensor mul(const Tensor &self, const Tensor &other);
Tensor mul(const Tensor &self, Scalar other);
Tensor relu(const Tensor &self);
Tensor &relu_(Tensor &self);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_POINTWISE_H
