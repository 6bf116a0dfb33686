//===- Conversion.h - aten::to and type_as ----------------------*- C++ -*-===//
//
// Part of the pointwise family (see Pointwise.h). Kiln's tensors are dense,
// strided and on the CPU, so `to` only ever changes the dtype or copies; the
// options that would move or re-lay a tensor elsewhere are UserErrors.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_CONVERSION_H
#define KILN_RUNTIME_TENSOR_OPS_CONVERSION_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <string>

namespace kiln::ops {

/// c10::MemoryFormat codes as TorchScript graphs pass them.
enum class MemoryFormat : int64_t {
  Contiguous = 0,
  Preserve = 1,
  ChannelsLast = 2,
  ChannelsLast3d = 3
};

/// The arguments of the aten::to overloads. Unset fields keep self's.
struct ToOptions {
  std::optional<ScalarType> dtype;
  /// "cpu" (or "cpu:N"); any other device is an error.
  std::optional<std::string> device;
  /// c10::Layout code: only 0 (torch.strided) is supported.
  std::optional<int64_t> layout;
  /// pin_memory=True is an error (Kiln has no accelerator to pin for).
  std::optional<bool> pinMemory;
  /// Always copy, even when nothing changes.
  bool copy = false;
  /// Contiguous or Preserve; channels_last formats are errors.
  std::optional<int64_t> memoryFormat;
};

/// aten::to: self itself when it already is what the options ask for and
/// no copy is asked, else a converted copy. A copy made to preserve the
/// memory format keeps self's strides when self is dense (as PyTorch's
/// empty_like does), and is contiguous otherwise.
Tensor to(const Tensor &self, const ToOptions &options);
/// to(self, {.dtype = dtype, .copy = copy})
Tensor to(const Tensor &self, ScalarType dtype, bool copy = false);
/// self converted to other's dtype.
Tensor type_as(const Tensor &self, const Tensor &other);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_CONVERSION_H
