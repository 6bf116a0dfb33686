//===- Softmax.cpp - Normalizing exponentials along a dimension -----------===//
#include "runtime/tensor/ops/Softmax.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Reduction.h"
#include "runtime/tensor/ops/ReduceAlongDim.h"

#include <cmath>
#include <limits>

namespace kiln::ops {

namespace {

Tensor softmaxAlongDim(std::string_view op, const Tensor &self, int64_t dim,
                       std::optional<ScalarType> dtype, bool logarithm) {
  int64_t d = normalizeDim(op, dim, self.dim());
  ScalarType outType = dtype.value_or(self.dtype());
  Tensor in = atLeast1d(convertTo(self, outType));
  Tensor out = Tensor::empty(self.sizes(), outType);
  Tensor out1d = atLeast1d(out);
  int64_t n = in.sizes()[d];
  int64_t inStride = in.strides()[d], outStride = out1d.strides()[d];
  dispatchFloating(outType, op, [&]<typename T>() {
    const T *base = in.data<T>();
    T *result = out1d.data<T>();
    forEachLane(laneCount(in, d), n, [&](int64_t lane) {
      const T *x = base + laneOffset(in, d, lane);
      T *y = result + laneOffset(out1d, d, lane);
      // Subtracting the maximum keeps exp() from overflowing. An infinite
      // maximum gives inf - inf = NaN, as in PyTorch.
      double max = -std::numeric_limits<double>::infinity();
      for (int64_t i = 0; i < n; ++i)
        max = std::max<double>(max, x[i * inStride]);
      double sum = 0;
      for (int64_t i = 0; i < n; ++i)
        sum += std::exp(x[i * inStride] - max);
      double logSum = std::log(sum);
      for (int64_t i = 0; i < n; ++i) {
        double shifted = x[i * inStride] - max;
        y[i * outStride] = static_cast<T>(logarithm ? shifted - logSum
                                                    : std::exp(shifted) / sum);
      }
    });
  });
  return out;
}

} // namespace

Tensor softmax(const Tensor &self, int64_t dim,
               std::optional<ScalarType> dtype) {
  return softmaxAlongDim("aten::softmax", self, dim, dtype,
                         /*logarithm=*/false);
}

Tensor log_softmax(const Tensor &self, int64_t dim,
                   std::optional<ScalarType> dtype) {
  return softmaxAlongDim("aten::log_softmax", self, dim, dtype,
                         /*logarithm=*/true);
}

} // namespace kiln::ops
