//===- Graph.cpp - Values, blocks and graph ownership ---------------------===//
#include "ir/IR.h"

#include "support/Error.h"
#include "support/StringUtil.h"

#include <algorithm>
#include <sstream>

namespace kiln {

//===--- Value ------------------------------------------------------------===//

Value::Value(Node *node, size_t offset)
    : node_(node), offset_(offset), unique_(node->owningGraph()->nextUnique_++),
      type_(TensorType::get()) {}

Graph *Value::owningGraph() const { return node_->owningGraph(); }

Value *Value::setType(TypePtr type) {
  KILN_INTERNAL_ASSERT(type, "null type");
  KILN_INTERNAL_ASSERT(!type->hasTypeVars(), "value of type ", type->str(),
                       " with a type variable");
  type_ = std::move(type);
  return this;
}

std::string Value::debugName() const {
  return hasDebugName() ? name_ : std::to_string(unique_);
}

Value *Value::setDebugName(const std::string &name) {
  KILN_INTERNAL_ASSERT(!isDecimalNumber(name), "value name '", name,
                       "' is a number");
  Graph *g = owningGraph();
  if (hasDebugName()) {
    g->names_.erase(name_);
    name_.clear();
  }
  if (name.empty())
    return this;
  auto owner = g->names_.find(name);
  if (owner != g->names_.end()) {
    // Another value holds the name: it becomes `base.N` (TorchScript's rule,
    // so that names read from PyTorch graphs stay as they were).
    std::string base = name;
    size_t suffix = 1;
    size_t dot = name.find_last_of('.');
    if (dot != std::string::npos && dot + 1 < name.size() &&
        isDecimalNumber(std::string_view(name).substr(dot + 1))) {
      if (auto n = parseInt64(std::string_view(name).substr(dot + 1))) {
        suffix = static_cast<size_t>(*n);
        base = name.substr(0, dot);
      }
    }
    auto known = g->nameSuffixes_.find(base);
    if (known != g->nameSuffixes_.end())
      suffix = std::max(suffix, known->second + 1);
    std::string replacement;
    do {
      replacement = base + "." + std::to_string(suffix++);
    } while (g->names_.count(replacement));
    g->nameSuffixes_[base] = suffix;
    owner->second->setDebugName(replacement);
  }
  g->names_[name] = this;
  name_ = name;
  return this;
}

void Value::replaceAllUsesWith(Value *v) {
  KILN_INTERNAL_ASSERT(v != this, "replacing a value with itself");
  KILN_INTERNAL_ASSERT(v->owningGraph() == owningGraph(),
                       "replacement from another graph");
  while (!uses_.empty()) {
    Use u = uses_.back();
    u.user->replaceInput(u.offset, v);
  }
}

void Value::replaceAllUsesAfterNodeWith(const Node *node, Value *v) {
  std::vector<Use> uses = uses_;
  for (const Use &u : uses)
    if (u.user->isAfter(node))
      u.user->replaceInput(u.offset, v);
}

//===--- Block ------------------------------------------------------------===//

Block::Block(Graph *graph, Node *owningNode)
    : graph_(graph), owningNode_(owningNode) {
  param_ = new Node(graph, prim::Param);
  return_ = new Node(graph, prim::Return);
  graph->allNodes_.insert(param_);
  graph->allNodes_.insert(return_);
  param_->owningBlock_ = this;
  return_->owningBlock_ = this;
  return_->next_ = return_->prev_ = return_;
}

Value *Block::addInput(const std::string &name) {
  Value *v = param_->addOutput();
  if (!name.empty())
    v->setDebugName(name);
  return v;
}

Value *Block::insertInput(size_t i, const std::string &name) {
  Value *v = param_->insertOutput(i);
  if (!name.empty())
    v->setDebugName(name);
  return v;
}

void Block::eraseInput(size_t i) { param_->eraseOutput(i); }

size_t Block::registerOutput(Value *v) {
  return_->addInput(v);
  return return_->inputs().size() - 1;
}

void Block::insertOutput(size_t i, Value *v) { return_->insertInput(i, v); }

void Block::eraseOutput(size_t i) { return_->removeInput(i); }

Node *Block::appendNode(Node *n) { return n->insertBefore(return_); }

Node *Block::prependNode(Node *n) { return n->insertBefore(return_->next()); }

void Block::cloneFrom(const Block *src,
                      const std::function<Value *(Value *)> &valueMap) {
  std::unordered_map<const Value *, Value *> local;
  auto env = [&](Value *v) -> Value * {
    auto it = local.find(v);
    return it != local.end() ? it->second : valueMap(v);
  };
  for (Value *in : src->inputs()) {
    Value *copy = addInput();
    copy->setType(in->type());
    if (in->hasDebugName())
      copy->setDebugName(in->debugName());
    local[in] = copy;
  }
  for (Node *n : src->nodes()) {
    Node *copy = graph_->createClone(n, env);
    appendNode(copy);
    for (size_t i = 0; i < n->outputs().size(); ++i)
      local[n->output(i)] = copy->output(i);
  }
  for (Value *out : src->outputs())
    registerOutput(env(out));
}

void Block::destroy() {
  return_->removeAllInputs();
  while (return_->prev_ != return_)
    return_->prev_->destroy();
  for (Value *v : param_->outputs())
    KILN_INTERNAL_ASSERT(!v->hasUses(), "block input %", v->debugName(),
                         " is still used");
  param_->destroy();
  return_->destroy();
  graph_->freeBlock(this);
}

//===--- Graph ------------------------------------------------------------===//

Graph::Graph() {
  block_ = newBlock(nullptr);
  insertBefore_ = block_->returnNode();
}

Graph::~Graph() {
  for (const Node *n : allNodes_)
    delete n;
  for (const Value *v : allValues_)
    delete v;
  for (const Block *b : allBlocks_)
    delete b;
}

Value *Graph::newValue(Node *node, size_t offset) {
  Value *v = new Value(node, offset);
  allValues_.insert(v);
  return v;
}

void Graph::freeValue(Value *v) {
  if (v->hasDebugName())
    names_.erase(v->name_);
  allValues_.erase(v);
  delete v;
}

void Graph::freeNode(Node *n) {
  allNodes_.erase(n);
  delete n;
}

Block *Graph::newBlock(Node *owningNode) {
  Block *b = new Block(this, owningNode);
  allBlocks_.insert(b);
  return b;
}

void Graph::freeBlock(Block *b) {
  allBlocks_.erase(b);
  delete b;
}

Node *Graph::create(Symbol kind, size_t numOutputs) {
  Node *n = new Node(this, kind);
  allNodes_.insert(n);
  for (size_t i = 0; i < numOutputs; ++i)
    n->addOutput();
  return n;
}

Node *Graph::create(Symbol kind, std::span<Value *const> inputs,
                    size_t numOutputs) {
  Node *n = create(kind, numOutputs);
  for (Value *v : inputs)
    n->addInput(v);
  return n;
}

Node *Graph::insertNode(Node *n) {
  KILN_INTERNAL_ASSERT(insertBefore_->owningBlock(),
                       "insertion point is not in a block");
  return n->insertBefore(insertBefore_);
}

void Graph::setInsertPoint(Node *n) {
  KILN_INTERNAL_ASSERT(n->owningGraph() == this && n->owningBlock(),
                       "insertion point must be a node of this graph");
  insertBefore_ = n;
}

Node *Graph::createClone(const Node *n,
                         const std::function<Value *(Value *)> &valueMap,
                         bool copyBlocks) {
  Node *copy = create(n->kind(), 0);
  for (Value *out : n->outputs()) {
    Value *v = copy->addOutput();
    v->setType(out->type());
    if (out->hasDebugName())
      v->setDebugName(out->debugName());
  }
  copy->copyAttributes(*n);
  copy->setSourceRange(n->sourceRange());
  for (Value *in : n->inputs())
    copy->addInput(valueMap(in));
  if (copyBlocks)
    for (const Block *b : n->blocks())
      copy->addBlock()->cloneFrom(b, valueMap);
  return copy;
}

std::unique_ptr<Graph> Graph::copy() const {
  auto g = std::make_unique<Graph>();
  std::unordered_map<const Value *, Value *> env;
  auto lookup = [&](Value *v) {
    auto it = env.find(v);
    KILN_INTERNAL_ASSERT(it != env.end(), "copy: %", v->debugName(),
                         " is used before it is defined");
    return it->second;
  };
  for (Value *in : inputs()) {
    Value *v = g->addInput();
    v->setType(in->type());
    if (in->hasDebugName())
      v->setDebugName(in->debugName());
    env[in] = v;
  }
  // Clone node by node (not Block::cloneFrom) so that every value, also in
  // nested blocks, is recorded in env and keeps its number below.
  std::function<void(const Block *, Block *)> cloneBlock = [&](const Block *src,
                                                               Block *dst) {
    for (Node *n : src->nodes()) {
      Node *c = g->createClone(n, lookup, /*copyBlocks=*/false);
      dst->appendNode(c);
      for (size_t i = 0; i < n->outputs().size(); ++i)
        env[n->output(i)] = c->output(i);
      for (const Block *nb : n->blocks()) {
        Block *cb = c->addBlock();
        for (Value *in : nb->inputs()) {
          Value *v = cb->addInput();
          v->setType(in->type());
          if (in->hasDebugName())
            v->setDebugName(in->debugName());
          env[in] = v;
        }
        cloneBlock(nb, cb);
        for (Value *out : nb->outputs())
          cb->registerOutput(lookup(out));
      }
    }
  };
  cloneBlock(block_, g->block_);
  for (Value *out : outputs())
    g->registerOutput(lookup(out));
  size_t maxUnique = nextUnique_;
  g->reserveUniquesBelow(maxUnique);
  for (const auto &[from, to] : env)
    g->setUnique(to, from->unique());
  g->unit_ = unit_;
  return g;
}

void Graph::reserveUniquesBelow(size_t n) {
  nextUnique_ = std::max(nextUnique_, n);
}

void Graph::setUnique(Value *v, size_t unique) {
  KILN_INTERNAL_ASSERT(v->owningGraph() == this, "value of another graph");
  v->unique_ = unique;
  nextUnique_ = std::max(nextUnique_, unique + 1);
}

std::string Graph::toString(const PrintOptions &options) const {
  std::ostringstream os;
  print(os, options);
  return os.str();
}

std::ostream &operator<<(std::ostream &out, const Graph &g) {
  g.print(out);
  return out;
}

WithInsertPoint::WithInsertPoint(Node *n)
    : graph_(n->owningGraph()), previous_(graph_->insertPoint()) {
  graph_->setInsertPoint(n);
}

WithInsertPoint::~WithInsertPoint() { graph_->setInsertPoint(previous_); }

} // namespace kiln
