//===- Containers.cpp
//----------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"

namespace kiln {

void registerContainerKernels(KernelTable &t) { (void)t; }

} // namespace kiln
