//===- Reduction.h - Reducing over dimensions -------------------*- C++ -*-===//
//
// The machinery of the reduction reference kernels:
//
//   ReductionShape rs = reductionShape("aten::sum", x, dims, keepdim);
//   Tensor out = Tensor::empty(rs.outSizes, dtype);
//   reduceInto<double, float, float>(out, x, rs,
//       [] { return 0.0; },                                 // start
//       [](double &acc, float v, int64_t) { acc += v; },     // each element
//       [](double acc, int64_t count) { return float(acc); }); // finish
//
// Each output element reduces the input elements that share its position in
// the kept dimensions; the int64_t passed to `step` is the element's index
// within the reduced dimensions (row-major), which argmax/argmin need.
// Output elements are computed in parallel when the work is large.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_REDUCTION_H
#define KILN_RUNTIME_TENSOR_REDUCTION_H

#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/Tensor.h"

#include <span>
#include <string_view>
#include <vector>

namespace kiln {

struct ReductionShape {
  /// The result's sizes (reduced dimensions kept as 1 with keepdim).
  std::vector<int64_t> outSizes;
  /// Sizes and input strides of the kept and the reduced dimensions.
  std::vector<int64_t> keptSizes, keptStrides;
  std::vector<int64_t> reducedSizes, reducedStrides;
  /// Number of elements each output element reduces.
  int64_t reducedCount = 1;
};

/// Normalizes `dims` (negative counts from the end; empty means all) for a
/// tensor of rank `rank`; UserError for out-of-range or repeated dims.
std::vector<int64_t> normalizeDims(std::string_view op,
                                   std::span<const int64_t> dims, int64_t rank);
/// Normalizes one dimension index for rank `rank` (0-d tensors accept 0
/// and -1, as in PyTorch).
int64_t normalizeDim(std::string_view op, int64_t dim, int64_t rank);

ReductionShape reductionShape(std::string_view op, const Tensor &in,
                              std::span<const int64_t> dims, bool keepdim);

/// out must be contiguous with rs.outSizes; In is in's element type.
template <typename Acc, typename In, typename Out, typename Start,
          typename Step, typename Finish>
void reduceInto(const Tensor &out, const Tensor &in, const ReductionShape &rs,
                const Start &start, const Step &step, const Finish &finish) {
  int64_t outCount = 1;
  for (int64_t s : rs.keptSizes)
    outCount *= s;
  const In *base = in.data<In>();
  Out *result = out.data<Out>();
  size_t kept = rs.keptSizes.size(), reduced = rs.reducedSizes.size();
  int64_t grain = std::max<int64_t>(
      1, kParallelGrain / std::max<int64_t>(1, rs.reducedCount));
  parallelFor(0, outCount, grain, [&](int64_t begin, int64_t end) {
    std::vector<int64_t> index(reduced);
    for (int64_t k = begin; k < end; ++k) {
      int64_t offset = 0, rest = k;
      for (size_t d = kept; d-- > 0;) {
        offset += (rest % rs.keptSizes[d]) * rs.keptStrides[d];
        rest /= rs.keptSizes[d];
      }
      Acc acc = start();
      std::fill(index.begin(), index.end(), 0);
      int64_t at = offset;
      for (int64_t r = 0; r < rs.reducedCount; ++r) {
        step(acc, base[at], r);
        // Advance the row-major counter over the reduced dimensions.
        for (size_t d = reduced; d-- > 0;) {
          if (++index[d] < rs.reducedSizes[d]) {
            at += rs.reducedStrides[d];
            break;
          }
          at -= rs.reducedStrides[d] * (rs.reducedSizes[d] - 1);
          index[d] = 0;
        }
      }
      result[k] = finish(acc, rs.reducedCount);
    }
  });
}

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_REDUCTION_H
