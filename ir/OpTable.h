//===- OpTable.h - Every op Kiln knows, declared once -----------*- C++ -*-===//
//
// The ops are listed in ir/ops/*.def (see AllOps.def for the format). This
// header turns the list into an OpId enum and a table of OpInfo: schema and
// traits. Overload resolution picks the OpInfo that a node's argument
// types select.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_OPTABLE_H
#define KILN_IR_OPTABLE_H

#include "ir/Schema.h"
#include "ir/Symbol.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kiln {

class Node;

enum class OpId : uint16_t {
#define KILN_OP(Id, Schema, Traits) Id,
#include "ir/ops/AllOps.def"
#undef KILN_OP
  NumOps
};

namespace op_traits {
enum : uint32_t {
  NoTraits = 0,
  /// Pointwise over broadcast tensor inputs; fusible.
  Elementwise = 1u << 0,
  /// Reduces over dimensions.
  Reduction = 1u << 1,
  /// Observable effects beyond results and `(a!)` writes; never removed,
  /// reordered or merged.
  SideEffects = 1u << 2,
  /// Random: two calls give different results; never merged.
  Nondeterministic = 1u << 3,
  /// Carries its body as a graph attribute (attr::Subgraph), printed as
  /// `kind_N(...)` with a `with kind_N = graph(...)` section.
  Subgraph = 1u << 4,
  /// A contraction (matmul family, convolution) computing a fresh tensor
  /// whose elements a fusion group may map further while they are still
  /// in registers: the group's fused elementwise epilogue (bias,
  /// activation).
  Contraction = 1u << 5,
};
} // namespace op_traits

struct OpInfo {
  OpId id;
  /// "aten_add_Tensor"
  std::string_view idName;
  FunctionSchema schema;
  uint32_t traits;

  Symbol kind() const { return schema.kind(); }
  bool hasTrait(uint32_t t) const { return (traits & t) == t; }
  bool isElementwise() const { return hasTrait(op_traits::Elementwise); }
  bool isReduction() const { return hasTrait(op_traits::Reduction); }
  bool isContraction() const { return hasTrait(op_traits::Contraction); }
  bool hasSideEffects() const { return hasTrait(op_traits::SideEffects); }
  bool isNondeterministic() const {
    return hasTrait(op_traits::Nondeterministic);
  }
  /// Writes one of its arguments (`Tensor(a!)`, `t[](a!)`).
  bool isMutating() const { return schema.isMutable(); }
};

class OpTable {
public:
  /// The table, built on first use (thread-safe).
  static const OpTable &get();

  const OpInfo &info(OpId id) const { return ops_[static_cast<size_t>(id)]; }
  std::span<const OpInfo> all() const { return ops_; }
  /// The overloads of `kind` in declaration order; empty when unknown.
  std::span<const OpInfo *const> overloads(Symbol kind) const;
  bool isKnownKind(Symbol kind) const { return !overloads(kind).empty(); }
  /// Ops of this kind carry a subgraph (the Subgraph trait).
  bool hasSubgraph(Symbol kind) const;
  /// "; did you mean 'aten::add'?" for a misspelt kind, or "".
  std::string suggestKind(std::string_view unknownKind) const;
  /// By "aten::add.Tensor" (or "aten::relu" for an unnamed overload).
  const OpInfo *find(std::string_view qualifiedOverload) const;

  /// The overload selected by the node's input types whose results also fit
  /// the node's output types; null when none does.
  const OpInfo *resolve(const Node *node) const;

private:
  OpTable();
  std::vector<OpInfo> ops_;
  std::unordered_map<Symbol, std::vector<const OpInfo *>> byKind_;
  std::unordered_map<std::string_view, const OpInfo *> byName_;
  std::vector<std::string> names_; // storage for byName_ keys
};

} // namespace kiln

#endif // KILN_IR_OPTABLE_H
