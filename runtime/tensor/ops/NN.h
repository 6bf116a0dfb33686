//===- NN.h - Dropout, padding, glu, pixel_shuffle --------------*- C++ -*-===//
//
// Reference kernels of the neural-network ops that are neither
// convolutions (Convolution.h), pooling (Pooling.h), normalization
// (Normalization.h), losses (Loss.h) nor upsampling (Upsample.h), with
// ATen's names and semantics. This header includes those five, so that it
// names the whole family.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_NN_H
#define KILN_RUNTIME_TENSOR_OPS_NN_H

#include "runtime/tensor/Random.h"
#include "runtime/tensor/Tensor.h"
#include "runtime/tensor/ops/Convolution.h"
#include "runtime/tensor/ops/Loss.h"
#include "runtime/tensor/ops/Normalization.h"
#include "runtime/tensor/ops/Pooling.h"
#include "runtime/tensor/ops/Upsample.h"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace kiln::ops {

/// train = false, p = 0 or an empty input: `input` itself. Otherwise each
/// element is kept with probability 1 - p (drawn from `generator` in
/// row-major order) and scaled by 1 / (1 - p); p = 1 gives input * 0.
Tensor dropout(const Tensor &input, double p, bool train, Generator &generator);
Tensor &dropout_(Tensor &self, double p, bool train, Generator &generator);
/// As dropout, but one draw per channel: input [N, C, ...].
Tensor feature_dropout(const Tensor &input, double p, bool train,
                       Generator &generator);
Tensor &feature_dropout_(Tensor &self, double p, bool train,
                         Generator &generator);

/// pad = (last dim low, last dim high, next-to-last low, ...); negative
/// amounts crop. New elements are `value`.
Tensor constant_pad_nd(const Tensor &self, std::span<const int64_t> pad,
                       Scalar value = 0);
/// mode "constant" (value, default 0), "reflect", "replicate" or
/// "circular" (these pad the last 1-3 dimensions of a batched or unbatched
/// input and take no value).
Tensor pad(const Tensor &self, std::span<const int64_t> pad,
           std::string_view mode, std::optional<double> value);

/// The first half of `dim` times the sigmoid of the second half.
Tensor glu(const Tensor &self, int64_t dim = -1);
/// [*, C r^2, H, W] -> [*, C, H r, W r]
Tensor pixel_shuffle(const Tensor &self, int64_t upscaleFactor);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_NN_H
