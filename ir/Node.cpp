//===- Node.cpp - Node mutation, position and attributes ------------------===//
#include "ir/IR.h"
#include "ir/OpTable.h"

#include "support/Error.h"

#include <algorithm>

namespace kiln {

Node::Node(Graph *graph, Symbol kind) : kind_(kind), graph_(graph) {}

//===--- Inputs -----------------------------------------------------------===//

Value *Node::input(size_t i) const {
  KILN_INTERNAL_ASSERT(i < inputs_.size(), "input ", i, " of ",
                       kind_.qualString(), " out of range");
  return inputs_[i];
}

Value *Node::addInput(Value *v) {
  KILN_INTERNAL_ASSERT(v && v->owningGraph() == graph_,
                       "input from another graph");
  v->uses_.push_back(Use{this, inputs_.size()});
  inputs_.push_back(v);
  return v;
}

Value *Node::insertInput(size_t i, Value *v) {
  KILN_INTERNAL_ASSERT(i <= inputs_.size(), "input index out of range");
  KILN_INTERNAL_ASSERT(v && v->owningGraph() == graph_,
                       "input from another graph");
  inputs_.insert(inputs_.begin() + static_cast<std::ptrdiff_t>(i), v);
  v->uses_.push_back(Use{this, i});
  // Inputs after i moved one place right.
  for (size_t j = i + 1; j < inputs_.size(); ++j)
    for (Use &u : inputs_[j]->uses_)
      if (u.user == this && u.offset == j - 1) {
        u.offset = j;
        break;
      }
  return v;
}

// Removes the use (this, i) from the input's use list.
void Node::dropInput(size_t i) {
  Value *v = inputs_[i];
  auto it = std::find(v->uses_.begin(), v->uses_.end(), Use{this, i});
  KILN_INTERNAL_ASSERT(it != v->uses_.end(), "use list out of sync");
  v->uses_.erase(it);
}

Value *Node::replaceInput(size_t i, Value *v) {
  KILN_INTERNAL_ASSERT(i < inputs_.size(), "input index out of range");
  KILN_INTERNAL_ASSERT(v && v->owningGraph() == graph_,
                       "input from another graph");
  Value *old = inputs_[i];
  dropInput(i);
  inputs_[i] = v;
  v->uses_.push_back(Use{this, i});
  return old;
}

void Node::replaceInputWith(Value *from, Value *to) {
  for (size_t i = 0; i < inputs_.size(); ++i)
    if (inputs_[i] == from)
      replaceInput(i, to);
}

void Node::renumberInputUses(size_t from) {
  for (size_t j = from; j < inputs_.size(); ++j)
    for (Use &u : inputs_[j]->uses_)
      if (u.user == this && u.offset == j + 1) {
        u.offset = j;
        break;
      }
}

void Node::removeInput(size_t i) {
  KILN_INTERNAL_ASSERT(i < inputs_.size(), "input index out of range");
  dropInput(i);
  inputs_.erase(inputs_.begin() + static_cast<std::ptrdiff_t>(i));
  renumberInputUses(i);
}

void Node::removeAllInputs() {
  for (size_t i = 0; i < inputs_.size(); ++i)
    dropInput(i);
  inputs_.clear();
}

//===--- Outputs ----------------------------------------------------------===//

Value *Node::output() const {
  KILN_INTERNAL_ASSERT(outputs_.size() == 1, kind_.qualString(), " has ",
                       outputs_.size(), " outputs, not one");
  return outputs_[0];
}

Value *Node::output(size_t i) const {
  KILN_INTERNAL_ASSERT(i < outputs_.size(), "output ", i, " of ",
                       kind_.qualString(), " out of range");
  return outputs_[i];
}

Value *Node::addOutput() {
  outputs_.push_back(graph_->newValue(this, outputs_.size()));
  return outputs_.back();
}

Value *Node::insertOutput(size_t i) {
  KILN_INTERNAL_ASSERT(i <= outputs_.size(), "output index out of range");
  Value *v = graph_->newValue(this, i);
  outputs_.insert(outputs_.begin() + static_cast<std::ptrdiff_t>(i), v);
  for (size_t j = i + 1; j < outputs_.size(); ++j)
    outputs_[j]->offset_ = j;
  return v;
}

void Node::eraseOutput(size_t i) {
  KILN_INTERNAL_ASSERT(i < outputs_.size(), "output index out of range");
  Value *v = outputs_[i];
  KILN_INTERNAL_ASSERT(!v->hasUses(), "erasing output %", v->debugName(),
                       " of ", kind_.qualString(), " which still has uses");
  outputs_.erase(outputs_.begin() + static_cast<std::ptrdiff_t>(i));
  for (size_t j = i; j < outputs_.size(); ++j)
    outputs_[j]->offset_ = j;
  graph_->freeValue(v);
}

//===--- Blocks -----------------------------------------------------------===//

Block *Node::addBlock() {
  blocks_.push_back(graph_->newBlock(this));
  return blocks_.back();
}

void Node::eraseBlock(size_t i) {
  KILN_INTERNAL_ASSERT(i < blocks_.size(), "block index out of range");
  Block *b = blocks_[i];
  blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(i));
  b->destroy();
}

//===--- Position ---------------------------------------------------------===//

void Node::linkBefore(Node *n) {
  KILN_INTERNAL_ASSERT(!next_ && !prev_, "node is already in a block");
  KILN_INTERNAL_ASSERT(n->owningBlock_, "inserting next to a detached node");
  KILN_INTERNAL_ASSERT(n->kind_ != prim::Param,
                       "inserting before a block's Param node");
  prev_ = n->prev_;
  next_ = n;
  n->prev_->next_ = this;
  n->prev_ = this;
  owningBlock_ = n->owningBlock_;
}

void Node::unlink() {
  KILN_INTERNAL_ASSERT(next_ && prev_, "node is not in a block");
  prev_->next_ = next_;
  next_->prev_ = prev_;
  next_ = prev_ = nullptr;
  owningBlock_ = nullptr;
}

Node *Node::insertBefore(Node *n) {
  KILN_INTERNAL_ASSERT(n->graph_ == graph_, "node from another graph");
  linkBefore(n);
  return this;
}

Node *Node::insertAfter(Node *n) {
  KILN_INTERNAL_ASSERT(n->graph_ == graph_, "node from another graph");
  KILN_INTERNAL_ASSERT(n->kind_ != prim::Return,
                       "inserting after a block's Return node");
  if (n->kind_ == prim::Param) {
    linkBefore(n->owningBlock_->returnNode()->next_);
    return this;
  }
  linkBefore(n->next_);
  return this;
}

void Node::moveBefore(Node *n) {
  if (owningBlock_)
    unlink();
  insertBefore(n);
}

void Node::moveAfter(Node *n) {
  if (owningBlock_)
    unlink();
  insertAfter(n);
}

void Node::removeFromList() { unlink(); }

bool Node::isDominatedBy(const Block *b) const {
  for (const Node *n = this; n; n = n->owningBlock_->owningNode()) {
    if (!n->owningBlock_)
      return false;
    if (n->owningBlock_ == b)
      return true;
  }
  return false;
}

namespace {
// The chain of (node, enclosing block) from the graph's top block down to n.
std::vector<const Node *> ancestry(const Node *n) {
  std::vector<const Node *> chain;
  for (; n; n = n->owningBlock() ? n->owningBlock()->owningNode() : nullptr)
    chain.push_back(n);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

int positionInBlock(const Node *n) {
  // Param is before every node; Return after every node.
  if (n->kind() == prim::Param)
    return -1;
  int pos = 0;
  for (const Node *it = n->owningBlock()->returnNode()->next(); it != n;
       it = it->next())
    ++pos;
  return pos;
}
} // namespace

bool Node::isBefore(const Node *n) const {
  KILN_INTERNAL_ASSERT(owningBlock_ && n->owningBlock_ && graph_ == n->graph_,
                       "isBefore on detached nodes");
  if (this == n)
    return false;
  std::vector<const Node *> a = ancestry(this), b = ancestry(n);
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i])
    ++i;
  // One node is nested inside the other: the outer one starts first.
  if (i == a.size())
    return true;
  if (i == b.size())
    return false;
  if (a[i]->owningBlock() != b[i]->owningBlock()) {
    // Different blocks of the same node (the branches of an If): order the
    // blocks as they are listed.
    const Node *owner = a[i - 1];
    auto blocks = owner->blocks();
    auto pos = [&](const Block *blk) {
      return std::find(blocks.begin(), blocks.end(), blk) - blocks.begin();
    };
    return pos(a[i]->owningBlock()) < pos(b[i]->owningBlock());
  }
  return positionInBlock(a[i]) < positionInBlock(b[i]);
}

bool Node::isAfter(const Node *n) const { return n->isBefore(this); }

void Node::destroy() {
  for (size_t i = 0; i < outputs_.size(); ++i)
    KILN_INTERNAL_ASSERT(!outputs_[i]->hasUses(), "destroying ",
                         kind_.qualString(), " whose output %",
                         outputs_[i]->debugName(), " is still used");
  while (!blocks_.empty())
    eraseBlock(blocks_.size() - 1);
  removeAllInputs();
  if (owningBlock_ && kind_ != prim::Param && kind_ != prim::Return)
    unlink();
  if (graph_->insertBefore_ == this)
    graph_->insertBefore_ = graph_->returnNode();
  for (Value *v : outputs_)
    graph_->freeValue(v);
  outputs_.clear();
  graph_->freeNode(this);
}

//===--- Attributes -------------------------------------------------------===//

bool Node::hasAttribute(Symbol name) const {
  for (const auto &[key, value] : attributes_)
    if (key == name)
      return true;
  return false;
}

const AttributeValue &Node::attribute(Symbol name) const {
  for (const auto &[key, value] : attributes_)
    if (key == name)
      return value;
  detail::throwInternalError(__FILE__, __LINE__, "hasAttribute(name)",
                             detail::concat(kind_.qualString(),
                                            " has no attribute '",
                                            name.unqualString(), "'"));
}

AttributeKind Node::attributeKindOf(Symbol name) const {
  return attributeKind(attribute(name));
}

Node *Node::setAttribute(Symbol name, AttributeValue value) {
  KILN_INTERNAL_ASSERT(name.isAttr(), "attribute names are attr:: symbols");
  for (auto &[key, old] : attributes_)
    if (key == name) {
      old = std::move(value);
      return this;
    }
  attributes_.emplace_back(name, std::move(value));
  return this;
}

void Node::removeAttribute(Symbol name) {
  auto it = std::find_if(attributes_.begin(), attributes_.end(),
                         [&](const auto &kv) { return kv.first == name; });
  KILN_INTERNAL_ASSERT(it != attributes_.end(), "no attribute '",
                       name.unqualString(), "' to remove");
  attributes_.erase(it);
}

void Node::copyAttributes(const Node &other) {
  attributes_.clear();
  for (const auto &[key, value] : other.attributes_) {
    if (auto g = std::get_if<std::shared_ptr<Graph>>(&value)) {
      attributes_.emplace_back(key, std::shared_ptr<Graph>((*g)->copy()));
      continue;
    }
    attributes_.emplace_back(key, value);
  }
}

const OpInfo *Node::maybeOp() const { return OpTable::get().resolve(this); }

} // namespace kiln
