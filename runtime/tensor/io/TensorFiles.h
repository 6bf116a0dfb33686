//===- TensorFiles.h - .npz and safetensors files ---------------*- C++ -*-===//
#ifndef KILN_RUNTIME_TENSOR_IO_TENSORFILES_H
#define KILN_RUNTIME_TENSOR_IO_TENSORFILES_H

#include "runtime/tensor/Tensor.h"

namespace kiln {} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_IO_TENSORFILES_H
