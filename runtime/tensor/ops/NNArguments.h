//===- NNArguments.h - Checking the int[N] arguments of NN ops -*- C++ -*-===//
//
// Convolution and pooling take per-dimension lists (`int[2] stride`) that a
// script may also give as one value for every dimension; TorchScript passes
// a list of one element then.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_NNARGUMENTS_H
#define KILN_RUNTIME_TENSOR_OPS_NNARGUMENTS_H

#include "runtime/tensor/Tensor.h"
#include "support/Error.h"

#include <span>
#include <string_view>
#include <vector>

namespace kiln::ops {

/// `values` for `n` dimensions: one value repeated, or exactly n values.
inline std::vector<int64_t> expandParam(std::string_view op,
                                        std::string_view name,
                                        std::span<const int64_t> values,
                                        int64_t n) {
  KILN_USER_CHECK(
      values.size() == 1 || static_cast<int64_t>(values.size()) == n, op,
      ": expected ", name, " to be a single integer value or a list of ", n,
      " values, but got ", name, "=", shapeString(values));
  if (values.size() == 1)
    return std::vector<int64_t>(n, values[0]);
  return std::vector<int64_t>(values.begin(), values.end());
}

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_NNARGUMENTS_H
