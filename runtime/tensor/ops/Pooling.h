//===- Pooling.h - Max, average and adaptive pooling ------------*- C++ -*-===//
//
// Reference kernels with ATen's names and semantics. Inputs are batched
// ([N, C, ...]) or not ([C, ...]); the pooled dimensions are the last one
// (1-d) or two (2-d). Max pooling propagates NaN; its indices count
// positions within one input plane (h * W + w), as PyTorch's do.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_POOLING_H
#define KILN_RUNTIME_TENSOR_OPS_POOLING_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>
#include <tuple>

namespace kiln::ops {

using IntList = std::span<const int64_t>;

/// An empty `stride` means stride = kernel_size.
std::tuple<Tensor, Tensor>
max_pool1d_with_indices(const Tensor &self, IntList kernelSize, IntList stride,
                        IntList padding, IntList dilation, bool ceilMode);
Tensor max_pool1d(const Tensor &self, IntList kernelSize, IntList stride,
                  IntList padding, IntList dilation, bool ceilMode);
std::tuple<Tensor, Tensor>
max_pool2d_with_indices(const Tensor &self, IntList kernelSize, IntList stride,
                        IntList padding, IntList dilation, bool ceilMode);
Tensor max_pool2d(const Tensor &self, IntList kernelSize, IntList stride,
                  IntList padding, IntList dilation, bool ceilMode);

Tensor avg_pool1d(const Tensor &self, IntList kernelSize, IntList stride,
                  IntList padding, bool ceilMode, bool countIncludePad);
/// divisor_override, when given, divides every window's sum.
Tensor avg_pool2d(const Tensor &self, IntList kernelSize, IntList stride,
                  IntList padding, bool ceilMode, bool countIncludePad,
                  std::optional<int64_t> divisorOverride);

/// Window i of n over a length L spans [floor(i L / n), ceil((i + 1) L / n)).
Tensor adaptive_avg_pool1d(const Tensor &self, IntList outputSize);
Tensor adaptive_avg_pool2d(const Tensor &self, IntList outputSize);
std::tuple<Tensor, Tensor> adaptive_max_pool1d(const Tensor &self,
                                               IntList outputSize);
std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor &self,
                                               IntList outputSize);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_POOLING_H
