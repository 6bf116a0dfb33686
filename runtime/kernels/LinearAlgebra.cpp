//===- LinearAlgebra.cpp
//----------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"

namespace kiln {

void registerLinearAlgebraKernels(KernelTable &t) { (void)t; }

} // namespace kiln
