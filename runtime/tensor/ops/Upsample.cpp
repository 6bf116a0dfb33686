//===- Upsample.cpp - Nearest and linear upsampling -----------------------===//
//
// Upsampling is separable: each resampled dimension has an Axis saying
// which input positions (one for nearest, two for linear) and weights make
// each output position. An output element combines the input elements at
// every choice of position per dimension (the 2^k corners for linear).
// Planes (batch x channel) run in parallel.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Upsample.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/ops/StridedViews.h"

#include <algorithm>
#include <cmath>

namespace kiln::ops {

namespace {

/// Output position o of one dimension reads input positions index0[o] and
/// index1[o] with weights lambda0[o] and lambda1[o] (nearest: index0 only).
struct Axis {
  std::vector<int64_t> index0, index1;
  std::vector<double> lambda0, lambda1;
};

/// Output position o reads floor(o * step) with step = 1 / scale (or input
/// / output without a scale) in float, as PyTorch's kernel for [N, C, ...]
/// layouts does. (Its channels-last kernel, which a contiguous tensor with
/// one channel also takes, keeps o when the sizes agree even if a scale
/// says otherwise.)
Axis nearestAxis(int64_t in, int64_t out, std::optional<double> scale) {
  Axis axis;
  float step = scale && *scale > 0 ? static_cast<float>(1.0 / *scale)
                                   : static_cast<float>(in) / out;
  for (int64_t o = 0; o < out; ++o)
    axis.index0.push_back(
        std::min(static_cast<int64_t>(std::floor(o * step)), in - 1));
  return axis;
}

/// PyTorch's area_pixel_compute_source_index and the weights of the two
/// neighbours, computed in `Opmath` (float for float32) as PyTorch does.
template <typename Opmath>
Axis linearAxis(int64_t in, int64_t out, bool alignCorners,
                std::optional<double> scale) {
  Opmath ratio;
  if (alignCorners)
    ratio = out > 1 ? static_cast<Opmath>(in - 1) / (out - 1) : Opmath(0);
  else
    ratio = scale && *scale > 0 ? static_cast<Opmath>(1.0 / *scale)
                                : static_cast<Opmath>(in) / out;
  Axis axis;
  for (int64_t o = 0; o < out; ++o) {
    int64_t i0 = o, i1 = o;
    Opmath lambda1 = 0;
    if (out != in) {
      Opmath real = alignCorners ? ratio * o
                                 : static_cast<Opmath>(ratio * (o + 0.5) - 0.5);
      if (!alignCorners && real < 0)
        real = 0;
      i0 = static_cast<int64_t>(real);
      i1 = i0 + (i0 < in - 1 ? 1 : 0);
      lambda1 = std::clamp<Opmath>(real - i0, 0, 1);
    }
    axis.index0.push_back(i0);
    axis.index1.push_back(i1);
    axis.lambda0.push_back(Opmath(1) - lambda1);
    axis.lambda1.push_back(lambda1);
  }
  return axis;
}

/// Checks the input and the output size, and allocates the result (before
/// anything of the output's size, so that a size too large to allocate is
/// the user's error).
Tensor checkedOutput(std::string_view op, const Tensor &self, int64_t spatial,
                     std::span<const int64_t> outputSize) {
  KILN_USER_CHECK(self.dim() == spatial + 2, op, ": expected a ", spatial + 2,
                  "-D input [N, C, ...], but got shape ", self.shapeString());
  for (int64_t d = 1; d < self.dim(); ++d)
    KILN_USER_CHECK(self.size(d) > 0, op,
                    ": expected non-empty dimensions except the batch, but "
                    "got shape ",
                    self.shapeString());
  KILN_USER_CHECK(static_cast<int64_t>(outputSize.size()) == spatial, op,
                  ": expected output_size of ", spatial, " elements, but got ",
                  shapeString(outputSize));
  for (int64_t s : outputSize)
    KILN_USER_CHECK(s > 0, op,
                    ": input and output sizes should be greater than 0, but "
                    "got input ",
                    shapeString(std::span(self.sizes()).subspan(2)),
                    " and output ", shapeString(outputSize));
  std::vector<int64_t> shape = {self.size(0), self.size(1)};
  shape.insert(shape.end(), outputSize.begin(), outputSize.end());
  return Tensor::empty(shape, self.dtype());
}

/// out[n, c, o...] from the axes; `linear` combines the two positions per
/// axis, else index0 is copied.
template <typename T>
void resampleInto(const Tensor &out, const Tensor &self,
                  std::span<const int64_t> outputSize,
                  const std::vector<Axis> &axes, bool linear) {
  Tensor in = self.contiguous();
  size_t k = axes.size();
  int64_t planes = self.size(0) * self.size(1), inPlane = 1, outPlane = 1;
  std::vector<int64_t> inStride(k);
  for (size_t d = k; d-- > 0;) {
    inStride[d] = inPlane;
    inPlane *= self.size(2 + static_cast<int64_t>(d));
    outPlane *= outputSize[d];
  }
  const T *src = in.data<T>();
  T *dst = out.data<T>();
  int64_t grain = std::max<int64_t>(1, kParallelGrain / outPlane);
  parallelFor(0, planes, grain, [&](int64_t begin, int64_t end) {
    std::vector<int64_t> o(k);
    for (int64_t p = begin; p < end; ++p) {
      const T *plane = src + p * inPlane;
      for (int64_t flat = 0; flat < outPlane; ++flat) {
        int64_t rest = flat;
        for (size_t d = k; d-- > 0;) {
          o[d] = rest % outputSize[d];
          rest /= outputSize[d];
        }
        T &result = dst[p * outPlane + flat];
        if (!linear) {
          int64_t at = 0;
          for (size_t d = 0; d < k; ++d)
            at += axes[d].index0[o[d]] * inStride[d];
          result = plane[at];
          continue;
        }
        double value = 0;
        for (size_t corner = 0; corner < (size_t(1) << k); ++corner) {
          double weight = 1;
          int64_t at = 0;
          for (size_t d = 0; d < k; ++d) {
            bool second = (corner >> (k - 1 - d)) & 1;
            weight *= second ? axes[d].lambda1[o[d]] : axes[d].lambda0[o[d]];
            at += (second ? axes[d].index1[o[d]] : axes[d].index0[o[d]]) *
                  inStride[d];
          }
          value += weight * static_cast<double>(plane[at]);
        }
        result = static_cast<T>(value);
      }
    }
  });
}

/// The output size and scales of a .vec overload.
std::pair<std::vector<int64_t>, std::vector<std::optional<double>>>
vecTarget(std::string_view op, const Tensor &input, int64_t spatial,
          const std::optional<std::vector<int64_t>> &outputSize,
          const std::optional<std::vector<double>> &scaleFactors) {
  KILN_USER_CHECK(outputSize.has_value() != scaleFactors.has_value(), op,
                  ": must specify exactly one of output_size and "
                  "scale_factors");
  KILN_USER_CHECK(input.dim() == spatial + 2, op, ": expected a ", spatial + 2,
                  "-D input [N, C, ...], but got shape ", input.shapeString());
  std::vector<std::optional<double>> scales(spatial);
  if (outputSize)
    return {*outputSize, scales};
  KILN_USER_CHECK(static_cast<int64_t>(scaleFactors->size()) == spatial, op,
                  ": expected scale_factors of ", spatial,
                  " elements, but got ", scaleFactors->size());
  std::vector<int64_t> sizes;
  for (int64_t d = 0; d < spatial; ++d) {
    double factor = (*scaleFactors)[d];
    double size = std::floor(static_cast<double>(input.size(2 + d)) * factor);
    KILN_USER_CHECK(size >= 0 && size < 9.2e18, op, ": scale factor ", factor,
                    " gives an invalid output size");
    sizes.push_back(static_cast<int64_t>(size));
    scales[d] = factor;
  }
  return {sizes, scales};
}

} // namespace

Tensor upsample_nearest(std::string_view op, const Tensor &self,
                        std::span<const int64_t> outputSize,
                        OptionalScales scales) {
  int64_t spatial = static_cast<int64_t>(scales.size());
  Tensor out = checkedOutput(op, self, spatial, outputSize);
  std::vector<Axis> axes;
  for (int64_t d = 0; d < spatial; ++d)
    axes.push_back(nearestAxis(self.size(2 + d), outputSize[d], scales[d]));
  if (self.dtype() == ScalarType::Byte)
    resampleInto<uint8_t>(out, self, outputSize, axes, false);
  else
    dispatchFloating(self.dtype(), op, [&]<typename T>() {
      resampleInto<T>(out, self, outputSize, axes, false);
    });
  return out;
}

Tensor upsample_linear(std::string_view op, const Tensor &self,
                       std::span<const int64_t> outputSize, bool alignCorners,
                       OptionalScales scales) {
  int64_t spatial = static_cast<int64_t>(scales.size());
  Tensor out = checkedOutput(op, self, spatial, outputSize);
  dispatchFloating(self.dtype(), op, [&]<typename T>() {
    std::vector<Axis> axes;
    for (int64_t d = 0; d < spatial; ++d)
      axes.push_back(linearAxis<T>(self.size(2 + d), outputSize[d],
                                   alignCorners, scales[d]));
    resampleInto<T>(out, self, outputSize, axes, true);
  });
  return out;
}

Tensor
upsample_nearest_vec(std::string_view op, const Tensor &input,
                     int64_t spatialDims,
                     const std::optional<std::vector<int64_t>> &outputSize,
                     const std::optional<std::vector<double>> &scaleFactors) {
  auto [sizes, scales] =
      vecTarget(op, input, spatialDims, outputSize, scaleFactors);
  return upsample_nearest(op, input, sizes, scales);
}

Tensor upsample_linear_vec(
    std::string_view op, const Tensor &input, int64_t spatialDims,
    const std::optional<std::vector<int64_t>> &outputSize, bool alignCorners,
    const std::optional<std::vector<double>> &scaleFactors) {
  auto [sizes, scales] =
      vecTarget(op, input, spatialDims, outputSize, scaleFactors);
  return upsample_linear(op, input, sizes, alignCorners, scales);
}

} // namespace kiln::ops
