//===- Copy.cpp -----------------------------------------------------------===//
#include "runtime/tensor/Copy.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"

#include <cstring>

namespace kiln {

void copyInto(const Tensor &dst, const Tensor &src) {
  KILN_USER_CHECK(
      src.dim() <= dst.dim() &&
          broadcastShapes("aten::copy_", {dst.sizes(), src.sizes()}) ==
              dst.sizes(),
      "aten::copy_: cannot copy a tensor of shape ", src.shapeString(),
      " into one of shape ", dst.shapeString());
  if (dst.dtype() == src.dtype() && dst.isContiguous() && src.isContiguous() &&
      dst.sizes() == src.sizes()) {
    std::memmove(dst.rawData(), src.rawData(),
                 static_cast<size_t>(dst.numel()) * elementSize(dst.dtype()));
    return;
  }
  dispatchAll(dst.dtype(), "aten::copy_", [&]<typename To>() {
    dispatchAll(src.dtype(), "aten::copy_", [&]<typename From>() {
      mapInto<To, From>(
          dst, [](From v) { return convertElement<To, From>(v); }, src);
    });
  });
}

} // namespace kiln
