//===- Creation.cpp
//----------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"

namespace kiln {

void registerCreationKernels(KernelTable &t) { (void)t; }

} // namespace kiln
