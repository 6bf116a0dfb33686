//===- ConstantPropagation.cpp --------------------------------------------===//
#include "passes/ConstantPropagation.h"

#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/OpTable.h"
#include "passes/AliasAnalysis.h"
#include "passes/ConstantEvaluator.h"
#include "passes/ConstantFolding.h"
#include "passes/DeadCodeElimination.h"

namespace kiln {

namespace {

// Rounds of folding before giving up on a fixpoint (each round folds every
// node it can, so a few suffice in practice).
constexpr int kMaxRounds = 32;

bool isStructural(Symbol kind) {
  return kind == prim::ListConstruct || kind == prim::ListUnpack ||
         kind == prim::TupleConstruct || kind == prim::TupleUnpack ||
         kind == prim::TupleIndex || kind == prim::unchecked_cast;
}

// Whether folding `n` could change what the program does, leaving aside
// whether its inputs are constants.
bool mayFold(const Node *n, const AliasAnalysis &aliases) {
  Symbol kind = n->kind();
  if (kind == prim::Constant || kind == prim::Uninitialized ||
      kind == prim::GetAttr || kind == prim::DictConstruct ||
      !n->blocks().empty() || n->outputs().empty())
    return false;
  if (!isStructural(kind)) {
    const OpInfo *op = n->maybeOp();
    if (!op || op->hasSideEffects() || op->isNondeterministic() ||
        op->isMutating() || op->hasTrait(op_traits::Subgraph) ||
        op->schema.isVarret())
      return false;
  }
  // A constant is one object for the whole run: a result that is written
  // later, or an input written anywhere, has no fixed value. And it is one
  // object for every run: a tensor or list the caller receives (and may
  // change) must be made afresh.
  if (aliases.hasWriters(n))
    return false;
  for (const Value *v : n->outputs())
    if (aliases.mayEscape(v))
      return false;
  return true;
}

class ConstantPropagation {
public:
  explicit ConstantPropagation(Graph &graph) : graph_(graph) {}

  bool run() {
    AliasAnalysis aliases(graph_);
    aliases_ = &aliases;
    changed_ = false;
    visitBlock(graph_.block());
    aliases_ = nullptr;
    return changed_;
  }

private:
  void visitBlock(Block *block) {
    for (Node *n = block->nodes().front(); n != block->returnNode();) {
      Node *next = n->next();
      if (n->kind() == prim::If)
        next = visitIf(n);
      else if (n->kind() == prim::Loop)
        visitLoop(n);
      else
        tryFold(n);
      n = next;
    }
  }

  // Returns the node to visit next.
  Node *visitIf(Node *n) {
    std::optional<ConstantValue> cond = constantValueOf(n->input(0));
    auto *taken = cond ? std::get_if<bool>(&*cond) : nullptr;
    if (!taken) {
      for (Block *b : n->blocks())
        visitBlock(b);
      return n->next();
    }
    Block *block = n->blocks()[*taken ? 0 : 1];
    Node *first = block->nodes().empty() ? n->next() : block->nodes().front();
    while (!block->nodes().empty())
      block->nodes().front()->moveBefore(n);
    for (size_t i = 0; i < n->outputs().size(); ++i)
      n->output(i)->replaceAllUsesWith(block->outputs()[i]);
    n->destroy();
    changed_ = true;
    return first;
  }

  void visitLoop(Node *n) {
    auto trips = constantValueOf(n->input(0));
    auto cond = constantValueOf(n->input(1));
    auto *maxTrips = trips ? std::get_if<int64_t>(&*trips) : nullptr;
    auto *enter = cond ? std::get_if<bool>(&*cond) : nullptr;
    if ((maxTrips && *maxTrips <= 0) || (enter && !*enter)) {
      for (size_t i = 0; i < n->outputs().size(); ++i)
        n->output(i)->replaceAllUsesWith(n->input(2 + i));
      n->destroy();
      changed_ = true;
      return;
    }
    visitBlock(n->blocks()[0]);
  }

  void tryFold(Node *n) {
    std::vector<ConstantValue> inputs;
    for (const Value *v : n->inputs()) {
      std::optional<ConstantValue> c = constantValueOf(v);
      if (!c)
        return;
      inputs.push_back(std::move(*c));
    }
    if (!mayFold(n, *aliases_))
      return;
    std::optional<std::vector<ConstantValue>> results =
        foldConstantNode(*n, inputs);
    if (!results)
      if (const ConstantEvaluator *evaluator = constantEvaluator())
        results = evaluator->evaluate(*n, inputs);
    if (!results || results->size() != n->outputs().size())
      return;
    // A result the node's type contradicts is not the value the rest of
    // the graph expects (an evaluator disagreeing with a refined type).
    for (size_t i = 0; i < results->size(); ++i)
      if (!constantType((*results)[i])->isSubtypeOf(*n->output(i)->type()))
        return;
    WithInsertPoint guard(n);
    for (size_t i = 0; i < results->size(); ++i)
      n->output(i)->replaceAllUsesWith(
          insertConstant(graph_, (*results)[i], n->sourceRange()));
    n->destroy();
    changed_ = true;
  }

  Graph &graph_;
  const AliasAnalysis *aliases_ = nullptr;
  bool changed_ = false;
};

} // namespace

void propagateConstants(Graph &graph) {
  ConstantPropagation propagation(graph);
  for (int round = 0; round < kMaxRounds && propagation.run(); ++round) {
  }
  eliminateDeadCode(graph);
}

} // namespace kiln
