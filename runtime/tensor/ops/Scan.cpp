//===- Scan.cpp - Cumulative sums and products ----------------------------===//
#include "runtime/tensor/ops/Scan.h"

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Reduction.h"
#include "runtime/tensor/ops/ReduceAlongDim.h"

namespace kiln::ops {

namespace {

enum class Scan { Sum, Product };

/// The running sum or product of `self` along `dim`, computed in and
/// returned as `outType`.
Tensor scan(std::string_view op, const Tensor &self, int64_t dim,
            ScalarType outType, Scan kind) {
  int64_t d = normalizeDim(op, dim, self.dim());
  Tensor in = atLeast1d(convertTo(self, outType));
  Tensor out = Tensor::empty(self.sizes(), outType);
  Tensor out1d = atLeast1d(out);
  int64_t n = in.sizes()[d];
  int64_t inStride = in.strides()[d], outStride = out1d.strides()[d];
  dispatchNumeric(outType, op, [&]<typename T>() {
    // double for floats; integers wrap around in uint64_t, as int64 does.
    using Acc =
        std::conditional_t<std::is_floating_point_v<T>, double, uint64_t>;
    const T *base = in.data<T>();
    T *result = out1d.data<T>();
    forEachLane(laneCount(in, d), n, [&](int64_t lane) {
      const T *x = base + laneOffset(in, d, lane);
      T *y = result + laneOffset(out1d, d, lane);
      Acc acc = kind == Scan::Sum ? Acc(0) : Acc(1);
      for (int64_t i = 0; i < n; ++i) {
        if (kind == Scan::Sum)
          acc += static_cast<Acc>(x[i * inStride]);
        else
          acc *= static_cast<Acc>(x[i * inStride]);
        if constexpr (std::is_floating_point_v<T>)
          y[i * outStride] = static_cast<T>(acc);
        else
          y[i * outStride] = static_cast<T>(static_cast<int64_t>(acc));
      }
    });
  });
  return out;
}

ScalarType scanResultType(const Tensor &self, std::optional<ScalarType> dtype) {
  if (dtype)
    return *dtype;
  return isIntegralType(self.dtype(), /*includeBool=*/true) ? ScalarType::Long
                                                            : self.dtype();
}

Tensor &scanInPlace(std::string_view op, Tensor &self, int64_t dim,
                    std::optional<ScalarType> dtype, Scan kind) {
  KILN_USER_CHECK(!dtype || *dtype == self.dtype(), op,
                  ": the dtype of an in-place scan must be self's dtype ",
                  scalarTypeName(self.dtype()), ", got ",
                  scalarTypeName(*dtype));
  // As shape [1]: see convertTo.
  copyInto(atLeast1d(self), atLeast1d(scan(op, self, dim, self.dtype(), kind)));
  return self;
}

} // namespace

Tensor cumsum(const Tensor &self, int64_t dim,
              std::optional<ScalarType> dtype) {
  return scan("aten::cumsum", self, dim, scanResultType(self, dtype),
              Scan::Sum);
}

Tensor cumprod(const Tensor &self, int64_t dim,
               std::optional<ScalarType> dtype) {
  return scan("aten::cumprod", self, dim, scanResultType(self, dtype),
              Scan::Product);
}

Tensor &cumsum_(Tensor &self, int64_t dim, std::optional<ScalarType> dtype) {
  return scanInPlace("aten::cumsum_", self, dim, dtype, Scan::Sum);
}

Tensor &cumprod_(Tensor &self, int64_t dim, std::optional<ScalarType> dtype) {
  return scanInPlace("aten::cumprod_", self, dim, dtype, Scan::Product);
}

} // namespace kiln::ops
