//===- CodegenCompiler.h - The runtime's LLVM kernel compiler ---*- C++ -*-===//
//
// Implements the runtime's KernelCompiler (runtime/KernelCompiler.h) with
// the generators of codegen/: it offers each node to them in turn, and the
// first that returns a kernel wins. Programs register it once at start
// (kiln, the C++ API); KILN_NO_JIT=1 in the environment, or kiln's
// --no-jit, keeps the reference kernels only.
//
// To add a generator (GEMM, convolution, row reductions...), write
//   std::shared_ptr<const CompiledKernel> compileMyKernel(const Node &);
//   std::string myKernelCode(const Node &, bool assembly);
// and list it in kGenerators in CodegenCompiler.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_CODEGENCOMPILER_H
#define KILN_CODEGEN_CODEGENCOMPILER_H

#include "runtime/KernelCompiler.h"

#include <string>

namespace kiln {
class Graph;
} // namespace kiln

namespace kiln::codegen {

class CodegenCompiler final : public KernelCompiler {
public:
  std::shared_ptr<const CompiledKernel> compile(const Node &node) override;
};

/// The process's CodegenCompiler.
CodegenCompiler &codegenCompiler();

/// True when KILN_NO_JIT is set to anything but "" or "0".
bool jitDisabledByEnvironment();

/// Registers codegenCompiler() as the runtime's kernel compiler, unless
/// `disable` or the environment (KILN_NO_JIT) says not to. Returns whether it
/// did.
bool registerCodegenKernelCompiler(bool disable = false);

/// The code of every kernel the generators make for `graph`'s nodes
/// (nested blocks included), as optimized LLVM IR or host assembly, each
/// preceded by a comment naming the node.
std::string generatedCode(const Graph &graph, bool assembly);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_CODEGENCOMPILER_H
