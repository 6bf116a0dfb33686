//===- DeadCodeElimination.cpp --------------------------------------------===//
#include "passes/DeadCodeElimination.h"

#include "ir/IR.h"
#include "ir/OpTable.h"
#include "passes/AliasAnalysis.h"

#include <unordered_set>
#include <vector>

namespace kiln {

namespace {

// Drops the results of a prim::If that nobody uses, with the values its
// blocks return for them. Returns whether it dropped any.
bool removeUnusedIfOutputs(Node *n) {
  bool removed = false;
  for (size_t i = n->outputs().size(); i-- > 0;) {
    if (n->output(i)->hasUses())
      continue;
    for (Block *b : n->blocks())
      b->eraseOutput(i);
    n->eraseOutput(i);
    removed = true;
  }
  return removed;
}

bool removeUnusedIfOutputsIn(Block *block) {
  bool removed = false;
  for (Node *n : block->nodes()) {
    if (n->kind() == prim::If)
      removed |= removeUnusedIfOutputs(n);
    for (Block *b : n->blocks())
      removed |= removeUnusedIfOutputsIn(b);
  }
  return removed;
}

class Liveness {
public:
  explicit Liveness(const Graph &graph) : aliases_(graph) {
    markRoots(graph.block());
    mark(graph.returnNode());
    while (!worklist_.empty()) {
      const Node *n = worklist_.back();
      worklist_.pop_back();
      propagate(n);
    }
  }

  bool isLive(const Node *n) const { return live_.count(n) != 0; }

private:
  void mark(const Node *n) {
    if (live_.insert(n).second)
      worklist_.push_back(n);
  }

  // Nodes kept for what they do rather than for what they compute.
  bool isRoot(const Node *n) const {
    if (n->kind() == prim::If || n->kind() == prim::Loop)
      return false; // kept when something inside or a result is
    const OpInfo *op = n->maybeOp();
    if (!op || op->hasSideEffects())
      return true;
    for (const Value *v : aliases_.writtenInputs(n))
      if (aliases_.mayBeExternal(v))
        return true;
    return false;
  }

  void markRoots(const Block *block) {
    for (const Node *n : block->nodes()) {
      if (isRoot(n))
        mark(n);
      for (const Block *b : n->blocks())
        markRoots(b);
    }
  }

  void propagate(const Node *n) {
    for (const Value *v : n->inputs()) {
      mark(v->node());
      // What a kept node reads includes every write to it.
      for (const Node *writer : aliases_.writersOf(v))
        mark(writer);
    }
    if (const Block *b = n->owningBlock())
      if (const Node *owner = b->owningNode())
        mark(owner);
    for (const Block *b : n->blocks())
      mark(b->returnNode());
  }

  AliasAnalysis aliases_;
  std::unordered_set<const Node *> live_;
  std::vector<const Node *> worklist_;
};

bool sweep(Block *block, const Liveness &liveness) {
  bool removed = false;
  std::vector<Node *> nodes;
  for (Node *n : block->nodes())
    nodes.push_back(n);
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    Node *n = *it;
    if (!liveness.isLive(n)) {
      n->destroy();
      removed = true;
      continue;
    }
    for (Block *inner : n->blocks())
      removed |= sweep(inner, liveness);
  }
  return removed;
}

} // namespace

void eliminateDeadCode(Graph &graph) {
  bool changed = true;
  while (changed) {
    changed = removeUnusedIfOutputsIn(graph.block());
    Liveness liveness(graph);
    changed |= sweep(graph.block(), liveness);
  }
}

} // namespace kiln
