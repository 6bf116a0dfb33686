//===- Shape.cpp ----------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"

namespace kiln {

void registerShapeKernels(KernelTable &t) { (void)t; }

} // namespace kiln
