//===- SchemaMatching.cpp -------------------------------------------------===//
#include "ir/SchemaMatching.h"

#include "support/Error.h"

namespace kiln {

TypePtr TypeBindings::lookup(const std::string &name) const {
  for (const auto &[n, t] : bindings_)
    if (n == name)
      return t;
  return nullptr;
}

void TypeBindings::bind(const std::string &name, TypePtr type) {
  for (auto &[n, t] : bindings_)
    if (n == name) {
      t = std::move(type);
      return;
    }
  bindings_.emplace_back(name, std::move(type));
}

namespace {
// Invariant positions (list elements, dict keys/values): equal types, or a
// refined tensor for Tensor, or a type variable bound to the actual type.
bool matchInvariant(const TypePtr &formal, const TypePtr &actual,
                    TypeBindings &env) {
  if (formal->hasTypeVars())
    return matchType(formal, actual, env);
  if (actual->equals(*formal))
    return true;
  return formal->isa<TensorType>() && actual->isSubtypeOf(*formal);
}
} // namespace

bool matchType(const TypePtr &formal, const TypePtr &actual,
               TypeBindings &env) {
  if (auto var = formal->cast<TypeVarType>()) {
    TypePtr bound = env.lookup(var->name());
    if (!bound) {
      env.bind(var->name(), actual);
      return true;
    }
    if (actual->isSubtypeOf(*bound))
      return true;
    if (bound->isSubtypeOf(*actual)) {
      env.bind(var->name(), actual);
      return true;
    }
    return false;
  }
  if (!formal->hasTypeVars())
    return actual->isSubtypeOf(*formal);

  switch (formal->kind()) {
  case TypeKind::List: {
    auto a = actual->cast<ListType>();
    return a && matchInvariant(formal->cast<ListType>()->element(),
                               a->element(), env);
  }
  case TypeKind::Optional: {
    const TypePtr &elem = formal->cast<OptionalType>()->element();
    if (actual->isa<NoneType>())
      return true;
    if (auto a = actual->cast<OptionalType>())
      return matchType(elem, a->element(), env);
    return matchType(elem, actual, env);
  }
  case TypeKind::Dict: {
    auto f = formal->cast<DictType>();
    auto a = actual->cast<DictType>();
    return a && matchInvariant(f->key(), a->key(), env) &&
           matchInvariant(f->value(), a->value(), env);
  }
  case TypeKind::Tuple: {
    const auto &fs = formal->cast<TupleType>()->elements();
    auto a = actual->cast<TupleType>();
    if (!a || a->elements().size() != fs.size())
      return false;
    for (size_t i = 0; i < fs.size(); ++i)
      if (!matchType(fs[i], a->elements()[i], env))
        return false;
    return true;
  }
  default:
    return false;
  }
}

TypePtr substituteTypeVars(const TypePtr &formal, const TypeBindings &env) {
  if (!formal->hasTypeVars())
    return formal;
  switch (formal->kind()) {
  case TypeKind::TypeVar: {
    TypePtr bound = env.lookup(formal->cast<TypeVarType>()->name());
    return bound ? bound : AnyType::get();
  }
  case TypeKind::List:
    return ListType::create(
        substituteTypeVars(formal->cast<ListType>()->element(), env));
  case TypeKind::Optional:
    return OptionalType::create(
        substituteTypeVars(formal->cast<OptionalType>()->element(), env));
  case TypeKind::Dict: {
    auto d = formal->cast<DictType>();
    return DictType::create(substituteTypeVars(d->key(), env),
                            substituteTypeVars(d->value(), env));
  }
  case TypeKind::Tuple: {
    std::vector<TypePtr> elems;
    for (const TypePtr &e : formal->cast<TupleType>()->elements())
      elems.push_back(substituteTypeVars(e, env));
    return TupleType::create(std::move(elems));
  }
  case TypeKind::Union: {
    std::vector<TypePtr> members;
    for (const TypePtr &m : formal->cast<UnionType>()->members())
      members.push_back(substituteTypeVars(m, env));
    return UnionType::create(std::move(members));
  }
  default:
    KILN_INTERNAL_ASSERT(false, "type variables inside ", formal->str());
  }
}

std::optional<SchemaMatch> matchArguments(const FunctionSchema &schema,
                                          std::span<const TypePtr> inputs) {
  const auto &args = schema.arguments();
  if (inputs.size() < args.size() ||
      (inputs.size() > args.size() && !schema.isVararg()))
    return std::nullopt;
  SchemaMatch m;
  for (size_t i = 0; i < args.size(); ++i) {
    const TypePtr &formal = args[i].type;
    if (!matchType(formal, inputs[i], m.bindings))
      return std::nullopt;
    // Refined tensors count as exact; anything else not equal is a widening.
    bool exact = inputs[i]->equals(*substituteTypeVars(formal, m.bindings)) ||
                 (formal->isa<TensorType>() && inputs[i]->isa<TensorType>());
    if (!exact)
      ++m.conversions;
  }
  return m;
}

bool matchReturns(const FunctionSchema &schema, const TypeBindings &env,
                  std::span<const TypePtr> outputs, std::string *why) {
  if (schema.isVarret())
    return true;
  const auto &rets = schema.returns();
  if (outputs.size() != rets.size()) {
    if (why)
      *why = detail::concat("expected ", rets.size(), " result",
                            rets.size() == 1 ? "" : "s", " but the node has ",
                            outputs.size());
    return false;
  }
  for (size_t i = 0; i < rets.size(); ++i) {
    TypePtr expected = substituteTypeVars(rets[i].type, env);
    if (!outputs[i]->isSubtypeOf(*expected)) {
      if (why)
        *why = detail::concat("result ", i, " has type ", outputs[i]->str(),
                              " but the schema returns ", expected->str());
      return false;
    }
  }
  return true;
}

} // namespace kiln
