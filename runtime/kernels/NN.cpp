//===- NN.cpp - Kernels of the neural-network ops -------------------------===//
//
// The activations and softmax of ir/ops/NN.def belong to the pointwise and
// reduction families; bicubic, antialiased and "nearest-exact" upsampling,
// transposed convolutions and 3-d pooling have no kernel yet.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/NN.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/tensor/Random.h"

namespace kiln {

namespace {

using IntVector = std::vector<int64_t>;
using OptionalTensor = std::optional<Tensor>;

// Dropout draws from the run's generator, so it reads the context.
template <bool Feature, bool InPlace> void dropoutKernel(const KernelArgs &a) {
  double p = a.in(1).toDouble();
  bool train = a.in(2).toBool();
  Generator &generator = *a.ctx->generator;
  if constexpr (InPlace) {
    Tensor self = a.in(0).toTensor();
    if (Feature)
      ops::feature_dropout_(self, p, train, generator);
    else
      ops::dropout_(self, p, train, generator);
    a.setOut(0, IValue(self));
  } else {
    const Tensor &input = a.in(0).toTensor();
    a.setOut(0,
             IValue(Feature ? ops::feature_dropout(input, p, train, generator)
                            : ops::dropout(input, p, train, generator)));
  }
}

void registerConvolutionKernels(KernelTable &t) {
  bind<[](const Tensor &input, const Tensor &weight, OptionalTensor bias,
          IntVector stride, IntVector padding, IntVector dilation,
          int64_t groups) {
    return ops::conv1d(input, weight, bias, stride, padding, dilation, groups);
  }>(t, OpId::aten_conv1d);
  bind<[](const Tensor &input, const Tensor &weight, OptionalTensor bias,
          IntVector stride, const std::string &padding, IntVector dilation,
          int64_t groups) {
    return ops::conv1d(input, weight, bias, stride, padding, dilation, groups);
  }>(t, OpId::aten_conv1d_padding);
  bind<[](const Tensor &input, const Tensor &weight, OptionalTensor bias,
          IntVector stride, IntVector padding, IntVector dilation,
          int64_t groups) {
    return ops::conv2d(input, weight, bias, stride, padding, dilation, groups);
  }>(t, OpId::aten_conv2d);
  bind<[](const Tensor &input, const Tensor &weight, OptionalTensor bias,
          IntVector stride, const std::string &padding, IntVector dilation,
          int64_t groups) {
    return ops::conv2d(input, weight, bias, stride, padding, dilation, groups);
  }>(t, OpId::aten_conv2d_padding);
  bind<[](const Tensor &input, const Tensor &weight, OptionalTensor bias,
          IntVector stride, IntVector padding, IntVector dilation,
          int64_t groups) {
    return ops::conv3d(input, weight, bias, stride, padding, dilation, groups);
  }>(t, OpId::aten_conv3d);
  bind<[](const Tensor &input, const Tensor &weight, OptionalTensor bias,
          IntVector stride, const std::string &padding, IntVector dilation,
          int64_t groups) {
    return ops::conv3d(input, weight, bias, stride, padding, dilation, groups);
  }>(t, OpId::aten_conv3d_padding);
  bind<[](const Tensor &input, const Tensor &weight, OptionalTensor bias,
          IntVector stride, IntVector padding, IntVector dilation,
          bool transposed, IntVector outputPadding, int64_t groups) {
    return ops::convolution(input, weight, bias, stride, padding, dilation,
                            transposed, outputPadding, groups);
  }>(t, OpId::aten_convolution);
  // benchmark, deterministic, cudnn_enabled and allow_tf32 choose backends.
  bind<[](const Tensor &input, const Tensor &weight, OptionalTensor bias,
          IntVector stride, IntVector padding, IntVector dilation,
          bool transposed, IntVector outputPadding, int64_t groups, bool, bool,
          bool, bool) {
    return ops::convolution(input, weight, bias, stride, padding, dilation,
                            transposed, outputPadding, groups);
  }>(t, OpId::aten__convolution);
  bind<[](const Tensor &input, const Tensor &weight, OptionalTensor bias,
          IntVector stride, IntVector padding, IntVector dilation,
          bool transposed, IntVector outputPadding, int64_t groups, bool, bool,
          bool) {
    return ops::convolution(input, weight, bias, stride, padding, dilation,
                            transposed, outputPadding, groups);
  }>(t, OpId::aten__convolution_deprecated);
}

void registerPoolingKernels(KernelTable &t) {
  bind<[](const Tensor &self, IntVector kernel, IntVector stride,
          IntVector padding, IntVector dilation, bool ceilMode) {
    return ops::max_pool1d(self, kernel, stride, padding, dilation, ceilMode);
  }>(t, OpId::aten_max_pool1d);
  bind<[](const Tensor &self, IntVector kernel, IntVector stride,
          IntVector padding, IntVector dilation, bool ceilMode) {
    return ops::max_pool1d_with_indices(self, kernel, stride, padding, dilation,
                                        ceilMode);
  }>(t, OpId::aten_max_pool1d_with_indices);
  bind<[](const Tensor &self, IntVector kernel, IntVector stride,
          IntVector padding, IntVector dilation, bool ceilMode) {
    return ops::max_pool2d(self, kernel, stride, padding, dilation, ceilMode);
  }>(t, OpId::aten_max_pool2d);
  bind<[](const Tensor &self, IntVector kernel, IntVector stride,
          IntVector padding, IntVector dilation, bool ceilMode) {
    return ops::max_pool2d_with_indices(self, kernel, stride, padding, dilation,
                                        ceilMode);
  }>(t, OpId::aten_max_pool2d_with_indices);
  bind<[](const Tensor &self, IntVector kernel, IntVector stride,
          IntVector padding, bool ceilMode, bool countIncludePad) {
    return ops::avg_pool1d(self, kernel, stride, padding, ceilMode,
                           countIncludePad);
  }>(t, OpId::aten_avg_pool1d);
  bind<[](const Tensor &self, IntVector kernel, IntVector stride,
          IntVector padding, bool ceilMode, bool countIncludePad,
          std::optional<int64_t> divisorOverride) {
    return ops::avg_pool2d(self, kernel, stride, padding, ceilMode,
                           countIncludePad, divisorOverride);
  }>(t, OpId::aten_avg_pool2d);
  bind<[](const Tensor &self, IntVector outputSize) {
    return ops::adaptive_avg_pool1d(self, outputSize);
  }>(t, OpId::aten_adaptive_avg_pool1d);
  bind<[](const Tensor &self, IntVector outputSize) {
    return ops::adaptive_avg_pool2d(self, outputSize);
  }>(t, OpId::aten_adaptive_avg_pool2d);
  bind<[](const Tensor &self, IntVector outputSize) {
    return ops::adaptive_max_pool1d(self, outputSize);
  }>(t, OpId::aten_adaptive_max_pool1d);
  bind<[](const Tensor &self, IntVector outputSize) {
    return ops::adaptive_max_pool2d(self, outputSize);
  }>(t, OpId::aten_adaptive_max_pool2d);
}

void registerNormalizationKernels(KernelTable &t) {
  // cudnn_enabled only chooses a backend.
  bind<[](const Tensor &input, OptionalTensor weight, OptionalTensor bias,
          OptionalTensor runningMean, OptionalTensor runningVar, bool training,
          double momentum, double eps, bool) {
    return ops::batch_norm(input, weight, bias, runningMean, runningVar,
                           training, momentum, eps);
  }>(t, OpId::aten_batch_norm);
  bind<[](const Tensor &input, OptionalTensor weight, OptionalTensor bias,
          OptionalTensor runningMean, OptionalTensor runningVar,
          bool useInputStats, double momentum, double eps, bool) {
    return ops::instance_norm(input, weight, bias, runningMean, runningVar,
                              useInputStats, momentum, eps);
  }>(t, OpId::aten_instance_norm);
  bind<[](const Tensor &input, IntVector normalizedShape, OptionalTensor weight,
          OptionalTensor bias, double eps, bool) {
    return ops::layer_norm(input, normalizedShape, weight, bias, eps);
  }>(t, OpId::aten_layer_norm);
  bind<[](const Tensor &input, int64_t numGroups, OptionalTensor weight,
          OptionalTensor bias, double eps, bool) {
    return ops::group_norm(input, numGroups, weight, bias, eps);
  }>(t, OpId::aten_group_norm);
}

void registerLossKernels(KernelTable &t) {
  bind<[](const Tensor &self, const Tensor &target, OptionalTensor weight,
          int64_t reduction, int64_t ignoreIndex, double labelSmoothing) {
    return ops::cross_entropy_loss(self, target, weight, reduction, ignoreIndex,
                                   labelSmoothing);
  }>(t, OpId::aten_cross_entropy_loss);
  bind<[](const Tensor &self, const Tensor &target, OptionalTensor weight,
          int64_t reduction, int64_t ignoreIndex) {
    return ops::nll_loss(self, target, weight, reduction, ignoreIndex);
  }>(t, OpId::aten_nll_loss);
  bind<[](const Tensor &self, const Tensor &target, OptionalTensor weight,
          int64_t reduction, int64_t ignoreIndex) {
    return ops::nll_loss2d(self, target, weight, reduction, ignoreIndex);
  }>(t, OpId::aten_nll_loss2d);
  bind<[](const Tensor &self, const Tensor &target, OptionalTensor weight,
          int64_t reduction, int64_t ignoreIndex) {
    return ops::nll_loss_nd(self, target, weight, reduction, ignoreIndex);
  }>(t, OpId::aten_nll_loss_nd);
  bind<[](const Tensor &self, const Tensor &target, int64_t reduction) {
    return ops::mse_loss(self, target, reduction);
  }>(t, OpId::aten_mse_loss);
  bind<[](const Tensor &self, const Tensor &target, int64_t reduction) {
    return ops::l1_loss(self, target, reduction);
  }>(t, OpId::aten_l1_loss);
  bind<[](const Tensor &self, const Tensor &target, int64_t reduction,
          double beta) {
    return ops::smooth_l1_loss(self, target, reduction, beta);
  }>(t, OpId::aten_smooth_l1_loss);
  bind<[](const Tensor &self, const Tensor &target, OptionalTensor weight,
          int64_t reduction) {
    return ops::binary_cross_entropy(self, target, weight, reduction);
  }>(t, OpId::aten_binary_cross_entropy);
  bind<[](const Tensor &self, const Tensor &target, OptionalTensor weight,
          OptionalTensor posWeight, int64_t reduction) {
    return ops::binary_cross_entropy_with_logits(self, target, weight,
                                                 posWeight, reduction);
  }>(t, OpId::aten_binary_cross_entropy_with_logits);
}

void registerUpsampleKernels(KernelTable &t) {
  bind<[](const Tensor &self, IntVector outputSize,
          std::optional<double> scales) {
    std::optional<double> all[] = {scales};
    return ops::upsample_nearest("aten::upsample_nearest1d", self, outputSize,
                                 all);
  }>(t, OpId::aten_upsample_nearest1d);
  bind<[](const Tensor &self, IntVector outputSize,
          std::optional<double> scalesH, std::optional<double> scalesW) {
    std::optional<double> all[] = {scalesH, scalesW};
    return ops::upsample_nearest("aten::upsample_nearest2d", self, outputSize,
                                 all);
  }>(t, OpId::aten_upsample_nearest2d);
  bind<[](const Tensor &self, IntVector outputSize,
          std::optional<double> scalesD, std::optional<double> scalesH,
          std::optional<double> scalesW) {
    std::optional<double> all[] = {scalesD, scalesH, scalesW};
    return ops::upsample_nearest("aten::upsample_nearest3d", self, outputSize,
                                 all);
  }>(t, OpId::aten_upsample_nearest3d);
  bind<[](const Tensor &input, std::optional<IntVector> outputSize,
          std::optional<std::vector<double>> scaleFactors) {
    return ops::upsample_nearest_vec("aten::upsample_nearest1d", input, 1,
                                     outputSize, scaleFactors);
  }>(t, OpId::aten_upsample_nearest1d_vec);
  bind<[](const Tensor &input, std::optional<IntVector> outputSize,
          std::optional<std::vector<double>> scaleFactors) {
    return ops::upsample_nearest_vec("aten::upsample_nearest2d", input, 2,
                                     outputSize, scaleFactors);
  }>(t, OpId::aten_upsample_nearest2d_vec);
  bind<[](const Tensor &input, std::optional<IntVector> outputSize,
          std::optional<std::vector<double>> scaleFactors) {
    return ops::upsample_nearest_vec("aten::upsample_nearest3d", input, 3,
                                     outputSize, scaleFactors);
  }>(t, OpId::aten_upsample_nearest3d_vec);
  bind<[](const Tensor &self, IntVector outputSize, bool alignCorners,
          std::optional<double> scales) {
    std::optional<double> all[] = {scales};
    return ops::upsample_linear("aten::upsample_linear1d", self, outputSize,
                                alignCorners, all);
  }>(t, OpId::aten_upsample_linear1d);
  bind<[](const Tensor &self, IntVector outputSize, bool alignCorners,
          std::optional<double> scalesH, std::optional<double> scalesW) {
    std::optional<double> all[] = {scalesH, scalesW};
    return ops::upsample_linear("aten::upsample_bilinear2d", self, outputSize,
                                alignCorners, all);
  }>(t, OpId::aten_upsample_bilinear2d);
  bind<[](const Tensor &self, IntVector outputSize, bool alignCorners,
          std::optional<double> scalesD, std::optional<double> scalesH,
          std::optional<double> scalesW) {
    std::optional<double> all[] = {scalesD, scalesH, scalesW};
    return ops::upsample_linear("aten::upsample_trilinear3d", self, outputSize,
                                alignCorners, all);
  }>(t, OpId::aten_upsample_trilinear3d);
  bind<[](const Tensor &input, std::optional<IntVector> outputSize,
          bool alignCorners, std::optional<std::vector<double>> scaleFactors) {
    return ops::upsample_linear_vec("aten::upsample_linear1d", input, 1,
                                    outputSize, alignCorners, scaleFactors);
  }>(t, OpId::aten_upsample_linear1d_vec);
  bind<[](const Tensor &input, std::optional<IntVector> outputSize,
          bool alignCorners, std::optional<std::vector<double>> scaleFactors) {
    return ops::upsample_linear_vec("aten::upsample_bilinear2d", input, 2,
                                    outputSize, alignCorners, scaleFactors);
  }>(t, OpId::aten_upsample_bilinear2d_vec);
  bind<[](const Tensor &input, std::optional<IntVector> outputSize,
          bool alignCorners, std::optional<std::vector<double>> scaleFactors) {
    return ops::upsample_linear_vec("aten::upsample_trilinear3d", input, 3,
                                    outputSize, alignCorners, scaleFactors);
  }>(t, OpId::aten_upsample_trilinear3d_vec);
}

} // namespace

void registerNNKernels(KernelTable &t) {
  registerConvolutionKernels(t);
  registerPoolingKernels(t);
  registerNormalizationKernels(t);
  registerLossKernels(t);
  registerUpsampleKernels(t);
  t.set(OpId::aten_dropout, &dropoutKernel<false, false>, 3);
  t.set(OpId::aten_dropout_, &dropoutKernel<false, true>, 3);
  t.set(OpId::aten_feature_dropout, &dropoutKernel<true, false>, 3);
  t.set(OpId::aten_feature_dropout_, &dropoutKernel<true, true>, 3);
  bind<[](const Tensor &self, IntVector pad, Scalar value) {
    return ops::constant_pad_nd(self, pad, value);
  }>(t, OpId::aten_constant_pad_nd);
  bind<[](const Tensor &self, IntVector pad, const std::string &mode,
          std::optional<double> value) {
    return ops::pad(self, pad, mode, value);
  }>(t, OpId::aten_pad);
  bind<[](const Tensor &self, int64_t dim) { return ops::glu(self, dim); }>(
      t, OpId::aten_glu);
  bind<[](const Tensor &self, int64_t upscaleFactor) {
    return ops::pixel_shuffle(self, upscaleFactor);
  }>(t, OpId::aten_pixel_shuffle);
}

} // namespace kiln
