//===- ConvolutionBackwardKernel.cpp - conv2d's gradients as GEMMs --------===//
//
// aten::convolution_backward of a 2-d, ungrouped, untransposed float32
// convolution, on the GEMM micro-kernel (the reference kernel's loops reach
// a few GFLOP/s). With G the output gradient as a matrix [O, N*OH*OW] (a
// row per output channel, a column per output position) and col the
// unfolded input [C*KH*KW, N*OH*OW] (im2col, a row per tap):
//
//   grad_weight [O, C*KH*KW] = G @ col^T          one GEMM per chunk of
//                                                 samples (col <= 16 MB)
//   grad_bias   [O]          = row sums of G
//   grad_input               = conv2d(grad_output, weight flipped in both
//                              spatial dimensions and transposed to
//                              [C, O, KH, KW], padding d*(K-1) - p,
//                              dilation d)        for stride 1
//
// Strided convolutions' input gradient (a transposed convolution) and
// grouped ones are declined: the reference kernel computes the node.
//
//===----------------------------------------------------------------------===//
#include "codegen/gemm/ConvolutionBackwardKernel.h"

#include "codegen/gemm/GemmKernels.h"
#include "ir/IR.h"
#include "ir/OpTable.h"
#include "runtime/tensor/Parallel.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

namespace kiln::codegen::gemm {

namespace {

std::optional<std::array<int64_t, 2>> pair(const IValue &v) {
  if (!v.isList())
    return std::nullopt;
  const std::vector<IValue> &items = v.toList().items;
  if (items.empty() || items.size() > 2 || !items[0].isInt() ||
      !items.back().isInt())
    return std::nullopt;
  return std::array<int64_t, 2>{items[0].toInt(), items.back().toInt()};
}

bool isFloat4d(const IValue &v) {
  return v.isTensor() && v.toTensor().dtype() == ScalarType::Float &&
         v.toTensor().dim() == 4;
}

struct Shape {
  int64_t N, C, H, W, O, KH, KW, OH, OW;
  std::array<int64_t, 2> stride, padding, dilation;
  int64_t positions() const { return N * OH * OW; }
  int64_t taps() const { return C * KH * KW; }
};

/// Samples per chunk of the weight gradient: the unfolded input of a chunk
/// stays within 4M floats (16 MB), however large the batch.
constexpr int64_t kChunkElements = int64_t{1} << 22;

/// A thread's scratch memory, kept between calls: a training step's chunks
/// are the same size every step, and fresh memory costs a page fault per
/// 4 KB.
float *scratch(std::vector<float> &buffer, int64_t elements) {
  if (buffer.size() < static_cast<size_t>(elements))
    buffer.resize(static_cast<size_t>(elements));
  return buffer.data();
}

/// Samples [n0, n1) of G as [O, (n1-n0)*OH*OW]: each sample's [O, OH*OW]
/// block side by side.
void gradientRows(const float *g, const Shape &s, int64_t n0, int64_t n1,
                  float *rows) {
  int64_t P = s.OH * s.OW, width = (n1 - n0) * P;
  parallelFor(0, s.O, 1, [&](int64_t begin, int64_t end) {
    for (int64_t o = begin; o < end; ++o)
      for (int64_t n = n0; n < n1; ++n)
        std::memcpy(rows + o * width + (n - n0) * P, g + (n * s.O + o) * P,
                    P * sizeof(float));
  });
}

/// im2col of samples [n0, n1): [C*KH*KW, (n1-n0)*OH*OW], zero where a tap
/// falls in the padding.
void unfoldInput(const float *x, const Shape &s, int64_t n0, int64_t n1,
                 float *col) {
  int64_t width = (n1 - n0) * s.OH * s.OW;
  auto [sH, sW] = s.stride;
  auto [pH, pW] = s.padding;
  auto [dH, dW] = s.dilation;
  parallelFor(0, s.taps(), 1, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      int64_t c = r / (s.KH * s.KW), kh = (r / s.KW) % s.KH, kw = r % s.KW;
      float *row = col + r * width;
      for (int64_t n = n0; n < n1; ++n) {
        const float *plane = x + (n * s.C + c) * s.H * s.W;
        for (int64_t oh = 0; oh < s.OH; ++oh) {
          float *out = row + ((n - n0) * s.OH + oh) * s.OW;
          int64_t ih = oh * sH - pH + kh * dH;
          if (ih < 0 || ih >= s.H) {
            std::fill(out, out + s.OW, 0.0f);
            continue;
          }
          const float *in = plane + ih * s.W;
          for (int64_t ow = 0; ow < s.OW; ++ow) {
            int64_t iw = ow * sW - pW + kw * dW;
            out[ow] = iw >= 0 && iw < s.W ? in[iw] : 0.0f;
          }
        }
      }
    }
  });
}

/// grad_weight [O, C*KH*KW]: per chunk of samples, G's rows times the
/// unfolded input's transpose, summed over the chunks.
Tensor weightGradient(const GemmKernel &kernel, const float *g, const float *x,
                      const Shape &s) {
  thread_local std::vector<float> rowsBuffer, colBuffer, partBuffer;
  int64_t P = s.OH * s.OW, R = s.taps();
  int64_t perChunk =
      std::clamp<int64_t>(kChunkElements / std::max<int64_t>(R * P, 1), 1, s.N);
  Tensor result = Tensor::empty(std::vector<int64_t>{s.O, s.C, s.KH, s.KW},
                                ScalarType::Float);
  float *gw = result.data<float>();
  for (int64_t n0 = 0; n0 < s.N; n0 += perChunk) {
    int64_t n1 = std::min(s.N, n0 + perChunk), width = (n1 - n0) * P;
    float *rows = scratch(rowsBuffer, s.O * width);
    float *col = scratch(colBuffer, R * width);
    gradientRows(g, s, n0, n1, rows);
    unfoldInput(x, s, n0, n1, col);
    // The first chunk writes the result, later ones a part added to it.
    float *out = n0 == 0 ? gw : scratch(partBuffer, s.O * R);
    GemmProblem p;
    p.m = s.O;
    p.n = R;
    p.k = width;
    p.a = rows;
    p.aRowStride = width;
    p.aColStride = 1;
    p.b = col; // col^T: b[q][r] = col[r][q]
    p.bRowStride = 1;
    p.bColStride = width;
    p.c = out;
    p.cRowStride = R;
    runGemm(kernel, p);
    if (out != gw)
      for (int64_t i = 0; i < s.O * R; ++i)
        gw[i] += out[i];
  }
  return result;
}

/// grad_bias [O]: the sum of G over samples and positions.
Tensor biasGradient(const float *g, const Shape &s) {
  Tensor result = Tensor::empty(std::vector<int64_t>{s.O}, ScalarType::Float);
  float *gb = result.data<float>();
  int64_t P = s.OH * s.OW;
  parallelFor(0, s.O, 1, [&](int64_t begin, int64_t end) {
    for (int64_t o = begin; o < end; ++o) {
      float sum = 0;
      for (int64_t n = 0; n < s.N; ++n)
        for (int64_t q = 0; q < P; ++q)
          sum += g[(n * s.O + o) * P + q];
      gb[o] = sum;
    }
  });
  return result;
}

class ConvolutionBackwardKernel final : public CompiledKernel {
public:
  bool run(const KernelArgs &args) const override {
    if (args.numInputs != 11 || args.numOutputs != 3 ||
        !isFloat4d(args.in(0)) || !isFloat4d(args.in(1)) ||
        !isFloat4d(args.in(2)) || !args.in(7).isBool() || args.in(7).toBool() ||
        !args.in(9).isInt() || args.in(9).toInt() != 1)
      return false;
    auto stride = pair(args.in(4)), padding = pair(args.in(5)),
         dilation = pair(args.in(6));
    const IValue &maskValue = args.in(10);
    if (!stride || !padding || !dilation || !maskValue.isList() ||
        maskValue.toList().items.size() != 3)
      return false;
    std::array<bool, 3> mask{};
    for (size_t i = 0; i < 3; ++i) {
      if (!maskValue.toList().items[i].isBool())
        return false;
      mask[i] = maskValue.toList().items[i].toBool();
    }
    const Tensor &g = args.in(0).toTensor(), &x = args.in(1).toTensor(),
                 &w = args.in(2).toTensor();
    Shape s{x.size(0), x.size(1), x.size(2), x.size(3), w.size(0), w.size(2),
            w.size(3), g.size(2), g.size(3), *stride,   *padding,  *dilation};
    for (int d = 0; d < 2; ++d)
      if (s.stride[d] < 1 || s.padding[d] < 0 || s.dilation[d] < 1)
        return false;
    // The forward convolution's shapes, or the reference kernel's error.
    if (w.size(1) != s.C || g.size(0) != s.N || g.size(1) != s.O ||
        s.OH != (s.H + 2 * s.padding[0] - s.dilation[0] * (s.KH - 1) - 1) /
                        s.stride[0] +
                    1 ||
        s.OW != (s.W + 2 * s.padding[1] - s.dilation[1] * (s.KW - 1) - 1) /
                        s.stride[1] +
                    1 ||
        s.OH < 1 || s.OW < 1 || s.N < 1 || s.O < 1 || s.C < 1 ||
        s.H + 2 * s.padding[0] < s.dilation[0] * (s.KH - 1) + 1 ||
        s.W + 2 * s.padding[1] < s.dilation[1] * (s.KW - 1) + 1)
      return false;
    // The input gradient as a convolution needs stride 1 and padding that
    // fits inside the flipped kernel.
    int64_t fullPadH = s.dilation[0] * (s.KH - 1) - s.padding[0],
            fullPadW = s.dilation[1] * (s.KW - 1) - s.padding[1];
    if (mask[0] &&
        (s.stride[0] != 1 || s.stride[1] != 1 || fullPadH < 0 || fullPadW < 0))
      return false;
    std::optional<GemmKernel> kernel = gemmKernel(Epilogue{});
    if (!kernel)
      return false;

    Tensor gc = g.contiguous();
    Tensor gradInput, gradWeight, gradBias;
    if (mask[1]) {
      Tensor xc = x.contiguous();
      gradWeight =
          weightGradient(*kernel, gc.data<float>(), xc.data<float>(), s);
    }
    if (mask[2])
      gradBias = biasGradient(gc.data<float>(), s);
    if (mask[0]) {
      // weight [O, C, KH, KW] -> flipped [C, O, KH, KW].
      Tensor flipped = Tensor::empty(std::vector<int64_t>{s.C, s.O, s.KH, s.KW},
                                     ScalarType::Float);
      Tensor wc = w.contiguous();
      const float *src = wc.data<float>();
      float *dst = flipped.data<float>();
      for (int64_t o = 0; o < s.O; ++o)
        for (int64_t c = 0; c < s.C; ++c)
          for (int64_t kh = 0; kh < s.KH; ++kh)
            for (int64_t kw = 0; kw < s.KW; ++kw)
              dst[((c * s.O + o) * s.KH + kh) * s.KW + kw] =
                  src[((o * s.C + c) * s.KH + (s.KH - 1 - kh)) * s.KW +
                      (s.KW - 1 - kw)];
      gradInput = Tensor::empty(x.sizes(), ScalarType::Float);
      Conv2dProblem p;
      p.batch = s.N;
      p.inChannels = s.O;
      p.inHeight = s.OH;
      p.inWidth = s.OW;
      p.outChannels = s.C;
      p.kernelHeight = s.KH;
      p.kernelWidth = s.KW;
      p.padH = fullPadH;
      p.padW = fullPadW;
      p.dilationH = s.dilation[0];
      p.dilationW = s.dilation[1];
      p.outHeight = s.H;
      p.outWidth = s.W;
      p.input = gc.data<float>();
      p.weight = flipped.data<float>();
      p.output = gradInput.data<float>();
      runConv2d(*kernel, p);
    }
    args.setOut(0, IValue(std::move(gradInput)));
    args.setOut(1, IValue(std::move(gradWeight)));
    args.setOut(2, IValue(std::move(gradBias)));
    return true;
  }

  std::string describe() const override {
    return "jit gemm convolution_backward";
  }
};

} // namespace

std::shared_ptr<const CompiledKernel>
compileConvolutionBackward(const Node &node) {
  const OpInfo *op = node.maybeOp();
  if (!op || op->id != OpId::aten_convolution_backward)
    return nullptr;
  return std::make_shared<ConvolutionBackwardKernel>();
}

} // namespace kiln::codegen::gemm
