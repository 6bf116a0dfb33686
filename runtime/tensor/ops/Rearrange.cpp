//===- Rearrange.cpp - Joining, tiling, reordering and masking ------------===//
#include "runtime/tensor/ops/Rearrange.h"

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/Reduction.h"
#include "runtime/tensor/ops/Shape.h"
#include "support/Error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kiln::ops {

namespace {

/// cat's legacy rule: a 1-d tensor with no elements joins anything.
bool skippedByCat(const Tensor &t) { return t.dim() == 1 && t.sizes()[0] == 0; }

/// `self` rolled by `shift` along dimension `dim` (already normalized).
Tensor rollOne(const Tensor &self, int64_t shift, int64_t dim) {
  Tensor out = Tensor::empty(self.sizes(), self.dtype());
  int64_t size = self.sizes()[dim];
  if (self.numel() == 0)
    return out;
  // Element i moves to (i + s) mod size.
  int64_t s = shift % size;
  if (s < 0)
    s += size;
  copyElements(slice(out, dim, s, size), slice(self, dim, 0, size - s));
  copyElements(slice(out, dim, 0, s), slice(self, dim, size - s, size));
  return out;
}

/// The triangle of the last two dimensions that `keep(column - row)`
/// selects; the other elements are zero.
template <typename Keep>
Tensor triangle(std::string_view op, const Tensor &self, Keep keep) {
  KILN_USER_CHECK(self.dim() >= 2, op,
                  ": input tensor must have at least 2 dimensions, got ",
                  self.describe());
  Tensor out = self.clone();
  int64_t rows = self.size(-2), cols = self.size(-1);
  int64_t matrices = rows * cols == 0 ? 0 : out.numel() / (rows * cols);
  dispatchAll(out.dtype(), op, [&]<typename T>() {
    T *p = out.data<T>();
    int64_t grain = std::max<int64_t>(1, kParallelGrain / (rows * cols + 1));
    parallelFor(0, matrices, grain, [&](int64_t begin, int64_t end) {
      for (int64_t m = begin; m < end; ++m)
        for (int64_t i = 0; i < rows; ++i)
          for (int64_t j = 0; j < cols; ++j)
            if (!keep(j - i))
              p[(m * rows + i) * cols + j] = T(0);
    });
  });
  return out;
}

/// `a` sorts before `b` (NaN above every number).
template <typename T> bool sortsBefore(T a, T b, bool descending) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b))
      return descending ? std::isnan(a) && !std::isnan(b)
                        : std::isnan(b) && !std::isnan(a);
  }
  return descending ? b < a : a < b;
}

} // namespace

Tensor cat(std::span<const Tensor> tensors, int64_t dim) {
  constexpr std::string_view op = "aten::cat";
  KILN_USER_CHECK(!tensors.empty(), op,
                  ": expected a non-empty list of Tensors");
  ScalarType dtype = tensors[0].dtype();
  const Tensor *reference = nullptr;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor &t = tensors[i];
    KILN_USER_CHECK(t.dim() > 0, op, ": zero-dimensional tensor (at position ",
                    i, ") cannot be concatenated");
    dtype = promoteTypes(dtype, t.dtype());
    if (!reference && !skippedByCat(t))
      reference = &t;
  }
  if (!reference)
    return Tensor::empty(std::vector<int64_t>{0}, dtype);
  int64_t d = normalizeDim(op, dim, reference->dim());
  std::vector<int64_t> shape = reference->sizes();
  shape[d] = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor &t = tensors[i];
    if (skippedByCat(t))
      continue;
    KILN_USER_CHECK(t.dim() == reference->dim(), op,
                    ": Tensors must have same number of dimensions: got ",
                    reference->dim(), " and ", t.dim());
    for (int64_t k = 0; k < t.dim(); ++k)
      KILN_USER_CHECK(k == d || t.sizes()[k] == shape[k], op,
                      ": Sizes of tensors must match except in dimension ", d,
                      ". Expected size ", shape[k], " but got size ",
                      t.sizes()[k], " for tensor number ", i,
                      " in the list (shapes ", reference->shapeString(),
                      " and ", t.shapeString(), ")");
    shape[d] += t.sizes()[d];
  }
  Tensor out = Tensor::empty(shape, dtype);
  int64_t offset = 0;
  for (const Tensor &t : tensors) {
    if (skippedByCat(t))
      continue;
    int64_t length = t.sizes()[d];
    copyElements(slice(out, d, offset, offset + length), t);
    offset += length;
  }
  return out;
}

Tensor stack(std::span<const Tensor> tensors, int64_t dim) {
  constexpr std::string_view op = "aten::stack";
  KILN_USER_CHECK(!tensors.empty(), op, ": expects a non-empty TensorList");
  for (size_t i = 1; i < tensors.size(); ++i)
    KILN_USER_CHECK(tensors[i].sizes() == tensors[0].sizes(), op,
                    ": expects each tensor to be equal size, but got ",
                    tensors[0].shapeString(), " at entry 0 and ",
                    tensors[i].shapeString(), " at entry ", i);
  int64_t d = normalizeDim(op, dim, tensors[0].dim() + 1);
  std::vector<Tensor> columns;
  for (const Tensor &t : tensors)
    columns.push_back(unsqueeze(t, d));
  return cat(columns, d);
}

Tensor repeat(const Tensor &self, std::span<const int64_t> repeats) {
  constexpr std::string_view op = "aten::repeat";
  auto rank = static_cast<int64_t>(repeats.size());
  KILN_USER_CHECK(rank >= self.dim(), op,
                  ": Number of dimensions of repeat dims (", rank,
                  ") can not be smaller than number of dimensions of tensor (",
                  self.dim(), ")");
  // self with leading dimensions of size 1 added, and the result's sizes.
  int64_t added = rank - self.dim();
  std::vector<int64_t> inSizes(added, 1), inStrides(added, 0);
  inSizes.insert(inSizes.end(), self.sizes().begin(), self.sizes().end());
  inStrides.insert(inStrides.end(), self.strides().begin(),
                   self.strides().end());
  std::vector<int64_t> outSizes(rank);
  for (int64_t i = 0; i < rank; ++i) {
    KILN_USER_CHECK(repeats[i] >= 0, op, ": repeats must be non-negative, got ",
                    shapeString(repeats));
    KILN_USER_CHECK(
        !__builtin_mul_overflow(inSizes[i], repeats[i], &outSizes[i]), op,
        ": repeating ", self.shapeString(), " by ", shapeString(repeats),
        " overflows");
  }
  Tensor out = Tensor::empty(outSizes, self.dtype());
  if (out.numel() == 0)
    return out;
  // View the result as [r0, s0, r1, s1, ...] (tile k, element j of each
  // dimension) and broadcast self over the tile dimensions.
  std::vector<int64_t> tiledSizes, tiledStrides, srcSizes, srcStrides;
  for (int64_t i = 0; i < rank; ++i) {
    tiledSizes.insert(tiledSizes.end(), {repeats[i], inSizes[i]});
    tiledStrides.insert(tiledStrides.end(),
                        {inSizes[i] * out.strides()[i], out.strides()[i]});
    srcSizes.insert(srcSizes.end(), {1, inSizes[i]});
    srcStrides.insert(srcStrides.end(), {0, inStrides[i]});
  }
  copyElements(out.asStrided(tiledSizes, tiledStrides, 0),
               self.asStrided(srcSizes, srcStrides, self.storageOffset()));
  return out;
}

Tensor roll(const Tensor &self, std::span<const int64_t> shifts,
            std::span<const int64_t> dims) {
  constexpr std::string_view op = "aten::roll";
  KILN_USER_CHECK(!shifts.empty(), op, ": `shifts` required");
  if (dims.empty() && shifts.size() == 1) {
    Tensor flat = reshape(self, std::vector<int64_t>{-1});
    return view(rollOne(flat, shifts[0], 0), self.sizes());
  }
  KILN_USER_CHECK(shifts.size() == dims.size(), op,
                  ": shifts and dimensions must align. shifts: ", shifts.size(),
                  ", dims: ", dims.size());
  KILN_USER_CHECK(self.dim() > 0, op, ": dimension ", dims[0],
                  " specified but the tensor has no dimensions");
  Tensor out = self;
  for (size_t i = 0; i < dims.size(); ++i)
    out = rollOne(out, shifts[i], normalizeDim(op, dims[i], self.dim()));
  return out;
}

Tensor flip(const Tensor &self, std::span<const int64_t> dims) {
  constexpr std::string_view op = "aten::flip";
  std::vector<bool> flipped(std::max<int64_t>(self.dim(), 1));
  for (int64_t dim : dims) {
    int64_t d = normalizeDim(op, dim, self.dim());
    KILN_USER_CHECK(!flipped[d], op, ": dim ", dim,
                    " appears multiple times in the list of dims");
    flipped[d] = true;
  }
  if (self.dim() == 0 || self.numel() == 0)
    return self.clone();
  // A view that walks the flipped dimensions backwards, then a copy.
  std::vector<int64_t> strides = self.strides();
  int64_t offset = self.storageOffset();
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (!flipped[d])
      continue;
    offset += (self.sizes()[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  return self.asStrided(self.sizes(), strides, offset).clone();
}

Tensor tril(const Tensor &self, int64_t diagonal) {
  return triangle("aten::tril", self,
                  [diagonal](int64_t k) { return k <= diagonal; });
}

Tensor triu(const Tensor &self, int64_t diagonal) {
  return triangle("aten::triu", self,
                  [diagonal](int64_t k) { return k >= diagonal; });
}

Tensor &tril_(Tensor &self, int64_t diagonal) {
  checkNoInternalOverlap("aten::tril_", self);
  copyElements(self, tril(self, diagonal));
  return self;
}

Tensor &triu_(Tensor &self, int64_t diagonal) {
  checkNoInternalOverlap("aten::triu_", self);
  copyElements(self, triu(self, diagonal));
  return self;
}

std::tuple<Tensor, Tensor> sort(const Tensor &self, int64_t dim,
                                bool descending) {
  constexpr std::string_view op = "aten::sort";
  int64_t d = normalizeDim(op, dim, self.dim());
  if (self.dim() == 0)
    return {self.clone(), Tensor::zeros(self.sizes(), ScalarType::Long)};
  // Sort rows of a copy with `dim` moved last, then move it back.
  Tensor in = transpose(self, d, -1).contiguous();
  Tensor values = Tensor::empty(in.sizes(), in.dtype());
  Tensor indices = Tensor::empty(in.sizes(), ScalarType::Long);
  int64_t n = in.size(-1);
  int64_t rows = n == 0 ? 0 : in.numel() / n;
  dispatchAll(in.dtype(), op, [&]<typename T>() {
    const T *src = in.data<T>();
    T *dstValues = values.data<T>();
    int64_t *dstIndices = indices.data<int64_t>();
    int64_t grain = std::max<int64_t>(1, kParallelGrain / (n + 1));
    parallelFor(0, rows, grain, [&](int64_t begin, int64_t end) {
      std::vector<int64_t> order(n);
      for (int64_t r = begin; r < end; ++r) {
        const T *row = src + r * n;
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
          return sortsBefore(row[a], row[b], descending);
        });
        for (int64_t k = 0; k < n; ++k) {
          dstValues[r * n + k] = row[order[k]];
          dstIndices[r * n + k] = order[k];
        }
      }
    });
  });
  return {transpose(values, d, -1).contiguous(),
          transpose(indices, d, -1).contiguous()};
}

} // namespace kiln::ops
