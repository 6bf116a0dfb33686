//===- Autodiff.h - Gradient graphs by reverse-mode differentiation -*- C++
//-*-===//
//
// differentiate() splits a graph into a forward graph, which also returns
// what the backward graph needs, and a backward graph, which maps the
// gradients of the graph's differentiable outputs to the gradients of its
// leaves: its floating-point tensor inputs and the tensors it reads off its
// module (`self`) through prim::GetAttr. Both are ordinary graphs, for the
// ordinary pipeline. Each differentiated node's gradient is its op's
// formula (ir/ops/Gradients.def) cloned into the backward graph.
//
// Control flow: a prim::If becomes a prim::If of the backward graph on the
// saved condition, whose branches differentiate the forward branches;
// values a backward branch needs from its forward branch are returned from
// that branch (the others return prim::Uninitialized). Loops must be gone
// (specialization and `unroll-loops` remove those with a constant trip
// count); a loop that a gradient flows through is an error at the loop.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_AUTODIFF_H
#define KILN_PASSES_AUTODIFF_H

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

class Graph;

struct GradientLeaf {
  /// The graph input it is, or nullopt for a module tensor.
  std::optional<size_t> input;
  /// The module tensor's attribute path from `self`, as state_dict names it
  /// ("conv1.weight").
  std::string attribute;
  /// Whether any gradient reaches it. One that is read but reaches the
  /// outputs only through ops without gradients (detach, argmax, a
  /// comparison) gets zeros in the backward graph; PyTorch leaves its
  /// `.grad` None, and torch.optim skips it.
  bool reached = true;
};

struct Gradient {
  /// Inputs: the graph's. Outputs: the graph's (numOutputs of them), then
  /// its differentiable tensor outputs, flattened out of tuples (numSeeds),
  /// then the values the backward graph saves.
  std::shared_ptr<Graph> forward;
  /// Inputs: the gradient of each differentiable output (numSeeds), then
  /// the saved values, in the forward graph's order. Outputs: the gradient
  /// of each leaf, in `leaves` order.
  std::shared_ptr<Graph> backward;
  size_t numOutputs = 0;
  size_t numSeeds = 0;
  std::vector<GradientLeaf> leaves;
};

/// Differentiates `graph`, which must not be changed meanwhile. A
/// CompileError at the node when a gradient flows through a node without a
/// formula or through a loop, or when no output is a floating-point tensor.
Gradient differentiate(const Graph &graph);

/// One graph computing the gradients of the sum of every differentiable
/// output with respect to every leaf: the forward graph followed by the
/// backward graph on gradients of ones. Inputs: the original graph's;
/// outputs: one gradient per leaf.
std::shared_ptr<Graph> gradientOfSum(const Gradient &gradient);

/// As gradientOfSum, but returning the graph's own outputs (numOutputs of
/// them) before the gradients: what a training step needs (the loss, and
/// the gradients of the loss).
std::shared_ptr<Graph> outputsAndGradients(const Gradient &gradient);

/// Drops the saved values the backward graph no longer reads (once the
/// pipeline has folded, say, a saved tensor's sizes into constants): the
/// backward graph's inputs and the forward graph's outputs.
void pruneSavedValues(Gradient &gradient);

/// The pass (`--passes=autodiff`): replaces `graph` by gradientOfSum of it.
void autodiff(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_AUTODIFF_H
