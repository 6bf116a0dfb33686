//===- Tensor.cpp ---------------------------------------------------------===//
#include "runtime/tensor/Tensor.h"

#include "runtime/tensor/BlockCache.h"
#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "support/Error.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <type_traits>

#include <unistd.h>

namespace kiln {

namespace {
constexpr size_t kStorageAlignment = 64;
constexpr size_t kHugePageBytes = size_t(2) << 20;
constexpr size_t kHugePageThreshold = size_t(4) << 20;

struct Block {
  size_t bytes, alignment;
};

/// The block a tensor of `nbytes` (at most 2^48) lives in. Large tensors go
/// on transparent huge pages: a fresh 64 MB result otherwise costs 16384
/// page faults, more than an elementwise kernel's work on it. aligned_alloc
/// wants a size that is a multiple of the alignment.
Block blockFor(size_t nbytes) {
  size_t alignment =
      nbytes >= kHugePageThreshold ? kHugePageBytes : kStorageAlignment;
  size_t rounded = (nbytes + alignment - 1) / alignment * alignment;
  return {rounded == 0 ? alignment : rounded, alignment};
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

// Element count of `sizes`, checked for negative sizes and overflow.
size_t checkedNumel(std::span<const int64_t> sizes, ScalarType dtype) {
  size_t count = 1;
  for (int64_t s : sizes) {
    KILN_USER_CHECK(s >= 0, "negative dimension ", s, " in tensor shape ",
                    shapeString(sizes));
    if (s != 0 && count > SIZE_MAX / static_cast<size_t>(s))
      throw UserError(detail::concat("tensor shape ", shapeString(sizes),
                                     " has too many elements"));
    count *= static_cast<size_t>(s);
  }
  size_t esize = elementSize(dtype);
  if (esize != 0 && count > SIZE_MAX / esize)
    throw UserError(detail::concat("tensor shape ", shapeString(sizes),
                                   " has too many elements"));
  return count;
}
} // namespace

void throwUnsupportedDtype(std::string_view op, ScalarType t) {
  throw UserError(detail::concat(op, ": tensors of dtype ", scalarTypeName(t),
                                 " are not supported"));
}

std::string shapeString(std::span<const int64_t> sizes) {
  std::string out = "[";
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (i)
      out += ", ";
    out += std::to_string(sizes[i]);
  }
  return out + "]";
}

//===--- Storage ----------------------------------------------------------===//

Ref<Storage> Storage::allocate(size_t nbytes, bool zero) {
  // No machine has 256 TiB: refuse such sizes before asking the allocator
  // (sanitizers abort on them rather than return null).
  constexpr size_t kLargestAllocation = size_t(1) << 48;
  if (nbytes > kLargestAllocation)
    throw UserError(detail::concat("out of memory: a tensor of ", nbytes,
                                   " bytes is larger than any machine's "
                                   "memory"));
  // Nor more than this machine's memory: Linux would promise it and then
  // kill the process when it is touched (`torch.zeros(10**11)` in a
  // script's __init__ must be an error, not an OOM kill).
  static const size_t physicalMemory = [] {
    long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
    return pages > 0 && pageSize > 0
               ? static_cast<size_t>(pages) * static_cast<size_t>(pageSize)
               : kLargestAllocation;
  }();
  if (nbytes > physicalMemory)
    throw UserError(detail::concat("out of memory: a tensor of ", nbytes,
                                   " bytes is larger than this machine's ",
                                   physicalMemory, " bytes of memory"));
  auto [rounded, alignment] = blockFor(nbytes);
  void *data = blockcache::take(rounded, alignment);
  if (!data) {
    data = std::aligned_alloc(alignment, rounded);
    if (!data) {
      // What the cache holds may be what is missing.
      blockcache::release();
      data = std::aligned_alloc(alignment, rounded);
    }
    if (!data)
      throw UserError(detail::concat("out of memory allocating ", nbytes,
                                     " bytes for a tensor"));
    if (alignment == kHugePageBytes)
      ::madvise(data, rounded, MADV_HUGEPAGE); // a hint: failure is harmless
  }
  if (zero)
    std::memset(data, 0, rounded);
  return Ref<Storage>(new Storage(data, nbytes));
}

Storage::~Storage() {
  auto [rounded, alignment] = blockFor(nbytes_);
  if (!blockcache::give(data_, rounded, alignment))
    std::free(data_);
}

//===--- Construction -----------------------------------------------------===//

std::vector<int64_t> Tensor::contiguousStrides(std::span<const int64_t> sizes) {
  std::vector<int64_t> strides(sizes.size());
  int64_t stride = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= std::max<int64_t>(sizes[i], 1);
  }
  return strides;
}

static Tensor allocateTensor(std::span<const int64_t> sizes, ScalarType dtype,
                             bool zero) {
  if (!hasArithmetic(dtype))
    throw UserError(detail::concat("tensors of dtype ", scalarTypeName(dtype),
                                   " are not supported"));
  size_t count = checkedNumel(sizes, dtype);
  auto impl = Ref<TensorImpl>::make();
  impl->storage = Storage::allocate(count * elementSize(dtype), zero);
  impl->sizes.assign(sizes.begin(), sizes.end());
  impl->strides = Tensor::contiguousStrides(sizes);
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

Tensor Tensor::empty(std::span<const int64_t> sizes, ScalarType dtype) {
  return allocateTensor(sizes, dtype, /*zero=*/false);
}

Tensor Tensor::zeros(std::span<const int64_t> sizes, ScalarType dtype) {
  return allocateTensor(sizes, dtype, /*zero=*/true);
}

Tensor Tensor::full(std::span<const int64_t> sizes, Scalar value,
                    ScalarType dtype) {
  Tensor t = empty(sizes, dtype);
  dispatchAll(dtype, "aten::full", [&]<typename T>() {
    T v;
    writeAs<T>(&v, 0, value);
    T *p = t.data<T>();
    for (int64_t i = 0, n = t.numel(); i < n; ++i)
      p[i] = v;
  });
  return t;
}

Tensor Tensor::scalar(Scalar value, ScalarType dtype) {
  return full({}, value, dtype);
}

//===--- Queries ----------------------------------------------------------===//

int64_t Tensor::size(int64_t d) const {
  int64_t n = dim();
  KILN_INTERNAL_ASSERT(d >= -n && d < n, "dimension ", d, " out of range");
  return impl_->sizes[d < 0 ? d + n : d];
}

int64_t Tensor::stride(int64_t d) const {
  int64_t n = dim();
  KILN_INTERNAL_ASSERT(d >= -n && d < n, "dimension ", d, " out of range");
  return impl_->strides[d < 0 ? d + n : d];
}

int64_t Tensor::numel() const {
  int64_t n = 1;
  for (int64_t s : impl_->sizes)
    n *= s;
  return n;
}

bool Tensor::isContiguous() const {
  int64_t expected = 1;
  for (size_t i = impl_->sizes.size(); i-- > 0;) {
    if (impl_->sizes[i] == 1)
      continue;
    if (impl_->strides[i] != expected)
      return false;
    expected *= impl_->sizes[i];
  }
  return true;
}

void *Tensor::rawData() const {
  KILN_INTERNAL_ASSERT(defined(), "data of an undefined tensor");
  return static_cast<char *>(impl_->storage->data()) +
         impl_->offset * static_cast<int64_t>(elementSize(impl_->dtype));
}

std::string Tensor::shapeString() const { return kiln::shapeString(sizes()); }

std::string Tensor::describe() const {
  return std::string(scalarTypeName(dtype())) + shapeString();
}

//===--- Elements ---------------------------------------------------------===//

int64_t Tensor::elementOffset(int64_t index) const {
  KILN_INTERNAL_ASSERT(index >= 0 && index < numel(), "element ", index,
                       " out of range");
  int64_t offset = impl_->offset, rest = index;
  for (int64_t d = dim() - 1; d >= 0; --d) {
    offset += (rest % impl_->sizes[d]) * impl_->strides[d];
    rest /= impl_->sizes[d];
  }
  return offset;
}

Scalar Tensor::item() const {
  KILN_USER_CHECK(numel() == 1, "a tensor with ", numel(),
                  " elements cannot be converted to a number (shape ",
                  shapeString(), ")");
  return item(0);
}

Scalar Tensor::item(int64_t index) const {
  int64_t offset = elementOffset(index);
  return dispatchAll(dtype(), "item", [&]<typename T>() {
    return readAs<T>(impl_->storage->data(), offset);
  });
}

void Tensor::setItem(int64_t index, Scalar value) {
  int64_t offset = elementOffset(index);
  dispatchAll(dtype(), "setItem", [&]<typename T>() {
    writeAs<T>(impl_->storage->data(), offset, value);
  });
}

//===--- Views and copies -------------------------------------------------===//

Tensor Tensor::asStrided(std::vector<int64_t> sizes,
                         std::vector<int64_t> strides, int64_t offset) const {
  KILN_INTERNAL_ASSERT(sizes.size() == strides.size(), "rank mismatch");
  auto impl = Ref<TensorImpl>::make();
  impl->storage = impl_->storage;
  impl->sizes = std::move(sizes);
  impl->strides = std::move(strides);
  impl->offset = offset;
  impl->dtype = impl_->dtype;
  return Tensor(std::move(impl));
}

Tensor Tensor::contiguous() const { return isContiguous() ? *this : clone(); }

Tensor Tensor::clone() const {
  Tensor out = empty(sizes(), dtype());
  copyInto(out, *this);
  return out;
}

Tensor Tensor::to(ScalarType t) const {
  if (t == dtype())
    return *this;
  Tensor out = empty(sizes(), t);
  copyInto(out, *this);
  return out;
}

bool Tensor::identical(const Tensor &other) const {
  if (defined() != other.defined())
    return false;
  if (!defined())
    return true;
  if (dtype() != other.dtype() || sizes() != other.sizes())
    return false;
  for (int64_t i = 0, n = numel(); i < n; ++i) {
    Scalar a = item(i), b = other.item(i);
    if (a.isFloat()) {
      double x = a.toDouble(), y = b.toDouble();
      bool bothNan = std::isnan(x) && std::isnan(y);
      if (!bothNan && !(x == y && std::signbit(x) == std::signbit(y)))
        return false;
    } else if (a.toInt() != b.toInt()) {
      return false;
    }
  }
  return true;
}

} // namespace kiln
