//===- Script.cpp ---------------------------------------------------------===//
#include "frontend/Script.h"

#include "ir/Diagnostics.h"

#include <array>

namespace kiln {

namespace {

constexpr std::array<std::string_view, 9> KnownModules = {
    "torch", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.jit",
    "math",  "typing",   "typing_extensions",   "__future__",
};

constexpr const char *ImportHint =
    "scripts may import torch, torch.nn, torch.nn.functional, torch.nn.init, "
    "typing and math";

// `if __name__ == "__main__":` — test code that Kiln skips.
bool isMainGuard(const ast::If &stmt) {
  auto cmp = stmt.test->as<ast::Compare>();
  if (!cmp || cmp->ops.size() != 1 || cmp->ops[0] != ast::CmpOpKind::Eq)
    return false;
  auto name = cmp->left->as<ast::Name>();
  return name && name->id == "__name__" &&
         cmp->comparators[0]->isa<ast::String>();
}

} // namespace

bool ScriptUnit::isKnownPythonModule(const std::string &path) {
  for (std::string_view m : KnownModules)
    if (m == path)
      return true;
  return false;
}

ScriptUnit::ScriptUnit(std::shared_ptr<const ast::Module> module)
    : module_(std::move(module)) {
  auto bind = [&](const std::string &name, Global g) {
    auto [it, fresh] = globals_.emplace(name, g);
    if (fresh)
      return;
    // Re-importing the same thing is harmless; anything else is ambiguous.
    bool sameImport = it->second.kind == g.kind && !g.path.empty() &&
                      it->second.path == g.path;
    if (sameImport)
      return;
    Diagnostic diag;
    diag.range = g.range;
    diag.message = "'" + name + "' is already defined";
    diag.notes.push_back(
        {Severity::Note, it->second.range, "first defined here", {}});
    throw CompileError(std::move(diag));
  };

  for (const ast::StmtPtr &stmt : module_->body) {
    if (auto imp = stmt->as<ast::Import>()) {
      for (const ast::Alias &alias : imp->names) {
        if (!isKnownPythonModule(alias.name))
          throwErrorAt(alias.range, "Kiln cannot import '", alias.name,
                       "': ", ImportHint);
        Global g{GlobalKind::PythonModule,
                 {},
                 nullptr,
                 nullptr,
                 nullptr,
                 nullptr,
                 alias.range};
        if (!alias.asname.empty()) {
          g.path = alias.name;
          bind(alias.asname, g);
        } else {
          // `import torch.nn` binds `torch`.
          g.path = alias.name.substr(0, alias.name.find('.'));
          bind(g.path, g);
        }
      }
    } else if (auto from = stmt->as<ast::ImportFrom>()) {
      if (!isKnownPythonModule(from->module))
        throwErrorAt(stmt->range, "Kiln cannot import from '", from->module,
                     "': ", ImportHint);
      for (const ast::Alias &alias : from->names) {
        std::string path = from->module + "." + alias.name;
        Global g{isKnownPythonModule(path) ? GlobalKind::PythonModule
                                           : GlobalKind::Imported,
                 path,
                 nullptr,
                 nullptr,
                 nullptr,
                 nullptr,
                 alias.range};
        bind(alias.asname.empty() ? alias.name : alias.asname, g);
      }
    } else if (auto fn = stmt->as<ast::FunctionDef>()) {
      Global g{GlobalKind::Function, {}, fn, nullptr, nullptr, nullptr,
               fn->nameRange};
      bind(fn->name, g);
      functions_.push_back(fn);
    } else if (auto cls = stmt->as<ast::ClassDef>()) {
      Global g{GlobalKind::Class, {},      nullptr,       cls,
               nullptr,           nullptr, cls->nameRange};
      bind(cls->name, g);
      classes_.push_back(cls);
    } else if (auto assign = stmt->as<ast::Assign>()) {
      auto name = assign->targets.size() == 1
                      ? assign->targets[0]->as<ast::Name>()
                      : nullptr;
      if (!name)
        throwErrorAt(stmt->range, "a script's top level may only assign "
                                  "constants to single names (NAME = value)");
      bind(name->id, Global{GlobalKind::Constant,
                            {},
                            nullptr,
                            nullptr,
                            assign->value.get(),
                            nullptr,
                            name->range});
    } else if (auto ann = stmt->as<ast::AnnAssign>()) {
      auto name = ann->target->as<ast::Name>();
      if (!name || !ann->value)
        throwErrorAt(stmt->range,
                     "a script's top level may only assign "
                     "constants to single names (NAME: T = value)");
      bind(name->id, Global{GlobalKind::Constant,
                            {},
                            nullptr,
                            nullptr,
                            ann->value.get(),
                            ann->annotation.get(),
                            name->range});
    } else if (auto ifStmt = stmt->as<ast::If>();
               ifStmt && isMainGuard(*ifStmt)) {
      continue; // test code for Python; Kiln has its own entry points
    } else if (stmt->isa<ast::Pass>() ||
               (stmt->isa<ast::ExprStmt>() &&
                stmt->as<ast::ExprStmt>()->value->isa<ast::String>())) {
      continue;
    } else {
      throwErrorAt(stmt->range,
                   "a script's top level may hold only imports, constants, "
                   "functions and classes");
    }
  }
}

const ScriptUnit::Global *ScriptUnit::lookup(const std::string &name) const {
  auto it = globals_.find(name);
  return it == globals_.end() ? nullptr : &it->second;
}

} // namespace kiln
