//===- ReduceAlongDim.h - Walking a tensor along one dimension --*- C++ -*-===//
//
// Shared by the reduction family's kernels that work on one dimension at a
// time (max.dim, argmax, median, cumsum, softmax, ...). A *lane* is the 1-d
// slice of a tensor along `dim` at one position of the other dimensions;
// lanes are numbered row-major over the other dimensions, so a tensor and
// its keepdim reduction (size 1 at `dim`) number their lanes alike:
//
//   int64_t n = in.size(dim);
//   forEachLane(laneCount(in, dim), n, [&](int64_t lane) {
//     const T *x = in.data<T>() + laneOffset(in, dim, lane);
//     T *y = out.data<T>() + laneOffset(out, dim, lane);
//     for (int64_t i = 0; i < n; ++i)
//       y[i * out.stride(dim)] = f(x[i * in.stride(dim)]);
//   });
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_REDUCEALONGDIM_H
#define KILN_RUNTIME_TENSOR_OPS_REDUCEALONGDIM_H

#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/Tensor.h"

#include <span>
#include <string_view>
#include <vector>

namespace kiln::ops {

/// t.to(dtype), also for 0-d tensors. Elementwise.h's row loop (behind
/// Tensor::to, copyInto and mapInto) does not handle rank 0 yet, so this
/// family converts, copies and maps 0-d tensors as shape [1].
Tensor convertTo(const Tensor &t, ScalarType dtype);

/// Number of lanes of `t` along `dim` (the product of the other sizes).
int64_t laneCount(const Tensor &t, int64_t dim);

/// Storage offset, in elements from t's first element, of lane `lane`'s
/// first element.
int64_t laneOffset(const Tensor &t, int64_t dim, int64_t lane);

/// Calls fn(lane) for every lane in [0, lanes), in parallel when lanes of
/// `length` elements add up to enough work.
template <typename F>
void forEachLane(int64_t lanes, int64_t length, const F &fn) {
  int64_t grain =
      std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, length));
  parallelFor(0, lanes, grain, [&](int64_t begin, int64_t end) {
    for (int64_t lane = begin; lane < end; ++lane)
      fn(lane);
  });
}

/// `t` (contiguous) without dimension `dim`, which must have size 1: the
/// keepdim=False form of a keepdim result.
Tensor squeezeDim(const Tensor &t, int64_t dim);

/// A contiguous tensor's data under other sizes of the same element count.
Tensor reshapeContiguous(const Tensor &t, std::vector<int64_t> sizes);

/// Operations without an identity (max, argmax, median, ...) cannot reduce
/// zero elements: a UserError naming `op` when a dimension in `dims`
/// (normalized) has size 0.
void checkReducedDimsNonEmpty(std::string_view op, const Tensor &in,
                              std::span<const int64_t> dims);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_REDUCEALONGDIM_H
