//===- Scan.h - Cumulative sums and products --------------------*- C++ -*-===//
//
// aten::cumsum / aten::cumprod and their in-place forms. Integer and bool
// inputs scan in int64 unless a dtype is given; floats accumulate in double,
// as ATen's CPU kernels do.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_SCAN_H
#define KILN_RUNTIME_TENSOR_OPS_SCAN_H

#include "runtime/tensor/Tensor.h"

#include <optional>

namespace kiln::ops {

/// aten::cumsum(Tensor self, int dim, *, ScalarType? dtype=None)
Tensor cumsum(const Tensor &self, int64_t dim,
              std::optional<ScalarType> dtype = std::nullopt);
/// aten::cumprod
Tensor cumprod(const Tensor &self, int64_t dim,
               std::optional<ScalarType> dtype = std::nullopt);
/// aten::cumsum_ / aten::cumprod_: scan in self's dtype (a `dtype` must
/// equal it) and write the result into self.
Tensor &cumsum_(Tensor &self, int64_t dim,
                std::optional<ScalarType> dtype = std::nullopt);
Tensor &cumprod_(Tensor &self, int64_t dim,
                 std::optional<ScalarType> dtype = std::nullopt);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_SCAN_H
