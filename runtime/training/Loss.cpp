//===- Loss.cpp -----------------------------------------------------------===//
#include "runtime/training/Loss.h"

#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "support/Error.h"

namespace kiln {

LossKind lossKindFromName(const std::string &name) {
  for (LossKind kind : {LossKind::CrossEntropy, LossKind::NLL, LossKind::MSE,
                        LossKind::BCEWithLogits})
    if (name == lossKindName(kind))
      return kind;
  throw UserError("unknown loss '" + name +
                  "'; the losses are cross_entropy, nll, mse and "
                  "bce_with_logits");
}

const char *lossKindName(LossKind kind) {
  switch (kind) {
  case LossKind::CrossEntropy:
    return "cross_entropy";
  case LossKind::NLL:
    return "nll";
  case LossKind::MSE:
    return "mse";
  case LossKind::BCEWithLogits:
    return "bce_with_logits";
  }
  KILN_INTERNAL_ASSERT(false, "unknown LossKind");
}

LossReduction lossReductionFromName(const std::string &name) {
  if (name == "mean")
    return LossReduction::Mean;
  if (name == "sum")
    return LossReduction::Sum;
  throw UserError("unknown reduction '" + name +
                  "'; training needs a scalar loss: mean or sum");
}

void LossOptions::check() const {
  KILN_USER_CHECK(labelSmoothing >= 0 && labelSmoothing <= 1,
                  "label_smoothing must be in [0, 1], not ", labelSmoothing);
  KILN_USER_CHECK(labelSmoothing == 0 || kind == LossKind::CrossEntropy,
                  "label_smoothing is an option of cross_entropy, not of ",
                  lossKindName(kind));
  KILN_USER_CHECK(ignoreIndex == -100 || takesClassLabels(),
                  "ignore_index is an option of cross_entropy and nll, not "
                  "of ",
                  lossKindName(kind));
}

std::shared_ptr<Graph> appendLoss(const Graph &model, const LossOptions &loss) {
  loss.check();
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
  // ATen's reduction enum: 1 mean, 2 sum.
  Value *reduction = insertConstant(
      *g, int64_t{loss.reduction == LossReduction::Mean ? 1 : 2}, range);
  auto none = [&] { return insertConstant(*g, NoneConstant{}, range); };
  std::vector<Value *> args{output, target};
  const char *op = nullptr;
  switch (loss.kind) {
  case LossKind::MSE:
    op = "aten::mse_loss";
    args.push_back(reduction);
    break;
  case LossKind::BCEWithLogits:
    op = "aten::binary_cross_entropy_with_logits";
    args.insert(args.end(), {none(), none(), reduction});
    break;
  case LossKind::NLL:
  case LossKind::CrossEntropy:
    args.insert(args.end(), {none(), reduction,
                             insertConstant(*g, loss.ignoreIndex, range)});
    op = "aten::nll_loss";
    if (loss.kind == LossKind::CrossEntropy) {
      op = "aten::cross_entropy_loss";
      args.push_back(insertConstant(*g, loss.labelSmoothing, range));
    }
    break;
  }
  Node *n = g->insert(Symbol::fromQualString(op), args);
  n->setSourceRange(range);
  n->output()->setType(TensorType::get());
  n->output()->setDebugName("loss");
  ret->replaceInput(0, n->output());
  return g;
}

} // namespace kiln
