//===- Backward.cpp - Kernels of the backward ops -------------------------===//
//
// The ops of ir/ops/Backward.def, which gradient formulas call.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Backward.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"
#include "support/Error.h"

namespace kiln {

namespace {
using IntVector = std::vector<int64_t>;
using OptionalTensor = std::optional<Tensor>;

/// A bool[3] output_mask: which of (input, weight, bias) to compute.
std::array<bool, 3> outputMask(IValue &mask) {
  std::vector<IValue> &items = mask.toList().items;
  KILN_USER_CHECK(items.size() == 3, "output_mask needs 3 bools, not ",
                  items.size());
  return {items[0].toBool(), items[1].toBool(), items[2].toBool()};
}
} // namespace

void registerBackwardKernels(KernelTable &t) {
  bind<[](const Tensor &self, IntVector size) {
    return ops::sum_to_size(self, size);
  }>(t, OpId::aten_sum_to_size);
  bind<[](const Tensor &grad, const Tensor &self, Scalar threshold) {
    return ops::threshold_backward(grad, self, threshold);
  }>(t, OpId::aten_threshold_backward);
  bind<[](const Tensor &grad, const Tensor &self,
          const std::string &approximate) {
    return ops::gelu_backward(grad, self, approximate);
  }>(t, OpId::aten_gelu_backward);
  bind<[](const Tensor &grad, const Tensor &output, int64_t dim, ScalarType) {
    return ops::softmax_backward_data(grad, output, dim);
  }>(t, OpId::aten__softmax_backward_data);
  bind<[](const Tensor &grad, const Tensor &output, int64_t dim, ScalarType) {
    return ops::log_softmax_backward_data(grad, output, dim);
  }>(t, OpId::aten__log_softmax_backward_data);
  bind<[](const Tensor &grad, IntVector sizes, int64_t dim, int64_t index) {
    return ops::select_backward(grad, sizes, dim, index);
  }>(t, OpId::aten_select_backward);
  bind<[](const Tensor &grad, IntVector sizes, int64_t dim, int64_t start,
          int64_t end, int64_t step) {
    return ops::slice_backward(grad, sizes, dim, start, end, step);
  }>(t, OpId::aten_slice_backward);
  bind<[](const Tensor &grad, const Tensor &input, const Tensor &weight,
          IValue &, IntVector stride, IntVector padding, IntVector dilation,
          bool transposed, IntVector, int64_t groups, IValue &mask) {
    return ops::convolution_backward(grad, input, weight, stride, padding,
                                     dilation, transposed, groups,
                                     outputMask(mask));
  }>(t, OpId::aten_convolution_backward);
  bind<[](const Tensor &grad, const Tensor &self, IntVector, IntVector,
          IntVector, IntVector, bool, const Tensor &indices) {
    return ops::max_pool2d_with_indices_backward(grad, self, indices);
  }>(t, OpId::aten_max_pool2d_with_indices_backward);
  bind<[](const Tensor &grad, const Tensor &self, IntVector kernel,
          IntVector stride, IntVector padding, bool ceilMode,
          bool countIncludePad, std::optional<int64_t> divisorOverride) {
    return ops::avg_pool2d_backward(grad, self, kernel, stride, padding,
                                    ceilMode, countIncludePad, divisorOverride);
  }>(t, OpId::aten_avg_pool2d_backward);
  bind<[](const Tensor &grad, const Tensor &self) {
    return ops::adaptive_avg_pool2d_backward(grad, self);
  }>(t, OpId::aten__adaptive_avg_pool2d_backward);
  bind<[](const Tensor &grad, const Tensor &indices, int64_t numWeights,
          int64_t paddingIdx, bool scaleGradByFreq) {
    return ops::embedding_dense_backward(grad, indices, numWeights, paddingIdx,
                                         scaleGradByFreq);
  }>(t, OpId::aten_embedding_dense_backward);
  bind<[](const Tensor &grad, const Tensor &input, OptionalTensor weight,
          OptionalTensor runningMean, OptionalTensor runningVar,
          OptionalTensor saveMean, OptionalTensor saveInvstd, bool train,
          double eps, IValue &) {
    return ops::native_batch_norm_backward(grad, input, weight, runningMean,
                                           runningVar, saveMean, saveInvstd,
                                           train, eps);
  }>(t, OpId::aten_native_batch_norm_backward);
  bind<[](const Tensor &input, IntVector normalized, OptionalTensor weight,
          OptionalTensor bias, double eps) {
    return ops::native_layer_norm(input, normalized, weight, bias, eps);
  }>(t, OpId::aten_native_layer_norm);
  bind<[](const Tensor &grad, const Tensor &input, IntVector normalized,
          const Tensor &mean, const Tensor &rstd, OptionalTensor weight,
          OptionalTensor bias, IValue &) {
    return ops::native_layer_norm_backward(grad, input, normalized, mean, rstd,
                                           weight, bias);
  }>(t, OpId::aten_native_layer_norm_backward);
}

} // namespace kiln
