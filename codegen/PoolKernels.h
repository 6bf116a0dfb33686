//===- PoolKernels.h - 2-d pooling as JIT kernels ---------------*- C++ -*-===//
//
// aten::max_pool2d, aten::avg_pool2d and aten::adaptive_avg_pool2d of
// contiguous float32 tensors ([N, C, H, W] or [C, H, W]). Two LLVM
// functions, built once per process (and kept in the disk cache),
//
//   void kiln_pool_{max,avg}_v<N>(const PoolCall *call, int64_t begin,
//                                 int64_t end)
//
// compute blocks of output planes [begin, end). The lanes of a vector are
// output elements: a block is as many whole planes as one vector holds (one
// plane when a plane has more outputs than lanes), so the 2x2 planes of a
// small CNN fill vectors as well as a 56x56 one does. The caller
// tabulates, per element of a block, where its window starts and which of
// its rows and columns lie inside the input; the kernel walks the window
// (kernel, dilation: run-time arguments) with one masked gather per window
// position. Padding, ceil_mode, stride and dilation are all in the table,
// so every configuration PyTorch accepts takes the same two kernels.
//
// Results are the reference kernels' bits: max propagates NaN as they do;
// averages sum the window in double in the same order and divide by the
// same count. The caller splits blocks over TBB's threads. Every run checks
// the actual inputs and arguments and returns false — the reference kernel
// then runs and reports errors — for anything else (other dtypes, strides,
// invalid windows).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_POOLKERNELS_H
#define KILN_CODEGEN_POOLKERNELS_H

#include "runtime/KernelCompiler.h"

#include <memory>
#include <string>

namespace kiln::codegen {

/// The compiled kernel of a max_pool2d, avg_pool2d or adaptive_avg_pool2d
/// node, or null when the node is another op or its input is known not to
/// be a float32 tensor of rank 3 or 4.
std::shared_ptr<const CompiledKernel> compilePoolKernel(const Node &node);

/// The node's kernel as optimized LLVM IR (`assembly` false) or host
/// assembly; "" when the node is not compiled.
std::string poolKernelCode(const Node &node, bool assembly);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_POOLKERNELS_H
