//===- LinearAlgebra.h - Matrix products ------------------------*- C++ -*-===//
//
// Reference kernels of the matrix products with ATen's names and semantics:
// mm, bmm, matmul (every broadcasting case), addmm/addmv/baddbmm (beta and
// alpha; beta = 0 ignores `self`, alpha = 0 ignores the product, as BLAS
// does), mv, dot, linear and einsum. Operands must share a dtype (floating or
// integral); float32 products accumulate in double.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_LINEARALGEBRA_H
#define KILN_RUNTIME_TENSOR_OPS_LINEARALGEBRA_H

#include "runtime/tensor/Tensor.h"

#include <optional>
#include <span>
#include <string_view>

namespace kiln::ops {

/// [n, m] @ [m, p] -> [n, p]
Tensor mm(const Tensor &self, const Tensor &mat2);
/// [b, n, m] @ [b, m, p] -> [b, n, p]
Tensor bmm(const Tensor &self, const Tensor &mat2);
/// torch.matmul: dot, matrix-vector, vector-matrix, matrix and batched
/// products; batch dimensions broadcast, a 1-d operand gains and then loses
/// a dimension.
Tensor matmul(const Tensor &self, const Tensor &other);
/// beta * self + alpha * (mat1 @ mat2); self broadcasts to the product.
Tensor addmm(const Tensor &self, const Tensor &mat1, const Tensor &mat2,
             Scalar beta = 1, Scalar alpha = 1);
Tensor &addmm_(Tensor &self, const Tensor &mat1, const Tensor &mat2,
               Scalar beta = 1, Scalar alpha = 1);
/// beta * self + alpha * (mat @ vec)
Tensor addmv(const Tensor &self, const Tensor &mat, const Tensor &vec,
             Scalar beta = 1, Scalar alpha = 1);
Tensor &addmv_(Tensor &self, const Tensor &mat, const Tensor &vec,
               Scalar beta = 1, Scalar alpha = 1);
/// beta * self + alpha * bmm(batch1, batch2)
Tensor baddbmm(const Tensor &self, const Tensor &batch1, const Tensor &batch2,
               Scalar beta = 1, Scalar alpha = 1);
Tensor &baddbmm_(Tensor &self, const Tensor &batch1, const Tensor &batch2,
                 Scalar beta = 1, Scalar alpha = 1);
/// [n, m] @ [m] -> [n]
Tensor mv(const Tensor &self, const Tensor &vec);
/// [n] . [n] -> 0-d
Tensor dot(const Tensor &self, const Tensor &tensor);
/// input @ weight.t() + bias (weight [out, in] or [in]).
Tensor linear(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias = std::nullopt);
/// torch.einsum over any number of operands: labels a-z and A-Z, an
/// optional "->" output (else the labels used once, sorted), "..." for
/// broadcast dimensions, repeated labels within an operand (diagonals).
/// Operands are contracted left to right.
Tensor einsum(std::string_view equation, std::span<const Tensor> tensors);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_LINEARALGEBRA_H
