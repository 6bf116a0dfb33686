//===- Trainer.cpp --------------------------------------------------------===//
#include "runtime/training/Trainer.h"

#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "passes/Autodiff.h"
#include "passes/PassManager.h"
#include "runtime/Executor.h"
#include "runtime/ModuleState.h"
#include "runtime/Program.h"
#include "support/Error.h"

#include <cstring>

namespace kiln {

namespace {

// The default pipeline up to fusion: autodiff differentiates ops, not
// fusion groups (the forward and backward graphs then fuse on their own).
Pipeline pipelineBeforeAutodiff() {
  std::vector<PassInfo> passes;
  for (const PassInfo &p : Pipeline::defaultPipeline().passes())
    if (p.name != "fuse")
      passes.push_back(p);
  return Pipeline::fromPasses(passes);
}

std::string shapeKey(const Tensor &x, const Tensor &y) {
  std::string key;
  for (const Tensor *t : {&x, &y}) {
    key += std::string(scalarTypeName(t->dtype())) + t->shapeString();
    for (int64_t s : t->strides())
      key += "," + std::to_string(s);
    key += ";";
  }
  return key;
}

} // namespace

// One batch shape's forward and backward programs.
struct Trainer::Compiled {
  Gradient gradient;
  std::shared_ptr<const Program> forward, backward;
  IValue self; // the module in training mode, for `forward`
  /// For each leaf of the gradient, the optimizer's parameter index (or -1
  /// for inputs and buffers).
  std::vector<int64_t> parameterOfLeaf;
};

Trainer::Trainer(std::shared_ptr<const Graph> model, Ref<ModuleState> state,
                 TrainerOptions options)
    : model_(std::move(model)), state_(std::move(state)),
      options_(std::move(options)) {
  KILN_USER_CHECK(model_->inputs().size() == 2 &&
                      model_->inputs()[0]->type()->isa<ClassType>(),
                  "training needs a module whose forward takes one input "
                  "(the batch); this graph takes ",
                  model_->inputs().size(), " inputs");
  lossGraph_ = appendLoss(*model_, options_.loss);
  std::vector<Tensor> params;
  for (auto &[name, tensor] : state_->namedParameters()) {
    parameterNames_.push_back(name);
    params.push_back(tensor);
  }
  optimizer_ = std::make_unique<Optimizer>(options_.optimizer, params);

  state_->setTraining(false);
  evaluation_ = Program::fromGraph(std::const_pointer_cast<Graph>(model_),
                                   {options_.passes});
  evaluationSelf_ = evaluation_->makeModule(*state_);
  evaluationLoss_ = Program::fromGraph(lossGraph_, {options_.passes});
  evaluationLossSelf_ = evaluationLoss_->makeModule(*state_);
  state_->setTraining(true);
}

Trainer::~Trainer() = default;

const Trainer::Compiled &Trainer::compiledFor(const Tensor &x,
                                              const Tensor &y) {
  std::string key = shapeKey(x, y);
  if (auto it = compiled_.find(key); it != compiled_.end())
    return *it->second;
  auto c = std::make_unique<Compiled>();
  state_->setTraining(true);
  // The module object only serves to specialize the graph: its tensors'
  // types and `training`.
  std::shared_ptr<const Program> plain =
      Program::fromGraph(lossGraph_, {.passes = ""});
  IValue self = plain->makeModule(*state_);
  std::vector<IValue> inputs{self, IValue(x), IValue(y)};
  std::shared_ptr<Graph> specialized = specializedGraph(*lossGraph_, inputs);
  pipelineBeforeAutodiff().run(*specialized);
  c->gradient = differentiate(*specialized);
  c->forward = Program::fromGraph(c->gradient.forward, {options_.passes});
  c->backward = Program::fromGraph(c->gradient.backward, {options_.passes});
  c->self = c->forward->makeModule(*state_);
  for (const GradientLeaf &leaf : c->gradient.leaves) {
    int64_t index = -1;
    if (!leaf.input)
      for (size_t i = 0; i < parameterNames_.size(); ++i)
        if (parameterNames_[i] == leaf.attribute)
          index = static_cast<int64_t>(i);
    c->parameterOfLeaf.push_back(index);
  }
  return *compiled_.emplace(key, std::move(c)).first->second;
}

double Trainer::step(const Tensor &x, const Tensor &y) {
  const Compiled &c = compiledFor(x, y);
  RunOptions run;
  run.seed = options_.seed + static_cast<uint64_t>(steps_);
  std::vector<IValue> outputs =
      c.forward->run({c.self, IValue(x), IValue(y)}, run);
  const Gradient &g = c.gradient;
  KILN_INTERNAL_ASSERT(
      outputs.size() >= g.numOutputs + g.numSeeds && g.numSeeds == 1,
      "training: the forward graph returns ", outputs.size(), " values");
  const Tensor &loss = outputs[0].toTensor();
  std::vector<IValue> backwardInputs{
      IValue(Tensor::full(std::vector<int64_t>{}, 1.0, loss.dtype()))};
  for (size_t i = g.numOutputs + g.numSeeds; i < outputs.size(); ++i)
    backwardInputs.push_back(std::move(outputs[i]));
  std::vector<IValue> grads = c.backward->run(std::move(backwardInputs), run);
  KILN_INTERNAL_ASSERT(grads.size() == g.leaves.size(),
                       "training: ", grads.size(), " gradients for ",
                       g.leaves.size(), " leaves");
  // Parameters the loss does not reach keep no gradient (PyTorch: None).
  std::vector<Tensor> byParameter(parameterNames_.size());
  for (size_t i = 0; i < grads.size(); ++i)
    if (c.parameterOfLeaf[i] >= 0 && grads[i].isTensor())
      byParameter[static_cast<size_t>(c.parameterOfLeaf[i])] =
          grads[i].toTensor();
  optimizer_->step(byParameter);
  ++steps_;
  return loss.item().toDouble();
}

Trainer::Evaluation Trainer::evaluate(const Dataset &data,
                                      int64_t batchSize) const {
  Evaluation result;
  KILN_USER_CHECK(batchSize >= 1, "batch size must be at least 1");
  bool labels = data.y.dtype() == ScalarType::Long;
  double lossSum = 0;
  int64_t correct = 0;
  for (int64_t begin = 0; begin < data.size(); begin += batchSize) {
    Dataset batch = data.rows(begin, std::min(data.size(), begin + batchSize));
    std::vector<IValue> out = evaluationLoss_->run(
        {evaluationLossSelf_, IValue(batch.x), IValue(batch.y)});
    lossSum +=
        out[0].toTensor().item().toDouble() * static_cast<double>(batch.size());
    if (!labels)
      continue;
    Tensor scores =
        evaluation_->run({evaluationSelf_, IValue(batch.x)})[0].toTensor();
    KILN_USER_CHECK(scores.dim() == 2 && scores.size(0) == batch.size(),
                    "accuracy needs [batch, classes] outputs, not ",
                    scores.describe());
    for (int64_t r = 0; r < scores.size(0); ++r) {
      int64_t best = 0;
      double bestScore = scores.item(r * scores.size(1)).toDouble();
      for (int64_t k = 1; k < scores.size(1); ++k) {
        double s = scores.item(r * scores.size(1) + k).toDouble();
        if (s > bestScore) {
          best = k;
          bestScore = s;
        }
      }
      correct += best == batch.y.item(r).toInt();
    }
  }
  if (data.size() > 0) {
    result.loss = lossSum / static_cast<double>(data.size());
    if (labels)
      result.accuracy =
          static_cast<double>(correct) / static_cast<double>(data.size());
  }
  return result;
}

} // namespace kiln
