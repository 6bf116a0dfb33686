//===- Tensor.cpp ---------------------------------------------------------===//
#include "runtime/tensor/Tensor.h"

#include "support/Error.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

namespace kiln {

namespace {
constexpr size_t kStorageAlignment = 64;

// Calls `fn(offsetInElements)` for each element in row-major order.
template <typename Fn> void forEachOffset(const Tensor &t, Fn fn) {
  int64_t n = t.numel();
  if (n == 0)
    return;
  std::vector<int64_t> index(t.sizes().size(), 0);
  int64_t offset = t.storageOffset();
  for (int64_t i = 0; i < n; ++i) {
    fn(offset);
    for (int64_t d = t.dim() - 1; d >= 0; --d) {
      if (++index[d] < t.sizes()[d]) {
        offset += t.strides()[d];
        break;
      }
      offset -= t.strides()[d] * (index[d] - 1);
      index[d] = 0;
    }
  }
}

template <typename T> Scalar readAs(const void *base, int64_t offset) {
  T v = static_cast<const T *>(base)[offset];
  if constexpr (std::is_floating_point_v<T>)
    return Scalar(static_cast<double>(v));
  else if constexpr (std::is_same_v<T, bool>)
    return Scalar(v);
  else
    return Scalar(static_cast<int64_t>(v));
}

template <typename T> void writeAs(void *base, int64_t offset, Scalar v) {
  T *p = static_cast<T *>(base) + offset;
  if constexpr (std::is_floating_point_v<T>)
    *p = static_cast<T>(v.toDouble());
  else if constexpr (std::is_same_v<T, bool>)
    *p = v.toBool();
  else
    *p = static_cast<T>(v.toInt());
}

void checkArithmetic(ScalarType dtype) {
  if (!hasArithmetic(dtype))
    throw UserError(detail::concat("tensors of dtype ", scalarTypeName(dtype),
                                   " are not supported"));
}

Scalar readElement(const void *base, ScalarType dtype, int64_t offset) {
  checkArithmetic(dtype);
  switch (dtype) {
#define KILN_READ_CASE(Name, Code, Str, CType, Size)                           \
  case ScalarType::Name:                                                       \
    return readAs<CType>(base, offset);
    KILN_FORALL_SCALAR_TYPES(KILN_READ_CASE)
#undef KILN_READ_CASE
  }
  KILN_INTERNAL_ASSERT(false, "bad dtype");
}

void writeElement(void *base, ScalarType dtype, int64_t offset, Scalar v) {
  checkArithmetic(dtype);
  switch (dtype) {
#define KILN_WRITE_CASE(Name, Code, Str, CType, Size)                          \
  case ScalarType::Name:                                                       \
    return writeAs<CType>(base, offset, v);
    KILN_FORALL_SCALAR_TYPES(KILN_WRITE_CASE)
#undef KILN_WRITE_CASE
  }
}
} // namespace

std::shared_ptr<Storage> Storage::allocate(size_t nbytes) {
  // aligned_alloc needs a size that is a multiple of the alignment.
  size_t rounded =
      (nbytes + kStorageAlignment - 1) / kStorageAlignment * kStorageAlignment;
  if (rounded < nbytes)
    throw UserError("tensor too large to allocate");
  void *data = std::aligned_alloc(kStorageAlignment,
                                  rounded == 0 ? kStorageAlignment : rounded);
  if (!data)
    throw UserError(detail::concat("out of memory allocating ", nbytes,
                                   " bytes for a tensor"));
  std::memset(data, 0, rounded);
  return std::shared_ptr<Storage>(new Storage(data, nbytes));
}

Storage::~Storage() { std::free(data_); }

std::vector<int64_t> Tensor::contiguousStrides(std::span<const int64_t> sizes) {
  std::vector<int64_t> strides(sizes.size());
  int64_t stride = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= std::max<int64_t>(sizes[i], 1);
  }
  return strides;
}

Tensor Tensor::zeros(std::span<const int64_t> sizes, ScalarType dtype) {
  size_t count = 1;
  for (int64_t s : sizes) {
    KILN_USER_CHECK(s >= 0, "negative dimension ", s, " in tensor shape");
    if (s != 0 && count > SIZE_MAX / static_cast<size_t>(s))
      throw UserError("tensor shape has too many elements");
    count *= static_cast<size_t>(s);
  }
  size_t esize = elementSize(dtype);
  if (esize != 0 && count > SIZE_MAX / esize)
    throw UserError("tensor shape has too many elements");
  Tensor t;
  t.storage_ = Storage::allocate(count * esize);
  t.sizes_.assign(sizes.begin(), sizes.end());
  t.strides_ = contiguousStrides(sizes);
  t.dtype_ = dtype;
  return t;
}

Tensor Tensor::scalar(Scalar value, ScalarType dtype) {
  Tensor t = zeros({}, dtype);
  t.setItem(0, value);
  return t;
}

int64_t Tensor::size(int64_t d) const {
  int64_t n = dim();
  KILN_INTERNAL_ASSERT(d >= -n && d < n, "dimension ", d, " out of range");
  return sizes_[d < 0 ? d + n : d];
}

int64_t Tensor::numel() const {
  int64_t n = 1;
  for (int64_t s : sizes_)
    n *= s;
  return n;
}

bool Tensor::isContiguous() const {
  int64_t expected = 1;
  for (size_t i = sizes_.size(); i-- > 0;) {
    if (sizes_[i] == 1)
      continue;
    if (strides_[i] != expected)
      return false;
    expected *= sizes_[i];
  }
  return true;
}

void *Tensor::rawData() const {
  KILN_INTERNAL_ASSERT(defined(), "data of an undefined tensor");
  return static_cast<char *>(storage_->data()) +
         offset_ * static_cast<int64_t>(elementSize(dtype_));
}

int64_t Tensor::elementOffset(int64_t index) const {
  KILN_INTERNAL_ASSERT(index >= 0 && index < numel(), "element ", index,
                       " out of range");
  int64_t offset = offset_, rest = index;
  for (int64_t d = dim() - 1; d >= 0; --d) {
    offset += (rest % sizes_[d]) * strides_[d];
    rest /= sizes_[d];
  }
  return offset;
}

Scalar Tensor::item(int64_t index) const {
  return readElement(storage_->data(), dtype_, elementOffset(index));
}

void Tensor::setItem(int64_t index, Scalar value) {
  writeElement(storage_->data(), dtype_, elementOffset(index), value);
}

Tensor Tensor::asStrided(std::vector<int64_t> sizes,
                         std::vector<int64_t> strides, int64_t offset) const {
  KILN_INTERNAL_ASSERT(sizes.size() == strides.size(), "rank mismatch");
  Tensor t = *this;
  t.sizes_ = std::move(sizes);
  t.strides_ = std::move(strides);
  t.offset_ = offset;
  return t;
}

bool Tensor::identical(const Tensor &other) const {
  if (defined() != other.defined())
    return false;
  if (!defined())
    return true;
  if (dtype_ != other.dtype_ || sizes_ != other.sizes_)
    return false;
  std::vector<Scalar> mine;
  mine.reserve(numel());
  forEachOffset(*this, [&](int64_t off) {
    mine.push_back(readElement(storage_->data(), dtype_, off));
  });
  size_t i = 0;
  bool same = true;
  forEachOffset(other, [&](int64_t off) {
    Scalar a = mine[i++];
    Scalar b = readElement(other.storage_->data(), dtype_, off);
    if (a.isFloat()) {
      double x = a.toDouble(), y = b.toDouble();
      bool bothNan = std::isnan(x) && std::isnan(y);
      if (!bothNan && !(x == y && std::signbit(x) == std::signbit(y)))
        same = false;
    } else if (a.toInt() != b.toInt()) {
      same = false;
    }
  });
  return same;
}

} // namespace kiln
