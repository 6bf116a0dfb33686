//===- Conversion.cpp - aten::to and type_as ------------------------------===//
#include "runtime/tensor/ops/Conversion.h"

#include "runtime/tensor/ops/PointwiseLoops.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace kiln::ops {

namespace {
bool isCpu(const std::string &device) {
  return device == "cpu" || device.starts_with("cpu:");
}

std::string memoryFormatName(int64_t code) {
  switch (code) {
  case 2:
    return "channels_last";
  case 3:
    return "channels_last_3d";
  default:
    return "code " + std::to_string(code);
  }
}

/// c10's is_non_overlapping_and_dense: the elements fill a block of
/// memory exactly, in some order of the dimensions.
bool isNonOverlappingAndDense(const Tensor &t) {
  const auto &sizes = t.sizes();
  const auto &strides = t.strides();
  if (t.dim() == 1)
    return sizes[0] < 2 || strides[0] == 1;
  std::vector<size_t> perm(sizes.size());
  std::iota(perm.begin(), perm.end(), 0);
  // Dimensions of size 0 or 1 last, the others by increasing stride.
  std::stable_sort(perm.begin(), perm.end(), [&](size_t a, size_t b) {
    if (sizes[a] < 2)
      return false;
    if (sizes[b] < 2)
      return true;
    return strides[a] < strides[b];
  });
  int64_t required = 1;
  for (size_t d : perm) {
    if (sizes[d] < 2)
      return true;
    if (strides[d] != required)
      return false;
    required *= sizes[d];
  }
  return true;
}

/// c10's is_channels_last_strides_2d/3d, behind suggest_memory_format:
/// strides that walk C fastest, then W, H (, D), then N.
bool hasChannelsLastStrides(const Tensor &t) {
  std::vector<size_t> order;
  if (t.dim() == 4)
    order = {1, 3, 2, 0};
  else if (t.dim() == 5)
    order = {1, 4, 3, 2, 0};
  else
    return false;
  const auto &sizes = t.sizes();
  const auto &strides = t.strides();
  if (strides[1] == 0)
    return false;
  int64_t min = 0;
  for (size_t d : order) {
    if (sizes[d] == 0 || strides[d] < min)
      return false;
    // N111 and similar ambiguous cases count as contiguous.
    if (d == 0 && min == strides[1])
      return false;
    min = strides[d];
    if (sizes[d] > 1)
      min *= sizes[d];
  }
  return true;
}
} // namespace

Tensor to(const Tensor &self, const ToOptions &options) {
  if (options.device)
    KILN_USER_CHECK(isCpu(*options.device),
                    "aten::to: Kiln runs on the CPU only; cannot move a "
                    "tensor to device '",
                    *options.device, "'");
  if (options.layout)
    KILN_USER_CHECK(*options.layout == 0,
                    "aten::to: only the strided layout is supported, got "
                    "layout code ",
                    *options.layout);
  KILN_USER_CHECK(!options.pinMemory.value_or(false),
                  "aten::to: pin_memory=True is not supported (Kiln runs on "
                  "the CPU only)");
  auto format = MemoryFormat::Preserve;
  if (options.memoryFormat) {
    int64_t code = *options.memoryFormat;
    KILN_USER_CHECK(code == static_cast<int64_t>(MemoryFormat::Contiguous) ||
                        code == static_cast<int64_t>(MemoryFormat::Preserve),
                    "aten::to: memory format ", memoryFormatName(code),
                    " is not supported; use torch.contiguous_format or "
                    "torch.preserve_format");
    format = static_cast<MemoryFormat>(code);
  }
  ScalarType dtype = options.dtype.value_or(self.dtype());
  KILN_USER_CHECK(hasArithmetic(dtype), "aten::to: Kiln has no arithmetic for ",
                  scalarTypeName(dtype), " tensors");

  // As PyTorch's to_will_alias: contiguous_format only asks for a copy when
  // self looks channels-last.
  bool keepsFormat =
      format == MemoryFormat::Preserve || !hasChannelsLastStrides(self);
  if (dtype == self.dtype() && !options.copy && keepsFormat)
    return self;
  Tensor out;
  if (format == MemoryFormat::Preserve && isNonOverlappingAndDense(self))
    out = Tensor::empty(std::vector<int64_t>{self.numel()}, dtype)
              .asStrided(self.sizes(), self.strides(), 0);
  else
    out = Tensor::empty(self.sizes(), dtype);
  pointwise::copyAnyRank(out, self);
  return out;
}

Tensor to(const Tensor &self, ScalarType dtype, bool copy) {
  ToOptions options;
  options.dtype = dtype;
  options.copy = copy;
  return to(self, options);
}

Tensor type_as(const Tensor &self, const Tensor &other) {
  return to(self, other.dtype());
}

} // namespace kiln::ops
