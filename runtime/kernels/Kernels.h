//===- Kernels.h - Registering every op family's kernels --------*- C++ -*-===//
//
// One function per op family (they mirror ir/ops/*.def); the KernelTable
// calls each once when it is built. A family registers its kernels with
// bind<fn>(table, OpId::...) (see runtime/Boxing.h) or, for ops that need
// the node or variadic inputs, table.set / table.setVariadic.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_KERNELS_KERNELS_H
#define KILN_RUNTIME_KERNELS_KERNELS_H

namespace kiln {

class KernelTable;

void registerPrimKernels(KernelTable &table);
void registerPointwiseKernels(KernelTable &table);
void registerReductionKernels(KernelTable &table);
void registerLinearAlgebraKernels(KernelTable &table);
void registerShapeKernels(KernelTable &table);
void registerCreationKernels(KernelTable &table);
void registerNNKernels(KernelTable &table);
void registerScalarKernels(KernelTable &table);
void registerContainerKernels(KernelTable &table);
void registerBackwardKernels(KernelTable &table);
void registerDistributedKernels(KernelTable &table);

} // namespace kiln

#endif // KILN_RUNTIME_KERNELS_KERNELS_H
