//===- Tensor.h - Strided tensors over shared storage -----------*- C++ -*-===//
//
// A Tensor is a view: (storage, sizes, strides, offset, dtype). Copies of a
// Tensor share storage, so views alias as they do in PyTorch. Strides and
// offsets are in elements.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_TENSOR_H
#define KILN_RUNTIME_TENSOR_TENSOR_H

#include "runtime/tensor/Scalar.h"
#include "runtime/tensor/ScalarType.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace kiln {

/// A reference-counted, 64-byte aligned, zero-initialised byte buffer.
class Storage {
public:
  /// Throws UserError when `nbytes` cannot be allocated.
  static std::shared_ptr<Storage> allocate(size_t nbytes);
  ~Storage();
  Storage(const Storage &) = delete;
  Storage &operator=(const Storage &) = delete;

  void *data() const { return data_; }
  size_t nbytes() const { return nbytes_; }

private:
  Storage(void *data, size_t nbytes) : data_(data), nbytes_(nbytes) {}
  void *data_;
  size_t nbytes_;
};

class Tensor {
public:
  /// An undefined tensor (PyTorch's `Tensor()`): defined() is false.
  Tensor() = default;

  /// A new contiguous, zero-filled tensor. Throws UserError when a size is
  /// negative or the element count overflows.
  static Tensor zeros(std::span<const int64_t> sizes, ScalarType dtype);
  /// A 0-d tensor holding `value` converted to `dtype`.
  static Tensor scalar(Scalar value, ScalarType dtype);

  bool defined() const { return storage_ != nullptr; }
  ScalarType dtype() const { return dtype_; }
  const std::vector<int64_t> &sizes() const { return sizes_; }
  const std::vector<int64_t> &strides() const { return strides_; }
  int64_t size(int64_t dim) const;
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  int64_t numel() const;
  int64_t storageOffset() const { return offset_; }
  bool isContiguous() const;
  const std::shared_ptr<Storage> &storage() const { return storage_; }

  /// Address of the element at storage offset (element (0, ..., 0)).
  void *rawData() const;
  template <typename T> T *data() const { return static_cast<T *>(rawData()); }

  /// The element at row-major position `index` (0 <= index < numel()),
  /// following strides. A slow path for printing, comparing and tests.
  Scalar item(int64_t index) const;
  /// Writes element `index` (row-major, following strides).
  void setItem(int64_t index, Scalar value);

  /// A view with other sizes/strides/offset over the same storage.
  Tensor asStrided(std::vector<int64_t> sizes, std::vector<int64_t> strides,
                   int64_t offset) const;

  /// Same dtype, same sizes, same element values (NaN equals NaN, so that a
  /// constant equals itself).
  bool identical(const Tensor &other) const;

  /// Row-major strides for `sizes`.
  static std::vector<int64_t> contiguousStrides(std::span<const int64_t> sizes);

private:
  /// Storage offset (in elements) of row-major element `index`.
  int64_t elementOffset(int64_t index) const;

  std::shared_ptr<Storage> storage_;
  std::vector<int64_t> sizes_;
  std::vector<int64_t> strides_;
  int64_t offset_ = 0;
  ScalarType dtype_ = ScalarType::Float;
};

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_TENSOR_H
