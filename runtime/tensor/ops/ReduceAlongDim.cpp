//===- ReduceAlongDim.cpp -------------------------------------------------===//
#include "runtime/tensor/ops/ReduceAlongDim.h"

#include "support/Error.h"

namespace kiln::ops {

Tensor convertTo(const Tensor &t, ScalarType dtype) {
  if (t.dim() > 0 || t.dtype() == dtype)
    return t.to(dtype);
  return reshapeContiguous(atLeast1d(t).to(dtype), {});
}

int64_t laneCount(const Tensor &t, int64_t dim) {
  int64_t count = 1;
  for (int64_t d = 0; d < t.dim(); ++d)
    if (d != dim)
      count *= t.sizes()[d];
  return count;
}

int64_t laneOffset(const Tensor &t, int64_t dim, int64_t lane) {
  int64_t offset = 0;
  for (int64_t d = t.dim(); d-- > 0;) {
    if (d == dim)
      continue;
    int64_t size = t.sizes()[d];
    offset += (lane % size) * t.strides()[d];
    lane /= size;
  }
  return offset;
}

Tensor squeezeDim(const Tensor &t, int64_t dim) {
  KILN_INTERNAL_ASSERT(t.isContiguous() && t.size(dim) == 1,
                       "squeezeDim of dimension ", dim, " of ", t.describe());
  std::vector<int64_t> sizes = t.sizes();
  sizes.erase(sizes.begin() + dim);
  return reshapeContiguous(t, std::move(sizes));
}

Tensor reshapeContiguous(const Tensor &t, std::vector<int64_t> sizes) {
  KILN_INTERNAL_ASSERT(t.isContiguous(), "reshapeContiguous of ", t.describe());
  std::vector<int64_t> strides = Tensor::contiguousStrides(sizes);
  return t.asStrided(std::move(sizes), std::move(strides), t.storageOffset());
}

void checkReducedDimsNonEmpty(std::string_view op, const Tensor &in,
                              std::span<const int64_t> dims) {
  for (int64_t d : dims)
    KILN_USER_CHECK(in.dim() == 0 || in.sizes()[d] != 0, op,
                    ": cannot reduce over dimension ", d, " of size 0 of ",
                    in.describe(), ": the operation has no identity");
}

} // namespace kiln::ops
