//===- Kernel.cpp - The kernel table --------------------------------------===//
#include "runtime/Kernel.h"

#include "runtime/kernels/Kernels.h"
#include "support/Error.h"

namespace kiln {

KernelTable::KernelTable() {
  registerPrimKernels(*this);
  registerPointwiseKernels(*this);
  registerReductionKernels(*this);
  registerLinearAlgebraKernels(*this);
  registerShapeKernels(*this);
  registerCreationKernels(*this);
  registerNNKernels(*this);
  registerScalarKernels(*this);
  registerContainerKernels(*this);
  registerBackwardKernels(*this);
  registerDistributedKernels(*this);
}

const KernelTable &KernelTable::get() {
  static const KernelTable table;
  return table;
}

void KernelTable::set(OpId op, KernelFn fn, size_t arity) {
  const OpInfo &info = OpTable::get().info(op);
  KILN_INTERNAL_ASSERT(!info.schema.isVararg(), "kernel of ", info.schema.str(),
                       " must be registered variadic");
  KILN_INTERNAL_ASSERT(arity == info.schema.arguments().size(),
                       "the kernel of ", info.schema.str(), " takes ", arity,
                       " arguments, the schema ",
                       info.schema.arguments().size());
  KILN_INTERNAL_ASSERT(!table_[static_cast<size_t>(op)], "op ", info.idName,
                       " has two kernels");
  table_[static_cast<size_t>(op)] = fn;
}

void KernelTable::setVariadic(OpId op, KernelFn fn) {
  const OpInfo &info = OpTable::get().info(op);
  KILN_INTERNAL_ASSERT(info.schema.isVararg(), "kernel of ", info.schema.str(),
                       " is not variadic");
  KILN_INTERNAL_ASSERT(!table_[static_cast<size_t>(op)], "op ", info.idName,
                       " has two kernels");
  table_[static_cast<size_t>(op)] = fn;
}

} // namespace kiln
