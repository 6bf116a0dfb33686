//===- Schema.h - TorchScript function schemas ------------------*- C++ -*-===//
//
//   aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor
//   aten::append.t(t[](a!) self, t(c -> *) el) -> t[](a!)
//
// A schema names an op overload, its arguments (type, name, default,
// keyword-only, alias annotation) and its returns. Alias annotations say
// which results alias which arguments and which arguments are written:
// passes use them to tell views and in-place ops from pure ones.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_SCHEMA_H
#define KILN_IR_SCHEMA_H

#include "ir/Constant.h"
#include "ir/Symbol.h"
#include "ir/Type.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class Lexer;
namespace detail {
class SchemaParser;
}

/// `(a)`, `(a!)`, `(a -> *)`, `(b|c)`: the alias sets a value belongs to
/// before (and, after `->`, after) the op, and whether the op writes it.
struct AliasInfo {
  std::vector<std::string> beforeSets;
  std::vector<std::string> afterSets;
  bool isWrite = false;
};

struct Argument {
  std::string name; // empty for unnamed returns
  TypePtr type;
  /// N for fixed-size list types such as `int[2]`.
  std::optional<int64_t> fixedListSize;
  std::optional<ConstantValue> defaultValue;
  bool kwargOnly = false;
  /// Annotation of the value itself: `Tensor(a!)`, `t[](a)`.
  std::optional<AliasInfo> alias;
  /// Annotation of list elements: `Tensor(a)[]`.
  std::optional<AliasInfo> elementAlias;

  bool isWritten() const {
    return (alias && alias->isWrite) || (elementAlias && elementAlias->isWrite);
  }
};

class FunctionSchema {
public:
  FunctionSchema() = default;
  /// A schema built in code (a script function's signature). `name` is
  /// qualified ("script::f"); str() is rebuilt from the parts.
  FunctionSchema(std::string name, std::vector<Argument> arguments,
                 std::vector<Argument> returns);

  /// "aten::add"
  const std::string &name() const { return name_; }
  /// "Tensor" (empty when the schema has no overload name)
  const std::string &overloadName() const { return overload_; }
  Symbol kind() const { return kind_; }
  const std::vector<Argument> &arguments() const { return arguments_; }
  const std::vector<Argument> &returns() const { return returns_; }
  /// `...` ends the argument list: any number of further inputs.
  bool isVararg() const { return vararg_; }
  /// `-> ...`: any number of results of any type.
  bool isVarret() const { return varret_; }
  /// Some argument is written (`(a!)`).
  bool isMutable() const;
  /// The schema text exactly as declared.
  const std::string &str() const { return text_; }

private:
  friend class detail::SchemaParser;
  std::string name_, overload_, text_;
  Symbol kind_;
  std::vector<Argument> arguments_, returns_;
  bool vararg_ = false, varret_ = false;
};

/// Parses a schema; a CompileError located in `text` (named `filename`)
/// when it is malformed.
FunctionSchema parseSchema(std::string_view text,
                           std::string_view filename = "<schema>");

} // namespace kiln

#endif // KILN_IR_SCHEMA_H
