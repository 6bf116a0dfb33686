//===- Reduction.h - Reductions over dimensions -----------------*- C++ -*-===//
//
// Reference kernels of the reductions (sum, mean, amax/amin, max/min with
// indices, argmax/argmin, prod, var/std, logsumexp, norm, all/any) and the
// normalizations over a dimension (softmax, log_softmax). Semantics are
// ATen's: `dims` empty means every dimension; float32 accumulates in
// double.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_REDUCTION_H
#define KILN_RUNTIME_TENSOR_OPS_REDUCTION_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>

namespace kiln::ops {

/// aten::sum(Tensor self, *, ScalarType? dtype=None)
Tensor sum(const Tensor &self, std::optional<ScalarType> dtype = std::nullopt);
/// aten::sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *,
/// ScalarType? dtype=None)
Tensor sum(const Tensor &self, std::span<const int64_t> dims, bool keepdim,
           std::optional<ScalarType> dtype = std::nullopt);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_REDUCTION_H
