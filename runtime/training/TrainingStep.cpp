//===- TrainingStep.cpp ---------------------------------------------------===//
#include "runtime/training/TrainingStep.h"

#include "ir/IR.h"
#include "ir/Parser.h"
#include "passes/Autodiff.h"
#include "passes/DataParallel.h"
#include "passes/DeadCodeElimination.h"
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
  if (dataParallel) {
    insertAllReduce(g);
    step.numBatchInputs = 4;
  }
  std::map<std::string, Value *> attributes = attributesOf(g);
  std::unique_ptr<Graph> update =
      parseIR(optimizerStepIR(optimizer), "<optimizer>");
  std::vector<std::string> stateNames = optimizer.stateNames();

  WithInsertPoint guard(g.returnNode());
  for (size_t leaf = 0; leaf < gradient.leaves.size(); ++leaf) {
    const GradientLeaf &l = gradient.leaves[leaf];
    if (l.input)
      continue;
    auto p = std::find(parameters.begin(), parameters.end(), l.attribute);
    if (p == parameters.end())
      continue; // a buffer
    Value *grad = g.outputs()[gradient.numOutputs + leaf];
    if (!grad->type()->isa<TensorType>())
      continue;
    auto param = attributes.find(l.attribute);
    KILN_INTERNAL_ASSERT(param != attributes.end(), "training step: no ",
                         "GetAttr of ", l.attribute, " in the top block");
    step.updated.push_back(static_cast<size_t>(p - parameters.begin()));

    // The update's inputs: param, grad, state..., step.
    std::unordered_map<Value *, Value *> env;
    std::span<Value *const> in = update->inputs();
    env[in[0]] = param->second;
    env[in[1]] = grad;
    Value *stepNumber = g.addInput(inputName(l.attribute, "step"));
    stepNumber->setType(IntType::get());
    for (size_t s = 0; s < stateNames.size(); ++s) {
      Value *state = g.addInput(inputName(l.attribute, stateNames[s]));
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
