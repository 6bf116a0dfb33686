//===- Optimizers.h - torch.optim's update rules ----------------*- C++ -*-===//
//
// SGD (momentum, dampening, Nesterov, weight decay, maximize) and Adam /
// AdamW (amsgrad) with exactly torch.optim's update rules (PyTorch 1.13's
// single-tensor implementations), so that a training run from the same
// weights takes the same steps. Parameters are updated in place; each
// optimizer keeps its per-parameter state (momentum buffers, moments).
// Arithmetic is in the parameter's dtype, element by element, in
// PyTorch's order of operations.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_OPTIMIZERS_H
#define KILN_RUNTIME_OPTIMIZERS_H

#include "runtime/tensor/Tensor.h"

#include <cstdint>
#include <vector>

namespace kiln {

struct SGDOptions {
  double lr = 0.01;
  double momentum = 0;
  double dampening = 0;
  double weightDecay = 0;
  bool nesterov = false;
  bool maximize = false;
};

class SGD {
public:
  /// UserErrors for what torch.optim.SGD refuses (a negative rate,
  /// Nesterov without momentum or with dampening).
  SGD(std::vector<Tensor> params, SGDOptions options);
  /// One step with one gradient per parameter (same shapes).
  void step(const std::vector<Tensor> &grads);
  const std::vector<Tensor> &params() const { return params_; }

private:
  std::vector<Tensor> params_;
  SGDOptions options_;
  /// Empty until the first step (PyTorch starts the buffer at the first
  /// gradient).
  std::vector<Tensor> momentum_;
};

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weightDecay = 0;
  bool amsgrad = false;
  bool maximize = false;
  /// AdamW: weight decay shrinks the parameter instead of joining the
  /// gradient.
  bool decoupledWeightDecay = false;
};

class Adam {
public:
  Adam(std::vector<Tensor> params, AdamOptions options);
  void step(const std::vector<Tensor> &grads);
  const std::vector<Tensor> &params() const { return params_; }
  int64_t steps() const { return steps_; }

private:
  std::vector<Tensor> params_;
  AdamOptions options_;
  int64_t steps_ = 0;
  std::vector<Tensor> expAvg_, expAvgSq_, maxExpAvgSq_;
};

} // namespace kiln

#endif // KILN_RUNTIME_OPTIMIZERS_H
