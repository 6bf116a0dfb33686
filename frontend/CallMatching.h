//===- CallMatching.h - Fit a call's arguments to a schema ------*- C++ -*-===//
//
// A call in a script passes positional arguments, then keyword arguments;
// a schema lists parameters, some keyword-only, some with defaults. Matching
// decides, for each schema parameter, where its value comes from and which
// implicit conversion it needs, following TorchScript's rules:
//
//   - an int may pass for a float, and int/float/bool for a Scalar;
//   - a value of type T for an Optional[T] (`T?`) parameter;
//   - an int for a fixed-size int list (`int[2]` takes `2` as `[2, 2]`);
//   - a tuple of ints for an `int[]` parameter (`stride=(2, 2)`);
//   - a list literal's elements unify with the parameter's element type;
//   - a Tensor for a `float`/`int` parameter is not allowed (as in
//     TorchScript) except through `Scalar` ops' Tensor overloads.
//
// The IR emitter and the module builder (which calls ops on concrete values
// while running `__init__`) both resolve calls this way, so they accept the
// same programs.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_CALLMATCHING_H
#define KILN_FRONTEND_CALLMATCHING_H

#include "ir/OpTable.h"
#include "ir/Schema.h"
#include "ir/SchemaMatching.h"
#include "ir/Type.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kiln {

/// What the caller passes: types of positional arguments, then keywords.
struct CallArguments {
  std::vector<TypePtr> positional;
  std::vector<std::pair<std::string, TypePtr>> keywords;
};

/// How one schema parameter gets its value.
struct ArgumentSource {
  enum class Kind : uint8_t {
    Positional, // CallArguments::positional[index]
    Keyword,    // CallArguments::keywords[index]
    Default,    // the schema's default value
  };
  Kind kind = Kind::Default;
  size_t index = 0;
  enum class Conversion : uint8_t {
    None,
    /// Wrap in Optional: no work at run time, the type widens.
    ToOptional,
    /// A single int or float repeated to the fixed list size (`int[2]`
    /// from `2`, `float[2]` from `2.0` or `2`).
    BroadcastScalar,
    /// A tuple of ints (or floats) to a list.
    TupleToList,
    /// int -> float (only to a `float` parameter).
    IntToFloat,
  };
  Conversion conversion = Conversion::None;
  /// The parameter's type after binding type variables.
  TypePtr type;
};

struct MatchedCall {
  const FunctionSchema *schema = nullptr;
  /// One per schema argument (for vararg schemas, extra positionals follow).
  std::vector<ArgumentSource> arguments;
  /// Result types, type variables bound.
  std::vector<TypePtr> returns;
  /// Lower is better (conversions used); ties go to the earlier overload.
  int cost = 0;
};

/// Matches against one schema; on failure returns nullopt and, when `why` is
/// given, says why in a phrase ("argument 'dim' must be int, not float").
/// For a method call (`x.sum(1)`) the receiver is the first positional.
/// When the call fails on one argument's type, `culprit` (if given) says
/// which argument it is.
std::optional<MatchedCall>
matchCall(const FunctionSchema &schema, const CallArguments &args,
          std::string *why = nullptr,
          std::optional<ArgumentSource> *culprit = nullptr);

/// The best of `overloads`, or nullopt; `whyNot` collects one line per
/// overload saying why it failed (for the error message).
std::optional<MatchedCall>
matchOverloads(std::span<const OpInfo *const> overloads,
               const CallArguments &args, std::string *whyNot = nullptr);

} // namespace kiln

#endif // KILN_FRONTEND_CALLMATCHING_H
