//===- CallMatching.cpp ---------------------------------------------------===//
#include "frontend/CallMatching.h"

#include "support/Error.h"

namespace kiln {

namespace {

using Conversion = ArgumentSource::Conversion;

// Can a tuple of `actual` elements become a list of `elem`s?
bool tupleFitsList(const TupleType &tuple, const TypePtr &elem) {
  if (tuple.elements().empty())
    return true;
  for (const TypePtr &e : tuple.elements())
    if (!e->isSubtypeOf(*elem) &&
        !(elem->isa<FloatType>() && e->isa<IntType>()))
      return false;
  return true;
}

// Fits `actual` into parameter `arg`; the conversion and its cost, or nullopt.
std::optional<std::pair<Conversion, int>>
fitArgument(const Argument &arg, const TypePtr &actual, TypeBindings &env) {
  TypePtr formal = arg.type;
  if (matchType(formal, actual, env)) {
    TypePtr bound = substituteTypeVars(formal, env);
    if (actual->equals(*bound) ||
        (formal->isa<TensorType>() && actual->isa<TensorType>()))
      return std::pair{Conversion::None, 0};
    if (bound->isa<OptionalType>() && !actual->isa<OptionalType>() &&
        !actual->isa<NoneType>())
      return std::pair{Conversion::ToOptional, 1};
    return std::pair{Conversion::None, 1};
  }
  // Conversions apply to the element of an Optional parameter as well.
  bool optional = false;
  if (auto opt = formal->cast<OptionalType>()) {
    formal = opt->element();
    optional = true;
  }
  int extra = optional ? 1 : 0;
  if (formal->isa<FloatType>() && actual->isa<IntType>())
    return std::pair{Conversion::IntToFloat, 2 + extra};
  if (auto list = formal->cast<ListType>()) {
    const TypePtr &elem = list->element();
    if (arg.fixedListSize && actual->isa<IntType>() &&
        (elem->isa<IntType>() || elem->isa<FloatType>()))
      return std::pair{Conversion::BroadcastScalar, 2 + extra};
    if (arg.fixedListSize && elem->isa<FloatType>() && actual->isa<FloatType>())
      return std::pair{Conversion::BroadcastScalar, 2 + extra};
    if (auto tuple = actual->cast<TupleType>();
        tuple && !elem->hasTypeVars() && tupleFitsList(*tuple, elem))
      return std::pair{Conversion::TupleToList, 2 + extra};
  }
  return std::nullopt;
}

std::string describe(const TypePtr &t) { return t->str(); }

} // namespace

std::optional<MatchedCall> matchCall(const FunctionSchema &schema,
                                     const CallArguments &args,
                                     std::string *why,
                                     std::optional<ArgumentSource> *culprit) {
  auto fail = [&](auto &&...parts) -> std::optional<MatchedCall> {
    if (why)
      *why = detail::concat(parts...);
    return std::nullopt;
  };
  const auto &params = schema.arguments();
  size_t numPositional = 0;
  while (numPositional < params.size() && !params[numPositional].kwargOnly)
    ++numPositional;
  if (args.positional.size() > numPositional && !schema.isVararg())
    return fail("takes ", numPositional, " positional argument",
                numPositional == 1 ? "" : "s", " but ", args.positional.size(),
                " were given");

  MatchedCall m;
  m.schema = &schema;
  m.arguments.resize(params.size());
  std::vector<bool> given(params.size(), false);
  for (size_t i = 0; i < args.positional.size() && i < params.size(); ++i) {
    m.arguments[i].kind = ArgumentSource::Kind::Positional;
    m.arguments[i].index = i;
    given[i] = true;
  }
  for (size_t k = 0; k < args.keywords.size(); ++k) {
    const std::string &name = args.keywords[k].first;
    size_t p = 0;
    while (p < params.size() && params[p].name != name)
      ++p;
    if (p == params.size())
      return fail("has no argument named '", name, "'");
    if (given[p])
      return fail("got argument '", name, "' twice");
    m.arguments[p].kind = ArgumentSource::Kind::Keyword;
    m.arguments[p].index = k;
    given[p] = true;
  }

  TypeBindings env;
  for (size_t p = 0; p < params.size(); ++p) {
    ArgumentSource &src = m.arguments[p];
    if (!given[p]) {
      if (!params[p].defaultValue)
        return fail("missing argument '", params[p].name, "'");
      continue;
    }
    const TypePtr &actual = src.kind == ArgumentSource::Kind::Positional
                                ? args.positional[src.index]
                                : args.keywords[src.index].second;
    auto fit = fitArgument(params[p], actual, env);
    if (!fit && culprit)
      *culprit = src;
    if (!fit)
      return fail("argument '", params[p].name, "' must be ",
                  describe(substituteTypeVars(params[p].type, env)), ", not ",
                  describe(actual));
    src.conversion = fit->first;
    m.cost += fit->second;
  }
  for (size_t p = 0; p < params.size(); ++p)
    m.arguments[p].type = substituteTypeVars(params[p].type, env);
  // Extra positionals of a vararg schema pass as they are.
  for (size_t i = params.size(); i < args.positional.size(); ++i) {
    ArgumentSource extra;
    extra.kind = ArgumentSource::Kind::Positional;
    extra.index = i;
    extra.type = args.positional[i];
    m.arguments.push_back(extra);
  }
  for (const Argument &r : schema.returns())
    m.returns.push_back(substituteTypeVars(r.type, env));
  return m;
}

std::optional<MatchedCall>
matchOverloads(std::span<const OpInfo *const> overloads,
               const CallArguments &args, std::string *whyNot) {
  std::optional<MatchedCall> best;
  for (const OpInfo *op : overloads) {
    std::string why;
    auto m = matchCall(op->schema, args, &why);
    if (!m) {
      if (whyNot)
        *whyNot += "\n  " + op->schema.str() + ": " + why;
      continue;
    }
    if (!best || m->cost < best->cost)
      best = std::move(m);
  }
  return best;
}

} // namespace kiln
