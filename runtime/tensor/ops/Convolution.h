//===- Convolution.h - Convolutions -----------------------------*- C++ -*-===//
//
// Reference kernels of the (non-transposed) convolutions, with ATen's names
// and semantics: conv1d/conv2d/conv3d with stride, padding (integers, or
// "same"/"valid"), dilation and groups; the functional forms also take an
// unbatched input. Floating and integer dtypes; float32 accumulates in
// double.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_CONVOLUTION_H
#define KILN_RUNTIME_TENSOR_OPS_CONVOLUTION_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>
#include <string_view>

namespace kiln::ops {

using IntList = std::span<const int64_t>;

/// input [N, C, L] or [C, L]; weight [O, C / groups, K].
Tensor conv1d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              IntList padding, IntList dilation, int64_t groups);
/// padding "same" (output as long as the input; stride must be 1) or
/// "valid" (no padding).
Tensor conv1d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              std::string_view padding, IntList dilation, int64_t groups);
/// input [N, C, H, W] or [C, H, W]; weight [O, C / groups, KH, KW].
Tensor conv2d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              IntList padding, IntList dilation, int64_t groups);
Tensor conv2d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              std::string_view padding, IntList dilation, int64_t groups);
/// input [N, C, D, H, W] or [C, D, H, W].
Tensor conv3d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              IntList padding, IntList dilation, int64_t groups);
Tensor conv3d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              std::string_view padding, IntList dilation, int64_t groups);
/// aten::convolution (and _convolution): a batched input whose rank matches
/// the weight's. Transposed convolution is a UserError (not implemented);
/// output_padding only matters for it.
Tensor convolution(const Tensor &input, const Tensor &weight,
                   const std::optional<Tensor> &bias, IntList stride,
                   IntList padding, IntList dilation, bool transposed,
                   IntList outputPadding, int64_t groups);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_CONVOLUTION_H
