//===- AliasAnalysis.h - Which values may share memory ----------*- C++ -*-===//
//
// A conservative, flow-insensitive answer to "may these two values be (or
// contain, or share memory with) the same object?" and "who may write it?",
// for passes that must not reorder, merge or drop code across a mutation.
//
// Values of mutable types (tensors, lists, dicts, objects, and tuples or
// optionals holding them) are put into alias classes; two values in one class
// may alias. Classes are merged where the IR says values may alias:
//  * schema alias annotations: a view `Tensor(a)` joins its base, an
//    in-place result `Tensor(a!)` its argument, a wildcard `t(*)` every
//    mutable input, an argument stored into a container `t(c -> *)` the
//    node's other mutable values;
//  * containment: a list, tuple or dict joins its elements, an object its
//    attributes (GetAttr, SetAttr), unpacking joins the container;
//  * control flow: If results join what the blocks return, loop-carried
//    values join across iterations;
//  * the outside world: graph inputs join one "external" class (callers may
//    pass one tensor twice), and so does everything an unknown op or a call
//    touches; such ops also write all their mutable inputs.
// A container and its elements being one class is coarser than TorchScript's
// AliasDb (which tracks contained elements separately): appending to a list
// counts as a write of the tensors in it. The passes only lose precision.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_ALIASANALYSIS_H
#define KILN_PASSES_ALIASANALYSIS_H

#include <span>
#include <unordered_map>
#include <vector>

namespace kiln {

class Block;
class Graph;
class Node;
class Type;
class Value;

class AliasAnalysis {
public:
  /// Analyses the graph as it is now; rewrites invalidate the answers except
  /// where a pass says why they stay valid.
  explicit AliasAnalysis(const Graph &graph);

  /// Whether values of this type can be written or aliased at all.
  static bool isMutableType(const Type &type);

  /// Whether `a` and `b` may refer to or share the same object.
  bool mayAlias(const Value *a, const Value *b) const;
  /// Nodes that may write `v` or something that may alias it (in-place ops,
  /// aten::append, prim::SetAttr, unknown ops), in no particular order.
  std::span<const Node *const> writersOf(const Value *v) const;
  bool hasWriters(const Value *v) const { return !writersOf(v).empty(); }
  /// Some input or output of `n` may be written anywhere in the graph.
  bool hasWriters(const Node *n) const;
  /// Whether `v` may alias a graph input or a value unknown code sees.
  bool mayBeExternal(const Value *v) const;
  /// Whether `v` may be seen outside the graph: it may alias a graph input,
  /// a graph result, or a value unknown code sees.
  bool mayEscape(const Value *v) const;
  /// The values of the graph that may alias `v` (including `v`); empty for
  /// values of immutable types.
  std::span<const Value *const> aliasesOf(const Value *v) const;
  /// The inputs `n` may write.
  std::vector<const Value *> writtenInputs(const Node *n) const;

private:
  size_t find(size_t i) const;
  void unite(const Value *a, const Value *b);
  void uniteExternal(const Value *v);
  /// The class index of a mutable value, or -1.
  long classOf(const Value *v) const;
  void addValue(const Value *v);
  void visitBlock(const Block *block);
  void visitNode(const Node *n);
  void visitSchemaNode(const Node *n);
  void markWrite(const Node *n, const Value *v);

  std::unordered_map<const Value *, size_t> index_;
  mutable std::vector<size_t> parent_; // slot 0: the external class
  std::vector<std::pair<const Node *, const Value *>> writes_;
  // Filled once the classes are final.
  std::unordered_map<size_t, std::vector<const Node *>> writers_;
  std::unordered_map<size_t, std::vector<const Value *>> members_;
  std::unordered_map<const Node *, std::vector<const Value *>> written_;
  std::vector<const Value *> results_;
};

} // namespace kiln

#endif // KILN_PASSES_ALIASANALYSIS_H
