//===- CommonSubexpressionElimination.cpp ---------------------------------===//
#include "passes/CommonSubexpressionElimination.h"

#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/OpTable.h"
#include "passes/AliasAnalysis.h"

#include <bit>
#include <unordered_map>
#include <vector>

namespace kiln {

namespace {

//===--- Constant pooling -------------------------------------------------===//

void collectConstants(Block *block, std::vector<Node *> &out) {
  for (Node *n : block->nodes()) {
    if (n->kind() == prim::Constant)
      out.push_back(n);
    for (Block *b : n->blocks())
      collectConstants(b, out);
  }
}

void poolConstants(Graph &graph, const AliasAnalysis &aliases) {
  std::vector<Node *> constants;
  collectConstants(graph.block(), constants);
  std::vector<std::pair<Node *, ConstantValue>> pool;
  Node *last = nullptr;
  for (Node *n : constants) {
    std::optional<ConstantValue> value = constantValueOf(n->output());
    // A written constant is a different object from an equal one.
    if (!value || n->outputs().size() != 1 || aliases.hasWriters(n->output()))
      continue;
    Node *same = nullptr;
    for (const auto &[pooled, pooledValue] : pool)
      if (typesEqual(pooled->output()->type(), n->output()->type()) &&
          constantsEqual(pooledValue, *value)) {
        same = pooled;
        break;
      }
    if (same) {
      n->output()->replaceAllUsesWith(same->output());
      n->destroy();
      continue;
    }
    if (!last) {
      if (graph.block()->nodes().front() != n)
        n->moveBefore(graph.block()->nodes().front());
    } else {
      n->moveAfter(last);
    }
    last = n;
    pool.emplace_back(n, std::move(*value));
  }
}

//===--- Node equality ----------------------------------------------------===//

bool sameDouble(double a, double b) {
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

// Attributes CSE compares; nodes with others (graphs, tensors) are not
// merged here.
bool comparableAttribute(const AttributeValue &v) {
  switch (attributeKind(v)) {
  case AttributeKind::Int:
  case AttributeKind::Float:
  case AttributeKind::String:
  case AttributeKind::Type:
  case AttributeKind::Ints:
  case AttributeKind::Floats:
  case AttributeKind::Strings:
    return true;
  default:
    return false;
  }
}

bool attributesEqual(const AttributeValue &a, const AttributeValue &b) {
  if (a.index() != b.index())
    return false;
  switch (attributeKind(a)) {
  case AttributeKind::Float:
    return sameDouble(std::get<double>(a), std::get<double>(b));
  case AttributeKind::Floats: {
    const auto &x = std::get<std::vector<double>>(a);
    const auto &y = std::get<std::vector<double>>(b);
    if (x.size() != y.size())
      return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!sameDouble(x[i], y[i]))
        return false;
    return true;
  }
  case AttributeKind::Type:
    return typesEqual(std::get<TypePtr>(a), std::get<TypePtr>(b));
  case AttributeKind::Int:
    return std::get<int64_t>(a) == std::get<int64_t>(b);
  case AttributeKind::String:
    return std::get<std::string>(a) == std::get<std::string>(b);
  case AttributeKind::Ints:
    return std::get<std::vector<int64_t>>(a) ==
           std::get<std::vector<int64_t>>(b);
  case AttributeKind::Strings:
    return std::get<std::vector<std::string>>(a) ==
           std::get<std::vector<std::string>>(b);
  default:
    return false;
  }
}

size_t hashNode(const Node *n) {
  size_t h = std::hash<Symbol>()(n->kind());
  auto mix = [&h](size_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  };
  for (const Value *v : n->inputs())
    mix(std::hash<const Value *>()(v));
  mix(n->outputs().size());
  for (const auto &[name, value] : n->attributes()) {
    mix(std::hash<Symbol>()(name));
    if (attributeKind(value) == AttributeKind::Int)
      mix(std::hash<int64_t>()(std::get<int64_t>(value)));
    else if (attributeKind(value) == AttributeKind::String)
      mix(std::hash<std::string>()(std::get<std::string>(value)));
  }
  return h;
}

bool sameComputation(const Node *a, const Node *b) {
  if (a->kind() != b->kind() || a->inputs().size() != b->inputs().size() ||
      a->outputs().size() != b->outputs().size() ||
      a->attributes().size() != b->attributes().size())
    return false;
  for (size_t i = 0; i < a->inputs().size(); ++i)
    if (a->input(i) != b->input(i))
      return false;
  for (size_t i = 0; i < a->outputs().size(); ++i)
    if (!typesEqual(a->output(i)->type(), b->output(i)->type()))
      return false;
  for (size_t i = 0; i < a->attributes().size(); ++i) {
    const auto &[nameA, valueA] = a->attributes()[i];
    const auto &[nameB, valueB] = b->attributes()[i];
    if (nameA != nameB || !attributesEqual(valueA, valueB))
      return false;
  }
  return true;
}

//===--- Scoped merging ---------------------------------------------------===//

// Whether `writer` may run after `first` and before `second` (which
// `first` dominates).
bool runsBetween(const Node *writer, const Node *first, const Node *second) {
  if (first->isBefore(writer) && writer->isBefore(second))
    return true;
  // In a loop around `second` but not `first`, a write late in one
  // iteration precedes `second` in the next.
  for (const Node *n = writer; n->owningBlock()->owningNode();
       n = n->owningBlock()->owningNode()) {
    const Node *owner = n->owningBlock()->owningNode();
    if (owner->kind() != prim::Loop)
      continue;
    const Block *body = owner->blocks()[0];
    if (second->isDominatedBy(body) && !first->isDominatedBy(body))
      return true;
  }
  return false;
}

// Ops whose results are objects their input holds (an attribute, an item):
// two of them on the same input, with no write of it in between, give the
// very same objects, so merging them is right even if those are written.
bool isProjection(const Node *n) {
  Symbol kind = n->kind();
  if (kind == prim::GetAttr || kind == prim::TupleIndex ||
      kind == prim::TupleUnpack || kind == prim::ListUnpack ||
      kind == prim::unchecked_cast)
    return true;
  const OpInfo *op = n->maybeOp();
  return op && op->id == OpId::aten___getitem___t;
}

class CommonSubexpressions {
public:
  explicit CommonSubexpressions(const AliasAnalysis &aliases)
      : aliases_(aliases) {}

  void visitBlock(Block *block) {
    std::vector<size_t> added;
    for (Node *n = block->nodes().front(); n != block->returnNode();) {
      Node *next = n->next();
      for (Block *b : n->blocks())
        visitBlock(b);
      if (isCandidate(n)) {
        size_t h = hashNode(n);
        if (Node *same = findEarlier(n, h)) {
          for (size_t i = 0; i < n->outputs().size(); ++i)
            n->output(i)->replaceAllUsesWith(same->output(i));
          n->destroy();
        } else {
          table_[h].push_back(n);
          added.push_back(h);
        }
      }
      n = next;
    }
    for (auto it = added.rbegin(); it != added.rend(); ++it)
      table_[*it].pop_back();
  }

private:
  bool isCandidate(const Node *n) const {
    if (n->kind() == prim::Constant || !n->blocks().empty() ||
        n->outputs().empty())
      return false;
    const OpInfo *op = n->maybeOp();
    if (!op || op->hasSideEffects() || op->isNondeterministic() ||
        op->isMutating() || op->hasTrait(op_traits::Subgraph))
      return false;
    for (const auto &attribute : n->attributes())
      if (!comparableAttribute(attribute.second))
        return false;
    if (isProjection(n))
      return true;
    // Merged, two new tensors (or views, whose shape an in-place op may
    // change) are one object: it must not be written.
    for (const Value *v : n->outputs())
      if (aliases_.hasWriters(v))
        return false;
    return true;
  }

  Node *findEarlier(const Node *n, size_t h) const {
    auto it = table_.find(h);
    if (it == table_.end())
      return nullptr;
    for (auto c = it->second.rbegin(); c != it->second.rend(); ++c)
      if (sameComputation(*c, n) && !writtenBetween(*c, n))
        return *c;
    return nullptr;
  }

  bool writtenBetween(const Node *first, const Node *second) const {
    for (const Value *v : second->inputs())
      for (const Node *writer : aliases_.writersOf(v))
        if (runsBetween(writer, first, second))
          return true;
    return false;
  }

  const AliasAnalysis &aliases_;
  std::unordered_map<size_t, std::vector<Node *>> table_;
};

} // namespace

void eliminateCommonSubexpressions(Graph &graph) {
  {
    AliasAnalysis aliases(graph);
    poolConstants(graph, aliases);
  }
  // Pooling only removed constants nobody writes: the analysis of the
  // remaining graph is the same, but rebuild it rather than rely on that.
  AliasAnalysis aliases(graph);
  CommonSubexpressions(aliases).visitBlock(graph.block());
}

} // namespace kiln
