//===- SchemaMatching.h - Do these types fit this schema? -------*- C++ -*-===//
//
// Matching actual argument types against a schema binds its type variables
// (`t` in `aten::append.t(t[](a!) self, t(c -> *) el)`). The IR's nodes pass
// every argument positionally, so matching a node is positional; the
// frontend adds keyword arguments and defaults on top of the same rules.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_SCHEMAMATCHING_H
#define KILN_IR_SCHEMAMATCHING_H

#include "ir/Schema.h"
#include "ir/Type.h"

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace kiln {

/// Type variable name -> bound type.
class TypeBindings {
public:
  TypePtr lookup(const std::string &name) const;
  void bind(const std::string &name, TypePtr type);

private:
  std::vector<std::pair<std::string, TypePtr>> bindings_;
};

/// Does a value of type `actual` fit a parameter of type `formal`? Binds
/// type variables in `env`. Lists and dicts are invariant, except that
/// refined tensors stand for Tensor.
bool matchType(const TypePtr &formal, const TypePtr &actual, TypeBindings &env);

/// `formal` with its type variables replaced (unbound ones by Any).
TypePtr substituteTypeVars(const TypePtr &formal, const TypeBindings &env);

struct SchemaMatch {
  /// How many arguments needed a widening (int to Scalar, T to T?): fewer
  /// is a better match.
  int conversions = 0;
  TypeBindings bindings;
};

/// Matches every argument of `schema` positionally (as IR nodes pass them).
std::optional<SchemaMatch> matchArguments(const FunctionSchema &schema,
                                          std::span<const TypePtr> inputs);

/// Checks result types against the schema's returns after binding; on
/// mismatch, `why` (if given) says which result and why.
bool matchReturns(const FunctionSchema &schema, const TypeBindings &env,
                  std::span<const TypePtr> outputs, std::string *why);

} // namespace kiln

#endif // KILN_IR_SCHEMAMATCHING_H
