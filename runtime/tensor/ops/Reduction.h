//===- Reduction.h - Reductions over dimensions -----------------*- C++ -*-===//
//
// Reference kernels of the folding reductions: sum/nansum, mean/nanmean,
// prod, all/any, count_nonzero, logsumexp and the moments var/std (with
// var_mean/std_mean). Semantics are ATen's: a `dims` list that is empty
// reduces every dimension; float32 accumulates in double; integer and bool
// inputs sum and multiply to int64 unless a dtype is given.
//
// The other members of the family: Extrema.h (amax, max, argmax, median,
// ...), Norm.h (norm, linalg_norm), Scan.h (cumsum, cumprod) and Softmax.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_REDUCTION_H
#define KILN_RUNTIME_TENSOR_OPS_REDUCTION_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>
#include <tuple>

namespace kiln::ops {

/// aten::sum(Tensor self, *, ScalarType? dtype=None)
Tensor sum(const Tensor &self, std::optional<ScalarType> dtype = std::nullopt);
/// aten::sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *,
/// ScalarType? dtype=None)
Tensor sum(const Tensor &self, std::span<const int64_t> dims, bool keepdim,
           std::optional<ScalarType> dtype = std::nullopt);
/// aten::nansum: sum that skips NaN.
Tensor nansum(const Tensor &self, std::span<const int64_t> dims, bool keepdim,
              std::optional<ScalarType> dtype = std::nullopt);

/// aten::mean(Tensor self, *, ScalarType? dtype=None): floating dtypes only.
Tensor mean(const Tensor &self, std::optional<ScalarType> dtype = std::nullopt);
/// aten::mean.dim
Tensor mean(const Tensor &self, std::span<const int64_t> dims, bool keepdim,
            std::optional<ScalarType> dtype = std::nullopt);
/// aten::nanmean: mean of the elements that are not NaN.
Tensor nanmean(const Tensor &self, std::span<const int64_t> dims, bool keepdim,
               std::optional<ScalarType> dtype = std::nullopt);

/// aten::prod(Tensor self, *, ScalarType? dtype=None)
Tensor prod(const Tensor &self, std::optional<ScalarType> dtype = std::nullopt);
/// aten::prod.dim_int
Tensor prod(const Tensor &self, int64_t dim, bool keepdim,
            std::optional<ScalarType> dtype = std::nullopt);

/// aten::all / aten::any: bool results (uint8 for uint8 inputs).
Tensor all(const Tensor &self);
Tensor all(const Tensor &self, int64_t dim, bool keepdim);
Tensor any(const Tensor &self);
Tensor any(const Tensor &self, int64_t dim, bool keepdim);

/// aten::count_nonzero.dim_IntList (empty `dims`: every dimension).
Tensor count_nonzero(const Tensor &self, std::span<const int64_t> dims);
/// aten::count_nonzero(Tensor self, int? dim=None)
Tensor count_nonzero(const Tensor &self, std::optional<int64_t> dim);

/// aten::logsumexp: log(sum(exp(x))) computed as max + log(sum(exp(x -
/// max))); integer inputs give float32.
Tensor logsumexp(const Tensor &self, std::span<const int64_t> dims,
                 bool keepdim);

/// aten::var.correction: the sum of squared deviations divided by
/// max(0, N - correction); correction defaults to 1 (unbiased). The
/// `unbiased` overloads are correction 1 or 0.
Tensor var(const Tensor &self, std::span<const int64_t> dims,
           std::optional<int64_t> correction, bool keepdim);
/// aten::std.correction: the square root of var.
Tensor std(const Tensor &self, std::span<const int64_t> dims,
           std::optional<int64_t> correction, bool keepdim);
/// aten::var_mean.correction: (var, mean).
std::tuple<Tensor, Tensor> var_mean(const Tensor &self,
                                    std::span<const int64_t> dims,
                                    std::optional<int64_t> correction,
                                    bool keepdim);
/// aten::std_mean.correction: (std, mean).
std::tuple<Tensor, Tensor> std_mean(const Tensor &self,
                                    std::span<const int64_t> dims,
                                    std::optional<int64_t> correction,
                                    bool keepdim);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_REDUCTION_H
