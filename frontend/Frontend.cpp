//===- Frontend.cpp - Script to graph -------------------------------------===//
#include "frontend/Frontend.h"

#include "frontend/Emitter.h"
#include "frontend/ModuleBuilder.h"
#include "frontend/Parser.h"
#include "frontend/Script.h"
#include "ir/Diagnostics.h"
#include "ir/Verifier.h"
#include "runtime/Constants.h"
#include "support/Error.h"
#include "support/File.h"

namespace kiln {

namespace {

bool isModuleClass(const ScriptUnit &unit, const ast::ClassDef &cls) {
  for (const auto &base : cls.bases) {
    std::string text = ast::toString(*base);
    if (text == "nn.Module" || text == "torch.nn.Module")
      return true;
    const ScriptUnit::Global *g = unit.lookup(text);
    if (g && g->kind == ScriptUnit::GlobalKind::Imported &&
        g->path == "torch.nn.Module")
      return true;
  }
  return false;
}

std::string choices(const ScriptUnit &unit) {
  std::string list;
  for (const ast::ClassDef *cls : unit.classes())
    if (isModuleClass(unit, *cls))
      list += (list.empty() ? "" : ", ") + cls->name;
  for (const ast::FunctionDef *fn : unit.functions())
    list += (list.empty() ? "" : ", ") + fn->name;
  return list;
}

} // namespace

CompiledScript compileScript(std::string_view text, const std::string &filename,
                             const CompileOptions &options) {
  auto module = parseScript(text, filename);
  ScriptUnit unit(module);

  // Kiln compiles nn.Module classes only (TorchScript's other classes are
  // not supported).
  std::vector<const ast::ClassDef *> modules;
  for (const ast::ClassDef *cls : unit.classes()) {
    if (!isModuleClass(unit, *cls))
      throwErrorAt(cls->bases.empty() ? cls->nameRange : cls->bases[0]->range,
                   "class '", cls->name,
                   "' must derive from nn.Module: Kiln compiles functions and "
                   "nn.Module classes");
    modules.push_back(cls);
  }
  const SourceRange wholeFile = SourceRange::fromFile(module->source);

  const ast::ClassDef *cls = nullptr;
  const ast::FunctionDef *fn = nullptr;
  std::string method = "forward";
  if (options.entry.empty()) {
    if (modules.size() == 1)
      cls = modules[0];
    else if (modules.empty() && unit.functions().size() == 1)
      fn = unit.functions()[0];
    else if (modules.empty() && unit.functions().empty())
      throwErrorAt(wholeFile, "the script defines no function and no "
                              "nn.Module class to run");
    else
      throwErrorAt(wholeFile,
                   "the script defines several entry points; "
                   "choose one with --entry: ",
                   choices(unit));
  } else {
    std::string name = options.entry;
    auto dot = name.find('.');
    if (dot != std::string::npos) {
      method = name.substr(dot + 1);
      name = name.substr(0, dot);
    }
    const ScriptUnit::Global *g = unit.lookup(name);
    if (g && g->kind == ScriptUnit::GlobalKind::Class &&
        isModuleClass(unit, *g->cls))
      cls = g->cls;
    else if (g && g->kind == ScriptUnit::GlobalKind::Function &&
             dot == std::string::npos)
      fn = g->function;
    else
      throwErrorAt(wholeFile, "--entry '", options.entry,
                   "' names no nn.Module class, method or function of the "
                   "script; choose one of: ",
                   choices(unit));
  }

  CompiledScript result;
  if (fn) {
    Emitter emitter(unit, nullptr);
    const CompiledFunction &compiled = emitter.function(unit, *fn);
    result.graph = compiled.graph;
    result.entryName = fn->name;
    for (const Argument &a : compiled.schema.arguments())
      result.defaults.push_back(
          a.defaultValue ? std::optional(ivalueFromConstant(*a.defaultValue))
                         : std::nullopt);
  } else {
    ModuleBuilder builder(unit, options.seed);
    BuiltModule built = builder.construct(*cls);
    Emitter emitter(unit, &built);
    const CompiledFunction &compiled =
        emitter.method(*built.root, method, cls->nameRange);
    result.graph = compiled.graph;
    result.module = built.root;
    result.entryName = cls->name + "." + method;
    const auto &args = compiled.schema.arguments();
    for (size_t i = 1; i < args.size(); ++i) // `self` first
      result.defaults.push_back(
          args[i].defaultValue
              ? std::optional(ivalueFromConstant(*args[i].defaultValue))
              : std::nullopt);
  }
  verify(*result.graph);
  return result;
}

CompiledScript compileScriptFile(const std::string &path,
                                 const CompileOptions &options) {
  return compileScript(readFile(path), path, options);
}

} // namespace kiln
