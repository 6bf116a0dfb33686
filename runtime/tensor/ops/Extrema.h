//===- Extrema.h - Maxima, minima, their indices, medians -------*- C++ -*-===//
//
// Reference kernels of the order-based reductions: amax/amin, max/min
// (of all elements, along a dimension with indices, and the binary
// elementwise form), argmax/argmin, aminmax, median and nanmedian.
// PyTorch's rules: NaN is the extremum once it appears (nanmedian skips it);
// ties give the first index; reducing a dimension of size 0 is an error,
// since these operations have no identity.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_EXTREMA_H
#define KILN_RUNTIME_TENSOR_OPS_EXTREMA_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>
#include <tuple>

namespace kiln::ops {

/// aten::amax(Tensor self, int[1] dim=[], bool keepdim=False): the maximum
/// over `dims` (empty: every dimension), keeping the dtype.
Tensor amax(const Tensor &self, std::span<const int64_t> dims, bool keepdim);
/// aten::amin
Tensor amin(const Tensor &self, std::span<const int64_t> dims, bool keepdim);

/// aten::max(Tensor self): the maximum of all elements.
Tensor max(const Tensor &self);
/// aten::max.dim: (values, indices) along `dim`.
std::tuple<Tensor, Tensor> max(const Tensor &self, int64_t dim, bool keepdim);
/// aten::max.other (torch.maximum): elementwise, broadcasting and promoting.
Tensor max(const Tensor &self, const Tensor &other);
/// aten::min, aten::min.dim, aten::min.other
Tensor min(const Tensor &self);
std::tuple<Tensor, Tensor> min(const Tensor &self, int64_t dim, bool keepdim);
Tensor min(const Tensor &self, const Tensor &other);

/// aten::argmax(Tensor self, int? dim=None, bool keepdim=False): without
/// `dim`, the index into the flattened tensor.
Tensor argmax(const Tensor &self, std::optional<int64_t> dim, bool keepdim);
/// aten::argmin
Tensor argmin(const Tensor &self, std::optional<int64_t> dim, bool keepdim);

/// aten::aminmax(Tensor self, *, int? dim=None, bool keepdim=False):
/// (min, max).
std::tuple<Tensor, Tensor> aminmax(const Tensor &self,
                                   std::optional<int64_t> dim, bool keepdim);

/// aten::median(Tensor self): the lower median of all elements (NaN when
/// there is a NaN).
Tensor median(const Tensor &self);
/// aten::median.dim: (values, indices); among equal values the index is
/// that of a stable sort.
std::tuple<Tensor, Tensor> median(const Tensor &self, int64_t dim,
                                  bool keepdim);
/// aten::nanmedian, aten::nanmedian.dim: the median of the non-NaN values.
Tensor nanmedian(const Tensor &self);
std::tuple<Tensor, Tensor> nanmedian(const Tensor &self, int64_t dim,
                                     bool keepdim);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_EXTREMA_H
