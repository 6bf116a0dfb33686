//===- TrainingStep.h - One training step as one graph ----------*- C++ -*-===//
//
// A training step is one graph, optimized and run like any other: the
// model's forward pass and loss, the backward pass on a seed of one
// (passes/Autodiff.h), for data-parallel training the replicas' all-reduce
// (passes/DataParallel.h), then torch.optim's update of every parameter
// that has a gradient, inlined from the optimizer's IR (Optimizer.h):
//
//   graph(%self, %x, %target[, %replica_weight : float],
//         %<param>_step : int, %<param>_<state> : Tensor, ...):
//     ... forward, loss, backward ...
//     %u = aten::add_(%fc1.weight, %update, %neg_lr)   # in place
//     return (%loss)
//
// Parameters and optimizer state are updated in place; the graph returns
// the loss. Each updated parameter takes its own step number (1 on its
// first update) and state tensors, as torch.optim keeps them per parameter.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TRAINING_TRAININGSTEP_H
#define KILN_RUNTIME_TRAINING_TRAININGSTEP_H

#include "runtime/training/Optimizer.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace kiln {

class Graph;
class Pipeline;

/// The default pipeline without fusion: autodiff differentiates ops, not
/// fusion groups (the training step fuses afterwards, in the executor).
Pipeline pipelineBeforeAutodiff();

struct TrainingStepGraph {
  std::shared_ptr<Graph> graph;
  /// The inputs before the optimizer's: self, x, target (and
  /// replica_weight when data-parallel).
  size_t numBatchInputs = 3;
  /// For each updated parameter, in input order, its index in the names
  /// buildTrainingStep was given.
  std::vector<size_t> updated;
};

/// The training step of `lossGraph` (self, x, target) -> loss, which is
/// specialized to its inputs and ready for autodiff (no fusion groups).
/// `parameters` are the module's parameter names (state_dict names);
/// module tensors that are not parameters (buffers) get no update. With
/// `dataParallel`, the loss and gradients are all-reduced before the
/// update. CompileErrors as differentiate().
TrainingStepGraph buildTrainingStep(const Graph &lossGraph,
                                    std::span<const std::string> parameters,
                                    const OptimizerOptions &optimizer,
                                    bool dataParallel);

} // namespace kiln

#endif // KILN_RUNTIME_TRAINING_TRAININGSTEP_H
