//===- KernelFunction.h - Scaffolding of range kernels ----------*- C++ -*-===//
//
// What the hand-written kernel generators (pooling, reductions) share: a
// kernel is `void name(const Call *call, int64_t begin, int64_t end)` for
// the host CPU, reading its arguments from 8-byte fields of `call`, and its
// body is counted loops:
//
//   llvm::Function *fn = createRangeKernel(m, b, "kiln_x_v1");
//   llvm::Value *n = loadField(b, fn->getArg(0), 2, b.getInt64Ty());
//   emitLoop(b, fn->getArg(1), fn->getArg(2), 1, {}, "row",
//            [&](llvm::Value *r, const LoopValues &) { ...; return
//            LoopValues{}; });
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_KERNELFUNCTION_H
#define KILN_CODEGEN_KERNELFUNCTION_H

#include <llvm/IR/IRBuilder.h>

#include <functional>
#include <string>
#include <vector>

namespace kiln::codegen {

/// A `void(ptr noalias, i64, i64)` function named `symbol` in `m` with the
/// host CPU's target attributes (its widest vectors preferred); `b` is left
/// at the end of its entry block.
llvm::Function *createRangeKernel(llvm::Module &m, llvm::IRBuilder<> &b,
                                  const std::string &symbol);

/// The 8-byte field number `index` of the call structure `call`, as `ty`.
llvm::Value *loadField(llvm::IRBuilder<> &b, llvm::Value *call, unsigned index,
                       llvm::Type *ty);

using LoopValues = std::vector<llvm::Value *>;
using LoopBody =
    std::function<LoopValues(llvm::Value *i, const LoopValues &carried)>;

/// for (i = from; i < to; i += step) carried = body(i, carried); returns
/// the carried values after the loop (`init` when it runs zero times). `i`
/// is an i64; `b` is left after the loop.
LoopValues emitLoop(llvm::IRBuilder<> &b, llvm::Value *from, llvm::Value *to,
                    int64_t step, LoopValues init, const std::string &name,
                    const LoopBody &body);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_KERNELFUNCTION_H
