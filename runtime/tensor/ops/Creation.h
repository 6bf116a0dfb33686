//===- Creation.h - creation ops (zeros, ones, full, empty, arange, rand, randn,
//tensor, ...) -*- C++ -*-===//
//
// Reference kernels with ATen's names and semantics.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_CREATION_H
#define KILN_RUNTIME_TENSOR_OPS_CREATION_H

#include "runtime/tensor/Tensor.h"

namespace kiln::ops {} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_CREATION_H
