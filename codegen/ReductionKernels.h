//===- ReductionKernels.h - sum and mean as JIT kernels ---------*- C++ -*-===//
//
// aten::sum, aten::sum.dim_IntList, aten::mean and aten::mean.dim of
// contiguous float32 tensors over trailing dimensions (the last, the last
// few, or all of them): the reduced elements of each output are one
// contiguous row. One LLVM function, built once per process (and kept in
// the disk cache),
//
//   void kiln_reduce_sum_v<N>(const ReduceCall *call, int64_t begin,
//                             int64_t end)
//
// sums rows [begin, end) in one pass: <16 x float> loads widened to double
// into two vector accumulators, a one-vector step and a scalar remainder,
// as the reference accumulates float32 in double. The caller splits rows
// over TBB's threads; a single long row (a sum over everything) is cut into
// chunks whose sums are added in order. The result is the double sum (or
// mean) rounded to float once, so it differs from the reference only by
// the order of the double additions.
//
// Every run checks the actual input (dtype, contiguity, a None dtype, dims
// that are trailing and valid) and returns false — the reference kernel
// runs and reports errors — for anything else.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_REDUCTIONKERNELS_H
#define KILN_CODEGEN_REDUCTIONKERNELS_H

#include "runtime/KernelCompiler.h"

#include <memory>
#include <string>

namespace kiln::codegen {

/// The compiled kernel of a sum or mean node, or null when the node is
/// another op or its types rule the kernel out (not float32, a dtype
/// argument, constant dims that are not trailing).
std::shared_ptr<const CompiledKernel> compileReductionKernel(const Node &node);

/// The node's kernel as optimized LLVM IR or host assembly; "" when the
/// node is not compiled.
std::string reductionKernelCode(const Node &node, bool assembly);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_REDUCTIONKERNELS_H
