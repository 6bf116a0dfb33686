//===- LinearAlgebra.cpp - Kernels of the matrix products -----------------===//
//
// aten::t and aten::transpose are views and belong to the shape family.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/LinearAlgebra.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"

namespace kiln {

void registerLinearAlgebraKernels(KernelTable &t) {
  bind<[](const Tensor &self, const Tensor &mat2) {
    return ops::mm(self, mat2);
  }>(t, OpId::aten_mm);
  bind<[](const Tensor &self, const Tensor &mat2) {
    return ops::bmm(self, mat2);
  }>(t, OpId::aten_bmm);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::matmul(self, other);
  }>(t, OpId::aten_matmul);
  bind<[](const Tensor &self, const Tensor &vec) {
    return ops::mv(self, vec);
  }>(t, OpId::aten_mv);
  bind<[](const Tensor &self, const Tensor &tensor) {
    return ops::dot(self, tensor);
  }>(t, OpId::aten_dot);
  bind<[](const Tensor &self, const Tensor &mat1, const Tensor &mat2,
          Scalar beta, Scalar alpha) {
    return ops::addmm(self, mat1, mat2, beta, alpha);
  }>(t, OpId::aten_addmm);
  bind<[](const Tensor &self, const Tensor &mat1, const Tensor &mat2,
          Scalar beta, Scalar alpha) {
    Tensor out = self;
    return ops::addmm_(out, mat1, mat2, beta, alpha);
  }>(t, OpId::aten_addmm_);
  bind<[](const Tensor &self, const Tensor &mat, const Tensor &vec, Scalar beta,
          Scalar alpha) { return ops::addmv(self, mat, vec, beta, alpha); }>(
      t, OpId::aten_addmv);
  bind<[](const Tensor &self, const Tensor &mat, const Tensor &vec, Scalar beta,
          Scalar alpha) {
    Tensor out = self;
    return ops::addmv_(out, mat, vec, beta, alpha);
  }>(t, OpId::aten_addmv_);
  bind<[](const Tensor &self, const Tensor &batch1, const Tensor &batch2,
          Scalar beta, Scalar alpha) {
    return ops::baddbmm(self, batch1, batch2, beta, alpha);
  }>(t, OpId::aten_baddbmm);
  bind<[](const Tensor &self, const Tensor &batch1, const Tensor &batch2,
          Scalar beta, Scalar alpha) {
    Tensor out = self;
    return ops::baddbmm_(out, batch1, batch2, beta, alpha);
  }>(t, OpId::aten_baddbmm_);
  bind<[](const Tensor &input, const Tensor &weight,
          std::optional<Tensor> bias) {
    return ops::linear(input, weight, bias);
  }>(t, OpId::aten_linear);
  // `path` only chooses the contraction order, which changes rounding, not
  // the result; Kiln contracts left to right.
  bind<[](const std::string &equation, std::vector<Tensor> tensors,
          std::optional<std::vector<int64_t>> path) {
    (void)path;
    return ops::einsum(equation, tensors);
  }>(t, OpId::aten_einsum);
}

} // namespace kiln
