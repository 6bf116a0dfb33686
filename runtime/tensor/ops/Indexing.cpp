//===- Indexing.cpp - index_select, advanced indexing, masks, embedding ---===//
#include "runtime/tensor/ops/Indexing.h"

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"
#include "runtime/tensor/Reduction.h"
#include "runtime/tensor/ops/Shape.h"
#include "support/Error.h"

#include <algorithm>
#include <new>

namespace kiln::ops {

namespace {

/// Offsets (in elements) of every position of (sizes, strides), row-major.
std::vector<int64_t> offsetsOf(std::span<const int64_t> sizes,
                               std::span<const int64_t> strides) {
  std::vector<int64_t> out;
  std::array<std::vector<int64_t>, 1> s = {
      std::vector<int64_t>(strides.begin(), strides.end())};
  strided::forEachOffset<1>(
      sizes, s, /*parallel=*/false,
      [&](const std::array<int64_t, 1> &at) { out.push_back(at[0]); });
  return out;
}

bool isMask(const Tensor &t) {
  return t.dtype() == ScalarType::Bool || t.dtype() == ScalarType::Byte;
}

/// The int64 coordinates of the true elements of `mask`, one 1-d tensor
/// per dimension (nonzero's columns).
std::vector<Tensor> maskCoordinates(const Tensor &mask) {
  Tensor m = convert(mask, ScalarType::Bool).contiguous();
  const bool *p = m.data<bool>();
  int64_t count = std::count(p, p + m.numel(), true);
  std::vector<Tensor> out;
  for (int64_t d = 0; d < m.dim(); ++d)
    out.push_back(Tensor::empty(std::vector<int64_t>{count}, ScalarType::Long));
  int64_t k = 0;
  for (int64_t i = 0; i < m.numel(); ++i) {
    if (!p[i])
      continue;
    int64_t rest = i;
    for (int64_t d = m.dim() - 1; d >= 0; --d) {
      out[d].data<int64_t>()[k] = rest % m.sizes()[d];
      rest /= m.sizes()[d];
    }
    ++k;
  }
  return out;
}

/// Where the elements an advanced index selects lie in `self`. The result
/// is viewed as [outer..., broadcast index shape..., inner...]: `outer` and
/// `inner` are the unindexed dimensions placed before and after the index
/// dimensions, and indexOffsets[b] the offset that position b of the
/// broadcast indices selects.
struct IndexPlan {
  std::vector<int64_t> resultSizes;
  std::vector<int64_t> outerOffsets, innerOffsets, indexOffsets;
};

IndexPlan planIndex(std::string_view op, const Tensor &self,
                    std::span<const std::optional<Tensor>> indices) {
  // Masks become one int64 index per dimension they cover.
  std::vector<std::optional<Tensor>> perDim;
  for (const std::optional<Tensor> &index : indices) {
    if (!index) {
      perDim.emplace_back();
      continue;
    }
    const Tensor &t = *index;
    if (!isMask(t)) {
      KILN_USER_CHECK(t.dtype() == ScalarType::Long, op,
                      ": tensors used as indices must be long, byte or bool "
                      "tensors, got ",
                      t.describe());
      perDim.push_back(t);
      continue;
    }
    KILN_USER_CHECK(t.dim() > 0, op,
                    ": a 0-dimensional bool index is not supported");
    auto at = static_cast<int64_t>(perDim.size());
    KILN_USER_CHECK(at + t.dim() <= self.dim(), op,
                    ": too many indices for tensor of dimension ", self.dim(),
                    " (a mask of shape ", t.shapeString(), " at dimension ", at,
                    ")");
    for (int64_t j = 0; j < t.dim(); ++j)
      KILN_USER_CHECK(t.sizes()[j] == self.sizes()[at + j], op,
                      ": The shape of the mask ", t.shapeString(), " at index ",
                      j, " does not match the shape of the indexed tensor ",
                      self.shapeString(), " at index ", at + j);
    for (Tensor &c : maskCoordinates(t))
      perDim.push_back(std::move(c));
  }
  KILN_USER_CHECK(static_cast<int64_t>(perDim.size()) <= self.dim(), op,
                  ": too many indices for tensor of dimension ", self.dim(),
                  " (got ", perDim.size(), ")");
  perDim.resize(self.dim());

  std::vector<int64_t> indexed, broadcast;
  std::string shapes;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (!perDim[d])
      continue;
    indexed.push_back(d);
    shapes += (shapes.empty() ? "" : ", ") + perDim[d]->shapeString();
  }
  KILN_USER_CHECK(!indexed.empty(), op,
                  ": at least one index tensor is required");
  for (int64_t d : indexed) {
    try {
      broadcast = broadcastShapes(op, {broadcast, perDim[d]->sizes()});
    } catch (const UserError &) {
      throw UserError(detail::concat(op,
                                     ": shape mismatch: indexing tensors "
                                     "could not be broadcast together with "
                                     "shapes ",
                                     shapes));
    }
  }
  bool adjacent = indexed.back() - indexed.front() + 1 ==
                  static_cast<int64_t>(indexed.size());

  IndexPlan plan;
  std::vector<int64_t> outerSizes, outerStrides, innerSizes, innerStrides;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (perDim[d])
      continue;
    bool before = adjacent && d < indexed.front();
    (before ? outerSizes : innerSizes).push_back(self.sizes()[d]);
    (before ? outerStrides : innerStrides).push_back(self.strides()[d]);
  }
  plan.resultSizes = outerSizes;
  plan.resultSizes.insert(plan.resultSizes.end(), broadcast.begin(),
                          broadcast.end());
  plan.resultSizes.insert(plan.resultSizes.end(), innerSizes.begin(),
                          innerSizes.end());
  plan.outerOffsets = offsetsOf(outerSizes, outerStrides);
  plan.innerOffsets = offsetsOf(innerSizes, innerStrides);

  int64_t count = 1;
  for (int64_t s : broadcast)
    count *= s;
  try {
    plan.indexOffsets.assign(count, 0);
  } catch (const std::bad_alloc &) {
    throw UserError(detail::concat(op, ": the indices broadcast to shape ",
                                   shapeString(broadcast),
                                   ", too large to index with"));
  }
  for (int64_t d : indexed) {
    Tensor values = expand(*perDim[d], broadcast).contiguous();
    const int64_t *v = values.data<int64_t>();
    int64_t size = self.sizes()[d];
    for (int64_t b = 0; b < count; ++b) {
      KILN_USER_CHECK(v[b] >= -size && v[b] < size, op, ": index ", v[b],
                      " is out of bounds for dimension ", d, " with size ",
                      size);
      plan.indexOffsets[b] +=
          (v[b] < 0 ? v[b] + size : v[b]) * self.strides()[d];
    }
  }
  return plan;
}

/// A mask's check and its bool form.
Tensor boolMask(std::string_view op, const Tensor &mask) {
  KILN_USER_CHECK(isMask(mask), op, ": expected a bool (or uint8) mask, got ",
                  mask.describe());
  return convert(mask, ScalarType::Bool);
}

} // namespace

//===--- index_select -----------------------------------------------------===//

Tensor index_select(const Tensor &self, int64_t dim, const Tensor &index) {
  constexpr std::string_view op = "aten::index_select";
  KILN_USER_CHECK(index.dim() <= 1, op,
                  ": Index is supposed to be a vector, got ", index.describe());
  KILN_USER_CHECK(
      index.dtype() == ScalarType::Long || index.dtype() == ScalarType::Int, op,
      ": Expected dtype int32 or int64 for index, got ", index.describe());
  int64_t d = normalizeDim(op, dim, self.dim());
  Tensor idx = convert(index, ScalarType::Long).contiguous();
  int64_t count = idx.numel();
  int64_t size = self.dim() == 0 ? 1 : self.sizes()[d];
  const int64_t *ids = idx.data<int64_t>();
  for (int64_t i = 0; i < count; ++i)
    KILN_USER_CHECK(ids[i] >= 0 && ids[i] < size, op, ": index ", ids[i],
                    " is out of range for dimension ", d, " of size ", size,
                    " (self ", self.shapeString(), ")");
  if (self.dim() == 0) {
    KILN_USER_CHECK(count == 1, op,
                    ": index_select of a 0-dim tensor takes one index, got ",
                    count);
    return self.clone();
  }
  std::vector<int64_t> sizes = self.sizes();
  sizes[d] = count;
  Tensor out = Tensor::empty(sizes, self.dtype());
  // Walk the result: the index tensor advances along `d` only.
  std::vector<int64_t> selfStrides = self.strides(), idxStrides(sizes.size());
  int64_t stepD = selfStrides[d];
  selfStrides[d] = 0;
  idxStrides[d] = 1;
  std::array<std::vector<int64_t>, 3> strides = {out.strides(), idxStrides,
                                                 selfStrides};
  dispatchAll(self.dtype(), op, [&]<typename T>() {
    T *o = out.data<T>();
    const T *s = self.data<T>();
    strided::forEachOffset<3>(sizes, strides, /*parallel=*/true,
                              [&](const std::array<int64_t, 3> &at) {
                                o[at[0]] = s[at[2] + ids[at[1]] * stepD];
                              });
  });
  return out;
}

//===--- Advanced indexing ------------------------------------------------===//

Tensor index(const Tensor &self,
             std::span<const std::optional<Tensor>> indices) {
  constexpr std::string_view op = "aten::index";
  IndexPlan plan = planIndex(op, self, indices);
  Tensor out = Tensor::empty(plan.resultSizes, self.dtype());
  auto outer = static_cast<int64_t>(plan.outerOffsets.size());
  auto middle = static_cast<int64_t>(plan.indexOffsets.size());
  auto inner = static_cast<int64_t>(plan.innerOffsets.size());
  dispatchAll(self.dtype(), op, [&]<typename T>() {
    T *o = out.data<T>();
    const T *s = self.data<T>();
    int64_t grain =
        std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(inner, 1));
    parallelFor(0, outer * middle, grain, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        int64_t base =
            plan.outerOffsets[r / middle] + plan.indexOffsets[r % middle];
        for (int64_t q = 0; q < inner; ++q)
          o[r * inner + q] = s[base + plan.innerOffsets[q]];
      }
    });
  });
  return out;
}

Tensor &index_put_(Tensor &self, std::span<const std::optional<Tensor>> indices,
                   const Tensor &values, bool accumulate) {
  constexpr std::string_view op = "aten::index_put_";
  KILN_USER_CHECK(values.dtype() == self.dtype(), op,
                  ": Index put requires the source and destination dtypes "
                  "match, got ",
                  scalarTypeName(self.dtype()), " for the destination and ",
                  scalarTypeName(values.dtype()), " for the source.");
  IndexPlan plan = planIndex(op, self, indices);
  bool fits = values.dim() <= static_cast<int64_t>(plan.resultSizes.size());
  for (int64_t i = 1; fits && i <= values.dim(); ++i) {
    int64_t v = values.sizes()[values.dim() - i];
    fits = v == 1 || v == plan.resultSizes[plan.resultSizes.size() - i];
  }
  KILN_USER_CHECK(fits, op, ": shape mismatch: value tensor of shape ",
                  values.shapeString(),
                  " cannot be broadcast to indexing result of shape ",
                  shapeString(plan.resultSizes));
  Tensor v = expand(values, plan.resultSizes).contiguous();
  auto middle = static_cast<int64_t>(plan.indexOffsets.size());
  auto inner = static_cast<int64_t>(plan.innerOffsets.size());
  auto rows = static_cast<int64_t>(plan.outerOffsets.size()) * middle;
  dispatchAll(self.dtype(), op, [&]<typename T>() {
    T *s = self.data<T>();
    const T *src = v.data<T>();
    // In order, so that with repeated indices the last write wins (or all
    // of them add up).
    for (int64_t r = 0; r < rows; ++r) {
      int64_t base =
          plan.outerOffsets[r / middle] + plan.indexOffsets[r % middle];
      for (int64_t q = 0; q < inner; ++q) {
        T &dst = s[base + plan.innerOffsets[q]];
        T x = src[r * inner + q];
        dst = accumulate ? static_cast<T>(dst + x) : x;
      }
    }
  });
  return self;
}

Tensor index_put(const Tensor &self,
                 std::span<const std::optional<Tensor>> indices,
                 const Tensor &values, bool accumulate) {
  Tensor out = self.clone();
  return index_put_(out, indices, values, accumulate);
}

//===--- Masks ------------------------------------------------------------===//

Tensor &masked_fill_(Tensor &self, const Tensor &mask, Scalar value) {
  constexpr std::string_view op = "aten::masked_fill_";
  Tensor m = boolMask(op, mask);
  auto shape = broadcastShapes(op, {self.sizes(), m.sizes()});
  KILN_USER_CHECK(shape == self.sizes(), op, ": mask of shape ",
                  m.shapeString(), " cannot be broadcast to self of shape ",
                  self.shapeString());
  checkNoInternalOverlap(op, self);
  dispatchAll(self.dtype(), op, [&]<typename T>() {
    T v = scalarAs<T>(op, value);
    Tensor out = atLeast1d(self);
    mapInto<T, T, bool>(
        out, [v](T x, bool set) { return set ? v : x; }, out, atLeast1d(m));
  });
  return self;
}

Tensor &masked_fill_(Tensor &self, const Tensor &mask, const Tensor &value) {
  KILN_USER_CHECK(value.dim() == 0,
                  "aten::masked_fill_: only supports a 0-dimensional value "
                  "tensor, but got tensor with ",
                  value.dim(), " dimension(s).");
  return masked_fill_(self, mask, value.item());
}

Tensor masked_fill(const Tensor &self, const Tensor &mask, Scalar value) {
  auto shape =
      broadcastShapes("aten::masked_fill", {self.sizes(), mask.sizes()});
  Tensor out = expand(self, shape).clone();
  return masked_fill_(out, mask, value);
}

Tensor masked_fill(const Tensor &self, const Tensor &mask,
                   const Tensor &value) {
  auto shape =
      broadcastShapes("aten::masked_fill", {self.sizes(), mask.sizes()});
  Tensor out = expand(self, shape).clone();
  return masked_fill_(out, mask, value);
}

Tensor masked_select(const Tensor &self, const Tensor &mask) {
  constexpr std::string_view op = "aten::masked_select";
  Tensor m = boolMask(op, mask);
  auto shape = broadcastShapes(op, {self.sizes(), m.sizes()});
  std::array<std::vector<int64_t>, 2> strides = {broadcastStrides(self, shape),
                                                 broadcastStrides(m, shape)};
  const bool *set = m.data<bool>();
  return dispatchAll(self.dtype(), op, [&]<typename T>() {
    const T *s = self.data<T>();
    std::vector<T> picked;
    strided::forEachOffset<2>(shape, strides, /*parallel=*/false,
                              [&](const std::array<int64_t, 2> &at) {
                                if (set[at[1]])
                                  picked.push_back(s[at[0]]);
                              });
    return Tensor::fromVector(picked, {static_cast<int64_t>(picked.size())});
  });
}

Tensor &masked_scatter_(Tensor &self, const Tensor &mask,
                        const Tensor &source) {
  constexpr std::string_view op = "aten::masked_scatter_";
  Tensor m = boolMask(op, mask);
  KILN_USER_CHECK(source.dtype() == self.dtype(), op,
                  ": expected self and source to have same dtypes but got ",
                  scalarTypeName(self.dtype()), " and ",
                  scalarTypeName(source.dtype()));
  auto shape = broadcastShapes(op, {self.sizes(), m.sizes()});
  KILN_USER_CHECK(shape == self.sizes(), op, ": mask of shape ",
                  m.shapeString(), " cannot be broadcast to self of shape ",
                  self.shapeString());
  checkNoInternalOverlap(op, self);
  Tensor src = source.contiguous();
  std::array<std::vector<int64_t>, 2> strides = {
      self.strides(), broadcastStrides(m, self.sizes())};
  const bool *set = m.data<bool>();
  int64_t count = 0;
  strided::forEachOffset<2>(
      self.sizes(), strides, /*parallel=*/false,
      [&](const std::array<int64_t, 2> &at) { count += set[at[1]]; });
  KILN_USER_CHECK(count <= src.numel(), op, ": Number of elements of source (",
                  src.numel(), ") < number of ones in mask (", count, ")");
  dispatchAll(self.dtype(), op, [&]<typename T>() {
    T *s = self.data<T>();
    const T *from = src.data<T>();
    int64_t next = 0;
    strided::forEachOffset<2>(self.sizes(), strides, /*parallel=*/false,
                              [&](const std::array<int64_t, 2> &at) {
                                if (set[at[1]])
                                  s[at[0]] = from[next++];
                              });
  });
  return self;
}

Tensor masked_scatter(const Tensor &self, const Tensor &mask,
                      const Tensor &source) {
  auto shape =
      broadcastShapes("aten::masked_scatter", {self.sizes(), mask.sizes()});
  Tensor out = expand(self, shape).clone();
  return masked_scatter_(out, mask, source);
}

//===--- embedding --------------------------------------------------------===//

Tensor embedding(const Tensor &weight, const Tensor &indices,
                 int64_t paddingIdx, bool scaleGradByFreq, bool sparse) {
  constexpr std::string_view op = "aten::embedding";
  (void)paddingIdx; // only the gradient skips the padding row
  KILN_USER_CHECK(!scaleGradByFreq && !sparse, op,
                  ": scale_grad_by_freq and sparse must be False");
  KILN_USER_CHECK(weight.dim() == 2, op, ": 'weight' must be 2-D, got ",
                  weight.describe());
  KILN_USER_CHECK(indices.dtype() == ScalarType::Long ||
                      indices.dtype() == ScalarType::Int,
                  op,
                  ": Expected tensor for argument 'indices' to have one "
                  "of the following scalar types: Long, Int; but got ",
                  indices.describe());
  Tensor flat =
      convert(reshape(indices, std::vector<int64_t>{-1}), ScalarType::Long);
  int64_t count = weight.sizes()[0];
  for (int64_t i = 0; i < flat.numel(); ++i) {
    int64_t id = flat.item(i).toInt();
    KILN_USER_CHECK(id >= 0 && id < count, op, ": index ", id,
                    " out of range for a weight of ", count, " rows");
  }
  Tensor rows = index_select(weight, 0, flat);
  std::vector<int64_t> shape = indices.sizes();
  shape.push_back(weight.sizes()[1]);
  return view(rows, shape);
}

} // namespace kiln::ops
