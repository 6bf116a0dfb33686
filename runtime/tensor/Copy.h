//===- Copy.h - Copying between tensors of any layout and dtype -*- C++ -*-===//
#ifndef KILN_RUNTIME_TENSOR_COPY_H
#define KILN_RUNTIME_TENSOR_COPY_H

#include "runtime/tensor/Tensor.h"

namespace kiln {

/// dst[...] = src[...] converted to dst's dtype; src broadcasts to dst's
/// shape (aten::copy_). Conversions are C++'s (floats truncate toward zero
/// into integers), except that bool is `value != 0`, as in PyTorch.
void copyInto(const Tensor &dst, const Tensor &src);

/// One element converted as copyInto converts it.
template <typename To, typename From> To convertElement(From v) {
  if constexpr (std::is_same_v<To, bool>)
    return v != From(0);
  else
    return static_cast<To>(v);
}

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_COPY_H
