//===- Scatter.cpp - gather and the scatter family ------------------------===//
//
// The ops of Indexing.h that move elements along one dimension by an index
// tensor of the same rank: gather reads self[..., index[p], ...] into
// position p; scatter writes src[p] (or a value) to self[..., index[p],
// ...], combining with what is there by a reduction.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Reduction.h"
#include "runtime/tensor/ops/Indexing.h"
#include "runtime/tensor/ops/Shape.h"
#include "support/Error.h"

#include <cmath>
#include <limits>

namespace kiln::ops {

namespace {

// gather and scatter treat a 0-d tensor as a 1-d tensor of one element.
std::vector<int64_t> sizesAtLeast1d(const Tensor &t) {
  return t.dim() == 0 ? std::vector<int64_t>{1} : t.sizes();
}
std::vector<int64_t> stridesAtLeast1d(const Tensor &t) {
  return t.dim() == 0 ? std::vector<int64_t>{0} : t.strides();
}

/// Checks that index is int64 and its values lie in [0, size).
void checkIndexValues(std::string_view op, const Tensor &index, int64_t dim,
                      int64_t size) {
  KILN_USER_CHECK(index.dtype() == ScalarType::Long, op,
                  ": Expected dtype int64 for index, got ", index.describe());
  Tensor flat = index.contiguous();
  const int64_t *v = flat.data<int64_t>();
  for (int64_t i = 0; i < flat.numel(); ++i)
    KILN_USER_CHECK(v[i] >= 0 && v[i] < size, op, ": index ", v[i],
                    " is out of bounds for dimension ", dim, " with size ",
                    size);
}

/// scatter's shape rule: index no larger than self (except along `dim`)
/// and than src.
void checkScatterShapes(std::string_view op, const Tensor &self, int64_t dim,
                        const Tensor &index, const Tensor *src) {
  if (index.numel() == 0)
    return;
  auto indexSizes = sizesAtLeast1d(index), selfSizes = sizesAtLeast1d(self);
  KILN_USER_CHECK(indexSizes.size() == selfSizes.size(), op,
                  ": Index tensor must have the same number of dimensions "
                  "as self tensor (index ",
                  index.shapeString(), ", self ", self.shapeString(), ")");
  std::vector<int64_t> srcSizes;
  if (src) {
    srcSizes = sizesAtLeast1d(*src);
    KILN_USER_CHECK(indexSizes.size() == srcSizes.size(), op,
                    ": Index tensor must have the same number of dimensions "
                    "as src tensor (index ",
                    index.shapeString(), ", src ", src->shapeString(), ")");
  }
  for (size_t d = 0; d < indexSizes.size(); ++d) {
    bool fits =
        (static_cast<int64_t>(d) == dim || indexSizes[d] <= selfSizes[d]) &&
        (!src || indexSizes[d] <= srcSizes[d]);
    KILN_USER_CHECK(fits, op, ": Expected index ", index.shapeString(),
                    " to be smaller than self ", self.shapeString(),
                    " apart from dimension ", dim,
                    src ? " and to be smaller size than src " : "",
                    src ? src->shapeString() : "");
  }
}

/// The value a reduction starts from when it does not include self.
template <typename T> T reductionIdentity(ScatterReduce reduce) {
  using Limits = std::numeric_limits<T>;
  switch (reduce) {
  case ScatterReduce::Prod:
    return T(1);
  case ScatterReduce::Amax:
    return Limits::has_infinity ? -Limits::infinity() : Limits::lowest();
  case ScatterReduce::Amin:
    return Limits::has_infinity ? Limits::infinity() : Limits::max();
  default:
    return T(0);
  }
}

template <typename T> void combine(T &dst, T v, ScatterReduce reduce) {
  auto isNan = [](T x) {
    if constexpr (std::is_floating_point_v<T>)
      return std::isnan(x);
    else
      return false;
  };
  switch (reduce) {
  case ScatterReduce::None:
    dst = v;
    break;
  case ScatterReduce::Sum:
  case ScatterReduce::Mean:
    dst = static_cast<T>(dst + v);
    break;
  case ScatterReduce::Prod:
    dst = static_cast<T>(dst * v);
    break;
  case ScatterReduce::Amax: // NaN propagates
    if (isNan(v) || v > dst)
      dst = v;
    break;
  case ScatterReduce::Amin:
    if (isNan(v) || v < dst)
      dst = v;
    break;
  }
}

/// A copy of self with src (or `value`, when src is null) scattered in.
Tensor scatterCopy(std::string_view op, const Tensor &self, int64_t dim,
                   const Tensor &index, const Tensor *src,
                   std::optional<Scalar> value, ScatterReduce reduce,
                   bool includeSelf) {
  KILN_USER_CHECK(index.dtype() == ScalarType::Long, op,
                  ": Expected dtype int64 for index, got ", index.describe());
  KILN_USER_CHECK(!src || src->dtype() == self.dtype(), op,
                  ": Expected self.dtype to be equal to src.dtype (self ",
                  self.describe(), ", src ", src ? src->describe() : "", ")");
  KILN_USER_CHECK(reduce != ScatterReduce::Mean ||
                      self.dtype() != ScalarType::Bool,
                  op, ": reduce='mean' is not supported for Bool tensors");
  int64_t d = normalizeDim(op, dim, self.dim());
  checkScatterShapes(op, self, d, index, src);
  Tensor out = self.clone(); // contiguous: offsets are element numbers
  if (index.numel() == 0)
    return out;
  checkIndexValues(op, index, dim, sizesAtLeast1d(self)[d]);

  std::vector<int64_t> outStrides = stridesAtLeast1d(out);
  int64_t stepD = outStrides[d];
  outStrides[d] = 0;
  auto shape = sizesAtLeast1d(index);
  std::array<std::vector<int64_t>, 3> strides = {
      outStrides, stridesAtLeast1d(index),
      src ? stridesAtLeast1d(*src) : std::vector<int64_t>(shape.size(), 0)};
  dispatchAll(self.dtype(), op, [&]<typename T>() {
    T *o = out.data<T>();
    const int64_t *ix = index.data<int64_t>();
    T constant = value ? scalarAs<T>(op, *value) : T();
    const T *from = src ? src->data<T>() : &constant;
    auto target = [&](const std::array<int64_t, 3> &at) {
      return at[0] + ix[at[1]] * stepD;
    };
    // In order: repeated indices combine deterministically.
    if (!includeSelf)
      strided::forEachOffset<3>(shape, strides, /*parallel=*/false,
                                [&](const std::array<int64_t, 3> &at) {
                                  o[target(at)] = reductionIdentity<T>(reduce);
                                });
    std::vector<int64_t> counts;
    if (reduce == ScatterReduce::Mean)
      counts.assign(out.numel(), includeSelf ? 1 : 0);
    strided::forEachOffset<3>(shape, strides, /*parallel=*/false,
                              [&](const std::array<int64_t, 3> &at) {
                                int64_t t = target(at);
                                combine(o[t], from[at[2]], reduce);
                                if (!counts.empty())
                                  ++counts[t];
                              });
    if constexpr (!std::is_same_v<T, bool>) {
      for (size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] == 0)
          continue;
        // Integer means round down, as PyTorch's floor division.
        if constexpr (std::is_floating_point_v<T>)
          o[i] = static_cast<T>(o[i] / static_cast<T>(counts[i]));
        else
          o[i] =
              static_cast<T>(std::floor(static_cast<double>(o[i]) / counts[i]));
      }
    }
  });
  return out;
}

Tensor &writeBack(std::string_view op, Tensor &self, const Tensor &result) {
  checkNoInternalOverlap(op, self);
  copyElements(self, result);
  return self;
}

} // namespace

Tensor gather(const Tensor &self, int64_t dim, const Tensor &index) {
  constexpr std::string_view op = "aten::gather";
  KILN_USER_CHECK(index.dtype() == ScalarType::Long, op,
                  ": Expected dtype int64 for index, got ", index.describe());
  int64_t d = normalizeDim(op, dim, self.dim());
  auto indexSizes = sizesAtLeast1d(index), selfSizes = sizesAtLeast1d(self);
  KILN_USER_CHECK(indexSizes.size() == selfSizes.size(), op,
                  ": Index tensor must have the same number of dimensions "
                  "as input tensor (index ",
                  index.shapeString(), ", self ", self.shapeString(), ")");
  for (size_t k = 0; k < indexSizes.size(); ++k)
    KILN_USER_CHECK(
        static_cast<int64_t>(k) == d || indexSizes[k] <= selfSizes[k], op,
        ": Size does not match at dimension ", k, " expected index ",
        index.shapeString(), " to be smaller than self ", self.shapeString(),
        " apart from dimension ", dim);
  checkIndexValues(op, index, dim, selfSizes[d]);
  Tensor out = Tensor::empty(index.sizes(), self.dtype());
  std::vector<int64_t> selfStrides = stridesAtLeast1d(self);
  int64_t stepD = selfStrides[d];
  selfStrides[d] = 0;
  std::array<std::vector<int64_t>, 3> strides = {
      stridesAtLeast1d(out), stridesAtLeast1d(index), selfStrides};
  dispatchAll(self.dtype(), op, [&]<typename T>() {
    T *o = out.data<T>();
    const T *s = self.data<T>();
    const int64_t *ix = index.data<int64_t>();
    strided::forEachOffset<3>(indexSizes, strides, /*parallel=*/true,
                              [&](const std::array<int64_t, 3> &at) {
                                o[at[0]] = s[at[2] + ix[at[1]] * stepD];
                              });
  });
  return out;
}

ScatterReduce scatterReduceFromName(std::string_view op,
                                    std::string_view name) {
  if (name == "add")
    return ScatterReduce::Sum;
  if (name == "multiply")
    return ScatterReduce::Prod;
  throw UserError(detail::concat(
      op, ": reduce argument must be either add or multiply, got '", name,
      "'"));
}

ScatterReduce scatterReduceTwoFromName(std::string_view op,
                                       std::string_view name) {
  if (name == "sum")
    return ScatterReduce::Sum;
  if (name == "prod")
    return ScatterReduce::Prod;
  if (name == "mean")
    return ScatterReduce::Mean;
  if (name == "amax")
    return ScatterReduce::Amax;
  if (name == "amin")
    return ScatterReduce::Amin;
  throw UserError(detail::concat(op,
                                 ": reduce argument must be either sum, "
                                 "prod, mean, amax or amin, got '",
                                 name, "'"));
}

Tensor scatter(const Tensor &self, int64_t dim, const Tensor &index,
               const Tensor &src, ScatterReduce reduce) {
  return scatterCopy("aten::scatter", self, dim, index, &src, std::nullopt,
                     reduce, true);
}

Tensor scatter(const Tensor &self, int64_t dim, const Tensor &index,
               Scalar value, ScatterReduce reduce) {
  return scatterCopy("aten::scatter", self, dim, index, nullptr, value, reduce,
                     true);
}

Tensor &scatter_(Tensor &self, int64_t dim, const Tensor &index,
                 const Tensor &src, ScatterReduce reduce) {
  constexpr std::string_view op = "aten::scatter_";
  return writeBack(
      op, self,
      scatterCopy(op, self, dim, index, &src, std::nullopt, reduce, true));
}

Tensor &scatter_(Tensor &self, int64_t dim, const Tensor &index, Scalar value,
                 ScatterReduce reduce) {
  constexpr std::string_view op = "aten::scatter_";
  return writeBack(
      op, self,
      scatterCopy(op, self, dim, index, nullptr, value, reduce, true));
}

Tensor scatter_add(const Tensor &self, int64_t dim, const Tensor &index,
                   const Tensor &src) {
  return scatterCopy("aten::scatter_add", self, dim, index, &src, std::nullopt,
                     ScatterReduce::Sum, true);
}

Tensor &scatter_add_(Tensor &self, int64_t dim, const Tensor &index,
                     const Tensor &src) {
  constexpr std::string_view op = "aten::scatter_add_";
  return writeBack(op, self,
                   scatterCopy(op, self, dim, index, &src, std::nullopt,
                               ScatterReduce::Sum, true));
}

Tensor scatter_reduce(const Tensor &self, int64_t dim, const Tensor &index,
                      const Tensor &src, ScatterReduce reduce,
                      bool includeSelf) {
  return scatterCopy("aten::scatter_reduce", self, dim, index, &src,
                     std::nullopt, reduce, includeSelf);
}

Tensor &scatter_reduce_(Tensor &self, int64_t dim, const Tensor &index,
                        const Tensor &src, ScatterReduce reduce,
                        bool includeSelf) {
  constexpr std::string_view op = "aten::scatter_reduce_";
  return writeBack(op, self,
                   scatterCopy(op, self, dim, index, &src, std::nullopt, reduce,
                               includeSelf));
}

} // namespace kiln::ops
