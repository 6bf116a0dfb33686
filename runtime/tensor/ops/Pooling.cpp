//===- Pooling.cpp - Max, average and adaptive pooling --------------------===//
//
// Every pooling op sees its input as planes [P, H, W] (P = the product of
// the leading dimensions; a 1-d op has H = 1) and computes each output
// element from one window of its plane. Planes run in parallel.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Pooling.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/ops/NNArguments.h"
#include "runtime/tensor/ops/StridedViews.h"

#include <cmath>
#include <limits>
#include <type_traits>

namespace kiln::ops {

namespace {

/// The input as contiguous planes, and how to shape the result.
struct Planes {
  Tensor input; // contiguous [P, H, W]
  int64_t count, height, width;
  std::vector<int64_t> leading; // the result's dimensions before H/W
};

/// Checks the rank (`pooled` dimensions after one optional batch and one
/// channel dimension) and that only the batch may be empty.
Planes planesOf(std::string_view op, const Tensor &self, int64_t pooled) {
  int64_t rank = self.dim();
  KILN_USER_CHECK(rank == pooled + 1 || rank == pooled + 2, op, ": expected a ",
                  pooled + 1, "-D or ", pooled + 2,
                  "-D (batched) input, but got shape ", self.shapeString());
  for (int64_t d = rank == pooled + 2 ? 1 : 0; d < rank; ++d)
    KILN_USER_CHECK(self.size(d) > 0, op,
                    ": expected input to have non-zero size for non-batch "
                    "dimensions, but input has shape ",
                    self.shapeString(), " with dimension ", d, " being empty");
  Planes p;
  p.leading.assign(self.sizes().begin(), self.sizes().end() - pooled);
  p.count = 1;
  for (int64_t s : p.leading)
    p.count *= s;
  p.height = pooled == 2 ? self.size(-2) : 1;
  p.width = self.size(-1);
  p.input =
      views::reshapeContiguous(self.contiguous(), {p.count, p.height, p.width});
  return p;
}

std::vector<int64_t> resultShape(const Planes &p, int64_t pooled, int64_t outH,
                                 int64_t outW) {
  std::vector<int64_t> shape = p.leading;
  if (pooled == 2)
    shape.push_back(outH);
  shape.push_back(outW);
  return shape;
}

/// A sliding window over [H, W] (1-d windows have kernel 1 in H).
struct Window {
  int64_t kH = 1, kW = 1, sH = 1, sW = 1, pH = 0, pW = 0, dH = 1, dW = 1;
  int64_t outH = 1, outW = 1;
};

/// PyTorch's pooling_output_shape: with ceil_mode the last window may hang
/// over the end, but must start inside the input or its left padding.
int64_t pooledSize(std::string_view op, int64_t in, int64_t kernel, int64_t pad,
                   int64_t stride, int64_t dilation, bool ceilMode) {
  int64_t extent = checkedProduct(op, dilation, kernel - 1);
  int64_t span = checkedSum(op, {in, pad, pad, -extent, -1});
  int64_t out = checkedSum(op, {span, ceilMode ? stride - 1 : 0});
  out = (out >= 0 ? out / stride : -((-out + stride - 1) / stride)) + 1;
  if (ceilMode && (out - 1) * stride >= in + pad)
    --out;
  return out;
}

/// Reads kernel/stride/padding/dilation for `pooled` dimensions, checks
/// them and the output size as PyTorch does.
Window windowOf(std::string_view op, const Planes &p, int64_t pooled,
                IntList kernelArg, IntList strideArg, IntList paddingArg,
                IntList dilationArg, bool ceilMode) {
  KILN_USER_CHECK(!kernelArg.empty(), op, ": kernel_size must not be empty");
  std::vector<int64_t> kernel =
      expandParam(op, "kernel_size", kernelArg, pooled);
  std::vector<int64_t> stride =
      strideArg.empty() ? kernel : expandParam(op, "stride", strideArg, pooled);
  std::vector<int64_t> padding = expandParam(op, "padding", paddingArg, pooled);
  std::vector<int64_t> dilation =
      expandParam(op, "dilation", dilationArg, pooled);
  for (int64_t d = 0; d < pooled; ++d) {
    KILN_USER_CHECK(kernel[d] > 0, op,
                    ": kernel_size must be greater than zero, but got ",
                    shapeString(kernel));
    KILN_USER_CHECK(stride[d] > 0, op,
                    ": stride must be greater than zero, but got ",
                    shapeString(stride));
    KILN_USER_CHECK(dilation[d] > 0, op,
                    ": dilation must be greater than zero, but got ",
                    shapeString(dilation));
    KILN_USER_CHECK(padding[d] >= 0 && padding[d] <= kernel[d] / 2, op,
                    ": pad should be at most half of kernel size, but got "
                    "pad=",
                    padding[d], " and kernel_size=", kernel[d]);
  }
  Window w;
  int64_t first = pooled == 2 ? 0 : -1; // index of the H parameters
  if (first == 0) {
    w.kH = kernel[0], w.sH = stride[0], w.pH = padding[0], w.dH = dilation[0];
    w.outH = pooledSize(op, p.height, w.kH, w.pH, w.sH, w.dH, ceilMode);
  }
  w.kW = kernel.back(), w.sW = stride.back(), w.pW = padding.back();
  w.dW = dilation.back();
  w.outW = pooledSize(op, p.width, w.kW, w.pW, w.sW, w.dW, ceilMode);
  KILN_USER_CHECK(w.outH >= 1 && w.outW >= 1, op, ": given input size ",
                  p.height, "x", p.width, ", the calculated output size ",
                  w.outH, "x", w.outW, " is too small");
  return w;
}

template <typename T>
void maxPoolInto(const Tensor &out, const Tensor &indices, const Planes &p,
                 const Window &w) {
  const T *in = p.input.data<T>();
  T *values = out.data<T>();
  int64_t *where = indices.data<int64_t>();
  int64_t H = p.height, W = p.width, outPlane = w.outH * w.outW;
  int64_t grain = std::max<int64_t>(
      1, kParallelGrain / std::max<int64_t>(1, outPlane * w.kH * w.kW));
  // Without padding, and with every window inside the input (no ceil_mode
  // overhang), no window needs clipping: the common max_pool2d(x, 2).
  bool inside = w.pH == 0 && w.pW == 0 &&
                (w.outH - 1) * w.sH + (w.kH - 1) * w.dH < H &&
                (w.outW - 1) * w.sW + (w.kW - 1) * w.dW < W;
  if (inside) {
    parallelFor(0, p.count, grain, [&](int64_t begin, int64_t end) {
      for (int64_t plane = begin; plane < end; ++plane) {
        const T *src = in + plane * H * W;
        int64_t at = plane * outPlane;
        for (int64_t oh = 0; oh < w.outH; ++oh)
          for (int64_t ow = 0; ow < w.outW; ++ow, ++at) {
            int64_t first = oh * w.sH * W + ow * w.sW;
            // The first element, then the others: the same winner as
            // starting from -inf (NaN wins; among equals, the first).
            T best = src[first];
            int64_t bestAt = first;
            for (int64_t kh = 0; kh < w.kH; ++kh)
              for (int64_t kw = 0; kw < w.kW; ++kw) {
                int64_t i = first + kh * w.dH * W + kw * w.dW;
                T v = src[i];
                if (v > best || std::isnan(v)) {
                  best = v;
                  bestAt = i;
                }
              }
            values[at] = best;
            where[at] = bestAt;
          }
      }
    });
    return;
  }
  parallelFor(0, p.count, grain, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) {
      const T *src = in + plane * H * W;
      for (int64_t oh = 0; oh < w.outH; ++oh) {
        for (int64_t ow = 0; ow < w.outW; ++ow) {
          int64_t h0 = oh * w.sH - w.pH, w0 = ow * w.sW - w.pW;
          int64_t h1 = std::min(h0 + (w.kH - 1) * w.dH + 1, H);
          int64_t w1 = std::min(w0 + (w.kW - 1) * w.dW + 1, W);
          while (h0 < 0)
            h0 += w.dH;
          while (w0 < 0)
            w0 += w.dW;
          T best = -std::numeric_limits<T>::infinity();
          int64_t bestAt = h0 * W + w0;
          for (int64_t ih = h0; ih < h1; ih += w.dH)
            for (int64_t iw = w0; iw < w1; iw += w.dW) {
              T v = src[ih * W + iw];
              // NaN wins, as in PyTorch.
              if (v > best || std::isnan(v)) {
                best = v;
                bestAt = ih * W + iw;
              }
            }
          int64_t at = plane * outPlane + oh * w.outW + ow;
          values[at] = best;
          where[at] = bestAt;
        }
      }
    }
  });
}

std::tuple<Tensor, Tensor> maxPool(std::string_view op, int64_t pooled,
                                   const Tensor &self, IntList kernelSize,
                                   IntList stride, IntList padding,
                                   IntList dilation, bool ceilMode) {
  Planes p = planesOf(op, self, pooled);
  Window w =
      windowOf(op, p, pooled, kernelSize, stride, padding, dilation, ceilMode);
  std::vector<int64_t> shape = resultShape(p, pooled, w.outH, w.outW);
  Tensor out = Tensor::empty(shape, self.dtype());
  Tensor indices = Tensor::empty(shape, ScalarType::Long);
  dispatchFloating(self.dtype(), op,
                   [&]<typename T>() { maxPoolInto<T>(out, indices, p, w); });
  return {out, indices};
}

template <typename T>
void avgPoolInto(const Tensor &out, const Planes &p, const Window &w,
                 bool countIncludePad, std::optional<int64_t> divisor) {
  using Acc = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
  const T *in = p.input.data<T>();
  T *result = out.data<T>();
  int64_t H = p.height, W = p.width, outPlane = w.outH * w.outW;
  int64_t grain = std::max<int64_t>(
      1, kParallelGrain / std::max<int64_t>(1, outPlane * w.kH * w.kW));
  parallelFor(0, p.count, grain, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) {
      const T *src = in + plane * H * W;
      for (int64_t oh = 0; oh < w.outH; ++oh) {
        for (int64_t ow = 0; ow < w.outW; ++ow) {
          // The window, clipped first to the padded and then to the real
          // input: count_include_pad counts the padding it covers.
          int64_t h0 = oh * w.sH - w.pH, w0 = ow * w.sW - w.pW;
          int64_t h1 = std::min(h0 + w.kH, H + w.pH);
          int64_t w1 = std::min(w0 + w.kW, W + w.pW);
          int64_t paddedCount = (h1 - h0) * (w1 - w0);
          h0 = std::max<int64_t>(h0, 0), w0 = std::max<int64_t>(w0, 0);
          h1 = std::min(h1, H), w1 = std::min(w1, W);
          int64_t at = plane * outPlane + oh * w.outW + ow;
          if (h0 >= h1 || w0 >= w1) {
            result[at] = T(0);
            continue;
          }
          Acc sum = 0;
          for (int64_t ih = h0; ih < h1; ++ih)
            for (int64_t iw = w0; iw < w1; ++iw)
              sum += static_cast<Acc>(src[ih * W + iw]);
          int64_t count = divisor           ? *divisor
                          : countIncludePad ? paddedCount
                                            : (h1 - h0) * (w1 - w0);
          result[at] = static_cast<T>(sum / static_cast<Acc>(count));
        }
      }
    }
  });
}

Tensor avgPool(std::string_view op, int64_t pooled, const Tensor &self,
               IntList kernelSize, IntList stride, IntList padding,
               bool ceilMode, bool countIncludePad,
               std::optional<int64_t> divisorOverride) {
  KILN_USER_CHECK(!divisorOverride || *divisorOverride != 0, op,
                  ": divisor must be not zero");
  Planes p = planesOf(op, self, pooled);
  int64_t one = 1;
  Window w = windowOf(op, p, pooled, kernelSize, stride, padding,
                      IntList(&one, 1), ceilMode);
  Tensor out =
      Tensor::empty(resultShape(p, pooled, w.outH, w.outW), self.dtype());
  auto run = [&]<typename T>() {
    avgPoolInto<T>(out, p, w, countIncludePad, divisorOverride);
  };
  // PyTorch averages float32, float64 and int64 (integer division).
  if (self.dtype() == ScalarType::Long)
    run.template operator()<int64_t>();
  else
    dispatchFloating(self.dtype(), op, run);
  return out;
}

/// Start and end of adaptive window i of n over length L.
int64_t windowStart(int64_t i, int64_t n, int64_t L) { return i * L / n; }
int64_t windowEnd(int64_t i, int64_t n, int64_t L) {
  return ((i + 1) * L + n - 1) / n;
}

std::vector<int64_t> adaptiveSizes(std::string_view op, IntList outputSize,
                                   int64_t pooled) {
  std::vector<int64_t> sizes =
      expandParam(op, "output_size", outputSize, pooled);
  for (int64_t s : sizes)
    KILN_USER_CHECK(s >= 0, op,
                    ": elements of output_size must be greater than or equal "
                    "to 0, but got ",
                    shapeString(sizes));
  return sizes;
}

/// Adaptive pooling: `reduce(src, h0, h1, w0, w1, W, &index)` gives one
/// window's value (and, for max pooling, where it was).
template <typename T, typename Reduce>
std::tuple<Tensor, Tensor> adaptivePool(std::string_view op, int64_t pooled,
                                        const Tensor &self, IntList outputSize,
                                        const Reduce &reduce) {
  std::vector<int64_t> sizes = adaptiveSizes(op, outputSize, pooled);
  Planes p = planesOf(op, self, pooled);
  int64_t outH = pooled == 2 ? sizes[0] : 1, outW = sizes.back();
  std::vector<int64_t> shape = resultShape(p, pooled, outH, outW);
  Tensor out = Tensor::empty(shape, self.dtype());
  Tensor indices = Tensor::empty(shape, ScalarType::Long);
  const T *in = p.input.data<T>();
  T *values = out.data<T>();
  int64_t *where = indices.data<int64_t>();
  int64_t H = p.height, W = p.width, outPlane = outH * outW;
  int64_t grain =
      std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, H * W));
  parallelFor(0, p.count, grain, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane)
      for (int64_t oh = 0; oh < outH; ++oh)
        for (int64_t ow = 0; ow < outW; ++ow) {
          int64_t at = plane * outPlane + oh * outW + ow;
          values[at] = reduce(in + plane * H * W, windowStart(oh, outH, H),
                              windowEnd(oh, outH, H), windowStart(ow, outW, W),
                              windowEnd(ow, outW, W), W, &where[at]);
        }
  });
  return {out, indices};
}

Tensor adaptiveAvgPool(std::string_view op, int64_t pooled, const Tensor &self,
                       IntList outputSize) {
  return dispatchFloating(self.dtype(), op, [&]<typename T>() {
    auto mean = [](const T *src, int64_t h0, int64_t h1, int64_t w0, int64_t w1,
                   int64_t W, int64_t *) {
      double sum = 0;
      for (int64_t h = h0; h < h1; ++h)
        for (int64_t w = w0; w < w1; ++w)
          sum += src[h * W + w];
      return static_cast<T>(sum / static_cast<double>((h1 - h0) * (w1 - w0)));
    };
    return std::get<0>(adaptivePool<T>(op, pooled, self, outputSize, mean));
  });
}

std::tuple<Tensor, Tensor> adaptiveMaxPool(std::string_view op, int64_t pooled,
                                           const Tensor &self,
                                           IntList outputSize) {
  return dispatchFloating(self.dtype(), op, [&]<typename T>() {
    auto max = [](const T *src, int64_t h0, int64_t h1, int64_t w0, int64_t w1,
                  int64_t W, int64_t *index) {
      T best = -std::numeric_limits<T>::infinity();
      *index = h0 * W + w0;
      for (int64_t h = h0; h < h1; ++h)
        for (int64_t w = w0; w < w1; ++w) {
          T v = src[h * W + w];
          if (v > best || std::isnan(v)) {
            best = v;
            *index = h * W + w;
          }
        }
      return best;
    };
    return adaptivePool<T>(op, pooled, self, outputSize, max);
  });
}

} // namespace

std::tuple<Tensor, Tensor>
max_pool1d_with_indices(const Tensor &self, IntList kernelSize, IntList stride,
                        IntList padding, IntList dilation, bool ceilMode) {
  return maxPool("aten::max_pool1d_with_indices", 1, self, kernelSize, stride,
                 padding, dilation, ceilMode);
}

Tensor max_pool1d(const Tensor &self, IntList kernelSize, IntList stride,
                  IntList padding, IntList dilation, bool ceilMode) {
  return std::get<0>(maxPool("aten::max_pool1d", 1, self, kernelSize, stride,
                             padding, dilation, ceilMode));
}

std::tuple<Tensor, Tensor>
max_pool2d_with_indices(const Tensor &self, IntList kernelSize, IntList stride,
                        IntList padding, IntList dilation, bool ceilMode) {
  return maxPool("aten::max_pool2d_with_indices", 2, self, kernelSize, stride,
                 padding, dilation, ceilMode);
}

Tensor max_pool2d(const Tensor &self, IntList kernelSize, IntList stride,
                  IntList padding, IntList dilation, bool ceilMode) {
  return std::get<0>(maxPool("aten::max_pool2d", 2, self, kernelSize, stride,
                             padding, dilation, ceilMode));
}

Tensor avg_pool1d(const Tensor &self, IntList kernelSize, IntList stride,
                  IntList padding, bool ceilMode, bool countIncludePad) {
  return avgPool("aten::avg_pool1d", 1, self, kernelSize, stride, padding,
                 ceilMode, countIncludePad, std::nullopt);
}

Tensor avg_pool2d(const Tensor &self, IntList kernelSize, IntList stride,
                  IntList padding, bool ceilMode, bool countIncludePad,
                  std::optional<int64_t> divisorOverride) {
  return avgPool("aten::avg_pool2d", 2, self, kernelSize, stride, padding,
                 ceilMode, countIncludePad, divisorOverride);
}

Tensor adaptive_avg_pool1d(const Tensor &self, IntList outputSize) {
  return adaptiveAvgPool("aten::adaptive_avg_pool1d", 1, self, outputSize);
}

Tensor adaptive_avg_pool2d(const Tensor &self, IntList outputSize) {
  return adaptiveAvgPool("aten::adaptive_avg_pool2d", 2, self, outputSize);
}

std::tuple<Tensor, Tensor> adaptive_max_pool1d(const Tensor &self,
                                               IntList outputSize) {
  return adaptiveMaxPool("aten::adaptive_max_pool1d", 1, self, outputSize);
}

std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor &self,
                                               IntList outputSize) {
  return adaptiveMaxPool("aten::adaptive_max_pool2d", 2, self, outputSize);
}

} // namespace kiln::ops
