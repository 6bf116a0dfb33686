//===- AliasAnalysis.cpp --------------------------------------------------===//
#include "passes/AliasAnalysis.h"

#include "ir/IR.h"
#include "ir/OpTable.h"

#include <algorithm>

namespace kiln {

namespace {

bool isWildcard(const std::vector<std::string> &sets) {
  return std::find(sets.begin(), sets.end(), "*") != sets.end();
}

// The alias sets an argument or result belongs to, of itself and of its
// elements (`Tensor(a)[]`).
std::vector<std::string> setsOf(const Argument &arg) {
  std::vector<std::string> sets;
  for (const auto *info : {&arg.alias, &arg.elementAlias})
    if (*info)
      sets.insert(sets.end(), (*info)->beforeSets.begin(),
                  (*info)->beforeSets.end());
  return sets;
}

bool storedIntoContainer(const Argument &arg) {
  for (const auto *info : {&arg.alias, &arg.elementAlias})
    if (*info && isWildcard((*info)->afterSets))
      return true;
  return false;
}

} // namespace

bool AliasAnalysis::isMutableType(const Type &type) {
  switch (type.kind()) {
  case TypeKind::Tensor:
  case TypeKind::List:
  case TypeKind::Dict:
  case TypeKind::Class:
  case TypeKind::Any:
  case TypeKind::TypeVar:
    return true;
  default:
    for (const TypePtr &t : type.containedTypes())
      if (isMutableType(*t))
        return true;
    return false;
  }
}

AliasAnalysis::AliasAnalysis(const Graph &graph) {
  parent_.push_back(0);
  for (const Value *v : graph.inputs())
    uniteExternal(v);
  visitBlock(graph.block());
  for (const auto &[node, value] : writes_) {
    long c = classOf(value);
    if (c < 0)
      continue;
    std::vector<const Node *> &writers = writers_[static_cast<size_t>(c)];
    if (std::find(writers.begin(), writers.end(), node) == writers.end())
      writers.push_back(node);
    written_[node].push_back(value);
  }
  for (const auto &[value, i] : index_)
    members_[find(i)].push_back(value);
  for (const Value *v : graph.outputs())
    results_.push_back(v);
}

size_t AliasAnalysis::find(size_t i) const {
  while (parent_[i] != i) {
    parent_[i] = parent_[parent_[i]];
    i = parent_[i];
  }
  return i;
}

void AliasAnalysis::addValue(const Value *v) {
  if (index_.count(v) || !isMutableType(*v->type()))
    return;
  index_[v] = parent_.size();
  parent_.push_back(parent_.size());
}

long AliasAnalysis::classOf(const Value *v) const {
  auto it = index_.find(v);
  return it == index_.end() ? -1 : static_cast<long>(find(it->second));
}

void AliasAnalysis::unite(const Value *a, const Value *b) {
  addValue(a);
  addValue(b);
  long ca = classOf(a), cb = classOf(b);
  if (ca < 0 || cb < 0 || ca == cb)
    return;
  // Keep the external class (0) as the root of its class.
  if (ca == 0)
    parent_[static_cast<size_t>(cb)] = 0;
  else
    parent_[static_cast<size_t>(ca)] = static_cast<size_t>(cb);
}

void AliasAnalysis::uniteExternal(const Value *v) {
  addValue(v);
  long c = classOf(v);
  if (c > 0)
    parent_[static_cast<size_t>(c)] = 0;
}

void AliasAnalysis::markWrite(const Node *n, const Value *v) {
  if (isMutableType(*v->type()))
    writes_.push_back({n, v});
}

void AliasAnalysis::visitBlock(const Block *block) {
  for (const Value *v : block->inputs())
    addValue(v);
  for (const Node *n : block->nodes())
    visitNode(n);
}

void AliasAnalysis::visitNode(const Node *n) {
  for (const Value *v : n->outputs())
    addValue(v);
  Symbol kind = n->kind();
  if (kind == prim::If) {
    for (const Block *b : n->blocks()) {
      visitBlock(b);
      for (size_t i = 0; i < n->outputs().size(); ++i)
        unite(n->output(i), b->outputs()[i]);
    }
    return;
  }
  if (kind == prim::Loop) {
    const Block *body = n->blocks()[0];
    visitBlock(body);
    for (size_t i = 0; i < n->outputs().size(); ++i) {
      unite(n->output(i), n->input(2 + i));
      unite(n->output(i), body->inputs()[1 + i]);
      unite(n->output(i), body->outputs()[1 + i]);
    }
    return;
  }
  if (kind == prim::Constant || kind == prim::Uninitialized ||
      kind == prim::Print || kind == prim::RaiseException ||
      kind == prim::FusionGroup)
    return; // fresh results (fusion groups compute new tensors), no writes
  if (kind == prim::ListConstruct || kind == prim::TupleConstruct ||
      kind == prim::DictConstruct) {
    for (const Value *in : n->inputs())
      unite(n->output(), in);
    return;
  }
  if (kind == prim::ListUnpack || kind == prim::TupleUnpack ||
      kind == prim::TupleIndex || kind == prim::unchecked_cast ||
      kind == prim::GetAttr) {
    for (const Value *out : n->outputs())
      unite(out, n->input(0));
    return;
  }
  if (kind == prim::SetAttr) {
    unite(n->input(1), n->input(0));
    markWrite(n, n->input(0));
    return;
  }
  visitSchemaNode(n);
}

void AliasAnalysis::visitSchemaNode(const Node *n) {
  const OpInfo *op = n->maybeOp();
  if (!op || op->hasTrait(op_traits::SideEffects) || !n->blocks().empty()) {
    // Unknown code (calls, ops Kiln does not know, ops with effects the
    // schema does not describe): it may keep, return and write anything it
    // is given.
    for (const Value *in : n->inputs()) {
      uniteExternal(in);
      markWrite(n, in);
    }
    for (const Value *out : n->outputs())
      uniteExternal(out);
    for (const Block *b : n->blocks())
      visitBlock(b);
    return;
  }
  const FunctionSchema &schema = op->schema;
  const std::vector<Argument> &args = schema.arguments();
  auto uniteWithMutableInputs = [&](const Value *v) {
    for (const Value *in : n->inputs())
      unite(v, in);
  };
  for (size_t i = 0; i < n->inputs().size(); ++i) {
    const Value *in = n->input(i);
    if (i >= args.size()) { // `...` arguments: may flow into the results
      for (const Value *out : n->outputs())
        unite(out, in);
      continue;
    }
    if (args[i].isWritten())
      markWrite(n, in);
    if (storedIntoContainer(args[i])) {
      uniteWithMutableInputs(in);
      for (const Value *out : n->outputs())
        unite(out, in);
    }
  }
  const std::vector<Argument> &rets = schema.returns();
  for (size_t j = 0; j < n->outputs().size(); ++j) {
    const Value *out = n->output(j);
    if (!isMutableType(*out->type()))
      continue;
    if (j >= rets.size()) { // `-> ...`
      uniteWithMutableInputs(out);
      continue;
    }
    std::vector<std::string> sets = setsOf(rets[j]);
    if (sets.empty()) {
      // A new tensor is fresh; a new container may hold the inputs'
      // elements (aten::list, aten::split's list of views).
      if (!out->type()->isa<TensorType>())
        uniteWithMutableInputs(out);
      continue;
    }
    if (isWildcard(sets)) {
      uniteWithMutableInputs(out);
      continue;
    }
    for (size_t i = 0; i < n->inputs().size() && i < args.size(); ++i) {
      std::vector<std::string> argSets = setsOf(args[i]);
      for (const std::string &s : sets)
        if (std::find(argSets.begin(), argSets.end(), s) != argSets.end())
          unite(out, n->input(i));
    }
  }
}

bool AliasAnalysis::mayAlias(const Value *a, const Value *b) const {
  long ca = classOf(a), cb = classOf(b);
  return ca >= 0 && ca == cb;
}

std::span<const Node *const> AliasAnalysis::writersOf(const Value *v) const {
  long c = classOf(v);
  if (c < 0)
    return {};
  auto it = writers_.find(static_cast<size_t>(c));
  if (it == writers_.end())
    return {};
  return it->second;
}

bool AliasAnalysis::hasWriters(const Node *n) const {
  for (const Value *v : n->inputs())
    if (hasWriters(v))
      return true;
  for (const Value *v : n->outputs())
    if (hasWriters(v))
      return true;
  return false;
}

bool AliasAnalysis::mayBeExternal(const Value *v) const {
  return classOf(v) == 0;
}

bool AliasAnalysis::mayEscape(const Value *v) const {
  long c = classOf(v);
  if (c < 0)
    return false;
  if (c == 0)
    return true;
  for (const Value *result : results_)
    if (classOf(result) == c)
      return true;
  return false;
}

std::span<const Value *const> AliasAnalysis::aliasesOf(const Value *v) const {
  long c = classOf(v);
  if (c < 0)
    return {};
  auto it = members_.find(static_cast<size_t>(c));
  if (it == members_.end())
    return {};
  return it->second;
}

std::vector<const Value *> AliasAnalysis::writtenInputs(const Node *n) const {
  auto it = written_.find(n);
  return it == written_.end() ? std::vector<const Value *>{} : it->second;
}

} // namespace kiln
