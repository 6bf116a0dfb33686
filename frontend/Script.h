//===- Script.h - What the top-level names of a script mean -----*- C++ -*-===//
//
// A ScriptUnit is a parsed script with its top level resolved: imports
// (`import torch.nn as nn`, `from typing import List`), module-level
// constants (`EPS = 1e-5`), functions and classes. Both the module builder
// (which runs `__init__`) and the IR emitter look names up here. Top-level
// statements other than these are errors at their location.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_SCRIPT_H
#define KILN_FRONTEND_SCRIPT_H

#include "frontend/AST.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

class ScriptUnit {
public:
  enum class GlobalKind : uint8_t {
    /// A Python module Kiln knows: "torch", "torch.nn", "torch.nn.functional",
    /// "torch.nn.init", "math", "typing".
    PythonModule,
    /// Something imported from one of those: "torch.Tensor", "typing.List",
    /// "torch.nn.Linear" (`path` names it).
    Imported,
    Function,
    Class,
    /// NAME = <expression> at the top level (`value`).
    Constant,
  };

  struct Global {
    GlobalKind kind;
    std::string path; // PythonModule and Imported
    const ast::FunctionDef *function = nullptr;
    const ast::ClassDef *cls = nullptr;
    const ast::Expr *value = nullptr;      // Constant
    const ast::Expr *annotation = nullptr; // Constant with `NAME: T = ...`
    SourceRange range;                     // where the name was bound
  };

  /// Resolves the top level of `module`; errors for unknown imports (only
  /// torch, typing, math and their parts may be imported), names bound
  /// twice, and statements a script's top level may not hold.
  explicit ScriptUnit(std::shared_ptr<const ast::Module> module);

  const ast::Module &module() const { return *module_; }
  const Source &source() const { return *module_->source; }

  /// The global `name`, or null.
  const Global *lookup(const std::string &name) const;

  /// In source order.
  const std::vector<const ast::FunctionDef *> &functions() const {
    return functions_;
  }
  const std::vector<const ast::ClassDef *> &classes() const { return classes_; }

  /// Is `path` ("torch.nn.functional") a Python module Kiln knows?
  static bool isKnownPythonModule(const std::string &path);

private:
  std::shared_ptr<const ast::Module> module_;
  std::map<std::string, Global> globals_;
  std::vector<const ast::FunctionDef *> functions_;
  std::vector<const ast::ClassDef *> classes_;
};

} // namespace kiln

#endif // KILN_FRONTEND_SCRIPT_H
