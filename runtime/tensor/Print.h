//===- Print.h - Tensors as PyTorch prints them -----------------*- C++ -*-===//
#ifndef KILN_RUNTIME_TENSOR_PRINT_H
#define KILN_RUNTIME_TENSOR_PRINT_H

#include "runtime/tensor/Tensor.h"

#include <string>

namespace kiln {

/// `tensor([[ 0.1000, -2.5000], [...]])` in the style of PyTorch's repr:
/// four decimals (scientific notation when magnitudes call for it), columns
/// aligned, `dtype=` for dtypes other than float32/int64/bool, long
/// dimensions summarized with `...`.
std::string formatTensor(const Tensor &t);

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_PRINT_H
