//===- Norm.h - Vector and matrix norms -------------------------*- C++ -*-===//
//
// aten::norm (the vector p-norm TorchScript prints for x.norm(...)) and
// aten::linalg_norm (torch.linalg.norm: vector norms over one dimension or
// the flattened tensor, matrix norms over two). Norms are computed in
// double and returned in the input's floating dtype, or `dtype`.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_NORM_H
#define KILN_RUNTIME_TENSOR_OPS_NORM_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace kiln::ops {

/// aten::norm.Scalar / .ScalarOpt_dim / .ScalarOpt_dim_dtype /
/// .ScalarOpt_dtype: (sum |x|^p)^(1/p) over `dims` (empty: every
/// dimension); p = inf / -inf is max / min |x|, p = 0 counts the nonzero
/// elements; p defaults to 2. The input must be floating unless a (floating)
/// `dtype` is given, to which it is converted first. An empty input has norm
/// 0 for every p.
Tensor norm(const Tensor &self, std::optional<Scalar> p,
            std::span<const int64_t> dims, bool keepdim,
            std::optional<ScalarType> dtype = std::nullopt);

/// aten::linalg_norm: without `ord` and `dim`, the 2-norm of the flattened
/// tensor; with one dimension (or a 1-d input) a vector norm of order `ord`;
/// with two (or a 2-d input) the matrix norm of order `ord` in
/// {inf, -inf, 1, -1, 2, -2}.
Tensor linalg_norm(const Tensor &self, std::optional<Scalar> ord,
                   const std::optional<std::vector<int64_t>> &dim, bool keepdim,
                   std::optional<ScalarType> dtype);
/// aten::linalg_norm.ord_str: the matrix norm "fro" or "nuc".
Tensor linalg_norm(const Tensor &self, std::string_view ord,
                   const std::optional<std::vector<int64_t>> &dim, bool keepdim,
                   std::optional<ScalarType> dtype);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_NORM_H
