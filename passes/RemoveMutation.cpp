//===- RemoveMutation.cpp -------------------------------------------------===//
#include "passes/RemoveMutation.h"

#include "ir/IR.h"
#include "ir/OpTable.h"
#include "passes/AliasAnalysis.h"

#include <string>
#include <unordered_set>
#include <vector>

namespace kiln {

namespace {

// The functional twin of an in-place op: `aten::add_.Tensor(Tensor(a!) self,
// ...) -> Tensor(a!)` has `aten::add.Tensor(Tensor self, ...) -> Tensor`.
const OpInfo *functionalTwin(const OpInfo &op) {
  const FunctionSchema &schema = op.schema;
  const std::vector<Argument> &args = schema.arguments();
  if (op.hasSideEffects() || op.isNondeterministic() || args.empty() ||
      schema.returns().size() != 1 || schema.isVararg() ||
      !args[0].type->isa<TensorType>() || !args[0].isWritten())
    return nullptr;
  for (size_t i = 1; i < args.size(); ++i)
    if (args[i].isWritten())
      return nullptr;
  const std::string &name = schema.name();
  if (name.size() < 2 || name.back() != '_')
    return nullptr;
  std::string twinName = name.substr(0, name.size() - 1);
  if (!schema.overloadName().empty())
    twinName += "." + schema.overloadName();
  const OpInfo *twin = OpTable::get().find(twinName);
  if (!twin || twin->isMutating() || twin->hasSideEffects() ||
      twin->isNondeterministic())
    return nullptr;
  const std::vector<Argument> &twinArgs = twin->schema.arguments();
  const std::vector<Argument> &twinRets = twin->schema.returns();
  if (twinArgs.size() != args.size() || twinRets.size() != 1 ||
      !twinRets[0].type->isa<TensorType>() || twinRets[0].alias)
    return nullptr;
  for (size_t i = 0; i < args.size(); ++i)
    if (!twinArgs[i].type->equals(*args[i].type))
      return nullptr;
  return twin;
}

// Whether the functional op gives `self`'s dtype, as the in-place op does.
// With only `self` a tensor, a promotion (int tensor * 0.5) is an error of
// the in-place op, so the rewrite changes no result a program sees.
bool keepsDtype(const Node *n) {
  const auto *self = n->input(0)->type()->cast<TensorType>();
  bool otherTensors = false;
  for (size_t i = 1; i < n->inputs().size(); ++i)
    if (n->input(i)->type()->isa<TensorType>())
      otherTensors = true;
  if (!otherTensors)
    return true;
  if (!self || !self->dtype())
    return false;
  for (size_t i = 1; i < n->inputs().size(); ++i) {
    const auto *t = n->input(i)->type()->cast<TensorType>();
    if (t && (!t->dtype() || *t->dtype() != *self->dtype()))
      return false;
  }
  return true;
}

class MutationRemover {
public:
  MutationRemover(Graph &graph, const AliasAnalysis &aliases)
      : graph_(graph), aliases_(aliases) {}

  bool run() {
    visitBlock(graph_.block());
    return changed_;
  }

private:
  void visitBlock(Block *block) {
    for (Node *n = block->nodes().front(); n != block->returnNode();) {
      Node *next = n->next();
      for (Block *b : n->blocks())
        visitBlock(b);
      tryRewrite(n);
      n = next;
    }
  }

  // The values that are `self` (itself and results of in-place ops on it),
  // or nullopt when something else may alias it.
  std::optional<std::vector<const Value *>> onlySelf(const Value *self) const {
    std::span<const Value *const> aliases = aliases_.aliasesOf(self);
    // Not in the analysis: made by a rewrite of this round; next round.
    if (aliases.empty() || aliases_.mayBeExternal(self))
      return std::nullopt;
    std::vector<const Value *> same;
    for (const Value *v : aliases) {
      const Node *producer = v->node();
      bool inPlaceOnSelf = v != self && producer->inputs().size() > 0 &&
                           producer->input(0) == self && producer->maybeOp() &&
                           producer->maybeOp()->isMutating();
      if (v != self && !inPlaceOnSelf)
        return std::nullopt;
      same.push_back(v);
    }
    return same;
  }

  void tryRewrite(Node *n) {
    const OpInfo *op = n->maybeOp();
    if (!op || !op->isMutating())
      return;
    const OpInfo *twin = functionalTwin(*op);
    Value *self = n->input(0);
    const Node *producer = self->node();
    if (!twin || created_.count(self) || producer->kind() == prim::Param ||
        producer->kind() == prim::Constant ||
        producer->owningBlock() != n->owningBlock() || !keepsDtype(n))
      return;
    auto same = onlySelf(self);
    if (!same)
      return;
    Node *functional = graph_.create(twin->kind(), n->inputs());
    functional->setSourceRange(n->sourceRange());
    functional->output()->setType(n->output()->type());
    functional->insertBefore(n);
    if (functional->maybeOp() != twin) {
      functional->destroy();
      return;
    }
    for (const Value *v : *same)
      const_cast<Value *>(v)->replaceAllUsesAfterNodeWith(n,
                                                          functional->output());
    n->output()->replaceAllUsesWith(functional->output());
    n->destroy();
    created_.insert(functional->output());
    changed_ = true;
  }

  Graph &graph_;
  const AliasAnalysis &aliases_;
  // Values made this round, which the analysis does not know.
  std::unordered_set<const Value *> created_;
  bool changed_ = false;
};

} // namespace

void removeMutation(Graph &graph) {
  for (;;) {
    AliasAnalysis aliases(graph);
    if (!MutationRemover(graph, aliases).run())
      return;
  }
}

} // namespace kiln
