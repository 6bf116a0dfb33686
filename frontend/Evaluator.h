//===- Evaluator.h - Run script code over concrete values -------*- C++ -*-===//
//
// Private to the frontend: the tree-walking interpreter behind the module
// builder (frontend/ModuleBuilder.h). It runs `__init__` and whatever that
// calls with Python's semantics, over Values that are richer than IValues:
// besides numbers, strings, tensors and containers, a Value can be a module
// instance, a class, a function, a Python module namespace (`torch.nn`), a
// bound method or a `range`. Lists may hold modules (`layers = [...]` before
// `nn.Sequential(*layers)`), which IValue lists cannot.
//
// The code is split by subject: Evaluator.cpp (names, calls of script
// functions, statements), EvaluatorExpressions.cpp, EvaluatorOperators.cpp
// (arithmetic, comparisons, formatting), EvaluatorBuiltins.cpp (len, range,
// math, list/dict/str methods, ...), EvaluatorOps.cpp (torch.* calls and
// tensor methods through the op table and the runtime's kernels), and
// ModuleBuilder.cpp (module instances: construction, attributes, nn.Module
// methods, Sequential and ModuleList).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_EVALUATOR_H
#define KILN_FRONTEND_EVALUATOR_H

#include "frontend/AST.h"
#include "frontend/ModuleBuilder.h"
#include "frontend/Script.h"
#include "frontend/StackBudget.h"
#include "ir/Diagnostics.h"
#include "runtime/Kernel.h"
#include "runtime/ModuleState.h"
#include "runtime/tensor/Random.h"

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace kiln::eval {

/// A module class: a user class of the script or a prelude layer.
struct ClassRef {
  const ast::ClassDef *def = nullptr;
  const ScriptUnit *unit = nullptr;
  std::string qualifiedName;
  bool isPrelude = false;
  /// Sequential and ModuleList are built natively (their __init__ takes
  /// *args).
  enum class Container : uint8_t { None, Sequential, ModuleList };
  Container container = Container::None;
  /// Base classes that are module classes themselves (nn.Module is not
  /// listed), in order.
  std::vector<const ClassRef *> bases;
};

struct Value;
using Items = std::vector<Value>;

struct Value {
  enum class Kind : uint8_t {
    /// `iv`: None, bool, int, float, str, Tensor (or a Device).
    Plain,
    List,  // `items`, shared and mutable
    Tuple, // `items`, never mutated
    Dict,  // `dict`
    Module,
    Class,
    Function, // a script function: `fn` in `unit`
    PyModule, // `name`: "torch.nn"
    /// A builtin callable or special name, `name`: "len", "aten::zeros",
    /// "nn.Module", "math.sqrt", "typing.List", "exc.ValueError".
    Builtin,
    /// `self` (held in `items[0]`) and the method: a Function (`fn`,
    /// `unit`, `cls`) or, when `fn` is null, the builtin method `name`.
    Method,
    Range, // start, stop, step
    /// super(): `cls` is the class whose bases are searched, items[0] self.
    Super,
  };
  struct DictData {
    std::vector<std::pair<Value, Value>> entries;
  };

  Kind kind = Kind::Plain;
  IValue iv;
  /// A tensor made by nn.Parameter (or read from a parameter).
  bool parameter = false;
  std::shared_ptr<Items> items;
  std::shared_ptr<DictData> dict;
  Ref<ModuleState> module;
  const ClassRef *cls = nullptr;
  const ast::FunctionDef *fn = nullptr;
  const ScriptUnit *unit = nullptr;
  std::string name;
  int64_t start = 0, stop = 0, step = 1;

  Value() = default;
  Value(IValue v) : iv(std::move(v)) {}
  static Value none() { return Value(); }
  static Value list(Items items);
  static Value tuple(Items items);
  static Value builtin(std::string name);
  static Value pyModule(std::string path);

  bool isPlain() const { return kind == Kind::Plain; }
  bool isNone() const { return isPlain() && iv.isNone(); }
  bool isTensor() const { return isPlain() && iv.isTensor(); }
  bool isInt() const { return isPlain() && iv.isInt(); }
  bool isBool() const { return isPlain() && iv.isBool(); }
  bool isDouble() const { return isPlain() && iv.isDouble(); }
  /// int or bool (bool is an int in Python).
  bool isIntLike() const { return isPlain() && (iv.isInt() || iv.isBool()); }
  bool isNumber() const { return isPlain() && iv.isScalar(); }
  bool isString() const { return isPlain() && iv.isString(); }
  bool isSequence() const { return kind == Kind::List || kind == Kind::Tuple; }
  bool isBuiltin(std::string_view n) const {
    return kind == Kind::Builtin && name == n;
  }
};

/// "int", "list", "Linear", "function" ... for messages.
std::string typeName(const Value &v);
/// Python's repr() of plain values and containers.
std::string repr(const Value &v);
/// Python's str().
std::string str(const Value &v);

/// Elements a list, range or string built while evaluating may hold.
inline constexpr int64_t kMaxItems = 10'000'000;

/// `i` (negative counts from the end) as an index into `size` elements, or
/// an IndexError naming `what`.
int64_t normalizeIndex(int64_t i, size_t size, const SourceRange &at,
                       const char *what);
/// Python's slice.indices(): the positions a[lower:upper:step] selects.
std::vector<size_t> sliceIndices(std::optional<int64_t> lower,
                                 std::optional<int64_t> upper, int64_t step,
                                 size_t size, const SourceRange &at);

/// Python's format-spec mini-language, the common part ([fill]align, sign,
/// width, .precision, type d f e g % s), as f-strings and str.format use it.
std::string formatValue(const Value &v, const std::string &spec,
                        const SourceRange &at);

/// Where an error is reported (errors are CompileErrors, throwErrorAt).
using Location = SourceRange;

class Evaluator {
public:
  Evaluator(const ScriptUnit &script, uint64_t seed);

  BuiltModule construct(const ast::ClassDef &cls);

  // -- Frames and calls (Evaluator.cpp) --
  struct Frame {
    const ScriptUnit *unit = nullptr;
    /// The class a method belongs to (for super()), or null.
    const ClassRef *cls = nullptr;
    std::unordered_map<std::string, Value> locals;
    Value result;
  };
  struct Keyword {
    std::string name;
    Value value;
    SourceRange range;
  };
  struct Args {
    Items positional;
    std::vector<Keyword> keywords;
  };

  Value call(const Value &callee, Args args, const Location &at);
  Value callFunction(const ast::FunctionDef &fn, const ScriptUnit &unit,
                     const ClassRef *cls, Args args, const Location &at);
  Value eval(const ast::Expr &e, Frame &f);
  bool truthy(const Value &v, const Location &at);
  /// The elements of an iterable (list, tuple, range, dict keys, str,
  /// module container, tensor rows).
  Items iterate(const Value &v, const Location &at);
  /// A counted step: errors once the evaluator ran too long.
  void tick(const Location &at);
  /// A global of `unit` or a builtin by `name`, or nullopt.
  std::optional<Value> lookupGlobal(const ScriptUnit &unit,
                                    const std::string &name,
                                    const Location &at);
  /// What a dotted path of a Python module Kiln knows means: a nested
  /// module, a prelude class or function, an aten op, a dtype, a constant.
  std::optional<Value> resolvePath(const std::string &path);
  Value binary(ast::BinOpKind op, const Value &l, const Value &r,
               const Location &at, bool inPlace = false);
  bool equals(const Value &a, const Value &b, const Location &at);

  // -- Ops (EvaluatorOps.cpp) --
  /// Calls the aten/prim op `kind` ("aten::zeros") on concrete values.
  /// `what` names the call in messages ("torch.zeros", "Tensor.view").
  Value callOp(const std::string &kind, const std::string &what, Args args,
               const Location &at);
  /// `tensor.name` (attributes such as shape, dtype, data; methods).
  Value tensorAttribute(const Value &tensor, const std::string &name,
                        const Location &at);
  /// `tensor.name(args)`: aten::name with the tensor first.
  Value callTensorMethod(const Value &self, const std::string &name, Args args,
                         const Location &at);
  /// The IValue of a value that has one (no modules, classes, ...).
  IValue toIValue(const Value &v, const Location &at);
  static Value fromIValue(const IValue &v);

  // -- Modules (ModuleBuilder.cpp) --
  const ClassRef *classFor(const ast::ClassDef &def, const ScriptUnit &unit,
                           const Location &at);
  const ClassRef *preludeClass(std::string_view name);
  Value construct(const ClassRef &cls, Args args, const Location &at);
  Value moduleAttribute(const Value &self, const std::string &name,
                        const Location &at);
  void setModuleAttribute(const Value &self, const std::string &name,
                          const Value &v, const Location &at);
  Value callModuleMethod(const Value &self, const std::string &name, Args args,
                         const Location &at);
  Value moduleValue(Ref<ModuleState> m);
  /// isinstance(module, cls): cls or one of its bases.
  bool isInstance(const Value &module, const ClassRef &cls) const;
  /// A function of `cls` (searching its bases), and the class defining it.
  std::pair<const ast::FunctionDef *, const ClassRef *>
  findMethod(const ClassRef *cls, const std::string &name) const;
  /// Submodules of a container or module, in order.
  Items children(const Value &module);

  RunContext &runContext() { return ctx_; }

private:
  enum class Flow : uint8_t { Normal, Break, Continue, Return };
  Flow exec(const ast::Body &body, Frame &f);
  Flow exec(const ast::Stmt &s, Frame &f);
  void assign(const ast::Expr &target, const Value &v, Frame &f);
  Value callBuiltin(const std::string &name, Args args, const Location &at);
  Value callMethod(const Value &self, const std::string &name, Args args,
                   const Location &at);
  Value attribute(const Value &v, const std::string &name, const Location &at);
  Value subscript(const Value &v, const Value &index, const Location &at);
  /// tensor[index]: the view that ints, slices, None and ... select; tensor
  /// indices still to apply to it go to `advanced` (Tensor?[], None for the
  /// dimensions they skip), as the emitter indexes.
  Value tensorView(const Value &tensor, const ast::Expr &index, Frame &f,
                   const Location &at, Items &advanced);
  Value compare(ast::CmpOpKind op, const Value &l, const Value &r,
                const Location &at);
  Value fstring(const ast::FString &e, Frame &f);
  Value constructContainer(const ClassRef &cls, Args args, const Location &at);

  const ScriptUnit &script_;
  Generator generator_;
  RunContext ctx_;
  std::deque<ClassRef> classes_;
  std::map<const ast::ClassDef *, const ClassRef *> classByDef_;
  /// Every module created, with its class.
  std::unordered_map<const ModuleState *, const ClassRef *> moduleClasses_;
  /// Every module created, kept alive so that addresses stay unique.
  std::vector<Ref<ModuleState>> modules_;
  /// Plain list and dict attributes as the script holds them, so that
  /// later mutation (`self.sizes.append(3)`) is seen; stored at the end.
  std::map<std::pair<const ModuleState *, std::string>, Value> plainAttributes_;
  std::map<const ScriptUnit::Global *, Value> constants_;
  std::vector<const ScriptUnit::Global *> evaluatingConstants_;
  size_t depth_ = 0;
  uint64_t steps_ = 0;
  /// Calls nested fewer than kMaxDepth deep may still overflow the stack
  /// when each holds a deeply nested expression; eval() watches it.
  frontend::StackBudget stack_;
};

} // namespace kiln::eval

#endif // KILN_FRONTEND_EVALUATOR_H
