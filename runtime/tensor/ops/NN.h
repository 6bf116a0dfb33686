//===- NN.h - neural-network ops (conv, pooling, normalization, dropout, losses,
//activations with structure) -*- C++ -*-===//
//
// Reference kernels with ATen's names and semantics.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_NN_H
#define KILN_RUNTIME_TENSOR_OPS_NN_H

#include "runtime/tensor/Tensor.h"

namespace kiln::ops {} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_NN_H
