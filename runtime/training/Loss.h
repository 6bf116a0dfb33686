//===- Loss.h - The losses training appends to a model ----------*- C++ -*-===//
//
// Training minimizes a loss of the model's output and the batch's target;
// appendLoss() adds it to the model's graph as one ordinary op (PyTorch's
// functional losses with their options), so autodiff differentiates it like
// the rest.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TRAINING_LOSS_H
#define KILN_RUNTIME_TRAINING_LOSS_H

#include <cstdint>
#include <memory>
#include <string>

namespace kiln {

class Graph;
class Tensor;

enum class LossKind { CrossEntropy, NLL, MSE, BCEWithLogits };

/// "cross_entropy", "nll", "mse", "bce_with_logits"; a UserError listing
/// them otherwise.
LossKind lossKindFromName(const std::string &name);
/// The name lossKindFromName takes.
const char *lossKindName(LossKind kind);

/// Training needs a scalar loss: PyTorch's 'mean' or 'sum' ('none' is not).
enum class LossReduction { Mean, Sum };

/// "mean", "sum"; a UserError otherwise.
LossReduction lossReductionFromName(const std::string &name);

/// A loss and its options, meaning what torch.nn.functional's arguments of
/// the same names mean.
struct LossOptions {
  LossKind kind = LossKind::CrossEntropy;
  LossReduction reduction = LossReduction::Mean;
  /// cross_entropy and nll: rows whose label is this count for nothing
  /// (nor towards the mean's denominator).
  int64_t ignoreIndex = -100;
  /// cross_entropy only: the target mixes the label with a uniform
  /// distribution with this weight, in [0, 1].
  double labelSmoothing = 0;

  /// The target is int64 class labels (cross_entropy, nll), not
  /// floating-point values (mse, bce_with_logits).
  bool takesClassLabels() const {
    return kind == LossKind::CrossEntropy || kind == LossKind::NLL;
  }
  /// A UserError for options the loss does not have (label smoothing but
  /// for cross_entropy, ignore_index but for class labels) or out of range.
  void check() const;
};

/// `model` (self, x) -> output, followed by the loss of output and a new
/// last input %target: a graph (self, x, target) -> loss. A CompileError
/// when the model does not return exactly one tensor; UserErrors as
/// LossOptions::check.
std::shared_ptr<Graph> appendLoss(const Graph &model, const LossOptions &loss);

} // namespace kiln

#endif // KILN_RUNTIME_TRAINING_LOSS_H
