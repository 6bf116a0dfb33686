//===- TrainingStep.cpp ---------------------------------------------------===//
#include "runtime/training/TrainingStep.h"

#include "ir/IR.h"
#include "ir/Parser.h"
#include "passes/Autodiff.h"
#include "passes/DataParallel.h"
#include "passes/DeadCodeElimination.h"
#include "passes/PassManager.h"
#include "support/Error.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace kiln {

namespace {

// The module tensors the top block reads, by attribute path from `self`.
std::map<std::string, Value *> attributesOf(Graph &graph) {
  std::map<std::string, Value *> paths;
  std::unordered_map<const Value *, std::string> pathOf;
  Value *self = graph.inputs()[0];
  for (Node *n : graph.nodes()) {
    if (n->kind() != prim::GetAttr)
      continue;
    Value *receiver = n->input(0);
    std::string prefix;
    if (receiver != self) {
      auto it = pathOf.find(receiver);
      if (it == pathOf.end())
        continue;
      prefix = it->second + ".";
    }
    std::string path = prefix + n->s(attr::name);
    pathOf[n->output()] = path;
    paths.emplace(path, n->output());
  }
  return paths;
}

std::string inputName(const std::string &parameter, const std::string &what) {
  std::string name = parameter + "_" + what;
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

} // namespace

Pipeline pipelineBeforeAutodiff() {
  std::vector<PassInfo> passes;
  for (const PassInfo &p : Pipeline::defaultPipeline().passes())
    if (p.name != "fuse")
      passes.push_back(p);
  return Pipeline::fromPasses(passes);
}

TrainingStepGraph buildTrainingStep(const Graph &lossGraph,
                                    std::span<const std::string> parameters,
                                    const OptimizerOptions &optimizer,
                                    bool dataParallel) {
  KILN_INTERNAL_ASSERT(lossGraph.inputs().size() == 3 &&
                           lossGraph.outputs().size() == 1,
                       "a training step needs (self, x, target) -> loss");
  Gradient gradient = differentiate(lossGraph);
  TrainingStepGraph step;
  step.graph = outputsAndGradients(gradient);
  Graph &g = *step.graph;

  // Only the parameters' gradients are needed: drop the inputs' and
  // buffers' (and whatever computes only them) before anything else.
  std::vector<std::pair<size_t, size_t>> updates; // (leaf, parameter)
  for (size_t leaf = gradient.leaves.size(); leaf-- > 0;) {
    const GradientLeaf &l = gradient.leaves[leaf];
    auto p = std::find(parameters.begin(), parameters.end(), l.attribute);
    size_t output = gradient.numOutputs + leaf;
    // A parameter no gradient reaches is not updated, as torch.optim skips
    // parameters whose .grad is None (weight decay would move it).
    if (l.input || !l.reached || p == parameters.end() ||
        !g.outputs()[output]->type()->isa<TensorType>()) {
      g.eraseOutput(output);
      continue;
    }
    updates.emplace(updates.begin(), leaf,
                    static_cast<size_t>(p - parameters.begin()));
  }
  eliminateDeadCode(g);
  // Simplified and typed (the formulas' Ifs on constant arguments folded):
  // the all-reduce's buckets go by size, and the updates see exact types.
  pipelineBeforeAutodiff().run(g);
  if (dataParallel) {
    insertAllReduce(g);
    step.numBatchInputs = 4;
  }
  std::map<std::string, Value *> attributes = attributesOf(g);
  std::unique_ptr<Graph> update =
      parseIR(optimizerStepIR(optimizer), "<optimizer>");
  std::vector<std::string> stateNames = optimizer.stateNames();

  WithInsertPoint guard(g.returnNode());
  for (size_t u = 0; u < updates.size(); ++u) {
    const std::string &name = gradient.leaves[updates[u].first].attribute;
    Value *grad = g.outputs()[gradient.numOutputs + u];
    auto param = attributes.find(name);
    KILN_INTERNAL_ASSERT(param != attributes.end(), "training step: no ",
                         "GetAttr of ", name, " in the top block");
    step.updated.push_back(updates[u].second);

    // The update's inputs: param, grad, state..., step.
    std::unordered_map<Value *, Value *> env;
    std::span<Value *const> in = update->inputs();
    env[in[0]] = param->second;
    env[in[1]] = grad;
    Value *stepNumber = g.addInput(inputName(name, "step"));
    stepNumber->setType(IntType::get());
    for (size_t s = 0; s < stateNames.size(); ++s) {
      Value *state = g.addInput(inputName(name, stateNames[s]));
      state->setType(param->second->type());
      env[in[2 + s]] = state;
    }
    env[in[2 + stateNames.size()]] = stepNumber;
    auto lookup = [&](Value *v) { return env.at(v); };
    for (Node *n : update->nodes()) {
      Node *copy = g.insertNode(g.createClone(n, lookup));
      for (size_t i = 0; i < n->outputs().size(); ++i)
        env[n->output(i)] = copy->output(i);
    }
  }
  while (g.outputs().size() > gradient.numOutputs)
    g.eraseOutput(g.outputs().size() - 1);
  eliminateDeadCode(g);
  return step;
}

} // namespace kiln
