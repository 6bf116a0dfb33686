//===- FunctionEmitter.h - Emits one function's graph -----------*- C++ -*-===//
//
// Private to the frontend. A FunctionEmitter lowers one function or method
// body into a fresh graph. Statements (EmitStatements.cpp) keep an
// environment of names bound to values or sugared values; control flow
// copies the environment into each block and merges the copies into the
// block outputs afterwards. Expressions and calls are in
// EmitExpressions.cpp and EmitCalls.cpp.
//
// Early exits use continuations, as TorchScript's exit transform does: when
// one branch of an `if` ends in `return`, `break` or `continue`, the
// statements after the `if` are emitted at the end of the other branch.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_FUNCTIONEMITTER_H
#define KILN_FRONTEND_FUNCTIONEMITTER_H

#include "frontend/CallMatching.h"
#include "frontend/Emitter.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kiln {

/// A compile-time value: an IR value, or something that exists only while
/// compiling (a Python module, a function, a module instance, ...).
struct SugaredValue {
  enum class Kind : uint8_t {
    Value,          // value
    PythonModule,   // name: "torch.nn.functional"
    ScriptFunction, // function, unit
    Builtin,        // name: "len", "range", "print", ... (Python builtins)
    Op,             // name: "aten::relu" (a function of torch/F/math)
    BoundMethod,    // value.name(...)
    Module,         // value (the object), module
    ModuleMethod,   // value (self), module, name
    Class,          // name (the class's Python name), for errors
    TypeName,       // type: int, float, Tensor, ...
  };
  Kind kind = Kind::Value;
  Value *value = nullptr;
  std::string name;
  const ast::FunctionDef *function = nullptr;
  const ScriptUnit *unit = nullptr;
  const ModuleState *module = nullptr;
  TypePtr type;

  std::string describe() const;
};
using SugaredPtr = std::shared_ptr<const SugaredValue>;

/// How a block of statements ended.
enum class Exit : uint8_t { None, Return, Break, Continue, Raise };

/// Names in scope. Copied into nested blocks; merged back after them.
using Environment = std::map<std::string, SugaredPtr>;

class FunctionEmitter {
public:
  FunctionEmitter(Emitter &owner, const ScriptUnit &unit,
                  const ModuleState *self);

  /// Emits `def`; for a method, `self` becomes the graph's first input.
  std::unique_ptr<CompiledFunction> emit(const ast::FunctionDef &def,
                                         const std::string &name);

  // Statements (EmitStatements.cpp).
  Exit emitBody(const ast::Body &body, size_t start = 0);
  Exit emitStatement(const ast::Stmt &stmt, const ast::Body *rest,
                     size_t restStart);
  Exit emitIf(const ast::If &stmt, const ast::Body *rest, size_t restStart);
  /// The statements from rest[restStart], then the pending continuations
  /// from the innermost out.
  Exit emitPending(const ast::Body *rest, size_t restStart);
  void emitWhile(const ast::While &stmt);
  /// Carries the state of a return inside the loop `body` (when it has
  /// one) through the loop: adds it to `assigned`.
  void prepareLoopReturn(const ast::Body &body, const SourceRange &range,
                         std::vector<std::string> &assigned);
  /// After a loop that may return: returns its value if it did, else goes
  /// on with rest[restStart] (and the pending continuations).
  Exit emitReturnAfterLoop(const ast::Body &body, const SourceRange &range,
                           const ast::Body *rest, size_t restStart);
  void emitFor(const ast::For &stmt);
  /// The submodules of a container module (ModuleList, Sequential, ...).
  std::vector<SugaredPtr> moduleChildren(const SugaredValue &container,
                                         const SourceRange &range);
  void emitAssign(const ast::Expr &target, const SugaredPtr &value,
                  const SourceRange &range);
  void emitAugAssign(const ast::AugAssign &stmt);
  void emitAssert(const ast::Assert &stmt);
  void emitRaise(const SourceRange &range, Value *message, Value *cls);

  // Expressions (EmitExpressions.cpp).
  SugaredPtr emitExpr(const ast::Expr &expr, const TypePtr &hint = nullptr);
  Value *emitValue(const ast::Expr &expr, const TypePtr &hint = nullptr);
  Value *asValue(const SugaredPtr &v, const SourceRange &range);
  SugaredPtr lookupName(const std::string &name, const SourceRange &range);
  SugaredPtr resolvePath(const std::string &path, const SourceRange &range);
  SugaredPtr attribute(const SugaredPtr &base, const std::string &name,
                       const SourceRange &range);
  Value *emitSubscript(const ast::Subscript &expr);
  Value *emitTensorIndex(Value *tensor, const ast::Expr &index,
                         const SourceRange &range);
  /// `tensor[index] = v`: copy_/fill_ into the view, or index_put_ when
  /// the index holds tensors.
  void emitTensorIndexAssign(Value *tensor, const ast::Expr &index, Value *v,
                             const SourceRange &range);
  /// The view that ints, slices, None and ... select, and the list of
  /// tensor indices (Tensor?[], None for the dimensions they skip) still to
  /// apply to it, or null.
  struct TensorIndex {
    Value *view;
    Value *indices;
  };
  TensorIndex emitTensorIndexParts(Value *tensor, const ast::Expr &index,
                                   const SourceRange &range);
  Value *emitBinary(ast::BinOpKind op, Value *l, Value *r,
                    const SourceRange &range,
                    std::vector<SourceRange> operandRanges = {});
  Value *emitCompare(ast::CmpOpKind op, Value *l, Value *r,
                     const SourceRange &range);
  Value *emitShortCircuit(const ast::BoolOp &expr);
  /// Rebinds each Optional name of `names` to its value cast to the element
  /// type (prim::unchecked_cast); returns the bindings it replaced.
  Environment refineNames(const std::set<std::string> &names,
                          const SourceRange &range);
  Value *emitListComp(const ast::ListComp &expr, const TypePtr &hint);
  Value *emitFString(const ast::FString &expr);
  /// A statically known truth value (`x is None` on a non-Optional `x`,
  /// isinstance), or nullopt.
  std::optional<bool> staticCondition(const ast::Expr &test);

  // Calls (EmitCalls.cpp).
  SugaredPtr emitCall(const ast::Call &call);
  /// Calls op `symbol` (all its overloads) with IR values.
  /// `argRanges`: where each argument is written (positionals, then
  /// keywords), for errors about one argument.
  SugaredPtr callOp(const std::string &symbol, std::vector<Value *> args,
                    std::vector<std::pair<std::string, Value *>> kwargs,
                    const SourceRange &range, const std::string &display,
                    std::vector<SourceRange> argRanges = {});
  /// The values a matched call passes: defaults as constants, conversions
  /// (int to float, int to int[N], tuple to list) inserted.
  std::vector<Value *>
  materialize(const MatchedCall &match, std::vector<Value *> &args,
              std::vector<std::pair<std::string, Value *>> &kwargs,
              const SourceRange &range);
  /// Inserts a node for `match` and returns its result (a tuple for several).
  Value *insertMatched(const MatchedCall &match, std::vector<Value *> &args,
                       std::vector<std::pair<std::string, Value *>> &kwargs,
                       const SourceRange &range);
  Value *inlineFunction(const CompiledFunction &fn, std::vector<Value *> args,
                        std::vector<std::pair<std::string, Value *>> kwargs,
                        const SourceRange &range, const std::string &display,
                        std::vector<SourceRange> argRanges = {});
  /// Errors for a call no signature accepts, at the argument at fault.
  [[noreturn]] void
  reportMismatch(std::span<const FunctionSchema *const> schemas,
                 const CallArguments &types, const SourceRange &range,
                 const std::string &display,
                 const std::vector<SourceRange> &argRanges);
  SugaredPtr callBuiltin(const std::string &name, const ast::Call &call);
  SugaredPtr callModule(const SugaredValue &module, const std::string &method,
                        const ast::Call &call);

  // IR helpers.
  Value *constant(const ConstantValue &v, const SourceRange &range = {});
  Value *insert(const std::string &symbol, std::vector<Value *> inputs,
                TypePtr type, const SourceRange &range);
  Value *tupleOf(std::vector<Value *> items, const SourceRange &range);
  /// The items of a tuple value (from its TupleConstruct, else unpacked).
  std::vector<Value *> tupleItems(Value *tuple, const SourceRange &range);
  Value *uninitialized(const TypePtr &type);
  /// The type both branches' types fit, or null.
  static TypePtr unify(const TypePtr &a, const TypePtr &b);
  TypePtr resolveType(const ast::Expr &annotation);
  /// `BroadcastingList2[int]`: the list size (2), else nullopt.
  std::optional<int64_t> broadcastSize(const ast::Expr &annotation);
  std::optional<ConstantValue> constantOf(const ast::Expr &expr);

  static SugaredPtr wrap(Value *v);

  Emitter &owner_;
  const ScriptUnit &unit_;
  const ModuleState *self_;
  std::shared_ptr<Graph> graph_;
  Environment env_;
  /// Names defined in only one branch of an if, and which branch.
  std::map<std::string, std::string> branchOnly_;
  int loopDepth_ = 0;
  /// Where the paths through the ifs being emitted continue (statement lists
  /// and the index to go on from), innermost last; a loop body starts
  /// afresh.
  std::vector<std::pair<const ast::Body *, size_t>> pending_;
  TypePtr declaredReturn_;
};

/// The symbol of an op name ("aten::relu"), invalid when no op has it.
/// (Building the op table first interns every op's name.)
inline Symbol opSymbol(std::string_view name) {
  (void)OpTable::get();
  return Symbol::lookup(name);
}

/// The names that `test` proves are not None when it evaluates to
/// `whenTrue`: `x is not None` when true, `x is None` when false, through
/// `and`, `or` and `not`.
void collectRefinements(const ast::Expr &test, bool whenTrue,
                        std::set<std::string> &out);

/// A module attribute's value as an IR constant, when it has one (numbers,
/// bools, strings, None, tuples and non-empty lists of them).
std::optional<ConstantValue> constantOfValue(const IValue &v);
/// Is `name` a constant of `cls` (listed in `__constants__` or annotated
/// `Final[...]` in the class body)? TorchScript compiles those into the
/// methods as constants.
bool isConstantAttribute(const ast::ClassDef &cls, const std::string &name);

/// Every name a statement list assigns (for loop-carried values).
void collectAssignedNames(const ast::Body &body,
                          std::vector<std::string> &names);

} // namespace kiln

#endif // KILN_FRONTEND_FUNCTIONEMITTER_H
