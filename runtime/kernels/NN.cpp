//===- NN.cpp ----------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"

namespace kiln {

void registerNNKernels(KernelTable &t) { (void)t; }

} // namespace kiln
