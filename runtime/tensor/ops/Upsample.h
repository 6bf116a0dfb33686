//===- Upsample.h - Nearest and linear upsampling ---------------*- C++ -*-===//
//
// Reference kernels of upsample_nearest{1,2,3}d and upsample_linear1d /
// upsample_bilinear2d / upsample_trilinear3d with ATen's semantics. The
// input is [N, C, ...] with 1, 2 or 3 resampled dimensions; `op` names the
// ATen op in messages. A scale (one per dimension, optional) replaces
// input / output as the step between source positions, as in PyTorch.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_UPSAMPLE_H
#define KILN_RUNTIME_TENSOR_OPS_UPSAMPLE_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace kiln::ops {

using OptionalScales = std::span<const std::optional<double>>;

/// Output element o copies input element floor(o / scale); float32,
/// float64 and uint8.
Tensor upsample_nearest(std::string_view op, const Tensor &self,
                        std::span<const int64_t> outputSize,
                        OptionalScales scales);
/// Interpolates between the two nearest input elements along each
/// resampled dimension; align_corners maps the corner elements onto each
/// other (and ignores the scales). float32 and float64.
Tensor upsample_linear(std::string_view op, const Tensor &self,
                       std::span<const int64_t> outputSize, bool alignCorners,
                       OptionalScales scales);

/// The .vec overloads (what F.interpolate prints): exactly one of
/// output_size and scale_factors; with factors, output size = floor(input
/// size * factor) and the factors are the scales.
Tensor
upsample_nearest_vec(std::string_view op, const Tensor &input,
                     int64_t spatialDims,
                     const std::optional<std::vector<int64_t>> &outputSize,
                     const std::optional<std::vector<double>> &scaleFactors);
Tensor upsample_linear_vec(
    std::string_view op, const Tensor &input, int64_t spatialDims,
    const std::optional<std::vector<int64_t>> &outputSize, bool alignCorners,
    const std::optional<std::vector<double>> &scaleFactors);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_UPSAMPLE_H
