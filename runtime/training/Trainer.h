//===- Trainer.h - Training steps of a module -------------------*- C++ -*-===//
//
// A Trainer trains a module whose graph maps (self, x) to one output
// tensor: it appends the loss (cross_entropy, nll, mse, bce_with_logits;
// Loss.h) to the graph, specializes it to each batch's types and to the
// module in training mode (dropout active, batch norm on batch statistics,
// updating its running statistics), derives forward and backward graphs
// (passes/Autodiff.h), and runs them through executors, then lets the
// optimizer (Optimizer.h) update the module's parameters in place. Each
// batch shape is differentiated once and cached (a short last batch is a
// second shape).
//
// Evaluation runs the module's own graph in evaluation mode on the same
// parameter tensors.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TRAINING_TRAINER_H
#define KILN_RUNTIME_TRAINING_TRAINER_H

#include "runtime/IValue.h"
#include "runtime/training/Dataset.h"
#include "runtime/training/Loss.h"
#include "runtime/training/Optimizer.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace kiln {

class Graph;
class Program;
struct ModuleState;

struct TrainerOptions {
  LossOptions loss;
  OptimizerOptions optimizer;
  /// The pipeline the forward and backward graphs run through.
  std::string passes = "default";
  /// Seeds the random ops (dropout) of step i with seed + i.
  uint64_t seed = 0;
};

class Trainer {
public:
  /// Trains `state`'s parameters in place; `model` is the module's graph
  /// (self, x) -> output, as the frontend compiled it.
  Trainer(std::shared_ptr<const Graph> model, Ref<ModuleState> state,
          TrainerOptions options);
  ~Trainer();

  /// One optimizer step on a batch; returns the batch's loss.
  double step(const Tensor &x, const Tensor &y);

  struct Evaluation {
    double loss = 0;
    /// Class labels only: the fraction whose arg-max output is the label.
    std::optional<double> accuracy;
  };
  /// The mean loss (weighted by batch size) and accuracy over `data`, in
  /// evaluation mode, in batches of `batchSize`.
  Evaluation evaluate(const Dataset &data, int64_t batchSize) const;

  int64_t steps() const { return steps_; }

private:
  struct Compiled;
  const Compiled &compiledFor(const Tensor &x, const Tensor &y);

  std::shared_ptr<const Graph> model_;
  std::shared_ptr<Graph> lossGraph_;
  Ref<ModuleState> state_;
  TrainerOptions options_;
  std::vector<std::string> parameterNames_;
  std::unique_ptr<Optimizer> optimizer_;
  std::map<std::string, std::unique_ptr<Compiled>> compiled_;
  std::shared_ptr<const Program> evaluation_;
  std::shared_ptr<const Program> evaluationLoss_;
  IValue evaluationSelf_;
  IValue evaluationLossSelf_;
  int64_t steps_ = 0;
};

} // namespace kiln

#endif // KILN_RUNTIME_TRAINING_TRAINER_H
