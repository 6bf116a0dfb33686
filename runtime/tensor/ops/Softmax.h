//===- Softmax.h - Normalizing exponentials along a dimension ---*- C++ -*-===//
//
// aten::softmax / aten::log_softmax, computed stably: the lane's maximum is
// subtracted before exponentiating, in double. A `dtype` converts the input
// first; the computation needs a floating dtype.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_SOFTMAX_H
#define KILN_RUNTIME_TENSOR_OPS_SOFTMAX_H

#include "runtime/tensor/Tensor.h"

#include <optional>

namespace kiln::ops {

/// aten::softmax.int(Tensor self, int dim, ScalarType? dtype=None):
/// exp(x - max) / sum(exp(x - max)) along `dim`.
Tensor softmax(const Tensor &self, int64_t dim,
               std::optional<ScalarType> dtype = std::nullopt);
/// aten::log_softmax.int: x - max - log(sum(exp(x - max))) along `dim`.
Tensor log_softmax(const Tensor &self, int64_t dim,
                   std::optional<ScalarType> dtype = std::nullopt);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_SOFTMAX_H
