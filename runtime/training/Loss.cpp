//===- Loss.cpp -----------------------------------------------------------===//
#include "runtime/training/Loss.h"

#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "support/Error.h"

namespace kiln {

LossKind lossKindFromName(const std::string &name) {
  if (name == "cross_entropy")
    return LossKind::CrossEntropy;
  if (name == "nll")
    return LossKind::NLL;
  if (name == "mse")
    return LossKind::MSE;
  throw UserError("unknown loss '" + name +
                  "'; the losses are cross_entropy, nll and mse");
}

std::shared_ptr<Graph> appendLoss(const Graph &model, LossKind loss) {
  std::shared_ptr<Graph> g = model.copy();
  Node *ret = g->block()->returnNode();
  // The return node has no location of its own; what it returns does.
  SourceRange where = ret->sourceRange();
  if (g->outputs().size() == 1)
    where = g->outputs()[0]->node()->sourceRange();
  if (g->outputs().size() != 1 || !g->outputs()[0]->type()->isa<TensorType>())
    throwErrorAt(where,
                 "training needs a model that returns one tensor (the "
                 "output the loss compares with the target), but it "
                 "returns ",
                 g->outputs().size() == 1
                     ? g->outputs()[0]->type()->str()
                     : std::to_string(g->outputs().size()) + " values");
  Value *output = g->outputs()[0];
  Value *target = g->addInput("target");
  target->setType(TensorType::get());
  WithInsertPoint guard(ret);
  SourceRange range = ret->sourceRange();
  Value *mean = insertConstant(*g, int64_t{1}, range);
  std::vector<Value *> args{output, target};
  Symbol kind;
  if (loss == LossKind::MSE) {
    kind = Symbol::fromQualString("aten::mse_loss");
    args.push_back(mean);
  } else {
    args.push_back(insertConstant(*g, NoneConstant{}, range));
    args.push_back(mean);
    args.push_back(insertConstant(*g, int64_t{-100}, range));
    if (loss == LossKind::CrossEntropy) {
      kind = Symbol::fromQualString("aten::cross_entropy_loss");
      args.push_back(insertConstant(*g, 0.0, range));
    } else {
      kind = Symbol::fromQualString("aten::nll_loss");
    }
  }
  Node *n = g->insert(kind, args);
  n->setSourceRange(range);
  n->output()->setType(TensorType::get());
  n->output()->setDebugName("loss");
  ret->replaceInput(0, n->output());
  return g;
}

} // namespace kiln
