//===- Normalization.h - Batch, layer, group, instance norm -----*- C++ -*-===//
//
// Reference kernels with ATen's names and semantics. Statistics are
// computed in double; the normalization uses the biased variance, running
// variances are updated with the unbiased one:
//   running = (1 - momentum) * running + momentum * statistic.
// Inputs are float32 or float64, with weight, bias and running statistics of
// the same dtype.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_NORMALIZATION_H
#define KILN_RUNTIME_TENSOR_OPS_NORMALIZATION_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>

namespace kiln::ops {

using OptionalTensor = std::optional<Tensor>;

/// input [N, C, ...]. training: batch statistics per channel, and the
/// running statistics (when given) are updated in place; evaluation:
/// normalizes with the running statistics.
Tensor batch_norm(const Tensor &input, const OptionalTensor &weight,
                  const OptionalTensor &bias, const OptionalTensor &runningMean,
                  const OptionalTensor &runningVar, bool training,
                  double momentum, double eps);
/// Normalizes over the trailing dimensions `normalizedShape`; weight and
/// bias have that shape.
Tensor layer_norm(const Tensor &input, std::span<const int64_t> normalizedShape,
                  const OptionalTensor &weight, const OptionalTensor &bias,
                  double eps);
/// input [N, C, ...]: statistics per batch element and group of C /
/// numGroups channels; weight and bias per channel.
Tensor group_norm(const Tensor &input, int64_t numGroups,
                  const OptionalTensor &weight, const OptionalTensor &bias,
                  double eps);
/// input [N, C, ...]: statistics per batch element and channel when
/// useInputStats (running statistics, if given, are updated with their
/// mean over the batch); else the running statistics normalize.
Tensor instance_norm(const Tensor &input, const OptionalTensor &weight,
                     const OptionalTensor &bias,
                     const OptionalTensor &runningMean,
                     const OptionalTensor &runningVar, bool useInputStats,
                     double momentum, double eps);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_NORMALIZATION_H
