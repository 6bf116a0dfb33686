//===- Reduction.cpp - Kernels of the reductions --------------------------===//
#include "runtime/tensor/ops/Reduction.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"

namespace kiln {

void registerReductionKernels(KernelTable &t) {
  bind<[](const Tensor &self, std::optional<ScalarType> dtype) {
    return ops::sum(self, dtype);
  }>(t, OpId::aten_sum);
  bind<[](const Tensor &self, std::optional<std::vector<int64_t>> dim,
          bool keepdim, std::optional<ScalarType> dtype) {
    // dim=None (or []) sums over every dimension.
    std::vector<int64_t> dims = dim.value_or(std::vector<int64_t>{});
    return ops::sum(self, dims, keepdim, dtype);
  }>(t, OpId::aten_sum_dim_IntList);
}

} // namespace kiln
