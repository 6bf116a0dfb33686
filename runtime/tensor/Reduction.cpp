//===- Reduction.cpp ------------------------------------------------------===//
#include "runtime/tensor/Reduction.h"

#include "support/Error.h"

#include <algorithm>

namespace kiln {

int64_t normalizeDim(std::string_view op, int64_t dim, int64_t rank) {
  int64_t bound = std::max<int64_t>(rank, 1);
  if (dim < -bound || dim >= bound)
    throw UserError(detail::concat(op, ": dimension ", dim,
                                   " is out of range for a tensor of rank ",
                                   rank));
  return dim < 0 ? dim + bound : dim;
}

std::vector<int64_t> normalizeDims(std::string_view op,
                                   std::span<const int64_t> dims,
                                   int64_t rank) {
  std::vector<int64_t> out;
  if (dims.empty()) {
    for (int64_t d = 0; d < rank; ++d)
      out.push_back(d);
    return out;
  }
  for (int64_t d : dims) {
    int64_t n = normalizeDim(op, d, rank);
    if (std::find(out.begin(), out.end(), n) != out.end())
      throw UserError(
          detail::concat(op, ": dimension ", d, " appears more than once"));
    out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

ReductionShape reductionShape(std::string_view op, const Tensor &in,
                              std::span<const int64_t> dims, bool keepdim) {
  std::vector<int64_t> reduced = normalizeDims(op, dims, in.dim());
  ReductionShape rs;
  for (int64_t d = 0; d < in.dim(); ++d) {
    bool isReduced = std::binary_search(reduced.begin(), reduced.end(), d);
    if (isReduced) {
      rs.reducedSizes.push_back(in.sizes()[d]);
      rs.reducedStrides.push_back(in.strides()[d]);
      rs.reducedCount *= in.sizes()[d];
      if (keepdim)
        rs.outSizes.push_back(1);
    } else {
      rs.keptSizes.push_back(in.sizes()[d]);
      rs.keptStrides.push_back(in.strides()[d]);
      rs.outSizes.push_back(in.sizes()[d]);
    }
  }
  return rs;
}

} // namespace kiln
