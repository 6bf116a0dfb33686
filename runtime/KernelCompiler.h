//===- KernelCompiler.h - Compiled kernels, dependency-inverted -*- C++ -*-===//
//
// The runtime never links a code generator. Instead, when Code::compile
// lowers a graph it asks the process's KernelCompiler, if one is
// registered, for a compiled kernel per node: every prim::FusionGroup and
// every op node (a GEMM generator takes aten::linear, say). A node that gets
// one runs it instead of its reference kernel or its subgraph; a compiler
// that returns null leaves the node on the reference path. codegen/
// implements the interface with LLVM; tools and the C++ API register it.
//
// A compiled kernel is specialized to what the graph states about the
// node's inputs (dtypes, ranks, strides). The Code may still see other
// inputs (a generic Code, a compiler that specialized less than the
// graph knows), so run() checks them and returns false when they are not
// what it was compiled for: the interpreter then runs the reference path.
// Correctness first, always.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_KERNELCOMPILER_H
#define KILN_RUNTIME_KERNELCOMPILER_H

#include "runtime/Kernel.h"

#include <memory>
#include <string>

namespace kiln {

class Node;

class CompiledKernel {
public:
  virtual ~CompiledKernel() = default;
  /// Computes the node: reads args.in(i), writes every args.setOut(i).
  /// Returns false, having written nothing, when the inputs are not what
  /// the kernel was compiled for. Thread-safe.
  virtual bool run(const KernelArgs &args) const = 0;
  /// One line for Code::dump ("jit elementwise kiln_ew_3f2a...").
  virtual std::string describe() const = 0;
};

class KernelCompiler {
public:
  virtual ~KernelCompiler() = default;
  /// A kernel for `node` — a prim::FusionGroup (its body in
  /// attr::Subgraph) or an op node — or null to use the reference path.
  /// Errors are the compiler's own to handle: it returns null rather than
  /// throw for anything it does not support. Thread-safe.
  virtual std::shared_ptr<const CompiledKernel> compile(const Node &node) = 0;
};

/// Makes `compiler` (not owned; null for none) the process's kernel
/// compiler, for Codes compiled from now on.
void setKernelCompiler(KernelCompiler *compiler);
/// The registered compiler, or null.
KernelCompiler *kernelCompiler();

} // namespace kiln

#endif // KILN_RUNTIME_KERNELCOMPILER_H
