//===- Reduction.cpp - Reductions over dimensions -------------------------===//
#include "runtime/tensor/ops/Reduction.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Reduction.h"

namespace kiln::ops {

namespace {
/// The accumulator type: double for floating types, int64 for integers.
template <typename T>
using Accumulator =
    std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
} // namespace

Tensor sum(const Tensor &self, std::optional<ScalarType> dtype) {
  return sum(self, {}, /*keepdim=*/false, dtype);
}

Tensor sum(const Tensor &self, std::span<const int64_t> dims, bool keepdim,
           std::optional<ScalarType> dtype) {
  // Integers (and bools) sum to int64 unless a dtype is given, as in PyTorch.
  ScalarType outType =
      dtype ? *dtype
            : (isIntegralType(self.dtype(), true) ? ScalarType::Long
                                                  : self.dtype());
  Tensor in = self.to(outType);
  ReductionShape rs = reductionShape("aten::sum", in, dims, keepdim);
  Tensor out = Tensor::empty(rs.outSizes, outType);
  dispatchNumeric(outType, "aten::sum", [&]<typename T>() {
    using Acc = Accumulator<T>;
    reduceInto<Acc, T, T>(
        out, in, rs, [] { return Acc(0); },
        [](Acc &acc, T v, int64_t) { acc += static_cast<Acc>(v); },
        [](Acc acc, int64_t) { return static_cast<T>(acc); });
  });
  return out;
}

} // namespace kiln::ops
