//===- Prelude.cpp --------------------------------------------------------===//
//
// Each prelude file defines one Python module, named by its path:
// prelude/torch/nn/modules/linear.py is torch.nn.modules.linear, and its
// classes get the qualified names PyTorch gives them in TorchScript
// ("__torch__.torch.nn.modules.linear.Linear"). Classes under
// torch.nn.modules are the layers of torch.nn; functions of
// torch/nn/functional.py and torch/nn/init.py are F.* and init.*.
//
//===----------------------------------------------------------------------===//
#include "frontend/Prelude.h"

#include "frontend/Parser.h"
#include "frontend/PreludeSources.h"

#include <map>

namespace kiln {

namespace {

/// "torch/nn/modules/linear.py" -> "torch.nn.modules.linear".
std::string pythonModuleOf(std::string_view path) {
  std::string out(path.substr(0, path.rfind(".py")));
  for (char &c : out)
    if (c == '/')
      c = '.';
  return out;
}

} // namespace

struct Prelude::Impl {
  std::vector<std::unique_ptr<ScriptUnit>> units;
  std::vector<std::unique_ptr<Class>> classes;
  std::map<std::string, const Class *, std::less<>> byName, byQualifiedName;
  /// Python module -> name -> function.
  std::map<std::string, std::map<std::string, Function, std::less<>>,
           std::less<>>
      functions;
};

Prelude::Prelude() : impl_(std::make_shared<Impl>()) {
  for (const PreludeSource &file : preludeSources()) {
    std::string module = pythonModuleOf(file.path);
    auto unit = std::make_unique<ScriptUnit>(
        parseScript(file.text, std::string("<prelude>/") + file.path));
    bool isLayers = module.starts_with("torch.nn.modules.");
    for (const ast::ClassDef *cls : unit->classes()) {
      auto c = std::make_unique<Class>(
          Class{"__torch__." + module + "." + cls->name, cls, unit.get()});
      KILN_INTERNAL_ASSERT(!isLayers || !impl_->byName.count(cls->name),
                           "prelude class ", cls->name, " defined twice");
      if (isLayers && !cls->name.starts_with("_"))
        impl_->byName.emplace(cls->name, c.get());
      impl_->byQualifiedName.emplace(c->qualifiedName, c.get());
      impl_->classes.push_back(std::move(c));
    }
    auto &functions = impl_->functions[module];
    for (const ast::FunctionDef *fn : unit->functions())
      functions.emplace(fn->name, Function{fn, unit.get()});
    impl_->units.push_back(std::move(unit));
  }
}

const Prelude &Prelude::get() {
  static const Prelude prelude;
  return prelude;
}

const Prelude::Class *Prelude::findClass(std::string_view name) const {
  auto it = impl_->byName.find(name);
  return it == impl_->byName.end() ? nullptr : it->second;
}

const Prelude::Class *
Prelude::findClassByQualifiedName(std::string_view qualifiedName) const {
  auto it = impl_->byQualifiedName.find(qualifiedName);
  return it == impl_->byQualifiedName.end() ? nullptr : it->second;
}

const Prelude::Function *Prelude::findFunction(std::string_view pythonModule,
                                               std::string_view name) const {
  auto module = impl_->functions.find(pythonModule);
  if (module == impl_->functions.end())
    return nullptr;
  auto it = module->second.find(name);
  return it == module->second.end() ? nullptr : &it->second;
}

std::vector<std::string> Prelude::names(std::string_view pythonModule) const {
  std::vector<std::string> out;
  if (pythonModule == "torch.nn") {
    for (const auto &[name, cls] : impl_->byName)
      out.push_back(name);
    return out;
  }
  auto module = impl_->functions.find(pythonModule);
  if (module != impl_->functions.end())
    for (const auto &[name, fn] : module->second)
      if (!name.starts_with("_"))
        out.push_back(name);
  return out;
}

} // namespace kiln
