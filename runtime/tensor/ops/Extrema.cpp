//===- Extrema.cpp - Maxima, minima, their indices, medians ---------------===//
#include "runtime/tensor/ops/Extrema.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"
#include "runtime/tensor/Reduction.h"
#include "runtime/tensor/ops/ReduceAlongDim.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace kiln::ops {

namespace {

enum class Extremum { Max, Min };

template <typename T> bool isNaN(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return std::isnan(v);
  else
    return false;
}

/// Whether `v` replaces `best` as the running extremum: a NaN replaces
/// anything and is never replaced; a tie keeps the earlier element.
template <Extremum E, typename T> bool replaces(T v, T best) {
  if (isNaN(best))
    return false;
  if (isNaN(v))
    return true;
  return E == Extremum::Max ? v > best : v < best;
}

/// The value every element replaces or ties with.
template <Extremum E, typename T> T worstValue() {
  if constexpr (std::is_floating_point_v<T>)
    return E == Extremum::Max ? -std::numeric_limits<T>::infinity()
                              : std::numeric_limits<T>::infinity();
  else
    return E == Extremum::Max ? std::numeric_limits<T>::lowest()
                              : std::numeric_limits<T>::max();
}

/// amax / amin over dims (empty: all), under the name `op`.
template <Extremum E>
Tensor extremumOver(std::string_view op, const Tensor &self,
                    std::span<const int64_t> dims, bool keepdim) {
  ReductionShape rs = reductionShape(op, self, dims, keepdim);
  checkReducedDimsNonEmpty(op, self, normalizeDims(op, dims, self.dim()));
  Tensor out = Tensor::empty(rs.outSizes, self.dtype());
  dispatchAll(self.dtype(), op, [&]<typename T>() {
    reduceInto<T, T, T>(
        out, self, rs, [] { return worstValue<E, T>(); },
        [](T &acc, T v, int64_t) {
          if (replaces<E>(v, acc))
            acc = v;
        },
        [](T acc, int64_t) { return acc; });
  });
  return out;
}

/// The index of the extremum of the lane x[0], x[stride], ... (n > 0).
template <Extremum E, typename T>
int64_t extremumIndex(const T *x, int64_t stride, int64_t n) {
  int64_t best = 0;
  for (int64_t i = 1; i < n; ++i)
    if (replaces<E>(x[i * stride], x[best * stride]))
      best = i;
  return best;
}

/// The index of the lower median of the lane: the element of rank
/// (n - 1) / 2 in the order (value, index), so that equal values rank as in
/// a stable sort. Without `ignoreNaN` the first NaN is the median; with it,
/// NaNs rank last and are not counted. The comparisons are ATen's, so that
/// std::nth_element picks the same one of several NaNs in an all-NaN lane.
template <typename T>
int64_t medianIndex(const T *x, int64_t stride, int64_t n, bool ignoreNaN) {
  int64_t nans = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (!isNaN(x[i * stride]))
      continue;
    if (!ignoreNaN)
      return i;
    ++nans;
  }
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  int64_t rank = (n - nans - 1) / 2; // 0 when all are NaN
  auto before = [&](int64_t i, int64_t j) {
    T a = x[i * stride], b = x[j * stride];
    return a < b || (a == b && i < j) || (isNaN(b) && !isNaN(a));
  };
  std::nth_element(order.begin(), order.begin() + rank, order.end(), before);
  return order[rank];
}

/// For each lane of `self` along `dim`, pick(x, stride, n) chooses an
/// element: returns (its values, its indices) with the reduced dimension
/// kept as size 1 when `keepdim`.
template <typename T, typename Pick>
std::tuple<Tensor, Tensor> selectAlongDim(std::string_view op,
                                          const Tensor &self, int64_t dim,
                                          bool keepdim, const Pick &pick) {
  int64_t d = normalizeDim(op, dim, self.dim());
  checkReducedDimsNonEmpty(op, self, std::span<const int64_t>(&d, 1));
  Tensor in = atLeast1d(self);
  std::vector<int64_t> sizes = in.sizes();
  sizes[d] = 1;
  Tensor values = Tensor::empty(sizes, self.dtype());
  Tensor indices = Tensor::empty(sizes, ScalarType::Long);
  int64_t n = in.sizes()[d], stride = in.strides()[d];
  const T *base = in.data<T>();
  T *valueData = values.data<T>();
  int64_t *indexData = indices.data<int64_t>();
  // The keepdim results are contiguous, so lane k is their element k.
  forEachLane(laneCount(in, d), n, [&](int64_t lane) {
    const T *x = base + laneOffset(in, d, lane);
    int64_t i = pick(x, stride, n);
    valueData[lane] = x[i * stride];
    indexData[lane] = i;
  });
  if (self.dim() == 0)
    return {reshapeContiguous(values, {}), reshapeContiguous(indices, {})};
  if (!keepdim)
    return {squeezeDim(values, d), squeezeDim(indices, d)};
  return {values, indices};
}

/// `self` as a contiguous 1-d tensor.
Tensor flatten(const Tensor &self) {
  return reshapeContiguous(self.contiguous(), {self.numel()});
}

template <Extremum E>
std::tuple<Tensor, Tensor> extremumAlongDim(std::string_view op,
                                            const Tensor &self, int64_t dim,
                                            bool keepdim) {
  return dispatchAll(self.dtype(), op, [&]<typename T>() {
    return selectAlongDim<T>(op, self, dim, keepdim, extremumIndex<E, T>);
  });
}

template <Extremum E>
Tensor extremumIndexOf(std::string_view op, const Tensor &self,
                       std::optional<int64_t> dim, bool keepdim) {
  if (dim) {
    return dispatchNumeric(self.dtype(), op, [&]<typename T>() {
      return std::get<1>(
          selectAlongDim<T>(op, self, *dim, keepdim, extremumIndex<E, T>));
    });
  }
  KILN_USER_CHECK(self.numel() > 0, op, ": cannot take the index of an ",
                  "empty tensor ", self.describe(), "; specify a dim");
  Tensor flat = dispatchNumeric(self.dtype(), op, [&]<typename T>() {
    return std::get<1>(selectAlongDim<T>(op, flatten(self), 0,
                                         /*keepdim=*/false,
                                         extremumIndex<E, T>));
  });
  if (!keepdim)
    return flat;
  return reshapeContiguous(flat, std::vector<int64_t>(self.dim(), 1));
}

template <Extremum E>
Tensor elementwiseExtremum(std::string_view op, const Tensor &a,
                           const Tensor &b) {
  ScalarType t = resultType({a, b});
  auto shape = broadcastShapes(op, {a.sizes(), b.sizes()});
  // Two 0-d operands are mapped as shape [1] (see convertTo).
  Tensor out =
      Tensor::empty(shape.empty() ? std::vector<int64_t>{1} : shape, t);
  Tensor ca = convertTo(a, t), cb = convertTo(b, t);
  dispatchAll(t, op, [&]<typename T>() {
    mapInto<T, T, T>(
        out, [](T x, T y) { return replaces<E>(y, x) ? y : x; }, ca, cb);
  });
  return reshapeContiguous(out, shape);
}

Tensor medianOfAll(std::string_view op, const Tensor &self, bool ignoreNaN) {
  if (self.numel() == 0) {
    // PyTorch 1.13 answers NaN for floats (and garbage for integers).
    KILN_USER_CHECK(isFloatingType(self.dtype()), op,
                    ": the median of an empty ", self.describe(),
                    " is undefined");
    return Tensor::full({}, std::numeric_limits<double>::quiet_NaN(),
                        self.dtype());
  }
  return dispatchNumeric(self.dtype(), op, [&]<typename T>() {
    return std::get<0>(
        selectAlongDim<T>(op, flatten(self), 0, /*keepdim=*/false,
                          [=](const T *x, int64_t stride, int64_t n) {
                            return medianIndex(x, stride, n, ignoreNaN);
                          }));
  });
}

std::tuple<Tensor, Tensor> medianAlongDim(std::string_view op,
                                          const Tensor &self, int64_t dim,
                                          bool keepdim, bool ignoreNaN) {
  return dispatchNumeric(self.dtype(), op, [&]<typename T>() {
    return selectAlongDim<T>(op, self, dim, keepdim,
                             [=](const T *x, int64_t stride, int64_t n) {
                               return medianIndex(x, stride, n, ignoreNaN);
                             });
  });
}

} // namespace

Tensor amax(const Tensor &self, std::span<const int64_t> dims, bool keepdim) {
  return extremumOver<Extremum::Max>("aten::amax", self, dims, keepdim);
}

Tensor amin(const Tensor &self, std::span<const int64_t> dims, bool keepdim) {
  return extremumOver<Extremum::Min>("aten::amin", self, dims, keepdim);
}

Tensor max(const Tensor &self) {
  KILN_USER_CHECK(self.numel() > 0,
                  "aten::max: cannot take the maximum of an empty tensor ",
                  self.describe(), "; specify a dim");
  return extremumOver<Extremum::Max>("aten::max", self, {}, false);
}

std::tuple<Tensor, Tensor> max(const Tensor &self, int64_t dim, bool keepdim) {
  return extremumAlongDim<Extremum::Max>("aten::max", self, dim, keepdim);
}

Tensor max(const Tensor &self, const Tensor &other) {
  return elementwiseExtremum<Extremum::Max>("aten::max", self, other);
}

Tensor min(const Tensor &self) {
  KILN_USER_CHECK(self.numel() > 0,
                  "aten::min: cannot take the minimum of an empty tensor ",
                  self.describe(), "; specify a dim");
  return extremumOver<Extremum::Min>("aten::min", self, {}, false);
}

std::tuple<Tensor, Tensor> min(const Tensor &self, int64_t dim, bool keepdim) {
  return extremumAlongDim<Extremum::Min>("aten::min", self, dim, keepdim);
}

Tensor min(const Tensor &self, const Tensor &other) {
  return elementwiseExtremum<Extremum::Min>("aten::min", self, other);
}

Tensor argmax(const Tensor &self, std::optional<int64_t> dim, bool keepdim) {
  return extremumIndexOf<Extremum::Max>("aten::argmax", self, dim, keepdim);
}

Tensor argmin(const Tensor &self, std::optional<int64_t> dim, bool keepdim) {
  return extremumIndexOf<Extremum::Min>("aten::argmin", self, dim, keepdim);
}

std::tuple<Tensor, Tensor> aminmax(const Tensor &self,
                                   std::optional<int64_t> dim, bool keepdim) {
  const char *op = "aten::aminmax";
  if (!dim) {
    KILN_USER_CHECK(self.numel() > 0, op, ": cannot compute aminmax of an ",
                    "empty tensor ", self.describe(),
                    ": the operation has no identity");
    return {extremumOver<Extremum::Min>(op, self, {}, keepdim),
            extremumOver<Extremum::Max>(op, self, {}, keepdim)};
  }
  std::span<const int64_t> dims(&*dim, 1);
  Tensor lo = extremumOver<Extremum::Min>(op, self, dims, keepdim);
  Tensor hi = extremumOver<Extremum::Max>(op, self, dims, keepdim);
  // PyTorch 1.13 resizes the results of a 0-d input with keepdim to [1].
  if (self.dim() == 0 && keepdim)
    return {reshapeContiguous(lo, {1}), reshapeContiguous(hi, {1})};
  return {lo, hi};
}

Tensor median(const Tensor &self) {
  return medianOfAll("aten::median", self, /*ignoreNaN=*/false);
}

std::tuple<Tensor, Tensor> median(const Tensor &self, int64_t dim,
                                  bool keepdim) {
  return medianAlongDim("aten::median", self, dim, keepdim,
                        /*ignoreNaN=*/false);
}

Tensor nanmedian(const Tensor &self) {
  return medianOfAll("aten::nanmedian", self, /*ignoreNaN=*/true);
}

std::tuple<Tensor, Tensor> nanmedian(const Tensor &self, int64_t dim,
                                     bool keepdim) {
  return medianAlongDim("aten::nanmedian", self, dim, keepdim,
                        /*ignoreNaN=*/true);
}

} // namespace kiln::ops
