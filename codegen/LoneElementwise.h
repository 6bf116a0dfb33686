//===- LoneElementwise.h - Elementwise ops outside fusion groups -*- C++
//-*-===//
//
// The fuser makes groups of two ops or more, so an elementwise op between
// two that are not elementwise (the residual add between a matmul and
// layer_norm, the GELU after it) stays a lone node. This generator gives
// such a node the elementwise generator's kernel: it wraps a copy of the
// node in a one-op prim::FusionGroup (its constant operands copied into the
// subgraph, as the fuser copies them), compiles that, and runs the kernel
// on the node's non-constant operands. The op's reference kernel stays the
// fallback.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_LONEELEMENTWISE_H
#define KILN_CODEGEN_LONEELEMENTWISE_H

#include "runtime/KernelCompiler.h"

#include <memory>
#include <string>

namespace kiln::codegen {

/// The elementwise kernel of a lone elementwise op node, or null (another
/// kind of node, or a group the elementwise generator declines).
std::shared_ptr<const CompiledKernel> compileLoneElementwise(const Node &node);

/// The node's kernel as optimized LLVM IR or host assembly; "" when the
/// node is not compiled.
std::string loneElementwiseCode(const Node &node, bool assembly);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_LONEELEMENTWISE_H
