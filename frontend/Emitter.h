//===- Emitter.h - Lower the AST to IR --------------------------*- C++ -*-===//
//
// The emitter turns script functions and module methods into graphs, as
// TorchScript's IR emitter does: SSA values through `prim::If` / `prim::Loop`
// blocks and their outputs, type checking against the op table's schemas,
// Optional refinement by `is None` / `is not None`, and calls inlined at the
// call site (each callee is emitted once into its own graph, then copied).
//
// Names that are not plain IR values while emitting (a Python module such as
// `torch`, a script function, a module instance, a ModuleList, a bound
// method) are "sugared values": they exist only at compile time and become
// IR when they are called, indexed or read.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_EMITTER_H
#define KILN_FRONTEND_EMITTER_H

#include "frontend/AST.h"
#include "frontend/ModuleBuilder.h"
#include "frontend/Script.h"
#include "ir/IR.h"
#include "ir/Schema.h"
#include "runtime/ModuleState.h"

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace kiln {

/// A compiled function or method: its signature and its graph (calls in it
/// already inlined).
struct CompiledFunction {
  std::string name; // "f", "Net.forward"
  FunctionSchema schema;
  std::shared_ptr<Graph> graph;
  /// Method parameters start with `self` (not in `schema`).
  bool isMethod = false;
};

class Emitter {
public:
  /// `modules`: the module tree (for compiling methods), may be empty.
  Emitter(const ScriptUnit &script, const BuiltModule *modules);
  ~Emitter();

  /// Compiles a script function of `unit`.
  /// Compiles a script function of `unit`; `useSite` is the call that needs
  /// it (for the recursion error).
  const CompiledFunction &function(const ScriptUnit &unit,
                                   const ast::FunctionDef &def,
                                   const SourceRange &useSite = {});
  /// Compiles method `name` of the module `state` (its class's def).
  const CompiledFunction &method(const ModuleState &state,
                                 const std::string &name,
                                 const SourceRange &useSite);

  /// The script the user gave (the prelude has its own units).
  const ScriptUnit &script() const { return script_; }
  const BuiltModule *modules() const { return modules_; }

  /// The IR class type of a module instance (named, mangled when two
  /// instances of one class differ in their attributes' types). Sets
  /// `state.qualifiedName` to that name.
  TypePtr moduleType(const ModuleState &state);

private:
  friend class FunctionEmitter;
  const ScriptUnit &script_;
  const BuiltModule *modules_;
  const CompiledFunction &
  compile(const std::string &key, const ScriptUnit &unit,
          const ast::FunctionDef &def, const ModuleState *self,
          const std::string &name, const SourceRange &useSite);

  /// By "Type.method" or the function's address.
  std::map<std::string, std::unique_ptr<CompiledFunction>> compiled_;
  /// Keys of the functions being compiled, innermost last (recursion is an
  /// error).
  std::vector<std::string> stack_;
  std::unordered_map<const ModuleState *, std::string> baseNames_;
  /// Structural signature -> class type name; base name -> count.
  std::map<std::string, std::string> typeNames_;
  std::map<std::string, int> nameUses_;
  std::unordered_map<const ModuleState *, TypePtr> moduleTypes_;
};

/// The IR type of a concrete value (a module attribute), or null when the
/// IR cannot type it (an empty list says Tensor[], as TorchScript does).
TypePtr typeOfValue(const IValue &value);

} // namespace kiln

#endif // KILN_FRONTEND_EMITTER_H
