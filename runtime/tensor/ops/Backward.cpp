//===- Backward.cpp - Reference kernels of the backward ops ---------------===//
//
// Written to be read: every kernel reads its tensors into contiguous double
// buffers, loops, and converts the result to the gradient's dtype. They are
// the oracle the gradient checks compare finite differences against, not the
// fast path.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Backward.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/ops/Reduction.h"
#include "runtime/tensor/ops/Shape.h"
#include "support/Error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

namespace kiln::ops {

namespace {

using Sizes = std::vector<int64_t>;

/// A tensor's elements in row-major order, as doubles.
struct Buffer {
  Sizes sizes;
  std::vector<double> data;

  explicit Buffer(Sizes s) : sizes(std::move(s)) {
    int64_t n = 1;
    for (int64_t v : sizes)
      n *= v;
    data.assign(static_cast<size_t>(n), 0.0);
  }
  double &operator[](int64_t i) { return data[static_cast<size_t>(i)]; }
  double operator[](int64_t i) const { return data[static_cast<size_t>(i)]; }
  int64_t numel() const { return static_cast<int64_t>(data.size()); }
};

Buffer read(const Tensor &t) {
  Buffer b(t.sizes());
  if (b.numel() == 0)
    return b;
  Tensor c = t.to(ScalarType::Double).contiguous();
  std::memcpy(b.data.data(), c.data<double>(), b.data.size() * sizeof(double));
  return b;
}

Tensor write(const Buffer &b, ScalarType dtype) {
  Tensor t = Tensor::empty(b.sizes, ScalarType::Double);
  if (b.numel() > 0)
    std::memcpy(t.data<double>(), b.data.data(),
                b.data.size() * sizeof(double));
  return dtype == ScalarType::Double ? t : t.to(dtype);
}

int64_t wrapDim(const char *op, int64_t dim, int64_t rank) {
  int64_t r = std::max<int64_t>(rank, 1);
  KILN_USER_CHECK(dim >= -r && dim < r, op, ": dimension ", dim,
                  " is out of range for a tensor of rank ", rank);
  return dim < 0 ? dim + r : dim;
}

/// Sizes split around `dim`: (outer, size of dim, inner).
std::tuple<int64_t, int64_t, int64_t> around(const Sizes &sizes, int64_t dim) {
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < dim; ++i)
    outer *= sizes[i];
  for (size_t i = dim + 1; i < sizes.size(); ++i)
    inner *= sizes[i];
  return {outer, sizes.empty() ? 1 : sizes[dim], inner};
}

void checkFloating(const char *op, const Tensor &t) {
  KILN_USER_CHECK(isFloatingType(t.dtype()), op,
                  ": expected a floating-point gradient, got ",
                  scalarTypeName(t.dtype()));
}

} // namespace

Tensor sum_to_size(const Tensor &self, IntList size) {
  const char *op = "aten::sum_to_size";
  int64_t lead = self.dim() - static_cast<int64_t>(size.size());
  KILN_USER_CHECK(lead >= 0, op, ": size ",
                  shapeString(Sizes(size.begin(), size.end())),
                  " is not expandable to size ", self.shapeString());
  for (size_t i = 0; i < size.size(); ++i)
    KILN_USER_CHECK(size[i] == self.size(lead + i) || size[i] == 1, op,
                    ": size ", shapeString(Sizes(size.begin(), size.end())),
                    " is not expandable to size ", self.shapeString());
  // The leading dims, and the dims `size` keeps at 1, summed away.
  Sizes dims;
  for (int64_t d = 0; d < self.dim(); ++d)
    if (d < lead || (size[d - lead] == 1 && self.size(d) != 1))
      dims.push_back(d);
  if (dims.empty())
    return self.clone();
  Tensor summed = sum(self, dims, /*keepdim=*/true);
  return reshape(summed, Sizes(size.begin(), size.end()));
}

Tensor threshold_backward(const Tensor &grad, const Tensor &self,
                          Scalar threshold) {
  const char *op = "aten::threshold_backward";
  checkFloating(op, grad);
  KILN_USER_CHECK(grad.sizes() == self.sizes(), op, ": shapes ",
                  grad.shapeString(), " and ", self.shapeString(), " differ");
  Tensor g = grad.contiguous(), x = self.to(grad.dtype()).contiguous();
  Tensor out = Tensor::empty(grad.sizes(), grad.dtype());
  dispatchFloating(grad.dtype(), op, [&]<typename T>() {
    const T *gp = g.data<T>(), *xp = x.data<T>();
    T *op_ = out.data<T>();
    T t = static_cast<T>(threshold.toDouble());
    parallelFor(0, out.numel(), 1 << 15, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i)
        op_[i] = xp[i] <= t ? T(0) : gp[i];
    });
  });
  return out;
}

Tensor gelu_backward(const Tensor &grad, const Tensor &self,
                     const std::string &approximate) {
  const char *op = "aten::gelu_backward";
  checkFloating(op, grad);
  KILN_USER_CHECK(approximate == "none" || approximate == "tanh", op,
                  ": approximate must be 'none' or 'tanh', not '", approximate,
                  "'");
  KILN_USER_CHECK(grad.sizes() == self.sizes(), op, ": shapes ",
                  grad.shapeString(), " and ", self.shapeString(), " differ");
  Buffer g = read(grad), x = read(self);
  const double kAlpha = M_SQRT1_2, kBeta = M_2_SQRTPI * M_SQRT1_2 * 0.5;
  for (int64_t i = 0; i < g.numel(); ++i) {
    double v = x[i], d;
    if (approximate == "tanh") {
      const double kK = M_SQRT2 * M_2_SQRTPI * 0.5, kC = 0.044715;
      double inner = kK * (v + kC * v * v * v);
      double th = std::tanh(inner);
      double dInner = kK * (1 + 3 * kC * v * v);
      d = 0.5 * (1 + th) + 0.5 * v * (1 - th * th) * dInner;
    } else {
      double cdf = 0.5 * (1 + std::erf(v * kAlpha));
      double pdf = kBeta * std::exp(-0.5 * v * v);
      d = cdf + v * pdf;
    }
    g[i] *= d;
  }
  return write(g, grad.dtype());
}

Tensor softmax_backward_data(const Tensor &grad, const Tensor &output,
                             int64_t dim) {
  const char *op = "aten::_softmax_backward_data";
  checkFloating(op, grad);
  Buffer g = read(grad), y = read(output);
  auto [outer, n, inner] = around(g.sizes, wrapDim(op, dim, grad.dim()));
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      double dot = 0;
      for (int64_t k = 0; k < n; ++k) {
        int64_t at = (o * n + k) * inner + i;
        dot += g[at] * y[at];
      }
      for (int64_t k = 0; k < n; ++k) {
        int64_t at = (o * n + k) * inner + i;
        g[at] = y[at] * (g[at] - dot);
      }
    }
  return write(g, grad.dtype());
}

Tensor log_softmax_backward_data(const Tensor &grad, const Tensor &output,
                                 int64_t dim) {
  const char *op = "aten::_log_softmax_backward_data";
  checkFloating(op, grad);
  Buffer g = read(grad), y = read(output);
  auto [outer, n, inner] = around(g.sizes, wrapDim(op, dim, grad.dim()));
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      double sum = 0;
      for (int64_t k = 0; k < n; ++k)
        sum += g[(o * n + k) * inner + i];
      for (int64_t k = 0; k < n; ++k) {
        int64_t at = (o * n + k) * inner + i;
        g[at] -= std::exp(y[at]) * sum;
      }
    }
  return write(g, grad.dtype());
}

Tensor select_backward(const Tensor &grad, IntList inputSizes, int64_t dim,
                       int64_t index) {
  const char *op = "aten::select_backward";
  Sizes sizes(inputSizes.begin(), inputSizes.end());
  dim = wrapDim(op, dim, static_cast<int64_t>(sizes.size()));
  if (index < 0)
    index += sizes[dim];
  Buffer g = read(grad), out(sizes);
  auto [outer, n, inner] = around(sizes, dim);
  KILN_USER_CHECK(index >= 0 && index < n && g.numel() == outer * inner, op,
                  ": gradient ", grad.shapeString(), " does not fit input ",
                  shapeString(sizes));
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i)
      out[(o * n + index) * inner + i] = g[o * inner + i];
  return write(out, grad.dtype());
}

Tensor slice_backward(const Tensor &grad, IntList inputSizes, int64_t dim,
                      int64_t start, int64_t end, int64_t step) {
  const char *op = "aten::slice_backward";
  Sizes sizes(inputSizes.begin(), inputSizes.end());
  dim = wrapDim(op, dim, static_cast<int64_t>(sizes.size()));
  KILN_USER_CHECK(step > 0, op, ": slice step must be positive");
  auto [outer, n, inner] = around(sizes, dim);
  if (start < 0)
    start += n;
  if (end < 0)
    end += n;
  start = std::clamp<int64_t>(start, 0, n);
  end = std::clamp<int64_t>(end, start, n);
  int64_t count = (end - start + step - 1) / step;
  Buffer g = read(grad), out(sizes);
  KILN_USER_CHECK(g.numel() == outer * count * inner, op, ": gradient ",
                  grad.shapeString(), " does not fit input ",
                  shapeString(sizes));
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < count; ++k)
      for (int64_t i = 0; i < inner; ++i)
        out[(o * n + start + k * step) * inner + i] =
            g[(o * count + k) * inner + i];
  return write(out, grad.dtype());
}

std::tuple<Tensor, Tensor, Tensor>
convolution_backward(const Tensor &grad, const Tensor &input,
                     const Tensor &weight, IntList stride, IntList padding,
                     IntList dilation, bool transposed, int64_t groups,
                     std::array<bool, 3> outputMask) {
  const char *op = "aten::convolution_backward";
  checkFloating(op, grad);
  KILN_USER_CHECK(!transposed, op,
                  ": transposed convolutions have no gradient yet");
  KILN_USER_CHECK(input.dim() == 4 && weight.dim() == 4 && grad.dim() == 4, op,
                  ": only 2-d convolutions of batched (4-d) inputs have "
                  "a gradient yet; got input ",
                  input.shapeString());
  auto at = [&](IntList l, size_t i) {
    KILN_USER_CHECK(l.size() == 1 || l.size() == 2, op,
                    ": expected one or two values per window argument, got ",
                    l.size());
    return l.size() == 1 ? l[0] : l[i];
  };
  int64_t sH = at(stride, 0), sW = at(stride, 1), pH = at(padding, 0),
          pW = at(padding, 1), dH = at(dilation, 0), dW = at(dilation, 1);
  int64_t N = input.size(0), C = input.size(1), H = input.size(2),
          W = input.size(3);
  int64_t O = weight.size(0), Cg = weight.size(1), KH = weight.size(2),
          KW = weight.size(3);
  int64_t OH = grad.size(2), OW = grad.size(3);
  KILN_USER_CHECK(groups > 0 && C == Cg * groups && O % groups == 0 &&
                      grad.size(0) == N && grad.size(1) == O,
                  op, ": shapes do not fit: grad ", grad.shapeString(),
                  ", input ", input.shapeString(), ", weight ",
                  weight.shapeString());
  ScalarType dtype = grad.dtype();
  Tensor g = grad.contiguous(), x = input.to(dtype).contiguous(),
         w = weight.to(dtype).contiguous();
  auto [wantInput, wantWeight, wantBias] = outputMask;
  Tensor gi = wantInput ? Tensor::zeros(input.sizes(), dtype) : Tensor(),
         gw = wantWeight ? Tensor::zeros(weight.sizes(), dtype) : Tensor(),
         gb = wantBias ? Tensor::zeros(Sizes{O}, dtype) : Tensor();
  if (!wantInput && !wantWeight && !wantBias)
    return {gi, gw, gb};
  int64_t Og = O / groups;
  // In the gradient's dtype, as ATen's CPU kernels accumulate, per group
  // as two matrix products over the unfolded input (im2col), rows of
  // R = Cg*KH*KW taps per output position q = (n, oh, ow):
  //   gw[oc][r] = sum_q G[oc][q] * colT[q][r]
  //   colGradT[q][r] = sum_oc G[oc][q] * W[oc][r], folded back into gi.
  // The loops run along r, contiguous in every operand, so they vectorize;
  // tasks own what they write (output channels for gw, positions for the
  // input's gradient). Zero gradients (most of them, behind a ReLU and a
  // max pool) are skipped, and so are the results nobody asked for.
  int64_t P = OH * OW, R = Cg * KH * KW;
  dispatchFloating(dtype, op, [&]<typename T>() {
    const T *gp = g.data<T>(), *xp = x.data<T>(), *wp = w.data<T>();
    T *gip = wantInput ? gi.data<T>() : nullptr,
      *gwp = wantWeight ? gw.data<T>() : nullptr,
      *gbp = wantBias ? gb.data<T>() : nullptr;
    // A chunk of samples at a time bounds the unfolded copies' memory.
    int64_t perChunk =
        std::clamp<int64_t>((int64_t{1} << 22) / std::max<int64_t>(P * R, 1), 1,
                            std::max<int64_t>(N, 1));
    size_t rows = static_cast<size_t>(perChunk * P);
    std::vector<T> colT(wantWeight ? rows * static_cast<size_t>(R) : 0),
        colGradT(wantInput ? rows * static_cast<size_t>(R) : 0);
    std::vector<T> gT(rows * static_cast<size_t>(Og));
    // Visits the taps inside the input of output position q: fn(r, x index).
    auto taps = [&](int64_t q, int64_t c0, auto &&fn) {
      int64_t n = q / P, oh = (q % P) / OW, ow = q % OW;
      for (int64_t ic = 0; ic < Cg; ++ic)
        for (int64_t kh = 0; kh < KH; ++kh) {
          int64_t ih = oh * sH - pH + kh * dH;
          if (ih < 0 || ih >= H)
            continue;
          for (int64_t kw = 0; kw < KW; ++kw) {
            int64_t iw = ow * sW - pW + kw * dW;
            if (iw >= 0 && iw < W)
              fn((ic * KH + kh) * KW + kw,
                 ((n * C + c0 + ic) * H + ih) * W + iw);
          }
        }
    };
    for (int64_t n0 = 0; n0 < N; n0 += perChunk)
      for (int64_t group = 0; group < groups; ++group) {
        int64_t c0 = group * Cg, o0 = group * Og;
        // Output positions [q0, q1) of samples [n0, n1); row q - q0.
        int64_t n1 = std::min(N, n0 + perChunk), q0 = n0 * P, q1 = n1 * P;
        parallelFor(q0, q1, 64, [&](int64_t begin, int64_t end) {
          for (int64_t q = begin; q < end; ++q) {
            if (wantWeight) {
              T *row = colT.data() + (q - q0) * R;
              std::fill(row, row + R, T(0));
              taps(q, c0, [&](int64_t r, int64_t xi) { row[r] = xp[xi]; });
            }
            int64_t n = q / P, pos = q % P;
            for (int64_t o = 0; o < Og; ++o)
              gT[(q - q0) * Og + o] = gp[(n * O + o0 + o) * P + pos];
          }
        });
        if (wantWeight || wantBias)
          parallelFor(0, Og, 1, [&](int64_t begin, int64_t end) {
            for (int64_t o = begin; o < end; ++o) {
              T bias = 0;
              for (int64_t q = 0; q < q1 - q0; ++q) {
                T v = gT[q * Og + o];
                bias += v;
                if (!wantWeight || v == T(0))
                  continue;
                T *out = gwp + (o0 + o) * R;
                const T *col = colT.data() + q * R;
                for (int64_t r = 0; r < R; ++r)
                  out[r] += v * col[r];
              }
              if (wantBias)
                gbp[o0 + o] += bias;
            }
          });
        if (!wantInput)
          continue;
        parallelFor(0, q1 - q0, 64, [&](int64_t begin, int64_t end) {
          for (int64_t q = begin; q < end; ++q) {
            T *row = colGradT.data() + q * R;
            std::fill(row, row + R, T(0));
            for (int64_t o = 0; o < Og; ++o) {
              T v = gT[q * Og + o];
              if (v == T(0))
                continue;
              const T *wr = wp + (o0 + o) * R;
              for (int64_t r = 0; r < R; ++r)
                row[r] += v * wr[r];
            }
          }
        });
        // Fold back per sample: a sample's positions write only its input.
        parallelFor(n0, n1, 1, [&](int64_t begin, int64_t end) {
          for (int64_t n = begin; n < end; ++n)
            for (int64_t q = n * P; q < (n + 1) * P; ++q) {
              const T *row = colGradT.data() + (q - q0) * R;
              taps(q, c0, [&](int64_t r, int64_t xi) { gip[xi] += row[r]; });
            }
        });
      }
  });
  return {gi, gw, gb};
}

Tensor max_pool2d_with_indices_backward(const Tensor &grad, const Tensor &self,
                                        const Tensor &indices) {
  const char *op = "aten::max_pool2d_with_indices_backward";
  checkFloating(op, grad);
  KILN_USER_CHECK(self.dim() >= 2 && grad.sizes() == indices.sizes(), op,
                  ": gradient ", grad.shapeString(), " and indices ",
                  indices.shapeString(), " differ");
  Tensor g = grad.contiguous();
  Tensor idx = indices.to(ScalarType::Long).contiguous();
  Tensor out = Tensor::zeros(self.sizes(), grad.dtype());
  const int64_t *where = idx.data<int64_t>();
  int64_t plane = self.size(-2) * self.size(-1);
  int64_t outPlane = grad.size(-2) * grad.size(-1);
  int64_t planes = outPlane ? g.numel() / outPlane : 0;
  KILN_USER_CHECK(plane == 0 || self.numel() / plane == planes, op,
                  ": gradient ", grad.shapeString(), " does not fit input ",
                  self.shapeString());
  for (int64_t i = 0; i < g.numel(); ++i)
    KILN_USER_CHECK(where[i] >= 0 && where[i] < plane, op, ": index ", where[i],
                    " is out of range");
  dispatchFloating(grad.dtype(), op, [&]<typename T>() {
    const T *gp = g.data<T>();
    T *o = out.data<T>();
    // A plane's window maxima land only in its own input plane.
    parallelFor(0, planes, 16, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p)
        for (int64_t i = p * outPlane; i < (p + 1) * outPlane; ++i)
          o[p * plane + where[i]] += gp[i];
    });
  });
  return out;
}

Tensor avg_pool2d_backward(const Tensor &grad, const Tensor &self,
                           IntList kernelSize, IntList stride, IntList padding,
                           bool ceilMode, bool countIncludePad,
                           std::optional<int64_t> divisorOverride) {
  (void)ceilMode; // the output size comes from grad
  const char *op = "aten::avg_pool2d_backward";
  checkFloating(op, grad);
  KILN_USER_CHECK(self.dim() >= 3 && grad.dim() == self.dim(), op,
                  ": expected a 3-d or 4-d input, got ", self.shapeString());
  auto at = [&](IntList l, size_t i) {
    KILN_USER_CHECK(l.size() == 1 || l.size() == 2, op,
                    ": expected one or two values per window argument, got ",
                    l.size());
    return l.size() == 1 ? l[0] : l[i];
  };
  int64_t kH = at(kernelSize, 0), kW = at(kernelSize, 1);
  int64_t sH = stride.empty() ? kH : at(stride, 0),
          sW = stride.empty() ? kW : at(stride, 1);
  int64_t pH = at(padding, 0), pW = at(padding, 1);
  int64_t H = self.size(-2), W = self.size(-1), OH = grad.size(-2),
          OW = grad.size(-1);
  Buffer g = read(grad), out(self.sizes());
  int64_t planes = out.numel() / std::max<int64_t>(1, H * W);
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        int64_t h0 = oh * sH - pH, w0 = ow * sW - pW;
        int64_t h1 = std::min(h0 + kH, H + pH), w1 = std::min(w0 + kW, W + pW);
        int64_t poolSize = (h1 - h0) * (w1 - w0);
        h0 = std::max<int64_t>(h0, 0), w0 = std::max<int64_t>(w0, 0);
        h1 = std::min(h1, H), w1 = std::min(w1, W);
        if (h0 >= h1 || w0 >= w1)
          continue;
        double divisor = divisorOverride   ? double(*divisorOverride)
                         : countIncludePad ? double(poolSize)
                                           : double((h1 - h0) * (w1 - w0));
        double share = g[(p * OH + oh) * OW + ow] / divisor;
        for (int64_t h = h0; h < h1; ++h)
          for (int64_t w = w0; w < w1; ++w)
            out[(p * H + h) * W + w] += share;
      }
  return write(out, grad.dtype());
}

Tensor adaptive_avg_pool2d_backward(const Tensor &grad, const Tensor &self) {
  const char *op = "aten::_adaptive_avg_pool2d_backward";
  checkFloating(op, grad);
  KILN_USER_CHECK(self.dim() >= 3 && grad.dim() == self.dim(), op,
                  ": expected a 3-d or 4-d input, got ", self.shapeString());
  int64_t H = self.size(-2), W = self.size(-1), OH = grad.size(-2),
          OW = grad.size(-1);
  Buffer g = read(grad), out(self.sizes());
  int64_t planes = out.numel() / std::max<int64_t>(1, H * W);
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t oh = 0; oh < OH; ++oh) {
      int64_t h0 = oh * H / OH, h1 = ((oh + 1) * H + OH - 1) / OH;
      for (int64_t ow = 0; ow < OW; ++ow) {
        int64_t w0 = ow * W / OW, w1 = ((ow + 1) * W + OW - 1) / OW;
        double share =
            g[(p * OH + oh) * OW + ow] / double((h1 - h0) * (w1 - w0));
        for (int64_t h = h0; h < h1; ++h)
          for (int64_t w = w0; w < w1; ++w)
            out[(p * H + h) * W + w] += share;
      }
    }
  return write(out, grad.dtype());
}

Tensor embedding_dense_backward(const Tensor &grad, const Tensor &indices,
                                int64_t numWeights, int64_t paddingIdx,
                                bool scaleGradByFreq) {
  const char *op = "aten::embedding_dense_backward";
  checkFloating(op, grad);
  Tensor idx = indices.to(ScalarType::Long).contiguous();
  const int64_t *where = idx.data<int64_t>();
  int64_t count = idx.numel();
  int64_t dim = grad.dim() == 0 ? 1 : grad.size(-1);
  Buffer g = read(grad), out(Sizes{numWeights, dim});
  KILN_USER_CHECK(g.numel() == count * dim, op, ": gradient ",
                  grad.shapeString(), " does not fit indices ",
                  indices.shapeString());
  std::vector<int64_t> freq(static_cast<size_t>(numWeights), 0);
  for (int64_t i = 0; i < count; ++i) {
    KILN_USER_CHECK(where[i] >= 0 && where[i] < numWeights, op, ": index ",
                    where[i], " is out of range for ", numWeights, " rows");
    ++freq[where[i]];
  }
  for (int64_t i = 0; i < count; ++i) {
    if (where[i] == paddingIdx)
      continue;
    double scale = scaleGradByFreq ? 1.0 / double(freq[where[i]]) : 1.0;
    for (int64_t k = 0; k < dim; ++k)
      out[where[i] * dim + k] += g[i * dim + k] * scale;
  }
  return write(out, grad.dtype());
}

std::tuple<Tensor, Tensor, Tensor> native_batch_norm_backward(
    const Tensor &grad, const Tensor &input, const OptionalTensor &weight,
    const OptionalTensor &runningMean, const OptionalTensor &runningVar,
    const OptionalTensor &saveMean, const OptionalTensor &saveInvstd,
    bool train, double eps) {
  const char *op = "aten::native_batch_norm_backward";
  checkFloating(op, grad);
  KILN_USER_CHECK(input.dim() >= 2 && grad.sizes() == input.sizes(), op,
                  ": expected a gradient of the input's shape ",
                  input.shapeString(), ", got ", grad.shapeString());
  Buffer g = read(grad), x = read(input);
  auto [N, C, inner] = around(x.sizes, 1);
  double count = double(N * inner);
  std::vector<double> mean(C), invstd(C), w(C, 1.0);
  if (weight)
    for (int64_t c = 0; c < C; ++c)
      w[c] = read(*weight)[c];
  if (!train) {
    KILN_USER_CHECK(runningMean && runningVar, op,
                    ": evaluation mode needs the running statistics");
    Buffer rm = read(*runningMean), rv = read(*runningVar);
    for (int64_t c = 0; c < C; ++c)
      mean[c] = rm[c], invstd[c] = 1.0 / std::sqrt(rv[c] + eps);
  } else if (saveMean && saveInvstd) {
    Buffer sm = read(*saveMean), si = read(*saveInvstd);
    for (int64_t c = 0; c < C; ++c)
      mean[c] = sm[c], invstd[c] = si[c];
  } else {
    for (int64_t c = 0; c < C; ++c) {
      double sum = 0, sq = 0;
      for (int64_t n = 0; n < N; ++n)
        for (int64_t i = 0; i < inner; ++i)
          sum += x[(n * C + c) * inner + i];
      mean[c] = sum / count;
      for (int64_t n = 0; n < N; ++n)
        for (int64_t i = 0; i < inner; ++i) {
          double d = x[(n * C + c) * inner + i] - mean[c];
          sq += d * d;
        }
      invstd[c] = 1.0 / std::sqrt(sq / count + eps);
    }
  }
  Buffer gi(x.sizes), gw(Sizes{C}), gb(Sizes{C});
  for (int64_t c = 0; c < C; ++c) {
    double sumG = 0, sumGX = 0;
    for (int64_t n = 0; n < N; ++n)
      for (int64_t i = 0; i < inner; ++i) {
        int64_t at = (n * C + c) * inner + i;
        sumG += g[at];
        sumGX += g[at] * (x[at] - mean[c]) * invstd[c];
      }
    gb[c] = sumG, gw[c] = sumGX;
    for (int64_t n = 0; n < N; ++n)
      for (int64_t i = 0; i < inner; ++i) {
        int64_t at = (n * C + c) * inner + i;
        if (!train) {
          gi[at] = g[at] * w[c] * invstd[c];
        } else {
          double xhat = (x[at] - mean[c]) * invstd[c];
          gi[at] =
              w[c] * invstd[c] * (g[at] - sumG / count - xhat * sumGX / count);
        }
      }
  }
  return {write(gi, grad.dtype()), write(gw, grad.dtype()),
          write(gb, grad.dtype())};
}

namespace {

/// Rows and row length of a layer norm over the trailing `normalized`.
std::pair<int64_t, int64_t> layerRows(const char *op, const Tensor &input,
                                      IntList normalized) {
  int64_t lead = input.dim() - static_cast<int64_t>(normalized.size());
  KILN_USER_CHECK(lead >= 0, op, ": normalized shape is longer than input ",
                  input.shapeString());
  int64_t rows = 1, length = 1;
  for (int64_t d = 0; d < input.dim(); ++d) {
    if (d < lead)
      rows *= input.size(d);
    else {
      KILN_USER_CHECK(input.size(d) == normalized[d - lead], op, ": input ",
                      input.shapeString(),
                      " does not end with the normalized shape");
      length *= input.size(d);
    }
  }
  return {rows, length};
}

Sizes statsShape(const Tensor &input, IntList normalized) {
  Sizes s = input.sizes();
  for (size_t i = s.size() - normalized.size(); i < s.size(); ++i)
    s[i] = 1;
  return s;
}

} // namespace

std::tuple<Tensor, Tensor, Tensor>
native_layer_norm(const Tensor &input, IntList normalizedShape,
                  const OptionalTensor &weight, const OptionalTensor &bias,
                  double eps) {
  const char *op = "aten::native_layer_norm";
  checkFloating(op, input);
  auto [rows, length] = layerRows(op, input, normalizedShape);
  Buffer x = read(input), out(input.sizes());
  Buffer mean(statsShape(input, normalizedShape)),
      rstd(statsShape(input, normalizedShape));
  std::optional<Buffer> w, b;
  if (weight)
    w = read(*weight);
  if (bias)
    b = read(*bias);
  for (int64_t r = 0; r < rows; ++r) {
    double sum = 0, sq = 0;
    for (int64_t k = 0; k < length; ++k)
      sum += x[r * length + k];
    double m = length ? sum / double(length) : 0;
    for (int64_t k = 0; k < length; ++k)
      sq += (x[r * length + k] - m) * (x[r * length + k] - m);
    double s = 1.0 / std::sqrt((length ? sq / double(length) : 0) + eps);
    mean[r] = m, rstd[r] = s;
    for (int64_t k = 0; k < length; ++k) {
      double v = (x[r * length + k] - m) * s;
      out[r * length + k] = v * (w ? (*w)[k] : 1.0) + (b ? (*b)[k] : 0.0);
    }
  }
  return {write(out, input.dtype()), write(mean, input.dtype()),
          write(rstd, input.dtype())};
}

std::tuple<Tensor, Tensor, Tensor>
native_layer_norm_backward(const Tensor &grad, const Tensor &input,
                           IntList normalizedShape, const Tensor &mean,
                           const Tensor &rstd, const OptionalTensor &weight,
                           const OptionalTensor &bias) {
  (void)bias;
  const char *op = "aten::native_layer_norm_backward";
  checkFloating(op, grad);
  auto [rows, length] = layerRows(op, input, normalizedShape);
  KILN_USER_CHECK(grad.sizes() == input.sizes() && mean.numel() == rows &&
                      rstd.numel() == rows,
                  op, ": gradient ", grad.shapeString(), " and input ",
                  input.shapeString(), " do not fit the statistics");
  Buffer g = read(grad), x = read(input), m = read(mean), s = read(rstd);
  Sizes normalized(normalizedShape.begin(), normalizedShape.end());
  Buffer gi(input.sizes()), gw(normalized), gb(normalized);
  std::optional<Buffer> w;
  if (weight)
    w = read(*weight);
  for (int64_t r = 0; r < rows; ++r) {
    double sumG = 0, sumGX = 0;
    for (int64_t k = 0; k < length; ++k) {
      int64_t at = r * length + k;
      double xhat = (x[at] - m[r]) * s[r];
      double gx = g[at] * (w ? (*w)[k] : 1.0);
      sumG += gx, sumGX += gx * xhat;
      gw[k] += g[at] * xhat;
      gb[k] += g[at];
    }
    for (int64_t k = 0; k < length; ++k) {
      int64_t at = r * length + k;
      double xhat = (x[at] - m[r]) * s[r];
      double gx = g[at] * (w ? (*w)[k] : 1.0);
      gi[at] =
          s[r] * (gx - sumG / double(length) - xhat * sumGX / double(length));
    }
  }
  return {write(gi, grad.dtype()), write(gw, grad.dtype()),
          write(gb, grad.dtype())};
}

} // namespace kiln::ops
