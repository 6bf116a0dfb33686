//===- ModuleBuilder.h - Run __init__ at compile time -----------*- C++ -*-===//
//
// Kiln builds a model's module tree the way Python would: by executing the
// class's `__init__` (and, through it, the `__init__` of every layer it
// creates) over concrete values. The result is a ModuleState tree whose
// parameters hold PyTorch's default initialisation, drawn from a seeded
// generator, and whose plain attributes hold their values.
//
// The evaluator covers what `__init__` methods ordinarily do: arithmetic on
// ints, floats, bools and strings; lists, tuples, dicts and comprehensions;
// if/for/while; calls of script functions (helpers that build layers) and of
// classes (user modules and the prelude's nn layers); `nn.Parameter(...)`,
// `self.register_buffer(...)`, `self.register_parameter(...)`;
// `super().__init__()`; torch.* calls, run through the op table and the
// runtime's kernels. Anything else is an error at its location.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_MODULEBUILDER_H
#define KILN_FRONTEND_MODULEBUILDER_H

#include "frontend/AST.h"
#include "frontend/Script.h"
#include "runtime/ModuleState.h"

#include <cstdint>
#include <memory>
#include <unordered_map>

namespace kiln {

struct BuiltModule {
  Ref<ModuleState> root;
  /// The class definition of every module in the tree (user classes and
  /// prelude layers; containers too), for compiling their methods.
  std::unordered_map<const ModuleState *, const ast::ClassDef *> classes;
  /// The script unit each class is defined in (user script or prelude).
  std::unordered_map<const ModuleState *, const ScriptUnit *> units;
};

class ModuleBuilder {
public:
  ModuleBuilder(const ScriptUnit &script, uint64_t seed);
  ~ModuleBuilder();

  /// `cls()`: constructs the script's class `cls` without arguments (its
  /// `__init__` parameters must all have defaults), in training mode.
  BuiltModule construct(const ast::ClassDef &cls);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace kiln

#endif // KILN_FRONTEND_MODULEBUILDER_H
