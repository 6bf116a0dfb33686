//===- ElementwiseKernel.h - Fusion groups as JIT kernels -------*- C++ -*-===//
//
// An elementwise prim::FusionGroup becomes one LLVM function,
//
//   void kiln_ew_<hash>(const ElementwiseCall *call, int64_t begin,
//                       int64_t end);
//
// that computes output elements [begin, end) (row-major over the collapsed
// iteration space; outputs are fresh contiguous tensors). The function
// walks the range row by row of the innermost dimension: a vector loop of
// `lanes` elements (16 floats with AVX-512) and a scalar remainder; each
// operand is loaded by vector loads (unit stride), a splat (broadcast) or a
// gather (any stride), as its plan says. Shapes and strides are arguments:
// one kernel serves every shape with the same plan. The caller splits the
// range over TBB's threads; ranges below kParallelGrain elements stay on
// the calling thread.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_ELEMENTWISEKERNEL_H
#define KILN_CODEGEN_ELEMENTWISEKERNEL_H

#include "runtime/KernelCompiler.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace kiln::codegen {

struct ElementwisePlan;

/// What the kernel reads (the ABI; field order matters).
struct ElementwiseCall {
  void *const *data;      // tensor inputs in order, then outputs
  const int64_t *sizes;   // [rank] collapsed iteration sizes
  const int64_t *strides; // [numTensorInputs][rank] element strides
  const int64_t *scalars; // numbers: int64, double bits, or bool as 0/1
};

/// The module holding the plan's kernel (named plan.symbol, not yet
/// optimized), or null when an op of the group declines.
std::unique_ptr<llvm::Module> emitElementwiseModule(const ElementwisePlan &plan,
                                                    llvm::LLVMContext &ctx);

/// The compiled kernel of an elementwise fusion group, or null (not
/// elementwise, not fully typed, or an op without support). Cached in memory
/// by plan key and on disk.
std::shared_ptr<const CompiledKernel>
compileElementwiseGroup(const Node &group);

/// The group's kernel as optimized LLVM IR (`assembly` false) or host
/// assembly; "" when the group is not compiled.
std::string elementwiseGroupCode(const Node &group, bool assembly);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_ELEMENTWISEKERNEL_H
