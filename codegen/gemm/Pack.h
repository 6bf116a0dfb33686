//===- Pack.h - Transposing copies for GEMM packing -------------*- C++ -*-===//
//
// Packing a row-major A, or the [out, in] weight of a linear layer as B,
// means transposing: the micro-panels want the depth index outermost. With
// AVX-512 this runs as 16 x 16 in-register transposes; otherwise as scalar
// loops.
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

} // namespace kiln::codegen::gemm

#endif // KILN_CODEGEN_GEMM_PACK_H
