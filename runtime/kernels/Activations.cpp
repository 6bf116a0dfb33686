//===- Activations.cpp - Kernels of the elementwise activations -----------===//
//
// The ops are declared in ir/ops/NN.def (relu in Pointwise.def); their
// reference kernels are pointwise, so they are bound here.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Activations.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/PointwiseFamily.h"

namespace kiln {

void registerActivationKernels(KernelTable &t) {
  // In-place kernels take `self` by value: a copy of the handle, naming the
  // caller's tensor.
  bind<[](const Tensor &self) { return ops::relu(self); }>(t, OpId::aten_relu);
  bind<[](Tensor self) { return ops::relu_(self); }>(t, OpId::aten_relu_);
  bind<[](const Tensor &self) { return ops::relu6(self); }>(t,
                                                            OpId::aten_relu6);
  bind<[](Tensor self) { return ops::relu6_(self); }>(t, OpId::aten_relu6_);
  bind<[](const Tensor &self, Scalar minVal, Scalar maxVal) {
    return ops::hardtanh(self, minVal, maxVal);
  }>(t, OpId::aten_hardtanh);
  bind<[](Tensor self, Scalar minVal, Scalar maxVal) {
    return ops::hardtanh_(self, minVal, maxVal);
  }>(t, OpId::aten_hardtanh_);
  bind<[](const Tensor &self, Scalar negativeSlope) {
    return ops::leaky_relu(self, negativeSlope);
  }>(t, OpId::aten_leaky_relu);
  bind<[](Tensor self, Scalar negativeSlope) {
    return ops::leaky_relu_(self, negativeSlope);
  }>(t, OpId::aten_leaky_relu_);
  bind<[](const Tensor &self, Scalar alpha, Scalar scale, Scalar inputScale) {
    return ops::elu(self, alpha, scale, inputScale);
  }>(t, OpId::aten_elu);
  bind<[](Tensor self, Scalar alpha, Scalar scale, Scalar inputScale) {
    return ops::elu_(self, alpha, scale, inputScale);
  }>(t, OpId::aten_elu_);
  bind<[](const Tensor &self, const std::string &approximate) {
    return ops::gelu(self, approximate);
  }>(t, OpId::aten_gelu);
  bind<[](Tensor self, const std::string &approximate) {
    return ops::gelu_(self, approximate);
  }>(t, OpId::aten_gelu_);
  bind<[](const Tensor &self) { return ops::silu(self); }>(t, OpId::aten_silu);
  bind<[](Tensor self) { return ops::silu_(self); }>(t, OpId::aten_silu_);
  bind<[](const Tensor &self) { return ops::mish(self); }>(t, OpId::aten_mish);
  bind<[](Tensor self) { return ops::mish_(self); }>(t, OpId::aten_mish_);
  bind<[](const Tensor &self, Scalar beta, Scalar threshold) {
    return ops::softplus(self, beta, threshold);
  }>(t, OpId::aten_softplus);
  bind<[](const Tensor &self) { return ops::hardsigmoid(self); }>(
      t, OpId::aten_hardsigmoid);
  bind<[](Tensor self) { return ops::hardsigmoid_(self); }>(
      t, OpId::aten_hardsigmoid_);
  bind<[](const Tensor &self) { return ops::hardswish(self); }>(
      t, OpId::aten_hardswish);
  bind<[](Tensor self) { return ops::hardswish_(self); }>(
      t, OpId::aten_hardswish_);
}

} // namespace kiln
