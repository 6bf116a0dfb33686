//===- Shape.cpp - Metadata and views ------------------------------------===//
#include "runtime/tensor/ops/Shape.h"

#include "runtime/tensor/Elementwise.h"
#include "runtime/tensor/Reduction.h"
#include "support/Error.h"

#include <algorithm>
#include <limits>

namespace kiln::ops {

namespace {

/// A view of `self` with other geometry (a new TensorImpl, same storage).
Tensor restride(const Tensor &self, std::vector<int64_t> sizes,
                std::vector<int64_t> strides) {
  return self.asStrided(std::move(sizes), std::move(strides),
                        self.storageOffset());
}

/// Changes the geometry of `self` itself: every handle of the tensor sees
/// it, as for PyTorch's in-place view ops (t_, unsqueeze_, ...).
Tensor &setGeometry(Tensor &self, const Tensor &view) {
  self.impl()->sizes = view.sizes();
  self.impl()->strides = view.strides();
  self.impl()->offset = view.storageOffset();
  return self;
}

/// `shape` with its -1 resolved for `numel` elements, or nullopt when the
/// element counts differ. Malformed shapes (two -1s, other negative sizes)
/// are UserErrors.
std::optional<std::vector<int64_t>> resolveShape(std::string_view op,
                                                 std::span<const int64_t> shape,
                                                 int64_t numel) {
  std::vector<int64_t> out(shape.begin(), shape.end());
  std::optional<size_t> inferred;
  int64_t known = 1;
  bool overflow = false;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      KILN_USER_CHECK(!inferred, op, ": only one dimension can be inferred");
      inferred = i;
    } else {
      KILN_USER_CHECK(shape[i] >= 0, op, ": invalid shape dimension ",
                      shape[i]);
      overflow |= __builtin_mul_overflow(known, shape[i], &known);
    }
  }
  if (overflow)
    return std::nullopt;
  if (!inferred)
    return known == numel ? std::optional(out) : std::nullopt;
  KILN_USER_CHECK(known != 0 || numel != 0, op,
                  ": cannot reshape tensor of 0 elements into shape ",
                  shapeString(shape),
                  " because the unspecified dimension size -1 can be any "
                  "value and is ambiguous");
  if (known == 0 || numel % known != 0)
    return std::nullopt;
  out[*inferred] = numel / known;
  return out;
}

/// Strides that view a tensor of (oldSizes, oldStrides) at `newSizes`
/// without moving elements, or nullopt when a new dimension would span two
/// non-contiguous chunks of the old layout (at::detail::computeStride).
std::optional<std::vector<int64_t>>
computeViewStrides(std::span<const int64_t> oldSizes,
                   std::span<const int64_t> oldStrides,
                   std::span<const int64_t> newSizes) {
  int64_t newRank = static_cast<int64_t>(newSizes.size());
  if (oldSizes.empty())
    return std::vector<int64_t>(newSizes.size(), 1);
  int64_t numel = 1;
  for (int64_t s : oldSizes)
    numel *= s;
  if (numel == 0 && std::ranges::equal(oldSizes, newSizes))
    return std::vector<int64_t>(oldStrides.begin(), oldStrides.end());
  std::vector<int64_t> newStrides(newSizes.size());
  if (numel == 0) {
    // Any strides will do; use row-major ones.
    return Tensor::contiguousStrides(newSizes);
  }
  // Walk the old dimensions from the innermost, grouping them into chunks
  // that are contiguous with each other; each chunk must be covered
  // exactly by a run of new dimensions.
  int64_t viewDim = newRank - 1;
  int64_t chunkBaseStride = oldStrides.back();
  int64_t tensorNumel = 1, viewNumel = 1;
  for (int64_t d = static_cast<int64_t>(oldSizes.size()) - 1; d >= 0; --d) {
    tensorNumel *= oldSizes[d];
    bool chunkEnds =
        d == 0 || (oldSizes[d - 1] != 1 &&
                   oldStrides[d - 1] != tensorNumel * chunkBaseStride);
    if (!chunkEnds)
      continue;
    while (viewDim >= 0 &&
           (viewNumel < tensorNumel || newSizes[viewDim] == 1)) {
      newStrides[viewDim] = viewNumel * chunkBaseStride;
      viewNumel *= newSizes[viewDim];
      --viewDim;
    }
    if (viewNumel != tensorNumel)
      return std::nullopt;
    if (d > 0) {
      chunkBaseStride = oldStrides[d - 1];
      tensorNumel = 1;
      viewNumel = 1;
    }
  }
  if (viewDim != -1)
    return std::nullopt;
  return newStrides;
}

/// PyTorch's maybe_wrap_dim for a position within a dimension of `size`
/// (narrow's start): [-size, size) with empty dimensions treated as 1.
int64_t wrapPosition(std::string_view op, int64_t pos, int64_t size) {
  int64_t bound = std::max<int64_t>(size, 1);
  KILN_USER_CHECK(pos >= -bound && pos < bound, op, ": start ", pos,
                  " is out of range for a dimension of size ", size);
  return pos < 0 ? pos + bound : pos;
}

} // namespace

//===--- Metadata ---------------------------------------------------------===//

std::vector<int64_t> size(const Tensor &self) { return self.sizes(); }

int64_t size(const Tensor &self, int64_t dim) {
  return self.sizes()[normalizeDim("aten::size", dim, self.dim())];
}

int64_t dim(const Tensor &self) { return self.dim(); }

int64_t numel(const Tensor &self) { return self.numel(); }

std::vector<int64_t> infer_size(std::span<const int64_t> a,
                                std::span<const int64_t> b) {
  return broadcastShapes("aten::_infer_size", {a, b});
}

std::vector<int64_t> inferViewShape(std::string_view op,
                                    std::span<const int64_t> shape,
                                    int64_t numel) {
  auto out = resolveShape(op, shape, numel);
  KILN_USER_CHECK(out, op, ": shape '", shapeString(shape),
                  "' is invalid for input of size ", numel);
  return *out;
}

//===--- Views ------------------------------------------------------------===//

Tensor view(const Tensor &self, std::span<const int64_t> shape) {
  auto sizes = inferViewShape("aten::view", shape, self.numel());
  auto strides = computeViewStrides(self.sizes(), self.strides(), sizes);
  KILN_USER_CHECK(strides,
                  "aten::view: view size is not compatible with input "
                  "tensor's size and stride (at least one dimension spans "
                  "across two contiguous subspaces). Use .reshape(...) "
                  "instead. (viewing ",
                  self.shapeString(), " with strides ",
                  shapeString(self.strides()), " as ", shapeString(sizes), ")");
  return restride(self, std::move(sizes), std::move(*strides));
}

Tensor view(const Tensor &self, ScalarType dtype) {
  constexpr std::string_view op = "aten::view";
  KILN_USER_CHECK(hasArithmetic(dtype), op, ": dtype ", scalarTypeName(dtype),
                  " is not supported");
  // Other bytes than 0 and 1 are not bools in C++.
  KILN_USER_CHECK(dtype != ScalarType::Bool || self.dtype() == dtype, op,
                  ": viewing ", scalarTypeName(self.dtype()),
                  " as Bool is not supported");
  auto oldSize = static_cast<int64_t>(elementSize(self.dtype()));
  auto newSize = static_cast<int64_t>(elementSize(dtype));
  std::vector<int64_t> sizes = self.sizes(), strides = self.strides();
  int64_t offset = self.storageOffset();
  if (oldSize != newSize) {
    auto what =
        detail::concat(" to view ", scalarTypeName(self.dtype()), " as ",
                       scalarTypeName(dtype), " (different element sizes)");
    KILN_USER_CHECK(self.dim() > 0, op, ": self.dim() cannot be 0", what);
    KILN_USER_CHECK(strides.back() == 1, op, ": self.stride(-1) must be 1",
                    what, ", but got ", strides.back());
    if (oldSize > newSize) {
      int64_t ratio = oldSize / newSize;
      sizes.back() *= ratio;
      for (size_t d = 0; d + 1 < strides.size(); ++d)
        strides[d] *= ratio;
      offset *= ratio;
    } else {
      int64_t ratio = newSize / oldSize;
      KILN_USER_CHECK(sizes.back() % ratio == 0, op,
                      ": self.size(-1) must be divisible by ", ratio, what,
                      ", but got ", sizes.back());
      KILN_USER_CHECK(offset % ratio == 0, op,
                      ": self.storage_offset() must be divisible by ", ratio,
                      what, ", but got ", offset);
      for (size_t d = 0; d + 1 < strides.size(); ++d)
        KILN_USER_CHECK(strides[d] % ratio == 0, op, ": self.stride(", d,
                        ") must be divisible by ", ratio, what, ", but got ",
                        strides[d]);
      sizes.back() /= ratio;
      for (size_t d = 0; d + 1 < strides.size(); ++d)
        strides[d] /= ratio;
      offset /= ratio;
    }
  }
  auto impl = Ref<TensorImpl>::make();
  impl->storage = self.storage();
  impl->sizes = std::move(sizes);
  impl->strides = std::move(strides);
  impl->offset = offset;
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

Tensor view_as(const Tensor &self, const Tensor &other) {
  return view(self, other.sizes());
}

Tensor reshape(const Tensor &self, std::span<const int64_t> shape) {
  auto sizes = inferViewShape("aten::reshape", shape, self.numel());
  if (auto strides = computeViewStrides(self.sizes(), self.strides(), sizes))
    return restride(self, std::move(sizes), std::move(*strides));
  Tensor copy = self.clone();
  auto strides = Tensor::contiguousStrides(sizes);
  return copy.asStrided(std::move(sizes), std::move(strides), 0);
}

Tensor reshape_as(const Tensor &self, const Tensor &other) {
  return reshape(self, other.sizes());
}

Tensor flatten(const Tensor &self, int64_t startDim, int64_t endDim) {
  constexpr std::string_view op = "aten::flatten";
  int64_t start = normalizeDim(op, startDim, self.dim());
  int64_t end = normalizeDim(op, endDim, self.dim());
  KILN_USER_CHECK(start <= end, op,
                  ": start_dim cannot come after end_dim (start_dim ", startDim,
                  ", end_dim ", endDim, ")");
  if (self.dim() == 0)
    return reshape(self, std::vector<int64_t>{1});
  if (start == end)
    return self;
  std::vector<int64_t> shape(self.sizes().begin(),
                             self.sizes().begin() + start);
  int64_t flat = 1;
  for (int64_t d = start; d <= end; ++d)
    flat *= self.sizes()[d];
  shape.push_back(flat);
  shape.insert(shape.end(), self.sizes().begin() + end + 1, self.sizes().end());
  return reshape(self, shape);
}

Tensor unflatten(const Tensor &self, int64_t dim,
                 std::span<const int64_t> sizes) {
  constexpr std::string_view op = "aten::unflatten";
  int64_t d = normalizeDim(op, dim, self.dim());
  KILN_USER_CHECK(!sizes.empty(), op, ": sizes must be non-empty");
  KILN_USER_CHECK(self.dim() > 0, op, ": cannot unflatten a 0-dim tensor");
  auto inner = resolveShape(op, sizes, self.sizes()[d]);
  KILN_USER_CHECK(inner, op, ": Provided sizes ", shapeString(sizes),
                  " don't multiply up to the size of dim ", dim, " (",
                  self.sizes()[d], ") in the input tensor");
  std::vector<int64_t> shape(self.sizes().begin(), self.sizes().begin() + d);
  shape.insert(shape.end(), inner->begin(), inner->end());
  shape.insert(shape.end(), self.sizes().begin() + d + 1, self.sizes().end());
  return view(self, shape);
}

Tensor unsqueeze(const Tensor &self, int64_t dim) {
  int64_t d = normalizeDim("aten::unsqueeze", dim, self.dim() + 1);
  std::vector<int64_t> sizes = self.sizes(), strides = self.strides();
  int64_t stride = d >= self.dim() ? 1 : sizes[d] * strides[d];
  sizes.insert(sizes.begin() + d, 1);
  strides.insert(strides.begin() + d, stride);
  return restride(self, std::move(sizes), std::move(strides));
}

Tensor &unsqueeze_(Tensor &self, int64_t dim) {
  return setGeometry(self, unsqueeze(self, dim));
}

Tensor squeeze(const Tensor &self) {
  std::vector<int64_t> sizes, strides;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (self.sizes()[d] == 1)
      continue;
    sizes.push_back(self.sizes()[d]);
    strides.push_back(self.strides()[d]);
  }
  return restride(self, std::move(sizes), std::move(strides));
}

Tensor squeeze(const Tensor &self, int64_t dim) {
  int64_t d = normalizeDim("aten::squeeze", dim, self.dim());
  std::vector<int64_t> sizes = self.sizes(), strides = self.strides();
  if (self.dim() > 0 && sizes[d] == 1) {
    sizes.erase(sizes.begin() + d);
    strides.erase(strides.begin() + d);
  }
  return restride(self, std::move(sizes), std::move(strides));
}

Tensor &squeeze_(Tensor &self) { return setGeometry(self, squeeze(self)); }

Tensor &squeeze_(Tensor &self, int64_t dim) {
  return setGeometry(self, squeeze(self, dim));
}

Tensor permute(const Tensor &self, std::span<const int64_t> dims) {
  constexpr std::string_view op = "aten::permute";
  KILN_USER_CHECK(static_cast<int64_t>(dims.size()) == self.dim(), op,
                  ": the tensor has ", self.dim(), " dimensions but ",
                  dims.size(), " were given (dims ", shapeString(dims), ")");
  std::vector<int64_t> sizes, strides;
  std::vector<bool> seen(dims.size());
  for (int64_t dim : dims) {
    int64_t d = normalizeDim(op, dim, self.dim());
    KILN_USER_CHECK(!seen[d], op, ": dimension ", dim,
                    " appears more than once in ", shapeString(dims));
    seen[d] = true;
    sizes.push_back(self.sizes()[d]);
    strides.push_back(self.strides()[d]);
  }
  return restride(self, std::move(sizes), std::move(strides));
}

Tensor numpy_T(const Tensor &self) {
  std::vector<int64_t> sizes(self.sizes().rbegin(), self.sizes().rend());
  std::vector<int64_t> strides(self.strides().rbegin(), self.strides().rend());
  return restride(self, std::move(sizes), std::move(strides));
}

Tensor transpose(const Tensor &self, int64_t dim0, int64_t dim1) {
  int64_t a = normalizeDim("aten::transpose", dim0, self.dim());
  int64_t b = normalizeDim("aten::transpose", dim1, self.dim());
  std::vector<int64_t> sizes = self.sizes(), strides = self.strides();
  if (self.dim() > 0) {
    std::swap(sizes[a], sizes[b]);
    std::swap(strides[a], strides[b]);
  }
  return restride(self, std::move(sizes), std::move(strides));
}

Tensor &transpose_(Tensor &self, int64_t dim0, int64_t dim1) {
  return setGeometry(self, transpose(self, dim0, dim1));
}

Tensor t(const Tensor &self) {
  KILN_USER_CHECK(self.dim() <= 2,
                  "aten::t: expects a tensor with <= 2 dimensions, but self "
                  "is ",
                  self.dim(), "D");
  return transpose(self, 0, self.dim() < 2 ? 0 : 1);
}

Tensor &t_(Tensor &self) { return setGeometry(self, t(self)); }

Tensor expand(const Tensor &self, std::span<const int64_t> size) {
  constexpr std::string_view op = "aten::expand";
  auto rank = static_cast<int64_t>(size.size());
  int64_t own = self.dim();
  KILN_USER_CHECK(rank >= own, op, ": the number of sizes provided (", rank,
                  ") must be greater or equal to the number of dimensions in "
                  "the tensor (",
                  own, ")");
  std::vector<int64_t> sizes(rank), strides(rank);
  for (int64_t i = rank - 1; i >= 0; --i) {
    int64_t d = own - rank + i; // the matching dimension of self, if any
    int64_t length = d >= 0 ? self.sizes()[d] : 1;
    int64_t stride = d >= 0
                         ? self.strides()[d]
                         : (i + 1 < rank ? sizes[i + 1] * strides[i + 1] : 1);
    int64_t target = size[i];
    if (target == -1) {
      KILN_USER_CHECK(d >= 0, op, ": the expanded size of the tensor (-1) ",
                      "isn't allowed in a leading, non-existing dimension ", i);
      target = length;
    }
    if (length != target) {
      KILN_USER_CHECK(length == 1 && target >= 0, op,
                      ": the expanded size of the tensor (", target,
                      ") must match the existing size (", length,
                      ") at non-singleton dimension ", i,
                      ".  Target sizes: ", shapeString(size),
                      ".  Tensor sizes: ", self.shapeString());
      length = target;
      stride = 0;
    }
    sizes[i] = length;
    strides[i] = stride;
  }
  return restride(self, std::move(sizes), std::move(strides));
}

Tensor expand_as(const Tensor &self, const Tensor &other) {
  return expand(self, other.sizes());
}

std::vector<Tensor> broadcast_tensors(std::span<const Tensor> tensors) {
  std::vector<int64_t> shape;
  for (const Tensor &t : tensors)
    shape = broadcastShapes("aten::broadcast_tensors", {shape, t.sizes()});
  std::vector<Tensor> out;
  for (const Tensor &t : tensors)
    out.push_back(expand(t, shape));
  return out;
}

Tensor select(const Tensor &self, int64_t dim, int64_t index) {
  constexpr std::string_view op = "aten::select";
  KILN_USER_CHECK(self.dim() > 0, op, ": cannot be applied to a 0-dim tensor");
  int64_t d = normalizeDim(op, dim, self.dim());
  int64_t length = self.sizes()[d];
  KILN_USER_CHECK(index >= -length && index < length, op, ": index ", index,
                  " out of range for tensor of size ", self.shapeString(),
                  " at dimension ", dim);
  if (index < 0)
    index += length;
  std::vector<int64_t> sizes = self.sizes(), strides = self.strides();
  int64_t offset = self.storageOffset() + index * strides[d];
  sizes.erase(sizes.begin() + d);
  strides.erase(strides.begin() + d);
  return self.asStrided(std::move(sizes), std::move(strides), offset);
}

Tensor slice(const Tensor &self, int64_t dim, std::optional<int64_t> start,
             std::optional<int64_t> end, int64_t step) {
  constexpr std::string_view op = "aten::slice";
  KILN_USER_CHECK(self.dim() > 0, op, ": cannot be applied to a 0-dim tensor");
  KILN_USER_CHECK(step > 0, op, ": slice step must be positive, got ", step);
  int64_t d = normalizeDim(op, dim, self.dim());
  int64_t length = self.sizes()[d];
  int64_t from = start.value_or(0);
  int64_t to = end.value_or(std::numeric_limits<int64_t>::max());
  // Python's clamping: negative bounds count from the end, then both are
  // clamped into [0, length] with to >= from.
  if (from < 0)
    from += length;
  if (to < 0)
    to += length;
  from = std::clamp<int64_t>(from, 0, length);
  to = std::clamp<int64_t>(to, from, length);
  std::vector<int64_t> sizes = self.sizes(), strides = self.strides();
  int64_t offset = self.storageOffset() + from * strides[d];
  sizes[d] = (to - from + step - 1) / step;
  strides[d] *= step;
  return self.asStrided(std::move(sizes), std::move(strides), offset);
}

Tensor narrow(const Tensor &self, int64_t dim, int64_t start, int64_t length) {
  constexpr std::string_view op = "aten::narrow";
  KILN_USER_CHECK(self.dim() > 0, op, ": cannot be applied to a 0-dim tensor");
  int64_t d = normalizeDim(op, dim, self.dim());
  int64_t size = self.sizes()[d];
  // start == size is a valid (empty) narrow, but not a valid position.
  if (start != size)
    start = wrapPosition(op, start, size);
  KILN_USER_CHECK(length >= 0 && start <= size - length, op, ": start (", start,
                  ") + length (", length, ") exceeds dimension size (", size,
                  ")");
  return slice(self, d, start, start + length, 1);
}

Tensor narrow(const Tensor &self, int64_t dim, const Tensor &start,
              int64_t length) {
  KILN_USER_CHECK(start.dim() == 0 && isIntegralType(start.dtype(), false),
                  "aten::narrow: start must be a 0-dim integral tensor, got ",
                  start.describe());
  return narrow(self, dim, start.item().toInt(), length);
}

std::vector<Tensor> chunk(const Tensor &self, int64_t chunks, int64_t dim) {
  constexpr std::string_view op = "aten::chunk";
  KILN_USER_CHECK(self.dim() > 0, op,
                  ": expects at least a 1-dimensional tensor");
  KILN_USER_CHECK(chunks > 0, op,
                  ": expects `chunks` to be greater than 0, got: ", chunks);
  int64_t size = self.sizes()[normalizeDim(op, dim, self.dim())];
  int64_t splitSize = size / chunks + (size % chunks != 0);
  if (splitSize == 0 && size == 0) {
    // split() would give one piece; PyTorch gives `chunks` empty pieces.
    // Each costs a tensor, so the count is bounded.
    KILN_USER_CHECK(chunks <= (int64_t{1} << 24), op, ": ", chunks,
                    " chunks of an empty dimension are too many");
    std::vector<int64_t> sizes(chunks, 0);
    return split_with_sizes(self, sizes, dim);
  }
  return split(self, splitSize, dim);
}

std::vector<Tensor> split(const Tensor &self, int64_t splitSize, int64_t dim) {
  constexpr std::string_view op = "aten::split";
  KILN_USER_CHECK(self.dim() > 0, op,
                  ": expects at least a 1-dimensional tensor");
  KILN_USER_CHECK(
      splitSize >= 0, op,
      ": expects split_size be non-negative, but got split_size=", splitSize);
  int64_t d = normalizeDim(op, dim, self.dim());
  int64_t size = self.sizes()[d];
  KILN_USER_CHECK(splitSize > 0 || size == 0, op,
                  ": split_size can only be 0 if dimension size is 0, but got "
                  "dimension size of ",
                  size);
  // At least one piece, even when split_size exceeds the size.
  int64_t pieces = 1;
  if (splitSize != 0)
    pieces = std::max<int64_t>(size / splitSize + (size % splitSize != 0), 1);
  std::vector<Tensor> out;
  for (int64_t i = 0; i < pieces; ++i) {
    int64_t start = i * splitSize;
    int64_t length = i + 1 < pieces ? splitSize : size - start;
    out.push_back(slice(self, d, start, start + length, 1));
  }
  return out;
}

std::vector<Tensor> split_with_sizes(const Tensor &self,
                                     std::span<const int64_t> splitSizes,
                                     int64_t dim) {
  constexpr std::string_view op = "aten::split_with_sizes";
  KILN_USER_CHECK(self.dim() > 0, op,
                  ": expects at least a 1-dimensional tensor");
  int64_t d = normalizeDim(op, dim, self.dim());
  int64_t size = self.sizes()[d];
  int64_t total = 0;
  for (int64_t s : splitSizes) {
    KILN_USER_CHECK(s >= 0, op,
                    ": expects split_sizes have only non-negative entries, "
                    "but got split_sizes=",
                    shapeString(splitSizes));
    total = s > size ? size + 1 : total + s; // saturates past `size`
  }
  KILN_USER_CHECK(total == size, op, ": expects split_sizes to sum exactly to ",
                  size, " (input tensor's size at dimension ", dim,
                  "), but got split_sizes=", shapeString(splitSizes));
  std::vector<Tensor> out;
  int64_t start = 0;
  for (int64_t s : splitSizes) {
    out.push_back(slice(self, d, start, start + s, 1));
    start += s;
  }
  return out;
}

std::vector<Tensor> unbind(const Tensor &self, int64_t dim) {
  constexpr std::string_view op = "aten::unbind";
  KILN_USER_CHECK(self.dim() > 0, op, ": cannot be applied to a 0-dim tensor");
  int64_t d = normalizeDim(op, dim, self.dim());
  std::vector<Tensor> out;
  for (int64_t i = 0; i < self.sizes()[d]; ++i)
    out.push_back(select(self, d, i));
  return out;
}

Tensor detach(const Tensor &self) {
  return restride(self, self.sizes(), self.strides());
}

} // namespace kiln::ops
