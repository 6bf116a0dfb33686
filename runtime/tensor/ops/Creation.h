//===- Creation.h - Tensor factories ----------------------------*- C++ -*-===//
//
// Reference kernels of the deterministic factories (zeros, ones, full,
// empty, the *_like and new_* variants, arange, linspace, eye,
// scalar_tensor, tensors from nested lists, one_hot) and the memory-format
// helpers the copying ops share. Names and semantics are ATen's; a dtype
// left unspecified is PyTorch's default (float32) unless PyTorch infers it
// from a value. The random factories are in Sampling.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_CREATION_H
#define KILN_RUNTIME_TENSOR_OPS_CREATION_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace kiln::ops {

/// c10::MemoryFormat, with PyTorch's codes.
enum class MemoryFormat : int64_t {
  Contiguous = 0,
  Preserve = 1,
  ChannelsLast = 2,
  ChannelsLast3d = 3,
};

/// The MemoryFormat with PyTorch's code `code` (UserError naming `op`
/// otherwise).
MemoryFormat memoryFormatFromCode(std::string_view op, int64_t code);

/// Row-major strides (Contiguous) or channels-last strides (rank 4 for
/// ChannelsLast, rank 5 for ChannelsLast3d; UserError otherwise) for
/// `sizes`.
std::vector<int64_t> stridesForFormat(std::string_view op,
                                      std::span<const int64_t> sizes,
                                      MemoryFormat format);

/// The elements of `t` cover a block of memory exactly once in some order
/// of its dimensions (c10's is_non_overlapping_and_dense).
bool isNonOverlappingAndDense(const Tensor &t);

/// Dense strides that lay out `t`'s dimensions in the order its strides
/// do (at::infer_dense_strides).
std::vector<int64_t> inferDenseStrides(const Tensor &t);

/// A new tensor with the given sizes and (dense) strides.
Tensor emptyStrided(std::span<const int64_t> sizes,
                    std::span<const int64_t> strides, ScalarType dtype);

/// A new tensor shaped like `self` (empty_like's layout rule): Preserve
/// (and nullopt) keep the strides of a non-overlapping dense `self` and
/// the dimension order of any other; other formats give their layout.
Tensor emptyLike(std::string_view op, const Tensor &self, ScalarType dtype,
                 std::optional<MemoryFormat> format);

Tensor zeros(std::span<const int64_t> size,
             std::optional<ScalarType> dtype = std::nullopt);
Tensor ones(std::span<const int64_t> size,
            std::optional<ScalarType> dtype = std::nullopt);
/// The dtype, when not given, is inferred from `value`: bool, int64 or
/// float32.
Tensor full(std::span<const int64_t> size, Scalar value,
            std::optional<ScalarType> dtype = std::nullopt);
Tensor empty(std::span<const int64_t> size,
             std::optional<ScalarType> dtype = std::nullopt,
             std::optional<MemoryFormat> format = std::nullopt);

Tensor zeros_like(const Tensor &self,
                  std::optional<ScalarType> dtype = std::nullopt,
                  std::optional<MemoryFormat> format = std::nullopt);
Tensor ones_like(const Tensor &self,
                 std::optional<ScalarType> dtype = std::nullopt,
                 std::optional<MemoryFormat> format = std::nullopt);
Tensor full_like(const Tensor &self, Scalar value,
                 std::optional<ScalarType> dtype = std::nullopt,
                 std::optional<MemoryFormat> format = std::nullopt);
Tensor empty_like(const Tensor &self,
                  std::optional<ScalarType> dtype = std::nullopt,
                  std::optional<MemoryFormat> format = std::nullopt);

/// new_*: the dtype defaults to self's.
Tensor new_zeros(const Tensor &self, std::span<const int64_t> size,
                 std::optional<ScalarType> dtype = std::nullopt);
Tensor new_ones(const Tensor &self, std::span<const int64_t> size,
                std::optional<ScalarType> dtype = std::nullopt);
Tensor new_full(const Tensor &self, std::span<const int64_t> size, Scalar value,
                std::optional<ScalarType> dtype = std::nullopt);
Tensor new_empty(const Tensor &self, std::span<const int64_t> size,
                 std::optional<ScalarType> dtype = std::nullopt);

/// arange(start, end, step): ceil((end - start) / step) elements
/// start + i * step. Without a dtype: int64 when every bound is an int,
/// else float32.
Tensor arange(Scalar start, Scalar end, Scalar step = 1,
              std::optional<ScalarType> dtype = std::nullopt);
/// `steps` points from start to end inclusive (float32 by default).
Tensor linspace(Scalar start, Scalar end, int64_t steps,
                std::optional<ScalarType> dtype = std::nullopt);
/// A 0-d tensor (float32 by default, whatever the kind of `value`).
Tensor scalar_tensor(Scalar value,
                     std::optional<ScalarType> dtype = std::nullopt);
/// An n x m identity (m = n when not given).
Tensor eye(int64_t n, std::optional<int64_t> m = std::nullopt,
           std::optional<ScalarType> dtype = std::nullopt);

/// A tensor of `sizes` holding `values` (row-major), each converted to
/// `dtype`: what aten::tensor makes of a (nested) list.
Tensor tensorFromValues(std::span<const Scalar> values,
                        std::span<const int64_t> sizes, ScalarType dtype);

/// One-hot int64 encoding with a new last dimension of `numClasses`
/// (-1: the largest value + 1).
Tensor one_hot(const Tensor &self, int64_t numClasses = -1);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_CREATION_H
