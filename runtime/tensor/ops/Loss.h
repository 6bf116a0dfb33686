//===- Loss.h - Loss functions ----------------------------------*- C++ -*-===//
//
// Reference kernels with ATen's names and semantics. `reduction` is
// PyTorch's enum as an int: 0 = none (the per-element losses), 1 = mean,
// 2 = sum (0-d results). The mean of nothing is NaN.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_LOSS_H
#define KILN_RUNTIME_TENSOR_OPS_LOSS_H

#include "runtime/tensor/Tensor.h"

#include <optional>

namespace kiln::ops {

/// PyTorch's reduction enum.
enum class LossReduction : int64_t { None = 0, Mean = 1, Sum = 2 };

/// Class-index targets (int64 or uint8; `ignoreIndex` entries count
/// nothing, and the mean divides by the weight of the others) or, when
/// target has self's shape, class probabilities. labelSmoothing mixes the
/// target with the uniform distribution. self is [C], [N, C] or [N, C, ...].
Tensor cross_entropy_loss(const Tensor &self, const Tensor &target,
                          const std::optional<Tensor> &weight,
                          int64_t reduction, int64_t ignoreIndex,
                          double labelSmoothing);
/// self holds log-probabilities: [C] with a 0-d target or [N, C] with [N].
Tensor nll_loss(const Tensor &self, const Tensor &target,
                const std::optional<Tensor> &weight, int64_t reduction,
                int64_t ignoreIndex);
/// self [N, C, H, W], target [N, H, W].
Tensor nll_loss2d(const Tensor &self, const Tensor &target,
                  const std::optional<Tensor> &weight, int64_t reduction,
                  int64_t ignoreIndex);
/// Any of the above: self [C], [N, C] or [N, C, d1, ...], target [N, d1, ...].
Tensor nll_loss_nd(const Tensor &self, const Tensor &target,
                   const std::optional<Tensor> &weight, int64_t reduction,
                   int64_t ignoreIndex);

/// (self - target)^2, broadcast.
Tensor mse_loss(const Tensor &self, const Tensor &target, int64_t reduction);
/// |self - target|, broadcast (integers too, except for the mean).
Tensor l1_loss(const Tensor &self, const Tensor &target, int64_t reduction);
/// 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta (beta = 0: l1).
Tensor smooth_l1_loss(const Tensor &self, const Tensor &target,
                      int64_t reduction, double beta);
/// -w (t log x + (1 - t) log(1 - x)), logs clamped at -100; self in [0, 1].
Tensor binary_cross_entropy(const Tensor &self, const Tensor &target,
                            const std::optional<Tensor> &weight,
                            int64_t reduction);
/// The same of sigmoid(self), computed stably; pos_weight scales the
/// positive term. The result has target's shape and dtype.
Tensor binary_cross_entropy_with_logits(const Tensor &self,
                                        const Tensor &target,
                                        const std::optional<Tensor> &weight,
                                        const std::optional<Tensor> &posWeight,
                                        int64_t reduction);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_LOSS_H
