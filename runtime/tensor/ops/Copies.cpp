//===- Copies.cpp - Copies and fills, and the family's shared helpers -----===//
#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"
#include "runtime/tensor/ops/Shape.h"
#include "support/Error.h"

namespace kiln::ops {

//===--- Shared helpers ---------------------------------------------------===//

void copyElements(const Tensor &dst, const Tensor &src) {
  copyInto(atLeast1d(dst), atLeast1d(src));
}

Tensor convert(const Tensor &t, ScalarType dtype) {
  if (t.dtype() == dtype)
    return t;
  Tensor out = Tensor::empty(t.sizes(), dtype);
  copyElements(out, t);
  return out;
}

void checkNoInternalOverlap(std::string_view op, const Tensor &t) {
  for (int64_t d = 0; d < t.dim(); ++d)
    KILN_USER_CHECK(t.strides()[d] != 0 || t.sizes()[d] <= 1, op,
                    ": more than one element of the written-to tensor ",
                    "refers to a single memory location (an expanded "
                    "tensor); clone() it first");
}

//===--- Copies and fills -------------------------------------------------===//

Tensor contiguous(const Tensor &self, MemoryFormat format) {
  constexpr std::string_view op = "aten::contiguous";
  KILN_USER_CHECK(format != MemoryFormat::Preserve, op,
                  ": preserve memory format is unsupported by the contiguous "
                  "operator");
  if (format == MemoryFormat::Contiguous)
    return self.isContiguous() ? self : clone(self, format);
  auto wanted = stridesForFormat(op, self.sizes(), format);
  bool already = true;
  for (int64_t d = 0; d < self.dim(); ++d)
    already &= self.sizes()[d] == 1 || self.strides()[d] == wanted[d];
  return already ? self : clone(self, format);
}

Tensor clone(const Tensor &self, std::optional<MemoryFormat> format) {
  Tensor out = emptyLike("aten::clone", self, self.dtype(), format);
  copyElements(out, self);
  return out;
}

Tensor &copy_(Tensor &self, const Tensor &src) {
  constexpr std::string_view op = "aten::copy_";
  if (self.isSame(src))
    return self;
  checkNoInternalOverlap(op, self);
  bool shared = self.storage() == src.storage();
  if (shared && self.numel() > 0 && src.numel() > 0 &&
      isNonOverlappingAndDense(self) && isNonOverlappingAndDense(src)) {
    // PyTorch's partial-overlap rule: two dense blocks of one storage may
    // coincide exactly (same strides) or be disjoint.
    int64_t a = self.storageOffset(), aEnd = a + self.numel();
    int64_t b = src.storageOffset(), bEnd = b + src.numel();
    bool same = a == b && aEnd == bEnd && self.strides() == src.strides();
    KILN_USER_CHECK(same || aEnd <= b || bEnd <= a, op,
                    ": some elements of the input tensor and the written-to "
                    "tensor refer to a single memory location; clone() the "
                    "input first");
  }
  // Other layouts sharing memory copy from a snapshot, so that the result
  // does not depend on the order of the loop.
  copyElements(self, shared ? src.clone() : src);
  return self;
}

Tensor &copy_(Tensor &self, Scalar value) { return fill_(self, value); }

Tensor copy(const Tensor &self, const Tensor &src) {
  Tensor out = clone(self);
  return copy_(out, src);
}

void fillElements(std::string_view op, const Tensor &t, Scalar value) {
  dispatchAll(t.dtype(), op, [&]<typename T>() {
    T v = scalarAs<T>(op, value);
    mapInto<T>(atLeast1d(t), [v] { return v; });
  });
}

Tensor &fill_(Tensor &self, Scalar value) {
  checkNoInternalOverlap("aten::fill_", self);
  fillElements("aten::fill_", self, value);
  return self;
}

Tensor &fill_(Tensor &self, const Tensor &value) {
  KILN_USER_CHECK(value.dim() == 0,
                  "aten::fill_: only supports 0-dimension value tensor but "
                  "got tensor with ",
                  value.dim(), " dimensions");
  return fill_(self, value.item());
}

Tensor &zero_(Tensor &self) { return fill_(self, Scalar(int64_t{0})); }

} // namespace kiln::ops
