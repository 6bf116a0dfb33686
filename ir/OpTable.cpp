//===- OpTable.cpp --------------------------------------------------------===//
#include "ir/OpTable.h"

#include "ir/IR.h"
#include "ir/SchemaMatching.h"
#include "support/Error.h"

#include <algorithm>

namespace kiln {

namespace {
struct OpDecl {
  std::string_view idName;
  std::string_view schema;
  uint32_t traits;
};

using namespace op_traits;
constexpr OpDecl kDecls[] = {
#define KILN_OP(Id, Schema, Traits) {#Id, Schema, Traits},
#include "ir/ops/AllOps.def"
#undef KILN_OP
};
} // namespace

OpTable::OpTable() {
  ops_.reserve(std::size(kDecls));
  for (size_t i = 0; i < std::size(kDecls); ++i) {
    const OpDecl &d = kDecls[i];
    FunctionSchema schema;
    try {
      schema = parseSchema(d.schema, "ir/ops/AllOps.def");
    } catch (const UserError &e) {
      KILN_INTERNAL_ASSERT(false, "op table entry ", d.idName,
                           " has a malformed schema:\n", e.what());
    }
    ops_.push_back(
        OpInfo{static_cast<OpId>(i), d.idName, std::move(schema), d.traits});
  }
  names_.reserve(ops_.size());
  for (const OpInfo &op : ops_) {
    byKind_[op.kind()].push_back(&op);
    std::string name = op.schema.name();
    if (!op.schema.overloadName().empty())
      name += "." + op.schema.overloadName();
    names_.push_back(std::move(name));
    bool inserted = byName_.emplace(names_.back(), &op).second;
    KILN_INTERNAL_ASSERT(inserted, "op ", names_.back(),
                         " is declared twice in the op table");
  }
}

const OpTable &OpTable::get() {
  static const OpTable table;
  return table;
}

std::span<const OpInfo *const> OpTable::overloads(Symbol kind) const {
  auto it = byKind_.find(kind);
  if (it == byKind_.end())
    return {};
  return it->second;
}

bool OpTable::hasSubgraph(Symbol kind) const {
  for (const OpInfo *op : overloads(kind))
    if (op->hasTrait(op_traits::Subgraph))
      return true;
  return false;
}

const OpInfo *OpTable::find(std::string_view qualifiedOverload) const {
  auto it = byName_.find(qualifiedOverload);
  return it == byName_.end() ? nullptr : it->second;
}

namespace {
size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}
} // namespace

std::string OpTable::suggestKind(std::string_view unknownKind) const {
  std::string_view best;
  size_t bestDistance = SIZE_MAX;
  for (const auto &[kind, ops] : byKind_) {
    std::string_view candidate = kind.qualString();
    size_t d = editDistance(unknownKind, candidate);
    if (d < bestDistance || (d == bestDistance && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Only close matches help: at most a third of the name's letters differ.
  if (best.empty() || bestDistance * 3 > unknownKind.size())
    return "";
  return detail::concat("; did you mean '", best, "'?");
}

const OpInfo *OpTable::resolve(const Node *node) const {
  std::vector<TypePtr> inputs, outputs;
  for (const Value *v : node->inputs())
    inputs.push_back(v->type());
  for (const Value *v : node->outputs())
    outputs.push_back(v->type());
  const OpInfo *best = nullptr;
  int bestConversions = 0;
  for (const OpInfo *op : overloads(node->kind())) {
    auto match = matchArguments(op->schema, inputs);
    if (!match || !matchReturns(op->schema, match->bindings, outputs, nullptr))
      continue;
    if (!best || match->conversions < bestConversions) {
      best = op;
      bestConversions = match->conversions;
    }
  }
  return best;
}

} // namespace kiln
