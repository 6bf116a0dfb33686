//===- Fusion.cpp ---------------------------------------------------------===//
//
// Groups are grown backwards, as TorchScript's graph fuser does: walking a
// block from its end, a fusible node whose producers can join it becomes a
// group, and the group absorbs producers until none qualifies. A producer
// moves down to the group's position, which is why nothing between the two
// may write memory and why its other uses must come after the group.
//
// A contraction (matmul family, convolution: the op table's Contraction
// trait) may join a group as its first node, when every use of its result
// is in the group: the group's elementwise ops are then its epilogue (bias,
// activation), which a kernel applies while the product is still in
// registers. Such a group absorbs nothing after the contraction, so no
// elementwise work ever runs before it (a prologue).
//
//===----------------------------------------------------------------------===//
#include "passes/Fusion.h"

#include "ir/IR.h"
#include "ir/OpTable.h"

#include <memory>
#include <unordered_map>

namespace kiln {

namespace {

bool isTensor(const Value *v) { return v->type()->isa<TensorType>(); }

bool isScalarConstant(const Value *v) {
  return v->node()->kind() == prim::Constant && !isTensor(v);
}

// Non-tensor operands a group can take as inputs (numbers the kernels read).
bool isScalarOperand(const Value *v) {
  switch (v->type()->kind()) {
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Bool:
  case TypeKind::Number:
    return true;
  default:
    return false;
  }
}

bool returnsAlias(const OpInfo &op) {
  for (const Argument &ret : op.schema.returns())
    if (ret.alias)
      return true;
  return false;
}

// An elementwise op that computes fresh tensors from its operands and
// nothing else.
bool isFusible(const Node *n) {
  if (n->kind() == prim::FusionGroup || !n->blocks().empty())
    return false;
  const OpInfo *op = n->maybeOp();
  if (!op || !op->isElementwise() || op->isMutating() || op->hasSideEffects() ||
      op->isNondeterministic() || returnsAlias(*op))
    return false;
  bool readsTensor = false;
  for (const Value *in : n->inputs()) {
    if (isTensor(in))
      readsTensor = true;
    else if (!isScalarConstant(in) && !isScalarOperand(in))
      return false;
  }
  for (const Value *out : n->outputs())
    if (!isTensor(out))
      return false;
  return readsTensor && !n->outputs().empty();
}

// A matmul or convolution computing one fresh tensor.
bool isContraction(const Node *n) {
  if (!n->blocks().empty())
    return false;
  const OpInfo *op = n->maybeOp();
  return op && op->isContraction() && !op->isMutating() &&
         !op->hasSideEffects() && !returnsAlias(*op) &&
         n->outputs().size() == 1 && isTensor(n->output());
}

// May `n` write memory or have effects that moving a reader past it would
// change? Unknown ops and nested blocks holding such nodes count.
bool mayWrite(const Node *n) {
  for (const Block *b : n->blocks())
    for (const Node *inner : b->nodes())
      if (mayWrite(inner))
        return true;
  if (n->kind() == prim::If || n->kind() == prim::Loop ||
      n->kind() == prim::Constant || n->kind() == prim::GetAttr ||
      n->kind() == prim::FusionGroup)
    return false;
  const OpInfo *op = n->maybeOp();
  return !op || op->isMutating() || op->hasSideEffects();
}

class Fuser {
public:
  explicit Fuser(Graph &graph) : graph_(graph) {}

  void fuseBlock(Block *block) {
    for (Node *n : block->nodes())
      for (Block *inner : n->blocks())
        fuseBlock(inner);
    Node *sentinel = block->returnNode();
    for (Node *n = sentinel->prev(); n != sentinel;) {
      if (!isFusible(n) || !hasAbsorbableProducer(n, n)) {
        n = n->prev();
        continue;
      }
      Node *group = startGroup(n);
      while (absorbOneProducer(group)) {
      }
      n = group->prev();
    }
  }

private:
  struct GroupState {
    // Outer scalar constants already copied into the subgraph.
    std::unordered_map<const Value *, Value *> constants;
    // The group starts with a contraction and takes no more producers.
    bool closed = false;
  };

  // Can `producer` move down to `position` and join the group there?
  bool canMoveTo(Node *producer, Node *position, const Node *group) const {
    if (producer->owningBlock() != position->owningBlock())
      return false;
    bool contraction = isContraction(producer);
    if (!contraction && !isFusible(producer))
      return false;
    for (const Value *out : producer->outputs())
      for (const Use &use : out->uses()) {
        if (use.user == group)
          continue;
        // An epilogue consumes the whole product.
        if (contraction || !position->isBefore(use.user))
          return false;
      }
    for (Node *m = producer->next(); m != position; m = m->next())
      if (mayWrite(m))
        return false;
    return true;
  }

  bool hasAbsorbableProducer(Node *n, Node *group) const {
    for (const Value *in : n->inputs())
      if (isTensor(in) && in->node()->owningBlock() == n->owningBlock() &&
          in->node()->kind() != prim::Param && canMoveTo(in->node(), n, group))
        return true;
    return false;
  }

  Node *startGroup(Node *n) {
    Node *group = graph_.create(prim::FusionGroup, 0);
    group->g_(attr::Subgraph, std::make_shared<Graph>());
    group->setSourceRange(n->sourceRange());
    group->insertBefore(n);
    states_[group] = {};
    merge(group, n);
    return group;
  }

  // Absorbs an elementwise producer if one qualifies, else a contraction
  // (which closes the group).
  bool absorbOneProducer(Node *group) {
    GroupState &state = states_[group];
    if (state.closed)
      return false;
    Node *contraction = nullptr;
    for (const Value *in : group->inputs()) {
      Node *producer = in->node();
      if (producer->kind() == prim::Param || !isTensor(in) ||
          !canMoveTo(producer, group, group))
        continue;
      if (isContraction(producer)) {
        contraction = contraction ? contraction : producer;
        continue;
      }
      merge(group, producer);
      return true;
    }
    if (!contraction)
      return false;
    merge(group, contraction);
    states_[group].closed = true;
    return true;
  }

  // The subgraph value standing for outer `v` as an operand of a node being
  // merged: a copy of a scalar constant, or a (new) group input.
  Value *operandFor(Node *group, Value *v, std::vector<Node *> &newConstants) {
    Graph &sub = *group->g(attr::Subgraph);
    GroupState &state = states_[group];
    if (isScalarConstant(v)) {
      auto [it, fresh] = state.constants.try_emplace(v, nullptr);
      if (fresh) {
        Node *c = sub.createClone(v->node(), [](Value *x) { return x; });
        newConstants.push_back(c);
        it->second = c->output();
      }
      return it->second;
    }
    for (size_t i = 0; i < group->inputs().size(); ++i)
      if (group->input(i) == v)
        return sub.inputs()[i];
    group->addInput(v);
    Value *param = sub.addInput();
    param->setType(v->type());
    if (v->hasDebugName())
      param->setDebugName(v->debugName());
    return param;
  }

  // Moves `n` (before the group, or the node the group starts from) into
  // the group's subgraph, ahead of the nodes already there.
  void merge(Node *group, Node *n) {
    Graph &sub = *group->g(attr::Subgraph);
    std::vector<Node *> newConstants;
    Node *copy = sub.createClone(
        n, [&](Value *v) { return operandFor(group, v, newConstants); });
    sub.block()->prependNode(copy);
    for (Node *c : newConstants)
      sub.block()->prependNode(c);
    // Constants copied for earlier merges stand after `copy`: keep them all
    // at the top, where every node of the subgraph can read them.
    for (Node *m = copy->next(); m != sub.block()->returnNode();) {
      Node *next = m->next();
      if (m->kind() == prim::Constant)
        m->moveBefore(copy);
      m = next;
    }

    std::vector<std::pair<Value *, std::string>> names;
    for (size_t o = 0; o < n->outputs().size(); ++o) {
      Value *out = n->output(o);
      Value *inner = copy->output(o);
      // Uses by the group itself now read the copy inside the subgraph.
      for (size_t i = group->inputs().size(); i-- > 0;) {
        if (group->input(i) != out)
          continue;
        sub.inputs()[i]->replaceAllUsesWith(inner);
        group->removeInput(i);
        sub.eraseInput(i);
      }
      if (out->hasUses()) {
        sub.registerOutput(inner);
        Value *result = group->addOutput();
        result->setType(inner->type());
        if (out->hasDebugName())
          names.emplace_back(result, out->debugName());
        out->replaceAllUsesWith(result);
      }
    }
    n->destroy();
    // The group's results keep the names of the values they replace.
    for (auto &[result, name] : names)
      result->setDebugName(name);
  }

  Graph &graph_;
  std::unordered_map<const Node *, GroupState> states_;
};

} // namespace

void fuseElementwise(Graph &graph) { Fuser(graph).fuseBlock(graph.block()); }

} // namespace kiln
