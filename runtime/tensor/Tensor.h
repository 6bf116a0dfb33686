//===- Tensor.h - Strided tensors over shared storage -----------*- C++ -*-===//
//
// A Tensor is a handle to a TensorImpl: (storage, sizes, strides, offset,
// dtype). Copying a Tensor copies the handle, as at::Tensor does, so two
// handles can name one tensor; views (asStrided and the view ops) make a new
// TensorImpl over the same Storage, so writes through a view show in the
// base. Strides and offsets count elements.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_TENSOR_H
#define KILN_RUNTIME_TENSOR_TENSOR_H

#include "runtime/tensor/Scalar.h"
#include "runtime/tensor/ScalarType.h"
#include "support/Error.h"
#include "support/RefCounted.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kiln {

/// A reference-counted, 64-byte aligned byte buffer.
class Storage : public RefCounted {
public:
  /// Throws UserError when `nbytes` cannot be allocated. The bytes are
  /// zeroed when `zero` is set.
  static Ref<Storage> allocate(size_t nbytes, bool zero = true);
  ~Storage() override;

  void *data() const { return data_; }
  size_t nbytes() const { return nbytes_; }

private:
  Storage(void *data, size_t nbytes) : data_(data), nbytes_(nbytes) {}
  void *data_;
  size_t nbytes_;
};

struct TensorImpl : public RefCounted {
  Ref<Storage> storage;
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides;
  int64_t offset = 0;
  ScalarType dtype = ScalarType::Float;
};

class Tensor {
public:
  /// An undefined tensor (PyTorch's `Tensor()`): defined() is false.
  Tensor() = default;
  explicit Tensor(Ref<TensorImpl> impl) : impl_(std::move(impl)) {}

  /// A new contiguous tensor with unspecified contents. Throws UserError
  /// when a size is negative or the element count overflows.
  static Tensor empty(std::span<const int64_t> sizes, ScalarType dtype);
  static Tensor zeros(std::span<const int64_t> sizes, ScalarType dtype);
  static Tensor full(std::span<const int64_t> sizes, Scalar value,
                     ScalarType dtype);
  /// A 0-d tensor holding `value` converted to `dtype`.
  static Tensor scalar(Scalar value, ScalarType dtype);
  /// A contiguous tensor of `sizes` holding `values` (row-major).
  template <typename T>
  static Tensor fromVector(const std::vector<T> &values,
                           std::vector<int64_t> sizes);

  bool defined() const { return static_cast<bool>(impl_); }
  ScalarType dtype() const { return impl_->dtype; }
  const std::vector<int64_t> &sizes() const { return impl_->sizes; }
  const std::vector<int64_t> &strides() const { return impl_->strides; }
  /// Size of dimension `dim` (negative counts from the end).
  int64_t size(int64_t dim) const;
  int64_t stride(int64_t dim) const;
  int64_t dim() const { return static_cast<int64_t>(impl_->sizes.size()); }
  int64_t numel() const;
  int64_t storageOffset() const { return impl_->offset; }
  bool isContiguous() const;
  const Ref<Storage> &storage() const { return impl_->storage; }
  TensorImpl *impl() const { return impl_.get(); }
  /// Both handles name the same tensor.
  bool isSame(const Tensor &other) const { return impl_ == other.impl_; }

  /// Address of the element at the storage offset (element (0, ..., 0)).
  void *rawData() const;
  template <typename T> T *data() const { return static_cast<T *>(rawData()); }

  /// The value of a one-element tensor (UserError otherwise).
  Scalar item() const;
  /// The element at row-major position `index`, following strides. A slow
  /// path for printing, comparing and tests.
  Scalar item(int64_t index) const;
  void setItem(int64_t index, Scalar value);

  /// A view with other sizes/strides/offset over the same storage.
  Tensor asStrided(std::vector<int64_t> sizes, std::vector<int64_t> strides,
                   int64_t offset) const;
  /// This tensor if contiguous, else a contiguous copy.
  Tensor contiguous() const;
  /// A contiguous copy with its own storage.
  Tensor clone() const;
  /// This tensor if it has `dtype`, else a converted contiguous copy.
  Tensor to(ScalarType dtype) const;

  /// Same dtype, same sizes, same element values (NaN equals NaN, so that a
  /// constant equals itself).
  bool identical(const Tensor &other) const;

  /// "[2, 3]"
  std::string shapeString() const;
  /// "Float[2, 3]" for messages.
  std::string describe() const;

  /// Row-major strides for `sizes`.
  static std::vector<int64_t> contiguousStrides(std::span<const int64_t> sizes);

private:
  /// Storage offset (in elements) of row-major element `index`.
  int64_t elementOffset(int64_t index) const;

  Ref<TensorImpl> impl_;
};

/// "[2, 3]"
std::string shapeString(std::span<const int64_t> sizes);

/// `t`, or a 1-element 1-d view of it when it is 0-d (for code that walks a
/// dimension; 0-d tensors take dim 0 / -1 in PyTorch).
inline Tensor atLeast1d(const Tensor &t) {
  return t.dim() == 0 ? t.asStrided({1}, {1}, t.storageOffset()) : t;
}

template <typename T>
Tensor Tensor::fromVector(const std::vector<T> &values,
                          std::vector<int64_t> sizes) {
  Tensor t = empty(sizes, scalarTypeOf<T>());
  KILN_INTERNAL_ASSERT(static_cast<int64_t>(values.size()) == t.numel(),
                       "fromVector: ", values.size(), " values for shape ",
                       t.shapeString());
  T *out = t.data<T>();
  for (size_t i = 0; i < values.size(); ++i)
    out[i] = values[i];
  return t;
}

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_TENSOR_H
