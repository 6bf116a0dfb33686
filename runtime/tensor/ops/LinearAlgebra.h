//===- LinearAlgebra.h - linear algebra (mm, bmm, matmul, addmm, linear, dot,
//mv, einsum) -*- C++ -*-===//
//
// Reference kernels with ATen's names and semantics.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_LINEARALGEBRA_H
#define KILN_RUNTIME_TENSOR_OPS_LINEARALGEBRA_H

#include "runtime/tensor/Tensor.h"

namespace kiln::ops {} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_LINEARALGEBRA_H
