//===- NNArguments.h - Checking the size arguments of NN ops ---*- C++ -*-===//
//
// Convolution and pooling take per-dimension lists (`int[2] stride`) that a
// script may also give as one value for every dimension; TorchScript passes
// a list of one element then. Sizes computed from such arguments use
// checked arithmetic.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_NNARGUMENTS_H
#define KILN_RUNTIME_TENSOR_OPS_NNARGUMENTS_H

#include "runtime/tensor/Tensor.h"
#include "support/Error.h"

#include <initializer_list>
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

/// Sums and products of sizes and size arguments, which a script may make
/// as large as it likes: a UserError naming `op` when they overflow.
inline int64_t checkedSum(std::string_view op,
                          std::initializer_list<int64_t> terms) {
  int64_t sum = 0;
  for (int64_t t : terms)
    KILN_USER_CHECK(!__builtin_add_overflow(sum, t, &sum), op,
                    ": size arithmetic overflows");
  return sum;
}

inline int64_t checkedProduct(std::string_view op, int64_t a, int64_t b) {
  int64_t product;
  KILN_USER_CHECK(!__builtin_mul_overflow(a, b, &product), op,
                  ": size arithmetic overflows (", a, " * ", b, ")");
  return product;
}

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_NNARGUMENTS_H
