//===- Indexing.h - Gathering and scattering by index and mask --*- C++ -*-===//
//
// Reference kernels of the ops that read or write elements chosen by index
// tensors or boolean masks: index_select, advanced indexing (index,
// index_put), gather and the scatter family, the masked ops and embedding.
// Names and semantics are ATen's: integer indices are int64 (int32 where
// PyTorch accepts it), negative indices count from the end only where
// PyTorch wraps them (index, index_put), and an index out of range is a
// UserError naming the op, the index and the size.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_INDEXING_H
#define KILN_RUNTIME_TENSOR_OPS_INDEXING_H

#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/Tensor.h"

#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace kiln::ops {

/// The entries `index` (0-d or 1-d, int32 or int64) of dimension `dim`.
Tensor index_select(const Tensor &self, int64_t dim, const Tensor &index);

/// self[indices...] with PyTorch's advanced indexing: integer index
/// tensors broadcast together; a bool (or uint8) mask stands for the
/// indices of its true elements over as many dimensions as it has; a
/// missing (nullopt) entry keeps its dimension whole. The broadcast index
/// dimensions replace the indexed ones where they are, when the indexed
/// dimensions are adjacent, else they come first.
Tensor index(const Tensor &self,
             std::span<const std::optional<Tensor>> indices);
/// self[indices...] = values (values broadcast to the indexed shape; with
/// `accumulate`, +=, duplicates adding up).
Tensor &index_put_(Tensor &self, std::span<const std::optional<Tensor>> indices,
                   const Tensor &values, bool accumulate = false);
Tensor index_put(const Tensor &self,
                 std::span<const std::optional<Tensor>> indices,
                 const Tensor &values, bool accumulate = false);

/// out[i][j] = self[index[i][j]][j] for dim 0 (and likewise for others).
Tensor gather(const Tensor &self, int64_t dim, const Tensor &index);

/// How scatter combines a written value with the element already there.
enum class ScatterReduce { None, Sum, Prod, Mean, Amax, Amin };

/// scatter's optional `reduce`: "add" or "multiply".
ScatterReduce scatterReduceFromName(std::string_view op, std::string_view name);
/// scatter_reduce's `reduce`: "sum", "prod", "mean", "amax" or "amin".
ScatterReduce scatterReduceTwoFromName(std::string_view op,
                                       std::string_view name);

/// self[index[i][j]][j] = src[i][j] for dim 0 (and likewise for others),
/// combined by `reduce`. Returns a copy (scatter) or writes self (scatter_).
Tensor scatter(const Tensor &self, int64_t dim, const Tensor &index,
               const Tensor &src, ScatterReduce reduce = ScatterReduce::None);
Tensor scatter(const Tensor &self, int64_t dim, const Tensor &index,
               Scalar value, ScatterReduce reduce = ScatterReduce::None);
Tensor &scatter_(Tensor &self, int64_t dim, const Tensor &index,
                 const Tensor &src, ScatterReduce reduce = ScatterReduce::None);
Tensor &scatter_(Tensor &self, int64_t dim, const Tensor &index, Scalar value,
                 ScatterReduce reduce = ScatterReduce::None);
Tensor scatter_add(const Tensor &self, int64_t dim, const Tensor &index,
                   const Tensor &src);
Tensor &scatter_add_(Tensor &self, int64_t dim, const Tensor &index,
                     const Tensor &src);
/// scatter_reduce.two: without `includeSelf`, the elements written to start
/// from the scattered values alone.
Tensor scatter_reduce(const Tensor &self, int64_t dim, const Tensor &index,
                      const Tensor &src, ScatterReduce reduce,
                      bool includeSelf = true);
Tensor &scatter_reduce_(Tensor &self, int64_t dim, const Tensor &index,
                        const Tensor &src, ScatterReduce reduce,
                        bool includeSelf = true);

/// Elements where `mask` (bool, or uint8) is true set to `value`.
/// Out of place, self and mask broadcast together; in place, the mask
/// broadcasts to self. A tensor value must be 0-d.
Tensor masked_fill(const Tensor &self, const Tensor &mask, Scalar value);
Tensor masked_fill(const Tensor &self, const Tensor &mask, const Tensor &value);
Tensor &masked_fill_(Tensor &self, const Tensor &mask, Scalar value);
Tensor &masked_fill_(Tensor &self, const Tensor &mask, const Tensor &value);
/// The elements where `mask` is true (both broadcast), as a 1-d tensor.
Tensor masked_select(const Tensor &self, const Tensor &mask);
/// The elements where `mask` is true replaced, in order, by the first
/// elements of `source`.
Tensor masked_scatter(const Tensor &self, const Tensor &mask,
                      const Tensor &source);
Tensor &masked_scatter_(Tensor &self, const Tensor &mask, const Tensor &source);

/// Rows of the 2-d `weight` chosen by `indices` (int32/int64):
/// shape indices.shape + [weight.size(1)]. padding_idx only matters for
/// gradients; scale_grad_by_freq and sparse must be false.
Tensor embedding(const Tensor &weight, const Tensor &indices,
                 int64_t paddingIdx = -1, bool scaleGradByFreq = false,
                 bool sparse = false);

namespace strided {
/// Calls fn(offsets) for every position of `shape` in row-major order, with
/// offsets[k] = the sum over dimensions of coordinate * strides[k][d]
/// (element strides of N tensors viewed at `shape`). Rows run in parallel
/// when `parallel` and the work is large; otherwise in order, on the
/// calling thread.
template <size_t N, typename F>
void forEachOffset(std::span<const int64_t> shape,
                   const std::array<std::vector<int64_t>, N> &strides,
                   bool parallel, const F &fn) {
  int64_t numel = 1;
  for (int64_t s : shape)
    numel *= s;
  if (numel == 0)
    return;
  size_t rank = shape.size();
  int64_t inner = rank == 0 ? 1 : shape[rank - 1];
  int64_t outer = numel / inner;
  std::array<int64_t, N> innerStrides{};
  for (size_t k = 0; k < N; ++k)
    innerStrides[k] = rank == 0 ? 0 : strides[k][rank - 1];
  int64_t grain =
      parallel ? std::max<int64_t>(1, kParallelGrain / inner) : outer;
  parallelFor(0, outer, grain, [&](int64_t begin, int64_t end) {
    std::array<int64_t, N> base, at;
    for (int64_t row = begin; row < end; ++row) {
      base.fill(0);
      int64_t rest = row;
      // Decompose the row number over the outer dimensions.
      for (size_t d = rank == 0 ? 0 : rank - 1; d-- > 0;) {
        int64_t i = rest % shape[d];
        rest /= shape[d];
        for (size_t k = 0; k < N; ++k)
          base[k] += i * strides[k][d];
      }
      for (int64_t j = 0; j < inner; ++j) {
        for (size_t k = 0; k < N; ++k)
          at[k] = base[k] + j * innerStrides[k];
        fn(at);
      }
    }
  });
}
} // namespace strided

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_INDEXING_H
