//===- Comparison.h - Comparisons, logic, bits, min/max, where --*- C++ -*-===//
//
// Part of the pointwise family (see Pointwise.h). Comparisons compute in the
// promoted dtype and give bool tensors; logical ops read any dtype as
// `!= 0`; bitwise ops and shifts take integer (and, but for shifts, bool)
// tensors only. maximum, minimum and clamp propagate NaN.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_COMPARISON_H
#define KILN_RUNTIME_TENSOR_OPS_COMPARISON_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <vector>

namespace kiln::ops {

//===--- Comparisons ------------------------------------------------------===//
Tensor eq(const Tensor &self, const Tensor &other);
Tensor eq(const Tensor &self, Scalar other);
Tensor &eq_(Tensor &self, const Tensor &other);
Tensor &eq_(Tensor &self, Scalar other);
Tensor ne(const Tensor &self, const Tensor &other);
Tensor ne(const Tensor &self, Scalar other);
Tensor &ne_(Tensor &self, const Tensor &other);
Tensor &ne_(Tensor &self, Scalar other);
Tensor lt(const Tensor &self, const Tensor &other);
Tensor lt(const Tensor &self, Scalar other);
Tensor &lt_(Tensor &self, const Tensor &other);
Tensor &lt_(Tensor &self, Scalar other);
Tensor le(const Tensor &self, const Tensor &other);
Tensor le(const Tensor &self, Scalar other);
Tensor &le_(Tensor &self, const Tensor &other);
Tensor &le_(Tensor &self, Scalar other);
Tensor gt(const Tensor &self, const Tensor &other);
Tensor gt(const Tensor &self, Scalar other);
Tensor &gt_(Tensor &self, const Tensor &other);
Tensor &gt_(Tensor &self, Scalar other);
Tensor ge(const Tensor &self, const Tensor &other);
Tensor ge(const Tensor &self, Scalar other);
Tensor &ge_(Tensor &self, const Tensor &other);
Tensor &ge_(Tensor &self, Scalar other);

//===--- Logical ops (bool results) ---------------------------------------===//
Tensor logical_and(const Tensor &self, const Tensor &other);
Tensor &logical_and_(Tensor &self, const Tensor &other);
Tensor logical_or(const Tensor &self, const Tensor &other);
Tensor &logical_or_(Tensor &self, const Tensor &other);
Tensor logical_xor(const Tensor &self, const Tensor &other);
Tensor &logical_xor_(Tensor &self, const Tensor &other);
Tensor logical_not(const Tensor &self);
Tensor &logical_not_(Tensor &self);

//===--- Bitwise ops (integers and bool) ----------------------------------===//
Tensor bitwise_and(const Tensor &self, const Tensor &other);
Tensor bitwise_and(const Tensor &self, Scalar other);
Tensor bitwise_and(Scalar self, const Tensor &other);
Tensor &bitwise_and_(Tensor &self, const Tensor &other);
Tensor &bitwise_and_(Tensor &self, Scalar other);
Tensor bitwise_or(const Tensor &self, const Tensor &other);
Tensor bitwise_or(const Tensor &self, Scalar other);
Tensor bitwise_or(Scalar self, const Tensor &other);
Tensor &bitwise_or_(Tensor &self, const Tensor &other);
Tensor &bitwise_or_(Tensor &self, Scalar other);
Tensor bitwise_xor(const Tensor &self, const Tensor &other);
Tensor bitwise_xor(const Tensor &self, Scalar other);
Tensor bitwise_xor(Scalar self, const Tensor &other);
Tensor &bitwise_xor_(Tensor &self, const Tensor &other);
Tensor &bitwise_xor_(Tensor &self, Scalar other);
Tensor bitwise_not(const Tensor &self);
Tensor &bitwise_not_(Tensor &self);
/// Shifts of integer tensors. A shift by a negative amount or by the bit
/// width or more gives 0 (or -1 for a right shift of a negative value).
Tensor bitwise_left_shift(const Tensor &self, const Tensor &other);
Tensor bitwise_left_shift(const Tensor &self, Scalar other);
Tensor bitwise_left_shift(Scalar self, const Tensor &other);
Tensor &bitwise_left_shift_(Tensor &self, const Tensor &other);
Tensor &bitwise_left_shift_(Tensor &self, Scalar other);
Tensor bitwise_right_shift(const Tensor &self, const Tensor &other);
Tensor bitwise_right_shift(const Tensor &self, Scalar other);
Tensor bitwise_right_shift(Scalar self, const Tensor &other);
Tensor &bitwise_right_shift_(Tensor &self, const Tensor &other);
Tensor &bitwise_right_shift_(Tensor &self, Scalar other);

//===--- Minimum and maximum ----------------------------------------------===//
/// Elementwise max / min; NaN in either operand gives NaN.
Tensor maximum(const Tensor &self, const Tensor &other);
Tensor minimum(const Tensor &self, const Tensor &other);
/// Elementwise max / min ignoring NaN (NaN only where both are).
Tensor fmax(const Tensor &self, const Tensor &other);
Tensor fmin(const Tensor &self, const Tensor &other);

/// min(max(self, min), max) in the dtype self, min and max promote to; at
/// least one bound must be given. A NaN element stays NaN; a NaN bound gives
/// NaN when both bounds are given (PyTorch's rule).
Tensor clamp(const Tensor &self, std::optional<Scalar> min,
             std::optional<Scalar> max);
Tensor clamp(const Tensor &self, const std::optional<Tensor> &min,
             const std::optional<Tensor> &max);
Tensor &clamp_(Tensor &self, std::optional<Scalar> min,
               std::optional<Scalar> max);
Tensor &clamp_(Tensor &self, const std::optional<Tensor> &min,
               const std::optional<Tensor> &max);
Tensor clamp_min(const Tensor &self, Scalar min);
Tensor clamp_min(const Tensor &self, const Tensor &min);
Tensor &clamp_min_(Tensor &self, Scalar min);
Tensor &clamp_min_(Tensor &self, const Tensor &min);
Tensor clamp_max(const Tensor &self, Scalar max);
Tensor clamp_max(const Tensor &self, const Tensor &max);
Tensor &clamp_max_(Tensor &self, Scalar max);
Tensor &clamp_max_(Tensor &self, const Tensor &max);

//===--- where ------------------------------------------------------------===//
/// self where condition (bool, or deprecated uint8) holds, else other;
/// broadcast, in the dtype self and other promote to.
Tensor where(const Tensor &condition, const Tensor &self, const Tensor &other);
Tensor where(const Tensor &condition, Scalar self, const Tensor &other);
Tensor where(const Tensor &condition, const Tensor &self, Scalar other);
Tensor where(const Tensor &condition, Scalar self, Scalar other);
/// The indices of the nonzero elements, one int64 tensor per dimension
/// (nonzero(as_tuple=True)); a 0-d condition counts as 1-d.
std::vector<Tensor> where(const Tensor &condition);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_COMPARISON_H
