//===- Gemm.h - Blocked, packed, parallel GEMM and convolution --*- C++ -*-===//
//
// The loops around the generated micro-kernel (BLIS's five loops, with
// packing): C[b] = epilogue(A[b] @ B[b]) for float32 matrices of any strides,
// and conv2d as an implicit GEMM whose B panels are packed straight from
// the NCHW input (im2col on the fly, never materialized). The result is
// split into blocks of rows x columns that run on TBB's threads; problems
// below a few MFLOP stay on the calling thread.
//
// Nothing here knows LLVM: a GemmKernel is a pointer to a compiled
// micro-kernel and the tile shape it was generated for.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_GEMM_GEMM_H
#define KILN_CODEGEN_GEMM_GEMM_H

#include "codegen/gemm/Epilogue.h"
#include "codegen/gemm/MicroKernel.h"

#include <cstdint>
#include <vector>

namespace kiln::codegen::gemm {

struct GemmKernel {
  MicroKernelFn fn = nullptr;
  MicroKernelShape shape;
};

/// Where an epilogue operand lives; rows and columns are the result's
/// (rowStride is unused by Scalar and PerColumn operands).
struct OperandBinding {
  const float *data = nullptr;
  int64_t rowStride = 0;
  int64_t batchStride = 0;
};

/// C[b] = epilogue(A[b] @ B[b]) for b < batch; strides in elements, any
/// sign-free layout (transposed operands are packed, never copied). C's
/// columns are contiguous.
struct GemmProblem {
  int64_t m = 0, n = 0, k = 0, batch = 1;
  const float *a = nullptr;
  int64_t aRowStride = 0, aColStride = 0, aBatchStride = 0;
  const float *b = nullptr;
  int64_t bRowStride = 0, bColStride = 0, bBatchStride = 0;
  float *c = nullptr;
  int64_t cRowStride = 0, cBatchStride = 0;
  /// One per Epilogue::operands entry of the kernel.
  std::vector<OperandBinding> operands;
};

void runGemm(const GemmKernel &kernel, const GemmProblem &problem);

/// conv2d of a contiguous NCHW input with a contiguous [O, C / groups, KH,
/// KW] weight into a contiguous [N, O, OH, OW] output. Per batch element
/// and group it is the GEMM weight[O/g, C/g*KH*KW] @ col[C/g*KH*KW, OH*OW];
/// epilogue rows are output channels, columns output pixels (so a bias is a
/// PerRow operand with rowStride 1, a residual a Full operand with rowStride
/// OH*OW and batchStride O*OH*OW).
struct Conv2dProblem {
  int64_t batch = 0, inChannels = 0, inHeight = 0, inWidth = 0;
  int64_t outChannels = 0, kernelHeight = 0, kernelWidth = 0;
  int64_t strideH = 1, strideW = 1, padH = 0, padW = 0;
  int64_t dilationH = 1, dilationW = 1, groups = 1;
  int64_t outHeight = 0, outWidth = 0;
  const float *input = nullptr;
  const float *weight = nullptr;
  float *output = nullptr;
  std::vector<OperandBinding> operands;
};

void runConv2d(const GemmKernel &kernel, const Conv2dProblem &problem);

} // namespace kiln::codegen::gemm

#endif // KILN_CODEGEN_GEMM_GEMM_H
