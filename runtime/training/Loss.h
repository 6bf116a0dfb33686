//===- Loss.h - The losses training appends to a model ----------*- C++ -*-===//
//
// Training minimizes a loss of the model's output and the batch's target;
// appendLoss() adds it to the model's graph as ordinary ops, with PyTorch's
// mean reduction, so autodiff differentiates it like the rest.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TRAINING_LOSS_H
#define KILN_RUNTIME_TRAINING_LOSS_H

#include <memory>
#include <string>

namespace kiln {

class Graph;

enum class LossKind { CrossEntropy, NLL, MSE };

/// "cross_entropy", "nll", "mse"; a UserError listing them otherwise.
LossKind lossKindFromName(const std::string &name);

/// `model` (self, x) -> output, followed by the loss of output and a new
/// last input %target: a graph (self, x, target) -> loss. A CompileError
/// when the model does not return exactly one tensor.
std::shared_ptr<Graph> appendLoss(const Graph &model, LossKind loss);

} // namespace kiln

#endif // KILN_RUNTIME_TRAINING_LOSS_H
