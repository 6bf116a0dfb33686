//===- Pointwise.cpp - Kernels of the elementwise tensor ops --------------===//
#include "runtime/tensor/ops/Pointwise.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"

namespace kiln {

void registerPointwiseKernels(KernelTable &t) {
  bind<[](const Tensor &self, const Tensor &other, Scalar alpha) {
    return ops::add(self, other, alpha);
  }>(t, OpId::aten_add_Tensor);
  bind<[](const Tensor &self, Scalar other, Scalar alpha) {
    return ops::add(self, other, alpha);
  }>(t, OpId::aten_add_Scalar);
  bind<[](const Tensor &self, const Tensor &other, Scalar alpha) {
    Tensor out = self;
    return ops::add_(out, other, alpha);
  }>(t, OpId::aten_add__Tensor);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::mul(self, other);
  }>(t, OpId::aten_mul_Tensor);
  bind<[](const Tensor &self, Scalar other) { return ops::mul(self, other); }>(
      t, OpId::aten_mul_Scalar);
  bind<[](const Tensor &self) { return ops::relu(self); }>(t, OpId::aten_relu);
  bind<[](const Tensor &self) {
    Tensor out = self;
    return ops::relu_(out);
  }>(t, OpId::aten_relu_);
}

} // namespace kiln
