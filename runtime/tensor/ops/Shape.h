//===- Shape.h - shape, view and indexing ops -*- C++ -*-===//
//
// Reference kernels with ATen's names and semantics.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_SHAPE_H
#define KILN_RUNTIME_TENSOR_OPS_SHAPE_H

#include "runtime/tensor/Tensor.h"

namespace kiln::ops {} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_SHAPE_H
