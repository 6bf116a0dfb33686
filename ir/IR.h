//===- IR.h - Graph, Block, Node, Value -------------------------*- C++ -*-===//
//
// Kiln's SSA graph IR, in TorchScript's shape (DESIGN.md, "The IR"):
//
//  * A Graph owns every Block, Node and Value; everything else holds raw
//    pointers. Destroying a node whose outputs are still used is an internal
//    error.
//  * A Node has a kind (an interned Symbol such as aten::add), inputs and
//    outputs (Values), attributes, nested Blocks (for prim::If/prim::Loop)
//    and the SourceRange it came from.
//  * A Value is defined by exactly one node output and keeps the list of its
//    uses, so replaceAllUsesWith is cheap.
//  * A Block is a list of nodes with inputs and outputs.
//
// Note [Param and Return nodes]
// Block inputs are the outputs of a prim::Param node and block outputs are
// the inputs of a prim::Return node. Neither is in the block's node list.
// This way every use of a value, including "returned from a block", is an
// ordinary (Node, input index) pair. The Return node is also the sentinel of
// the block's circular node list: its next() is the first node and its prev()
// the last, so an empty block is Return <-> Return.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_IR_H
#define KILN_IR_IR_H

#include "ir/Attributes.h"
#include "ir/SourceRange.h"
#include "ir/Symbol.h"
#include "ir/Type.h"
#include "support/Error.h"

#include <functional>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace kiln {

class Block;
class CompilationUnit;
class Graph;
class Node;
class Value;
struct OpInfo;

/// `user->inputs()[offset]` is the used value.
struct Use {
  Node *user;
  size_t offset;
  bool operator==(const Use &) const = default;
};

//===----------------------------------------------------------------------===//
// Value
//===----------------------------------------------------------------------===//

class Value {
public:
  Value(const Value &) = delete;
  Value &operator=(const Value &) = delete;

  Node *node() const { return node_; }
  /// Index among node()->outputs().
  size_t offset() const { return offset_; }
  Graph *owningGraph() const;

  const TypePtr &type() const { return type_; }
  Value *setType(TypePtr type);

  /// A number unique within the graph; printed as `%<unique>` when the value
  /// has no name.
  size_t unique() const { return unique_; }
  bool hasDebugName() const { return !name_.empty(); }
  /// The name the printer uses: the debug name or the unique number.
  std::string debugName() const;
  /// Names must not be plain numbers. If another value of the graph has the
  /// name, that value is renamed to `name.N` (as TorchScript does).
  Value *setDebugName(const std::string &name);

  const std::vector<Use> &uses() const { return uses_; }
  bool hasUses() const { return !uses_.empty(); }

  /// Makes every user of this value use `v` instead.
  void replaceAllUsesWith(Value *v);
  /// Same, for the uses in nodes after `node` (and in blocks nested in them).
  void replaceAllUsesAfterNodeWith(const Node *node, Value *v);

private:
  friend class Graph;
  friend class Node;
  friend class Block;
  Value(Node *node, size_t offset);

  Node *node_;
  size_t offset_;
  size_t unique_;
  TypePtr type_;
  std::string name_;
  std::vector<Use> uses_;
};

//===----------------------------------------------------------------------===//
// Node
//===----------------------------------------------------------------------===//

class Node {
public:
  Node(const Node &) = delete;
  Node &operator=(const Node &) = delete;

  Symbol kind() const { return kind_; }
  /// For parsers and rewrites that change what a node is in place.
  void setKind(Symbol kind) { kind_ = kind; }

  Graph *owningGraph() const { return graph_; }
  /// The block whose node list holds this node; null while detached.
  Block *owningBlock() const { return owningBlock_; }

  const SourceRange &sourceRange() const { return range_; }
  Node *setSourceRange(SourceRange range) {
    range_ = std::move(range);
    return this;
  }

  // --- Inputs --------------------------------------------------------------
  std::span<Value *const> inputs() const { return inputs_; }
  Value *input(size_t i) const;
  Value *addInput(Value *v);
  Value *insertInput(size_t i, Value *v);
  /// Replaces input i; returns the old value.
  Value *replaceInput(size_t i, Value *v);
  /// Replaces every occurrence of `from` among the inputs by `to`.
  void replaceInputWith(Value *from, Value *to);
  void removeInput(size_t i);
  void removeAllInputs();

  // --- Outputs -------------------------------------------------------------
  std::span<Value *const> outputs() const { return outputs_; }
  /// The only output; an internal error unless there is exactly one.
  Value *output() const;
  Value *output(size_t i) const;
  Value *addOutput();
  Value *insertOutput(size_t i);
  /// Erases output i, which must have no uses.
  void eraseOutput(size_t i);

  // --- Blocks --------------------------------------------------------------
  std::span<Block *const> blocks() const { return blocks_; }
  Block *addBlock();
  void eraseBlock(size_t i);

  // --- Position ------------------------------------------------------------
  Node *next() const { return next_; }
  Node *prev() const { return prev_; }
  /// Inserts this detached node before / after `n`, in n's block.
  Node *insertBefore(Node *n);
  Node *insertAfter(Node *n);
  /// Moves this node (attached or not) before / after `n`.
  void moveBefore(Node *n);
  void moveAfter(Node *n);
  /// Detaches the node from its block without destroying it.
  void removeFromList();
  /// Whether this node executes before `n`. Both must be attached to
  /// blocks of the same graph; nested blocks count as part of their node.
  bool isBefore(const Node *n) const;
  bool isAfter(const Node *n) const;
  /// Is this node inside `b` (directly or in a nested block)?
  bool isDominatedBy(const Block *b) const;

  /// Detaches and frees the node, its blocks and its outputs. The outputs
  /// must be unused (an internal error otherwise).
  void destroy();

  // --- Attributes ----------------------------------------------------------
  bool hasAttribute(Symbol name) const;
  bool hasAttributes() const { return !attributes_.empty(); }
  AttributeKind attributeKindOf(Symbol name) const;
  const AttributeValue &attribute(Symbol name) const;
  Node *setAttribute(Symbol name, AttributeValue value);
  void removeAttribute(Symbol name);
  const std::vector<std::pair<Symbol, AttributeValue>> &attributes() const {
    return attributes_;
  }

  int64_t i(Symbol name) const { return get<int64_t>(name); }
  double f(Symbol name) const { return get<double>(name); }
  const std::string &s(Symbol name) const { return get<std::string>(name); }
  const Tensor &t(Symbol name) const { return get<Tensor>(name); }
  const std::shared_ptr<Graph> &g(Symbol name) const {
    return get<std::shared_ptr<Graph>>(name);
  }
  const TypePtr &ty(Symbol name) const { return get<TypePtr>(name); }
  const std::vector<int64_t> &is(Symbol name) const {
    return get<std::vector<int64_t>>(name);
  }
  const std::vector<double> &fs(Symbol name) const {
    return get<std::vector<double>>(name);
  }
  const std::vector<std::string> &ss(Symbol name) const {
    return get<std::vector<std::string>>(name);
  }
  Node *i_(Symbol name, int64_t v) { return setAttribute(name, v); }
  Node *f_(Symbol name, double v) { return setAttribute(name, v); }
  Node *s_(Symbol name, std::string v) {
    return setAttribute(name, std::move(v));
  }
  Node *t_(Symbol name, Tensor v) { return setAttribute(name, std::move(v)); }
  Node *g_(Symbol name, std::shared_ptr<Graph> v) {
    return setAttribute(name, std::move(v));
  }
  Node *ty_(Symbol name, TypePtr v) { return setAttribute(name, std::move(v)); }
  Node *is_(Symbol name, std::vector<int64_t> v) {
    return setAttribute(name, std::move(v));
  }
  Node *fs_(Symbol name, std::vector<double> v) {
    return setAttribute(name, std::move(v));
  }
  Node *ss_(Symbol name, std::vector<std::string> v) {
    return setAttribute(name, std::move(v));
  }
  /// Copies every attribute of `other` (graphs deep-copied).
  void copyAttributes(const Node &other);

  // --- The op table ---------------------------------------------------------
  /// The overload of this node's kind that its input types select, or null
  /// when the kind is unknown or no overload matches.
  const OpInfo *maybeOp() const;

  /// The node as it prints (one line, without nested blocks).
  std::string str() const;

private:
  friend class Graph;
  friend class Block;
  Node(Graph *graph, Symbol kind);
  ~Node() = default;

  template <typename T> const T &get(Symbol name) const;
  void linkBefore(Node *n);
  void unlink();
  void dropInput(size_t i);
  void renumberInputUses(size_t from);

  Node *next_ = nullptr;
  Node *prev_ = nullptr;
  Symbol kind_;
  Graph *graph_;
  Block *owningBlock_ = nullptr;
  std::vector<Value *> inputs_;
  std::vector<Value *> outputs_;
  std::vector<Block *> blocks_;
  std::vector<std::pair<Symbol, AttributeValue>> attributes_;
  SourceRange range_;
};

//===----------------------------------------------------------------------===//
// Block
//===----------------------------------------------------------------------===//

/// Iterates a block's nodes; the current node may be destroyed after the
/// iterator has moved past it.
class NodeIterator {
public:
  using value_type = Node *;
  using difference_type = std::ptrdiff_t;
  NodeIterator() = default;
  NodeIterator(Node *node, bool reverse) : node_(node), reverse_(reverse) {}
  Node *operator*() const { return node_; }
  NodeIterator &operator++() {
    node_ = reverse_ ? node_->prev() : node_->next();
    return *this;
  }
  NodeIterator operator++(int) {
    NodeIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const NodeIterator &o) const { return node_ == o.node_; }

private:
  Node *node_ = nullptr;
  bool reverse_ = false;
};

class NodeList {
public:
  NodeList(Node *sentinel, bool reverse)
      : sentinel_(sentinel), reverse_(reverse) {}
  NodeIterator begin() const {
    return {reverse_ ? sentinel_->prev() : sentinel_->next(), reverse_};
  }
  NodeIterator end() const { return {sentinel_, reverse_}; }
  NodeList reverse() const { return {sentinel_, !reverse_}; }
  bool empty() const { return sentinel_->next() == sentinel_; }
  Node *front() const { return *begin(); }
  Node *back() const { return reverse().front(); }

private:
  Node *sentinel_;
  bool reverse_;
};

class Block {
public:
  Block(const Block &) = delete;
  Block &operator=(const Block &) = delete;

  Graph *owningGraph() const { return graph_; }
  /// The node this block belongs to; null for a graph's top-level block.
  Node *owningNode() const { return owningNode_; }

  std::span<Value *const> inputs() const { return param_->outputs(); }
  std::span<Value *const> outputs() const { return return_->inputs(); }
  NodeList nodes() const { return NodeList(return_, false); }
  Node *paramNode() const { return param_; }
  Node *returnNode() const { return return_; }

  Value *addInput(const std::string &name = "");
  Value *insertInput(size_t i, const std::string &name = "");
  void eraseInput(size_t i);
  size_t registerOutput(Value *v);
  void insertOutput(size_t i, Value *v);
  void eraseOutput(size_t i);

  Node *appendNode(Node *n);
  Node *prependNode(Node *n);

  /// Appends copies of `src`'s inputs, nodes and outputs to this (empty)
  /// block. `valueMap` maps values used in `src` but defined outside it.
  void cloneFrom(const Block *src,
                 const std::function<Value *(Value *)> &valueMap);

private:
  friend class Graph;
  friend class Node;
  Block(Graph *graph, Node *owningNode);
  ~Block() = default;
  /// Destroys the nodes (last first), then the Param and Return nodes.
  void destroy();

  Graph *graph_;
  Node *owningNode_;
  Node *param_;
  Node *return_;
};

//===----------------------------------------------------------------------===//
// Graph
//===----------------------------------------------------------------------===//

struct PrintOptions {
  /// Append ` # file:line:col` for nodes whose range is in a script.
  bool sourceLocations = true;
};

class Graph {
public:
  Graph();
  ~Graph();
  Graph(const Graph &) = delete;
  Graph &operator=(const Graph &) = delete;

  Block *block() const { return block_; }
  std::span<Value *const> inputs() const { return block_->inputs(); }
  std::span<Value *const> outputs() const { return block_->outputs(); }
  NodeList nodes() const { return block_->nodes(); }
  Node *paramNode() const { return block_->paramNode(); }
  Node *returnNode() const { return block_->returnNode(); }

  Value *addInput(const std::string &name = "") {
    return block_->addInput(name);
  }
  Value *insertInput(size_t i, const std::string &name = "") {
    return block_->insertInput(i, name);
  }
  void eraseInput(size_t i) { block_->eraseInput(i); }
  size_t registerOutput(Value *v) { return block_->registerOutput(v); }
  void eraseOutput(size_t i) { block_->eraseOutput(i); }

  /// A new detached node with `numOutputs` untyped outputs.
  Node *create(Symbol kind, size_t numOutputs = 1);
  Node *create(Symbol kind, std::span<Value *const> inputs,
               size_t numOutputs = 1);
  /// Inserts a detached node at the insertion point.
  Node *insertNode(Node *n);
  /// create() + insertNode().
  Node *insert(Symbol kind, std::span<Value *const> inputs,
               size_t numOutputs = 1) {
    return insertNode(create(kind, inputs, numOutputs));
  }

  /// New nodes go before `n`.
  void setInsertPoint(Node *n);
  /// New nodes go at the end of `b`.
  void setInsertPoint(Block *b) { setInsertPoint(b->returnNode()); }
  Node *insertPoint() const { return insertBefore_; }

  /// A detached copy of `n` (kind, attributes, source range, output types and
  /// names; nested blocks cloned) whose inputs are `valueMap(input)`.
  Node *createClone(const Node *n,
                    const std::function<Value *(Value *)> &valueMap,
                    bool copyBlocks = true);

  /// A deep copy that prints identically (names and numbers preserved).
  std::unique_ptr<Graph> copy() const;

  void print(std::ostream &out, const PrintOptions &options = {}) const;
  std::string toString(const PrintOptions &options = {}) const;

  /// Every node of the graph, including Param/Return nodes (any order).
  const std::unordered_set<const Node *> &allNodes() const { return allNodes_; }
  const std::unordered_set<const Value *> &allValues() const {
    return allValues_;
  }

  /// For parsers that keep the numbers of unnamed values: make numbers below
  /// `n` unavailable to new values, then assign `unique` to `v`.
  void reserveUniquesBelow(size_t n);
  void setUnique(Value *v, size_t unique);

  /// The compilation unit whose definitions this graph's prim::CallFunction
  /// and prim::CallMethod nodes call (ir/CompilationUnit.h); null when the
  /// graph stands alone or the unit is gone. The unit sets it on the graphs
  /// it holds; copy() keeps it. A weak reference, so that a graph may outlive
  /// its unit and the unit's ownership of its graphs makes no cycle.
  std::shared_ptr<const CompilationUnit> unit() const { return unit_.lock(); }
  void setUnit(std::weak_ptr<const CompilationUnit> unit) {
    unit_ = std::move(unit);
  }

private:
  friend class Node;
  friend class Value;
  friend class Block;

  Value *newValue(Node *node, size_t offset);
  void freeValue(Value *v);
  void freeNode(Node *n);
  Block *newBlock(Node *owningNode);
  void freeBlock(Block *b);

  std::unordered_set<const Node *> allNodes_;
  std::unordered_set<const Value *> allValues_;
  std::unordered_set<const Block *> allBlocks_;
  std::unordered_map<std::string, Value *> names_;
  std::unordered_map<std::string, size_t> nameSuffixes_;
  size_t nextUnique_ = 0;
  std::weak_ptr<const CompilationUnit> unit_;
  Block *block_;
  Node *insertBefore_;
};

std::ostream &operator<<(std::ostream &out, const Graph &g);

/// Sets the graph's insertion point for the lifetime of the guard.
class WithInsertPoint {
public:
  explicit WithInsertPoint(Node *n);
  explicit WithInsertPoint(Block *b) : WithInsertPoint(b->returnNode()) {}
  ~WithInsertPoint();
  WithInsertPoint(const WithInsertPoint &) = delete;
  WithInsertPoint &operator=(const WithInsertPoint &) = delete;

private:
  Graph *graph_;
  Node *previous_;
};

template <typename T> const T &Node::get(Symbol name) const {
  const AttributeValue &v = attribute(name);
  const T *p = std::get_if<T>(&v);
  if (!p)
    detail::throwInternalError(
        __FILE__, __LINE__, "attribute kind",
        detail::concat("attribute '", name.unqualString(), "' of ",
                       kind_.qualString(), " has another kind"));
  return *p;
}

} // namespace kiln

#endif // KILN_IR_IR_H
