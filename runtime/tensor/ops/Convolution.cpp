//===- Convolution.cpp - Convolutions -------------------------------------===//
//
// One direct loop serves 1-, 2- and 3-d convolutions: the spatial
// dimensions are padded in front with size-1 dimensions up to three, and
// each output plane (one batch element, one output channel) is computed by
//   out[od, oh, ow] = bias + sum over (input channel of the group, kd, kh,
//                     kw) of weight[...] * input[od * s - p + kd * d, ...]
// skipping the taps that fall into the zero padding. Planes run in
// parallel.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Convolution.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/ops/NNArguments.h"
#include "runtime/tensor/ops/StridedViews.h"

#include <type_traits>

namespace kiln::ops {

namespace {

template <typename T>
using Accumulator =
    std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;

/// The geometry of a convolution over 3 spatial dimensions (1-d and 2-d
/// convolutions have leading spatial dimensions of size 1).
struct ConvGeometry {
  int64_t batch, inChannels, outChannels, groups;
  std::array<int64_t, 3> in, kernel, out, stride, padLow, dilation;
};

/// Output positions o in [0, outSize) whose tap o * stride - pad + offset
/// lands inside [0, inSize): the range [lo, hi).
std::pair<int64_t, int64_t> validOutputs(int64_t outSize, int64_t inSize,
                                         int64_t stride, int64_t pad,
                                         int64_t offset) {
  int64_t shift = offset - pad; // input index of output 0
  int64_t lo = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
  int64_t hi = shift > inSize - 1 ? 0 : (inSize - 1 - shift) / stride + 1;
  return {std::min(lo, outSize), std::min(hi, outSize)};
}

template <typename T>
void convolveInto(const Tensor &out, const Tensor &input, const Tensor &weight,
                  const Tensor *bias, const ConvGeometry &g) {
  using Acc = Accumulator<T>;
  const T *in = input.data<T>();
  const T *w = weight.data<T>();
  T *result = out.data<T>();
  const auto &[ID, IH, IW] = g.in;
  const auto &[KD, KH, KW] = g.kernel;
  const auto &[OD, OH, OW] = g.out;
  const int64_t groupIn = g.inChannels / g.groups;
  const int64_t groupOut = g.outChannels / g.groups;
  const int64_t planeIn = ID * IH * IW, planeOut = OD * OH * OW;
  const int64_t taps = groupIn * KD * KH * KW;
  int64_t grain = std::max<int64_t>(
      1, kParallelGrain / std::max<int64_t>(1, planeOut * taps));

  parallelFor(
      0, g.batch * g.outChannels, grain, [&](int64_t begin, int64_t end) {
        std::vector<Acc> acc(planeOut);
        for (int64_t plane = begin; plane < end; ++plane) {
          int64_t n = plane / g.outChannels, o = plane % g.outChannels;
          int64_t firstChannel = (o / groupOut) * groupIn;
          Acc start =
              bias ? static_cast<Acc>(bias->data<T>()[o * bias->stride(0)])
                   : Acc(0);
          std::fill(acc.begin(), acc.end(), start);
          for (int64_t ci = 0; ci < groupIn; ++ci) {
            const T *inPlane =
                in + (n * g.inChannels + firstChannel + ci) * planeIn;
            const T *wTaps = w + (o * groupIn + ci) * KD * KH * KW;
            for (int64_t kd = 0; kd < KD; ++kd) {
              auto [odLo, odHi] = validOutputs(OD, ID, g.stride[0], g.padLow[0],
                                               kd * g.dilation[0]);
              for (int64_t kh = 0; kh < KH; ++kh) {
                auto [ohLo, ohHi] = validOutputs(
                    OH, IH, g.stride[1], g.padLow[1], kh * g.dilation[1]);
                for (int64_t kw = 0; kw < KW; ++kw) {
                  auto [owLo, owHi] = validOutputs(
                      OW, IW, g.stride[2], g.padLow[2], kw * g.dilation[2]);
                  Acc tap = static_cast<Acc>(wTaps[(kd * KH + kh) * KW + kw]);
                  for (int64_t od = odLo; od < odHi; ++od) {
                    int64_t id =
                        od * g.stride[0] - g.padLow[0] + kd * g.dilation[0];
                    for (int64_t oh = ohLo; oh < ohHi; ++oh) {
                      int64_t ih =
                          oh * g.stride[1] - g.padLow[1] + kh * g.dilation[1];
                      const T *row = inPlane + (id * IH + ih) * IW;
                      Acc *accRow = &acc[(od * OH + oh) * OW];
                      for (int64_t ow = owLo; ow < owHi; ++ow)
                        accRow[ow] +=
                            tap * static_cast<Acc>(
                                      row[ow * g.stride[2] - g.padLow[2] +
                                          kw * g.dilation[2]]);
                    }
                  }
                }
              }
            }
          }
          T *outPlane = result + plane * planeOut;
          for (int64_t i = 0; i < planeOut; ++i)
            outPlane[i] = static_cast<T>(acc[i]);
        }
      });
}

/// "[3, 2, 3, 3]"
std::string sizesOf(const Tensor &t) { return t.shapeString(); }

/// The convolution of a batched input [N, C, spatial...] with a weight of
/// the same rank, after checking everything as PyTorch does.
Tensor convolutionNd(std::string_view op, const Tensor &input,
                     const Tensor &weight, const std::optional<Tensor> &bias,
                     IntList strideArg, std::span<const int64_t> padLowArg,
                     std::span<const int64_t> padHighArg, IntList dilationArg,
                     int64_t groups) {
  int64_t spatial = weight.dim() - 2;
  KILN_USER_CHECK(spatial >= 1 && spatial <= 3, op,
                  ": expected a weight of 3 to 5 dimensions, but got shape ",
                  sizesOf(weight));
  KILN_USER_CHECK(input.dim() == weight.dim(), op, ": expected ", weight.dim(),
                  "-dimensional input for ", weight.dim(),
                  "-dimensional weight ", sizesOf(weight), ", but got ",
                  input.dim(), "-dimensional input of size ", sizesOf(input),
                  " instead");
  std::vector<int64_t> stride = expandParam(op, "stride", strideArg, spatial);
  std::vector<int64_t> dilation =
      expandParam(op, "dilation", dilationArg, spatial);
  std::vector<int64_t> padLow = expandParam(op, "padding", padLowArg, spatial);
  std::vector<int64_t> padHigh =
      expandParam(op, "padding", padHighArg, spatial);
  for (int64_t d = 0; d < spatial; ++d) {
    KILN_USER_CHECK(stride[d] > 0, op,
                    ": non-positive stride is not "
                    "supported, got stride=",
                    shapeString(stride));
    KILN_USER_CHECK(padLow[d] >= 0 && padHigh[d] >= 0, op,
                    ": negative padding is not supported, got padding=",
                    shapeString(padLow));
    KILN_USER_CHECK(dilation[d] > 0, op,
                    ": dilation should be greater than zero, but got ",
                    shapeString(dilation));
  }
  KILN_USER_CHECK(groups > 0, op,
                  ": non-positive groups is not supported, "
                  "got groups=",
                  groups);
  int64_t outChannels = weight.size(0);
  KILN_USER_CHECK(outChannels >= groups, op, ": given groups=", groups,
                  ", expected weight to be at least ", groups,
                  " at dimension 0, but got weight of size ", sizesOf(weight),
                  " instead");
  KILN_USER_CHECK(outChannels % groups == 0, op, ": given groups=", groups,
                  ", expected weight to be divisible by ", groups,
                  " at dimension 0, but got weight of size ", sizesOf(weight),
                  " instead");
  KILN_USER_CHECK(input.size(1) == weight.size(1) * groups, op,
                  ": given groups=", groups, ", weight of size ",
                  sizesOf(weight), ", expected input", sizesOf(input),
                  " to have ", weight.size(1) * groups, " channels, but got ",
                  input.size(1), " channels instead");
  if (bias)
    KILN_USER_CHECK(bias->dim() == 1 && bias->size(0) == outChannels, op,
                    ": given weight of size ", sizesOf(weight),
                    ", expected bias to be 1-dimensional with ", outChannels,
                    " elements, but got bias of size ", sizesOf(*bias),
                    " instead");
  KILN_USER_CHECK(input.dtype() == weight.dtype(), op,
                  ": expected input and weight to have the same dtype, but "
                  "got ",
                  scalarTypeName(input.dtype()), " and ",
                  scalarTypeName(weight.dtype()));
  if (bias)
    KILN_USER_CHECK(bias->dtype() == input.dtype(), op, ": input type (",
                    scalarTypeName(input.dtype()), ") and bias type (",
                    scalarTypeName(bias->dtype()), ") should be the same");

  ConvGeometry g;
  g.batch = input.size(0);
  g.inChannels = input.size(1);
  g.outChannels = outChannels;
  g.groups = groups;
  std::vector<int64_t> outSizes = {g.batch, outChannels};
  std::string padded, kernel;
  bool fits = true;
  for (int64_t d = 0; d < 3; ++d) {
    int64_t s = d - (3 - spatial); // the spatial dimension, if any
    g.in[d] = s >= 0 ? input.size(2 + s) : 1;
    g.kernel[d] = s >= 0 ? weight.size(2 + s) : 1;
    g.stride[d] = s >= 0 ? stride[s] : 1;
    g.padLow[d] = s >= 0 ? padLow[s] : 0;
    g.dilation[d] = s >= 0 ? dilation[s] : 1;
    int64_t paddedSize =
        s >= 0 ? checkedSum(op, {g.in[d], padLow[s], padHigh[s]}) : g.in[d];
    int64_t extent =
        checkedSum(op, {checkedProduct(op, g.dilation[d], g.kernel[d] - 1), 1});
    fits = fits && extent <= paddedSize;
    g.out[d] = fits ? (paddedSize - extent) / g.stride[d] + 1 : 0;
    if (s >= 0) {
      outSizes.push_back(g.out[d]);
      padded += (s ? " x " : "") + std::to_string(paddedSize);
      kernel += (s ? " x " : "") + std::to_string(extent);
    }
  }
  KILN_USER_CHECK(fits, op, ": calculated padded input size per channel: (",
                  padded, "). Kernel size: (", kernel,
                  "). Kernel size can't be greater than actual input size");

  Tensor out = Tensor::empty(outSizes, input.dtype());
  if (out.numel() == 0)
    return out;
  Tensor in = input.contiguous(), w = weight.contiguous();
  dispatchNumeric(input.dtype(), op, [&]<typename T>() {
    convolveInto<T>(out, in, w, bias ? &*bias : nullptr, g);
  });
  return out;
}

/// The functional forms accept an unbatched input (one dimension fewer than
/// the weight): it gains a batch of one, which the result loses.
template <typename Conv>
Tensor withOptionalBatch(const Tensor &input, const Tensor &weight,
                         const Conv &conv) {
  if (input.dim() == weight.dim() - 1 && weight.dim() >= 3)
    return views::squeeze(conv(views::unsqueeze(input, 0)), 0);
  return conv(input);
}

/// Low and high padding for a padding string ("same" pads d * (k - 1) in
/// total per dimension, the odd element at the end, as PyTorch does).
std::pair<std::vector<int64_t>, std::vector<int64_t>>
stringPadding(std::string_view op, std::string_view padding,
              const Tensor &weight, IntList strideArg, IntList dilationArg) {
  int64_t spatial = std::max<int64_t>(0, weight.dim() - 2);
  std::vector<int64_t> low(spatial, 0), high(spatial, 0);
  if (padding == "valid")
    return {low, high};
  KILN_USER_CHECK(padding == "same", op, ": invalid padding string: '", padding,
                  "'");
  std::vector<int64_t> stride = expandParam(op, "stride", strideArg, spatial);
  std::vector<int64_t> dilation =
      expandParam(op, "dilation", dilationArg, spatial);
  for (int64_t d = 0; d < spatial; ++d) {
    KILN_USER_CHECK(stride[d] == 1, op,
                    ": padding='same' is not supported for strided "
                    "convolutions");
    int64_t total = dilation[d] * (weight.size(2 + d) - 1);
    low[d] = total / 2;
    high[d] = total - low[d];
  }
  return {low, high};
}

Tensor functionalConv(std::string_view op, int64_t spatial, const Tensor &input,
                      const Tensor &weight, const std::optional<Tensor> &bias,
                      IntList stride, IntList padding, IntList dilation,
                      int64_t groups) {
  KILN_USER_CHECK(weight.dim() == spatial + 2, op, ": expected a ", spatial + 2,
                  "-dimensional weight, but got shape ", sizesOf(weight));
  return withOptionalBatch(input, weight, [&](const Tensor &batched) {
    return convolutionNd(op, batched, weight, bias, stride, padding, padding,
                         dilation, groups);
  });
}

Tensor functionalConv(std::string_view op, int64_t spatial, const Tensor &input,
                      const Tensor &weight, const std::optional<Tensor> &bias,
                      IntList stride, std::string_view padding,
                      IntList dilation, int64_t groups) {
  KILN_USER_CHECK(weight.dim() == spatial + 2, op, ": expected a ", spatial + 2,
                  "-dimensional weight, but got shape ", sizesOf(weight));
  auto [low, high] = stringPadding(op, padding, weight, stride, dilation);
  return withOptionalBatch(input, weight, [&](const Tensor &batched) {
    return convolutionNd(op, batched, weight, bias, stride, low, high, dilation,
                         groups);
  });
}

} // namespace

Tensor conv1d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              IntList padding, IntList dilation, int64_t groups) {
  return functionalConv("aten::conv1d", 1, input, weight, bias, stride, padding,
                        dilation, groups);
}

Tensor conv1d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              std::string_view padding, IntList dilation, int64_t groups) {
  return functionalConv("aten::conv1d", 1, input, weight, bias, stride, padding,
                        dilation, groups);
}

Tensor conv2d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              IntList padding, IntList dilation, int64_t groups) {
  return functionalConv("aten::conv2d", 2, input, weight, bias, stride, padding,
                        dilation, groups);
}

Tensor conv2d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              std::string_view padding, IntList dilation, int64_t groups) {
  return functionalConv("aten::conv2d", 2, input, weight, bias, stride, padding,
                        dilation, groups);
}

Tensor conv3d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              IntList padding, IntList dilation, int64_t groups) {
  return functionalConv("aten::conv3d", 3, input, weight, bias, stride, padding,
                        dilation, groups);
}

Tensor conv3d(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias, IntList stride,
              std::string_view padding, IntList dilation, int64_t groups) {
  return functionalConv("aten::conv3d", 3, input, weight, bias, stride, padding,
                        dilation, groups);
}

Tensor convolution(const Tensor &input, const Tensor &weight,
                   const std::optional<Tensor> &bias, IntList stride,
                   IntList padding, IntList dilation, bool transposed,
                   IntList outputPadding, int64_t groups) {
  constexpr std::string_view op = "aten::convolution";
  (void)outputPadding; // only transposed convolutions use it
  KILN_USER_CHECK(!transposed, op,
                  ": transposed convolution is not supported by Kiln's "
                  "reference kernels");
  return convolutionNd(op, input, weight, bias, stride, padding, padding,
                       dilation, groups);
}

} // namespace kiln::ops
