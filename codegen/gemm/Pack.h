//===- Pack.h - Transposing copies for GEMM packing -------------*- C++ -*-===//
//
// Packing a row-major A, or the [out, in] weight of a linear layer as B,
// means transposing: the micro-panels want the depth index outermost. With
// AVX-512 this runs as 16 x 16 in-register transposes; otherwise as scalar
// loops. The implicit im2col of a convolution is packed the same way: runs
// of output pixels within one output row read runs of one input row, copied
// with masked vector loads (zeros where the padding is).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_GEMM_PACK_H
#define KILN_CODEGEN_GEMM_PACK_H

#include <cstdint>

namespace kiln::codegen::gemm {

/// dst[k * dstStride + i] = src[i * srcStride + k] for i < rows, k < depth,
/// and 0 for rows <= i < width (rows <= width <= 16).
void packTransposed(const float *src, int64_t srcStride, int rows,
                    int64_t depth, float *dst, int64_t dstStride, int width);

/// The geometry of a 2-d convolution's input plane and taps, in elements.
struct Im2colGeometry {
  int64_t height, width, kernelHeight, kernelWidth;
  int64_t strideH, strideW, padH, padW, dilationH, dilationW;
  int64_t outWidth;
};

/// Packs depth [k0, k0 + kc) x output pixels [j0, j0 + cols) of the im2col
/// matrix of `input` (channels x height x width, contiguous) as one
/// micro-panel: out[k * nr + j], with zeros for the padding and for
/// cols <= j < nr. Depth k is (channel, kh, kw), pixel j is (oh, ow).
void packIm2colPanel(const Im2colGeometry &g, const float *input, int64_t k0,
                     int64_t kc, int64_t j0, int cols, int nr, float *out);

} // namespace kiln::codegen::gemm

#endif // KILN_CODEGEN_GEMM_PACK_H
