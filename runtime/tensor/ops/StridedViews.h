//===- StridedViews.h - Views the matrix and NN kernels build -*- C++ -*-===//
//
// The linear-algebra and neural-network kernels rearrange their operands
// (a matrix seen transposed, a batch folded into rows, a channel split into
// groups). Each family writes its own views with Tensor::asStrided rather
// than calling the shape family's ops, so these few are shared here. None
// copies; `reshapeContiguous` requires a contiguous tensor.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_STRIDEDVIEWS_H
#define KILN_RUNTIME_TENSOR_OPS_STRIDEDVIEWS_H

#include "runtime/tensor/Tensor.h"

#include <span>
#include <vector>

namespace kiln::ops::views {

/// `t` with its dimensions in the order `order` (a permutation).
inline Tensor permute(const Tensor &t, std::span<const int64_t> order) {
  std::vector<int64_t> sizes, strides;
  for (int64_t d : order) {
    sizes.push_back(t.size(d));
    strides.push_back(t.stride(d));
  }
  return t.asStrided(sizes, strides, t.storageOffset());
}

/// `t` with dimensions `a` and `b` swapped.
inline Tensor transpose(const Tensor &t, int64_t a, int64_t b) {
  std::vector<int64_t> sizes = t.sizes(), strides = t.strides();
  std::swap(sizes[a], sizes[b]);
  std::swap(strides[a], strides[b]);
  return t.asStrided(sizes, strides, t.storageOffset());
}

/// `t` with a dimension of size 1 inserted at `dim` (0 <= dim <= rank).
inline Tensor unsqueeze(const Tensor &t, int64_t dim) {
  std::vector<int64_t> sizes = t.sizes(), strides = t.strides();
  int64_t stride = dim < t.dim() ? t.stride(dim) * t.size(dim) : 1;
  sizes.insert(sizes.begin() + dim, 1);
  strides.insert(strides.begin() + dim, stride);
  return t.asStrided(sizes, strides, t.storageOffset());
}

/// `t` without its dimension `dim`, which must have size 1.
inline Tensor squeeze(const Tensor &t, int64_t dim) {
  std::vector<int64_t> sizes = t.sizes(), strides = t.strides();
  sizes.erase(sizes.begin() + dim);
  strides.erase(strides.begin() + dim);
  return t.asStrided(sizes, strides, t.storageOffset());
}

/// `t` viewed at `shape`, to which it broadcasts (leading dimensions added,
/// size-1 dimensions repeated with stride 0). The caller checked the shapes.
inline Tensor expand(const Tensor &t, std::span<const int64_t> shape) {
  std::vector<int64_t> sizes(shape.begin(), shape.end());
  std::vector<int64_t> strides(shape.size(), 0);
  int64_t lead = static_cast<int64_t>(shape.size()) - t.dim();
  for (int64_t d = 0; d < t.dim(); ++d)
    strides[lead + d] = t.size(d) == 1 ? 0 : t.stride(d);
  return t.asStrided(sizes, strides, t.storageOffset());
}

/// A contiguous `t` viewed at `sizes` (same element count).
inline Tensor reshapeContiguous(const Tensor &t, std::vector<int64_t> sizes) {
  KILN_INTERNAL_ASSERT(t.isContiguous(), "reshapeContiguous of a strided view");
  std::vector<int64_t> strides = Tensor::contiguousStrides(sizes);
  return t.asStrided(std::move(sizes), std::move(strides), t.storageOffset());
}

} // namespace kiln::ops::views

#endif // KILN_RUNTIME_TENSOR_OPS_STRIDEDVIEWS_H
