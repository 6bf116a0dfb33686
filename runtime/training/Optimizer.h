//===- Optimizer.h - torch.optim's update rules as graphs -------*- C++ -*-===//
//
// An optimizer step is ordinary IR: one graph per optimizer configuration
// updates one parameter and its state tensors in place, with the ops and
// the order of operations of torch.optim's single-tensor implementations
// (PyTorch 1.13, `foreach=False`), so a run in Kiln and in PyTorch gives
// the same parameters up to float rounding of identical expressions.
// Hyper-parameters are constants of the graph; the step number (1 on the
// first step) is its last input, for SGD's first-step momentum buffer and
// Adam's bias corrections.
//
// The same text can be inlined into a compiled training step; `Optimizer`
// runs it per parameter through the interpreter.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TRAINING_OPTIMIZER_H
#define KILN_RUNTIME_TRAINING_OPTIMIZER_H

#include "runtime/IValue.h"
#include "runtime/tensor/Tensor.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace kiln {

class Program;

struct OptimizerOptions {
  enum class Kind { SGD, Adam, AdamW };
  Kind kind = Kind::SGD;
  double lr = 0.01;
  /// SGD.
  double momentum = 0;
  double dampening = 0;
  bool nesterov = false;
  /// All kinds (AdamW decays the parameter, the others the gradient).
  double weightDecay = 0;
  /// Adam, AdamW.
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;

  /// torch.optim's defaults for `kind` ("sgd", "adam", "adamw"; lr as
  /// given); a UserError for another name.
  static OptimizerOptions defaults(const std::string &kind, double lr);
  /// A UserError naming the hyper-parameter torch.optim would reject
  /// (negative lr, nesterov without momentum or with dampening, betas
  /// outside [0, 1), ...).
  void check() const;
  /// The state tensors per parameter, by their torch.optim names
  /// (`momentum_buffer`; `exp_avg`, `exp_avg_sq`), in the graph's order.
  std::vector<std::string> stateNames() const;
};

/// The update of one parameter as IR text:
///   graph(%param : Tensor, %grad : Tensor, %<state>... : Tensor,
///         %step : int):
/// writing %param and the state tensors in place, returning nothing.
std::string optimizerStepIR(const OptimizerOptions &options);

/// Applies updates to a fixed list of parameters, keeping their state.
class Optimizer {
public:
  /// `params` are updated in place by step(); the state starts as zeros
  /// (SGD's momentum buffer is set from the gradient on the first step, as
  /// torch.optim does).
  Optimizer(const OptimizerOptions &options, std::vector<Tensor> params);
  ~Optimizer();

  /// One update with these gradients (one per parameter, same shapes; an
  /// undefined Tensor for a parameter without gradient, which is skipped
  /// as torch.optim skips parameters whose .grad is None); a UserError for
  /// a missing or misshapen gradient.
  void step(const std::vector<Tensor> &grads);

  /// The optimizer's inputs of a training step graph (TrainingStep.h) that
  /// updates parameters `updated` (indices into params()): for each, its
  /// step number counting this update, then its state tensors. Counts the
  /// update.
  std::vector<IValue> stepInputs(std::span<const size_t> updated);

  /// How many updates parameter `i` has had (torch.optim's state["step"]).
  int64_t steps(size_t i = 0) const { return steps_.at(i); }
  const std::vector<Tensor> &params() const { return params_; }
  /// The state of parameter `i`, in OptimizerOptions::stateNames() order.
  const std::vector<Tensor> &state(size_t i) const { return state_.at(i); }

private:
  OptimizerOptions options_;
  std::vector<Tensor> params_;
  std::vector<std::vector<Tensor>> state_;
  std::shared_ptr<const Program> update_;
  std::vector<int64_t> steps_;
};

} // namespace kiln

#endif // KILN_RUNTIME_TRAINING_OPTIMIZER_H
