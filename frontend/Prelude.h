//===- Prelude.h - Kiln's built-in library, written as script ---*- C++ -*-===//
//
// The parts of torch.nn that PyTorch writes in Python are written in Kiln's
// own script language (frontend/prelude/*.py, compiled into the library):
// the layers (nn.Linear, nn.Conv2d, nn.BatchNorm2d, ..., nn.Sequential,
// nn.ModuleList) with their `__init__` (parameters, buffers, PyTorch's
// default initialisation) and `forward`; torch.nn.init; and the
// torch.nn.functional functions that are not a single aten op
// (F.softmax's optional dim, F.cross_entropy's reduction string, ...).
// The module builder runs the layers' `__init__`; the emitter compiles
// their `forward` and the functions like any user code.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_PRELUDE_H
#define KILN_FRONTEND_PRELUDE_H

#include "frontend/AST.h"
#include "frontend/Script.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class Prelude {
public:
  /// Parsed once, on first use.
  static const Prelude &get();

  struct Class {
    /// As PyTorch names the class in TorchScript IR:
    /// "__torch__.torch.nn.modules.linear.Linear".
    std::string qualifiedName;
    const ast::ClassDef *def;
    /// The script unit the class is defined in (for its global names).
    const ScriptUnit *unit;
  };
  struct Function {
    const ast::FunctionDef *def;
    const ScriptUnit *unit;
  };

  /// A class of torch.nn by its name ("Linear", "Sequential"), or null.
  const Class *findClass(std::string_view name) const;
  /// The class whose qualified name is `qualifiedName`, or null.
  const Class *findClassByQualifiedName(std::string_view qualifiedName) const;
  /// A function of a Python module the prelude implements:
  /// ("torch.nn.functional", "softmax"), ("torch.nn.init",
  /// "kaiming_uniform_"); null when the prelude has none.
  const Function *findFunction(std::string_view pythonModule,
                               std::string_view name) const;
  /// Every name of `pythonModule` the prelude defines (for suggestions).
  std::vector<std::string> names(std::string_view pythonModule) const;

private:
  Prelude();
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

} // namespace kiln

#endif // KILN_FRONTEND_PRELUDE_H
