//===- Rearrange.h - Joining, tiling, reordering and masking ----*- C++ -*-===//
//
// Reference kernels of the ops that build a new tensor out of the elements
// of others in another arrangement: cat and stack (with PyTorch's type
// promotion and its rule that 1-d empty tensors are skipped by cat),
// repeat, roll, flip, tril/triu and sort. Names and semantics are ATen's.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_REARRANGE_H
#define KILN_RUNTIME_TENSOR_OPS_REARRANGE_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>
#include <tuple>

namespace kiln::ops {

Tensor cat(std::span<const Tensor> tensors, int64_t dim = 0);
Tensor stack(std::span<const Tensor> tensors, int64_t dim = 0);
/// Tiles `self` repeats[i] times along dimension i (new leading dimensions
/// when there are more repeats than dimensions).
Tensor repeat(const Tensor &self, std::span<const int64_t> repeats);
/// Shifts elements along `dims` (of the flattened tensor when `dims` is
/// empty), wrapping around.
Tensor roll(const Tensor &self, std::span<const int64_t> shifts,
            std::span<const int64_t> dims);
Tensor flip(const Tensor &self, std::span<const int64_t> dims);
/// The lower (tril) or upper (triu) triangle of the last two dimensions:
/// elements with column - row <= diagonal (tril) or >= diagonal (triu).
Tensor tril(const Tensor &self, int64_t diagonal = 0);
Tensor triu(const Tensor &self, int64_t diagonal = 0);
Tensor &tril_(Tensor &self, int64_t diagonal = 0);
Tensor &triu_(Tensor &self, int64_t diagonal = 0);
/// (values, int64 indices) sorted along `dim`. NaN sorts above every
/// number; equal elements keep their order (the sort is always stable,
/// as PyTorch's CPU sort is).
std::tuple<Tensor, Tensor> sort(const Tensor &self, int64_t dim = -1,
                                bool descending = false);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_REARRANGE_H
