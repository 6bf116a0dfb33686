//===- ContractionKernel.h - GEMM/conv nodes as compiled kernels -*- C++
//-*-===//
//
// The kernel compiler's entry for contractions: aten::linear, mm, addmm, bmm,
// matmul (2-d and 3-d operands) and conv2d nodes, and prim::FusionGroups
// whose subgraph starts with one of them and continues with elementwise ops
// on its result only (bias and residual adds, relu, clamp, ...), which become
// the fused epilogue of the generated micro-kernel.
//
// The kernel checks its actual inputs on every run (float32, ranks, shapes,
// layouts it can pack, operands that broadcast to the result without
// growing it) and returns false — the interpreter then runs the reference
// path — for anything else, so it reports errors exactly as the reference
// kernels do.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_GEMM_CONTRACTIONKERNEL_H
#define KILN_CODEGEN_GEMM_CONTRACTIONKERNEL_H

#include "runtime/KernelCompiler.h"

#include <memory>
#include <string>

namespace kiln {
class Node;
} // namespace kiln

namespace kiln::codegen::gemm {

/// A kernel for `node`, or null when it is not a contraction (or fusion
/// group of one) this generator supports.
std::shared_ptr<const CompiledKernel> compileContraction(const Node &node);

/// The micro-kernel `node` compiles to, as optimized LLVM IR or host
/// assembly, or "" when it is not a supported contraction. Epilogue operand
/// layouts are decided at run time; this shows the ones the node's types
/// suggest (a 1-d operand per column, a convolution's bias per row, a 0-d
/// one as a scalar, others full).
std::string contractionKernelCode(const Node &node, bool assembly);

} // namespace kiln::codegen::gemm

#endif // KILN_CODEGEN_GEMM_CONTRACTIONKERNEL_H
