//===- DeadCodeElimination.cpp --------------------------------------------===//
#include "passes/DeadCodeElimination.h"

#include "ir/IR.h"
#include "ir/OpTable.h"

#include <vector>

namespace kiln {

namespace {

bool hasEffects(const Node *n) {
  if (n->kind() == prim::If || n->kind() == prim::Loop) {
    for (const Block *b : n->blocks())
      for (const Node *inner : b->nodes())
        if (hasEffects(inner))
          return true;
    return false;
  }
  const OpInfo *op = n->maybeOp();
  if (!op)
    return true;
  return op->hasSideEffects() || op->isMutating();
}

bool isUnused(const Node *n) {
  for (const Value *v : n->outputs())
    if (v->hasUses())
      return false;
  return true;
}

// Drops the results of a prim::If that nobody uses, with the values its
// blocks return for them.
void removeUnusedIfOutputs(Node *n) {
  for (size_t i = n->outputs().size(); i-- > 0;) {
    if (n->output(i)->hasUses())
      continue;
    for (Block *b : n->blocks())
      b->eraseOutput(i);
    n->eraseOutput(i);
  }
}

void sweep(Block *block) {
  std::vector<Node *> nodes;
  for (Node *n : block->nodes())
    nodes.push_back(n);
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    Node *n = *it;
    if (n->kind() == prim::If)
      removeUnusedIfOutputs(n);
    for (Block *inner : n->blocks())
      sweep(inner);
    if (isUnused(n) && !hasEffects(n))
      n->destroy();
  }
}

} // namespace

void eliminateDeadCode(Graph &graph) { sweep(graph.block()); }

} // namespace kiln
