//===- Comparison.cpp - Kernels of comparisons, logic, min/max, where -----===//
#include "runtime/tensor/ops/Comparison.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/PointwiseFamily.h"

namespace kiln {

// In-place kernels take `self` by value: a copy of the handle, naming the
// caller's tensor.

// aten::<name>.Tensor/.Scalar and aten::<name>_.Tensor/.Scalar.
#define KILN_BIND_COMPARISON(name)                                             \
  bind<[](const Tensor &self, const Tensor &other) {                           \
    return ops::name(self, other);                                             \
  }>(t, OpId::aten_##name##_Tensor);                                           \
  bind<[](const Tensor &self, Scalar other) {                                  \
    return ops::name(self, other);                                             \
  }>(t, OpId::aten_##name##_Scalar);                                           \
  bind<[](Tensor self, const Tensor &other) {                                  \
    return ops::name##_(self, other);                                          \
  }>(t, OpId::aten_##name##__Tensor);                                          \
  bind<[](Tensor self, Scalar other) { return ops::name##_(self, other); }>(   \
      t, OpId::aten_##name##__Scalar);

// The ops `fn` implements, under their overload ids.
#define KILN_BIND_BITWISE(fn, tensorOp, scalarOp, scalarTensorOp,              \
                          inplaceTensorOp, inplaceScalarOp)                    \
  bind<[](const Tensor &self, const Tensor &other) {                           \
    return ops::fn(self, other);                                               \
  }>(t, OpId::tensorOp);                                                       \
  bind<[](const Tensor &self, Scalar other) { return ops::fn(self, other); }>( \
      t, OpId::scalarOp);                                                      \
  bind<[](Tensor self, const Tensor &other) {                                  \
    return ops::fn##_(self, other);                                            \
  }>(t, OpId::inplaceTensorOp);                                                \
  bind<[](Tensor self, Scalar other) { return ops::fn##_(self, other); }>(     \
      t, OpId::inplaceScalarOp);                                               \
  bind<[](Scalar self, const Tensor &other) { return ops::fn(self, other); }>( \
      t, OpId::scalarTensorOp);

// The operator forms (__and__, __iand__, ...) have no Scalar_Tensor overload.
#define KILN_BIND_OPERATOR(fn, tensorOp, scalarOp, inplaceTensorOp,            \
                           inplaceScalarOp)                                    \
  bind<[](const Tensor &self, const Tensor &other) {                           \
    return ops::fn(self, other);                                               \
  }>(t, OpId::tensorOp);                                                       \
  bind<[](const Tensor &self, Scalar other) { return ops::fn(self, other); }>( \
      t, OpId::scalarOp);                                                      \
  bind<[](Tensor self, const Tensor &other) {                                  \
    return ops::fn##_(self, other);                                            \
  }>(t, OpId::inplaceTensorOp);                                                \
  bind<[](Tensor self, Scalar other) { return ops::fn##_(self, other); }>(     \
      t, OpId::inplaceScalarOp);

namespace {
void registerComparisonAndBitKernels(KernelTable &t) {
  KILN_BIND_COMPARISON(eq)
  KILN_BIND_COMPARISON(ne)
  KILN_BIND_COMPARISON(lt)
  KILN_BIND_COMPARISON(le)
  KILN_BIND_COMPARISON(gt)
  KILN_BIND_COMPARISON(ge)

  bind<[](const Tensor &self, const Tensor &other) {
    return ops::logical_and(self, other);
  }>(t, OpId::aten_logical_and);
  bind<[](Tensor self, const Tensor &other) {
    return ops::logical_and_(self, other);
  }>(t, OpId::aten_logical_and_);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::logical_or(self, other);
  }>(t, OpId::aten_logical_or);
  bind<[](Tensor self, const Tensor &other) {
    return ops::logical_or_(self, other);
  }>(t, OpId::aten_logical_or_);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::logical_xor(self, other);
  }>(t, OpId::aten_logical_xor);
  bind<[](Tensor self, const Tensor &other) {
    return ops::logical_xor_(self, other);
  }>(t, OpId::aten_logical_xor_);
  bind<[](const Tensor &self) { return ops::logical_not(self); }>(
      t, OpId::aten_logical_not);
  bind<[](Tensor self) { return ops::logical_not_(self); }>(
      t, OpId::aten_logical_not_);

  KILN_BIND_BITWISE(bitwise_and, aten_bitwise_and_Tensor,
                    aten_bitwise_and_Scalar, aten_bitwise_and_Scalar_Tensor,
                    aten_bitwise_and__Tensor, aten_bitwise_and__Scalar)
  KILN_BIND_BITWISE(bitwise_or, aten_bitwise_or_Tensor, aten_bitwise_or_Scalar,
                    aten_bitwise_or_Scalar_Tensor, aten_bitwise_or__Tensor,
                    aten_bitwise_or__Scalar)
  KILN_BIND_BITWISE(bitwise_xor, aten_bitwise_xor_Tensor,
                    aten_bitwise_xor_Scalar, aten_bitwise_xor_Scalar_Tensor,
                    aten_bitwise_xor__Tensor, aten_bitwise_xor__Scalar)
  KILN_BIND_BITWISE(bitwise_left_shift, aten_bitwise_left_shift_Tensor,
                    aten_bitwise_left_shift_Tensor_Scalar,
                    aten_bitwise_left_shift_Scalar_Tensor,
                    aten_bitwise_left_shift__Tensor,
                    aten_bitwise_left_shift__Tensor_Scalar)
  KILN_BIND_BITWISE(bitwise_right_shift, aten_bitwise_right_shift_Tensor,
                    aten_bitwise_right_shift_Tensor_Scalar,
                    aten_bitwise_right_shift_Scalar_Tensor,
                    aten_bitwise_right_shift__Tensor,
                    aten_bitwise_right_shift__Tensor_Scalar)
  KILN_BIND_OPERATOR(bitwise_and, aten___and___Tensor, aten___and___Scalar,
                     aten___iand___Tensor, aten___iand___Scalar)
  KILN_BIND_OPERATOR(bitwise_or, aten___or___Tensor, aten___or___Scalar,
                     aten___ior___Tensor, aten___ior___Scalar)
  KILN_BIND_OPERATOR(bitwise_xor, aten___xor___Tensor, aten___xor___Scalar,
                     aten___ixor___Tensor, aten___ixor___Scalar)
  KILN_BIND_OPERATOR(bitwise_left_shift, aten___lshift___Tensor,
                     aten___lshift___Scalar, aten___ilshift___Tensor,
                     aten___ilshift___Scalar)
  KILN_BIND_OPERATOR(bitwise_right_shift, aten___rshift___Tensor,
                     aten___rshift___Scalar, aten___irshift___Tensor,
                     aten___irshift___Scalar)
  bind<[](const Tensor &self) { return ops::bitwise_not(self); }>(
      t, OpId::aten_bitwise_not);
  bind<[](Tensor self) { return ops::bitwise_not_(self); }>(
      t, OpId::aten_bitwise_not_);
}

using OptionalScalar = std::optional<Scalar>;
using OptionalTensor = std::optional<Tensor>;

void registerSelectionKernels(KernelTable &t) {
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::maximum(self, other);
  }>(t, OpId::aten_maximum);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::minimum(self, other);
  }>(t, OpId::aten_minimum);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::fmax(self, other);
  }>(t, OpId::aten_fmax);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::fmin(self, other);
  }>(t, OpId::aten_fmin);

  // clip is clamp's alias.
  for (auto [op, inplace] : {std::pair{OpId::aten_clamp, OpId::aten_clamp_},
                             std::pair{OpId::aten_clip, OpId::aten_clip_}}) {
    bind<[](const Tensor &self, OptionalScalar min, OptionalScalar max) {
      return ops::clamp(self, min, max);
    }>(t, op);
    bind<[](Tensor self, OptionalScalar min, OptionalScalar max) {
      return ops::clamp_(self, min, max);
    }>(t, inplace);
  }
  for (auto [op, inplace] :
       {std::pair{OpId::aten_clamp_Tensor, OpId::aten_clamp__Tensor},
        std::pair{OpId::aten_clip_Tensor, OpId::aten_clip__Tensor}}) {
    bind<[](const Tensor &self, const OptionalTensor &min,
            const OptionalTensor &max) { return ops::clamp(self, min, max); }>(
        t, op);
    bind<[](Tensor self, const OptionalTensor &min, const OptionalTensor &max) {
      return ops::clamp_(self, min, max);
    }>(t, inplace);
  }
  bind<[](const Tensor &self, Scalar min) {
    return ops::clamp_min(self, min);
  }>(t, OpId::aten_clamp_min);
  bind<[](const Tensor &self, const Tensor &min) {
    return ops::clamp_min(self, min);
  }>(t, OpId::aten_clamp_min_Tensor);
  bind<[](Tensor self, Scalar min) { return ops::clamp_min_(self, min); }>(
      t, OpId::aten_clamp_min_);
  bind<[](Tensor self, const Tensor &min) {
    return ops::clamp_min_(self, min);
  }>(t, OpId::aten_clamp_min__Tensor);
  bind<[](const Tensor &self, Scalar max) {
    return ops::clamp_max(self, max);
  }>(t, OpId::aten_clamp_max);
  bind<[](const Tensor &self, const Tensor &max) {
    return ops::clamp_max(self, max);
  }>(t, OpId::aten_clamp_max_Tensor);
  bind<[](Tensor self, Scalar max) { return ops::clamp_max_(self, max); }>(
      t, OpId::aten_clamp_max_);
  bind<[](Tensor self, const Tensor &max) {
    return ops::clamp_max_(self, max);
  }>(t, OpId::aten_clamp_max__Tensor);

  bind<[](const Tensor &condition, const Tensor &self, const Tensor &other) {
    return ops::where(condition, self, other);
  }>(t, OpId::aten_where_self);
  bind<[](const Tensor &condition, Scalar self, const Tensor &other) {
    return ops::where(condition, self, other);
  }>(t, OpId::aten_where_ScalarSelf);
  bind<[](const Tensor &condition, const Tensor &self, Scalar other) {
    return ops::where(condition, self, other);
  }>(t, OpId::aten_where_ScalarOther);
  bind<[](const Tensor &condition, Scalar self, Scalar other) {
    return ops::where(condition, self, other);
  }>(t, OpId::aten_where_Scalar);
  bind<[](const Tensor &condition) { return ops::where(condition); }>(
      t, OpId::aten_where);
}
} // namespace

#undef KILN_BIND_COMPARISON
#undef KILN_BIND_BITWISE
#undef KILN_BIND_OPERATOR

void registerComparisonKernels(KernelTable &t) {
  registerComparisonAndBitKernels(t);
  registerSelectionKernels(t);
}

} // namespace kiln
