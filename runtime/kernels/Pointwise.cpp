//===- Pointwise.cpp - Kernels of the elementwise tensor ops --------------===//
//
// The arithmetic and the dtype conversions; the rest of the family is bound
// by the files PointwiseFamily.h lists. In-place kernels take `self` by value:
// a copy of the handle, which names the caller's tensor.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Pointwise.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/kernels/PointwiseFamily.h"

namespace kiln {

namespace {
using RoundingMode = std::optional<std::string>;

void registerArithmeticKernels(KernelTable &t) {
  bind<[](const Tensor &self, const Tensor &other, Scalar alpha) {
    return ops::add(self, other, alpha);
  }>(t, OpId::aten_add_Tensor);
  bind<[](const Tensor &self, Scalar other, Scalar alpha) {
    return ops::add(self, other, alpha);
  }>(t, OpId::aten_add_Scalar);
  bind<[](Tensor self, const Tensor &other, Scalar alpha) {
    return ops::add_(self, other, alpha);
  }>(t, OpId::aten_add__Tensor);
  bind<[](Tensor self, Scalar other, Scalar alpha) {
    return ops::add_(self, other, alpha);
  }>(t, OpId::aten_add__Scalar);

  bind<[](const Tensor &self, const Tensor &other, Scalar alpha) {
    return ops::sub(self, other, alpha);
  }>(t, OpId::aten_sub_Tensor);
  bind<[](const Tensor &self, Scalar other, Scalar alpha) {
    return ops::sub(self, other, alpha);
  }>(t, OpId::aten_sub_Scalar);
  bind<[](Tensor self, const Tensor &other, Scalar alpha) {
    return ops::sub_(self, other, alpha);
  }>(t, OpId::aten_sub__Tensor);
  bind<[](Tensor self, Scalar other, Scalar alpha) {
    return ops::sub_(self, other, alpha);
  }>(t, OpId::aten_sub__Scalar);
  bind<[](const Tensor &self, const Tensor &other, Scalar alpha) {
    return ops::rsub(self, other, alpha);
  }>(t, OpId::aten_rsub_Tensor);
  bind<[](const Tensor &self, Scalar other, Scalar alpha) {
    return ops::rsub(self, other, alpha);
  }>(t, OpId::aten_rsub_Scalar);

  bind<[](const Tensor &self, const Tensor &other) {
    return ops::mul(self, other);
  }>(t, OpId::aten_mul_Tensor);
  bind<[](const Tensor &self, Scalar other) { return ops::mul(self, other); }>(
      t, OpId::aten_mul_Scalar);
  bind<[](Tensor self, const Tensor &other) { return ops::mul_(self, other); }>(
      t, OpId::aten_mul__Tensor);
  bind<[](Tensor self, Scalar other) { return ops::mul_(self, other); }>(
      t, OpId::aten_mul__Scalar);

  // Division; true_divide is div without a rounding mode.
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::div(self, other);
  }>(t, OpId::aten_div_Tensor);
  bind<[](const Tensor &self, Scalar other) { return ops::div(self, other); }>(
      t, OpId::aten_div_Scalar);
  bind<[](const Tensor &self, const Tensor &other, RoundingMode mode) {
    return ops::div(self, other, mode);
  }>(t, OpId::aten_div_Tensor_mode);
  bind<[](const Tensor &self, Scalar other, RoundingMode mode) {
    return ops::div(self, other, mode);
  }>(t, OpId::aten_div_Scalar_mode);
  bind<[](Tensor self, const Tensor &other) { return ops::div_(self, other); }>(
      t, OpId::aten_div__Tensor);
  bind<[](Tensor self, Scalar other) { return ops::div_(self, other); }>(
      t, OpId::aten_div__Scalar);
  bind<[](Tensor self, const Tensor &other, RoundingMode mode) {
    return ops::div_(self, other, mode);
  }>(t, OpId::aten_div__Tensor_mode);
  bind<[](Tensor self, Scalar other, RoundingMode mode) {
    return ops::div_(self, other, mode);
  }>(t, OpId::aten_div__Scalar_mode);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::div(self, other);
  }>(t, OpId::aten_true_divide_Tensor);
  bind<[](const Tensor &self, Scalar other) { return ops::div(self, other); }>(
      t, OpId::aten_true_divide_Scalar);
  bind<[](Tensor self, const Tensor &other) { return ops::div_(self, other); }>(
      t, OpId::aten_true_divide__Tensor);
  bind<[](Tensor self, Scalar other) { return ops::div_(self, other); }>(
      t, OpId::aten_true_divide__Scalar);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::floor_divide(self, other);
  }>(t, OpId::aten_floor_divide);
  bind<[](const Tensor &self, Scalar other) {
    return ops::floor_divide(self, other);
  }>(t, OpId::aten_floor_divide_Scalar);
  bind<[](Tensor self, const Tensor &other) {
    return ops::floor_divide_(self, other);
  }>(t, OpId::aten_floor_divide__Tensor);
  bind<[](Tensor self, Scalar other) {
    return ops::floor_divide_(self, other);
  }>(t, OpId::aten_floor_divide__Scalar);

  bind<[](const Tensor &self, const Tensor &other) {
    return ops::remainder(self, other);
  }>(t, OpId::aten_remainder_Tensor);
  bind<[](const Tensor &self, Scalar other) {
    return ops::remainder(self, other);
  }>(t, OpId::aten_remainder_Scalar);
  bind<[](Scalar self, const Tensor &other) {
    return ops::remainder(self, other);
  }>(t, OpId::aten_remainder_Scalar_Tensor);
  bind<[](Tensor self, const Tensor &other) {
    return ops::remainder_(self, other);
  }>(t, OpId::aten_remainder__Tensor);
  bind<[](Tensor self, Scalar other) { return ops::remainder_(self, other); }>(
      t, OpId::aten_remainder__Scalar);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::fmod(self, other);
  }>(t, OpId::aten_fmod_Tensor);
  bind<[](const Tensor &self, Scalar other) { return ops::fmod(self, other); }>(
      t, OpId::aten_fmod_Scalar);
  bind<[](Tensor self, const Tensor &other) {
    return ops::fmod_(self, other);
  }>(t, OpId::aten_fmod__Tensor);
  bind<[](Tensor self, Scalar other) { return ops::fmod_(self, other); }>(
      t, OpId::aten_fmod__Scalar);

  bind<[](const Tensor &self, const Tensor &exponent) {
    return ops::pow(self, exponent);
  }>(t, OpId::aten_pow_Tensor_Tensor);
  bind<[](const Tensor &self, Scalar exponent) {
    return ops::pow(self, exponent);
  }>(t, OpId::aten_pow_Tensor_Scalar);
  bind<[](Scalar self, const Tensor &exponent) {
    return ops::pow(self, exponent);
  }>(t, OpId::aten_pow_Scalar);
  bind<[](Tensor self, const Tensor &exponent) {
    return ops::pow_(self, exponent);
  }>(t, OpId::aten_pow__Tensor);
  bind<[](Tensor self, Scalar exponent) { return ops::pow_(self, exponent); }>(
      t, OpId::aten_pow__Scalar);
}

void registerBinaryMathKernels(KernelTable &t) {
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::atan2(self, other);
  }>(t, OpId::aten_atan2);
  bind<[](Tensor self, const Tensor &other) {
    return ops::atan2_(self, other);
  }>(t, OpId::aten_atan2_);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::atan2(self, other);
  }>(t, OpId::aten_arctan2);
  bind<[](Tensor self, const Tensor &other) {
    return ops::atan2_(self, other);
  }>(t, OpId::aten_arctan2_);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::hypot(self, other);
  }>(t, OpId::aten_hypot);
  bind<[](Tensor self, const Tensor &other) {
    return ops::hypot_(self, other);
  }>(t, OpId::aten_hypot_);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::xlogy(self, other);
  }>(t, OpId::aten_xlogy_Tensor);
  bind<[](const Tensor &self, Scalar other) {
    return ops::xlogy(self, other);
  }>(t, OpId::aten_xlogy_Scalar_Other);
  bind<[](Scalar self, const Tensor &other) {
    return ops::xlogy(self, other);
  }>(t, OpId::aten_xlogy_Scalar_Self);
  bind<[](Tensor self, const Tensor &other) {
    return ops::xlogy_(self, other);
  }>(t, OpId::aten_xlogy__Tensor);
  bind<[](Tensor self, Scalar other) { return ops::xlogy_(self, other); }>(
      t, OpId::aten_xlogy__Scalar_Other);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::copysign(self, other);
  }>(t, OpId::aten_copysign_Tensor);
  bind<[](const Tensor &self, Scalar other) {
    return ops::copysign(self, other);
  }>(t, OpId::aten_copysign_Scalar);
  bind<[](Tensor self, const Tensor &other) {
    return ops::copysign_(self, other);
  }>(t, OpId::aten_copysign__Tensor);
  bind<[](Tensor self, Scalar other) { return ops::copysign_(self, other); }>(
      t, OpId::aten_copysign__Scalar);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::logaddexp(self, other);
  }>(t, OpId::aten_logaddexp);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::ldexp(self, other);
  }>(t, OpId::aten_ldexp_Tensor);
  bind<[](Tensor self, const Tensor &other) {
    return ops::ldexp_(self, other);
  }>(t, OpId::aten_ldexp_);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::gcd(self, other);
  }>(t, OpId::aten_gcd);
  bind<[](Tensor self, const Tensor &other) { return ops::gcd_(self, other); }>(
      t, OpId::aten_gcd_);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::lcm(self, other);
  }>(t, OpId::aten_lcm);
  bind<[](Tensor self, const Tensor &other) { return ops::lcm_(self, other); }>(
      t, OpId::aten_lcm_);

  bind<[](const Tensor &self, const Tensor &end, Scalar weight) {
    return ops::lerp(self, end, weight);
  }>(t, OpId::aten_lerp_Scalar);
  bind<[](const Tensor &self, const Tensor &end, const Tensor &weight) {
    return ops::lerp(self, end, weight);
  }>(t, OpId::aten_lerp_Tensor);
  bind<[](Tensor self, const Tensor &end, Scalar weight) {
    return ops::lerp_(self, end, weight);
  }>(t, OpId::aten_lerp__Scalar);
  bind<[](Tensor self, const Tensor &end, const Tensor &weight) {
    return ops::lerp_(self, end, weight);
  }>(t, OpId::aten_lerp__Tensor);
  bind<[](const Tensor &self, const Tensor &tensor1, const Tensor &tensor2,
          Scalar value) {
    return ops::addcmul(self, tensor1, tensor2, value);
  }>(t, OpId::aten_addcmul);
  bind<[](Tensor self, const Tensor &tensor1, const Tensor &tensor2,
          Scalar value) {
    return ops::addcmul_(self, tensor1, tensor2, value);
  }>(t, OpId::aten_addcmul_);
  bind<[](const Tensor &self, const Tensor &tensor1, const Tensor &tensor2,
          Scalar value) {
    return ops::addcdiv(self, tensor1, tensor2, value);
  }>(t, OpId::aten_addcdiv);
  bind<[](Tensor self, const Tensor &tensor1, const Tensor &tensor2,
          Scalar value) {
    return ops::addcdiv_(self, tensor1, tensor2, value);
  }>(t, OpId::aten_addcdiv_);
}

//===--- aten::to ---------------------------------------------------------===//

/// The name of a `Device` or `Device?` argument.
std::optional<std::string> deviceName(const IValue &device) {
  if (device.isNone())
    return std::nullopt;
  return device.toDeviceName();
}

/// non_blocking is accepted and means nothing on the CPU.
void registerConversionKernels(KernelTable &t) {
  bind<[](const Tensor &self, ScalarType dtype, bool /*nonBlocking*/, bool copy,
          std::optional<int64_t> memoryFormat) {
    ops::ToOptions options;
    options.dtype = dtype;
    options.copy = copy;
    options.memoryFormat = memoryFormat;
    return ops::to(self, options);
  }>(t, OpId::aten_to_dtype);
  bind<[](const Tensor &self, IValue &device, ScalarType dtype,
          bool /*nonBlocking*/, bool copy,
          std::optional<int64_t> memoryFormat) {
    ops::ToOptions options;
    options.device = deviceName(device);
    options.dtype = dtype;
    options.copy = copy;
    options.memoryFormat = memoryFormat;
    return ops::to(self, options);
  }>(t, OpId::aten_to_device);
  bind<[](const Tensor &self, std::optional<ScalarType> dtype,
          std::optional<int64_t> layout, IValue &device,
          std::optional<bool> pinMemory, bool /*nonBlocking*/, bool copy,
          std::optional<int64_t> memoryFormat) {
    ops::ToOptions options;
    options.dtype = dtype;
    options.layout = layout;
    options.device = deviceName(device);
    options.pinMemory = pinMemory;
    options.copy = copy;
    options.memoryFormat = memoryFormat;
    return ops::to(self, options);
  }>(t, OpId::aten_to_dtype_layout);
  bind<[](const Tensor &self, const Tensor &other, bool /*nonBlocking*/,
          bool copy, std::optional<int64_t> memoryFormat) {
    ops::ToOptions options;
    options.dtype = other.dtype();
    options.copy = copy;
    options.memoryFormat = memoryFormat;
    return ops::to(self, options);
  }>(t, OpId::aten_to_other);
  bind<[](const Tensor &self, IValue &device, std::optional<ScalarType> dtype,
          bool /*nonBlocking*/, bool copy) {
    ops::ToOptions options;
    options.device = deviceName(device);
    options.dtype = dtype;
    options.copy = copy;
    return ops::to(self, options);
  }>(t, OpId::aten_to_prim_Device);
  bind<[](const Tensor &self, std::optional<ScalarType> dtype,
          bool /*nonBlocking*/, bool copy) {
    ops::ToOptions options;
    options.dtype = dtype;
    options.copy = copy;
    return ops::to(self, options);
  }>(t, OpId::aten_to_prim_dtype);
  bind<[](const Tensor &self, bool /*nonBlocking*/, bool copy) {
    ops::ToOptions options;
    options.copy = copy;
    return ops::to(self, options);
  }>(t, OpId::aten_to_prim_other);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::type_as(self, other);
  }>(t, OpId::aten_type_as);
}
} // namespace

void registerPointwiseKernels(KernelTable &t) {
  registerArithmeticKernels(t);
  registerBinaryMathKernels(t);
  registerConversionKernels(t);
  registerUnaryMathKernels(t);
  registerComparisonKernels(t);
  registerActivationKernels(t);
}

} // namespace kiln
