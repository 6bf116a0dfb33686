//===- Backward.h - Reference kernels of the backward ops -------*- C++ -*-===//
//
// The ops of ir/ops/Backward.def, which the gradient formulas
// (passes/Gradients.def) call: ATen's names and semantics. They compute in
// double and return the dtype of the gradient they are given.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_BACKWARD_H
#define KILN_RUNTIME_TENSOR_OPS_BACKWARD_H

#include "runtime/tensor/Scalar.h"
#include "runtime/tensor/Tensor.h"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <tuple>

namespace kiln::ops {

using IntList = std::span<const int64_t>;
using OptionalTensor = std::optional<Tensor>;

/// Sums `self` down to `size` (a size `self` broadcasts from).
Tensor sum_to_size(const Tensor &self, IntList size);
Tensor threshold_backward(const Tensor &grad, const Tensor &self,
                          Scalar threshold);
Tensor gelu_backward(const Tensor &grad, const Tensor &self,
                     const std::string &approximate);
Tensor softmax_backward_data(const Tensor &grad, const Tensor &output,
                             int64_t dim);
Tensor log_softmax_backward_data(const Tensor &grad, const Tensor &output,
                                 int64_t dim);
Tensor select_backward(const Tensor &grad, IntList inputSizes, int64_t dim,
                       int64_t index);
Tensor slice_backward(const Tensor &grad, IntList inputSizes, int64_t dim,
                      int64_t start, int64_t end, int64_t step);
/// 2-d convolution (4-d input) without transposition; grad_bias is the sum
/// of grad over every dimension but 1. Only the results `outputMask` asks
/// for (input, weight, bias) are computed; the others are undefined, as in
/// ATen.
std::tuple<Tensor, Tensor, Tensor>
convolution_backward(const Tensor &grad, const Tensor &input,
                     const Tensor &weight, IntList stride, IntList padding,
                     IntList dilation, bool transposed, int64_t groups,
                     std::array<bool, 3> outputMask = {true, true, true});
Tensor max_pool2d_with_indices_backward(const Tensor &grad, const Tensor &self,
                                        const Tensor &indices);
Tensor avg_pool2d_backward(const Tensor &grad, const Tensor &self,
                           IntList kernelSize, IntList stride, IntList padding,
                           bool ceilMode, bool countIncludePad,
                           std::optional<int64_t> divisorOverride);
Tensor adaptive_avg_pool2d_backward(const Tensor &grad, const Tensor &self);
Tensor embedding_dense_backward(const Tensor &grad, const Tensor &indices,
                                int64_t numWeights, int64_t paddingIdx,
                                bool scaleGradByFreq);
/// Evaluation mode (train false) uses the running statistics; training
/// mode the saved ones, or the batch's when none are given.
std::tuple<Tensor, Tensor, Tensor> native_batch_norm_backward(
    const Tensor &grad, const Tensor &input, const OptionalTensor &weight,
    const OptionalTensor &runningMean, const OptionalTensor &runningVar,
    const OptionalTensor &saveMean, const OptionalTensor &saveInvstd,
    bool train, double eps);
/// (output, mean, rstd); mean and rstd have the input's leading sizes and
/// ones for the normalized dimensions.
std::tuple<Tensor, Tensor, Tensor>
native_layer_norm(const Tensor &input, IntList normalizedShape,
                  const OptionalTensor &weight, const OptionalTensor &bias,
                  double eps);
std::tuple<Tensor, Tensor, Tensor>
native_layer_norm_backward(const Tensor &grad, const Tensor &input,
                           IntList normalizedShape, const Tensor &mean,
                           const Tensor &rstd, const OptionalTensor &weight,
                           const OptionalTensor &bias);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_BACKWARD_H
