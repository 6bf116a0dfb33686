//===- RowKernels.h - Row-wise reductions as JIT kernels --------*- C++ -*-===//
//
// aten::softmax.int, aten::log_softmax.int (over the last dimension) and
// aten::layer_norm (over the trailing dimensions) of contiguous float32
// tensors. Each op is one LLVM function,
//
//   void kiln_row_<op>_v<N>(const RowCall *call, int64_t begin, int64_t end)
//
// that computes rows [begin, end): a few passes over the row (in L1 once
// read), each a <16 x float> vector loop (AVX-512) and a scalar remainder.
// Sums and the exponentials are computed in double, as the reference kernels
// do, so results agree with them to a float's rounding:
//
//   softmax      max pass; exp(x - max) in double (libmvec), summed and
//                stored; scale pass by 1 / sum
//   log_softmax  max pass; exp-sum pass; x - max - log(sum) pass
//   layer_norm   sum pass (mean); sum of squared deviations pass
//                (variance); (x - mean) * invstd * w + b pass
//
// The caller splits the rows over TBB's threads (problems below
// kParallelGrain elements stay on the calling thread). Every run checks the
// actual inputs (dtype, contiguity, the dim, a None dtype argument, weight
// and bias shapes) and returns false — the reference kernel then runs — for
// anything else.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_ROWKERNELS_H
#define KILN_CODEGEN_ROWKERNELS_H

#include "runtime/KernelCompiler.h"

#include <memory>
#include <string>

namespace kiln::codegen {

/// The compiled kernel of a softmax, log_softmax or layer_norm node, or null
/// when the node is another op or its types rule the kernel out (not
/// float32, not the last dimension, a dtype argument).
std::shared_ptr<const CompiledKernel> compileRowKernel(const Node &node);

/// The node's kernel as optimized LLVM IR (`assembly` false) or host
/// assembly; "" when the node is not compiled.
std::string rowKernelCode(const Node &node, bool assembly);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_ROWKERNELS_H
