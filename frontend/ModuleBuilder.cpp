//===- ModuleBuilder.cpp - Module instances while __init__ runs -----------===//
//
// The nn.Module side of the evaluator: module classes and their bases,
// construction, `self.x = ...` with nn.Module.__setattr__'s rules
// (Parameters register as parameters, modules as submodules, tensors into a
// registered buffer's slot, everything else as a plain attribute),
// register_buffer / register_parameter / add_module, and the containers
// nn.Sequential and nn.ModuleList, which are built here rather than by a
// script __init__ (theirs take *args).
//
//===----------------------------------------------------------------------===//
#include "frontend/ModuleBuilder.h"

#include "frontend/Evaluator.h"
#include "frontend/Prelude.h"

#include <functional>
#include <set>

namespace kiln {
namespace eval {

namespace {

const char *const kModuleMethods[] = {
    "register_buffer",
    "register_parameter",
    "add_module",
    "register_module",
    "append",
    "extend",
    "insert",
    "modules",
    "children",
    "named_children",
    "named_modules",
    "parameters",
    "named_parameters",
    "buffers",
    "named_buffers",
    "apply",
    "train",
    "eval",
    "forward",
    "__len__",
};

void checkAttributeName(const std::string &what, const Value &name,
                        const Location &at) {
  if (!name.isString())
    throwErrorAt(at, what, " name should be a string, not ", typeName(name));
  const std::string &n = name.iv.toStringRef();
  if (n.empty() || n.find('.') != std::string::npos)
    throwErrorAt(at, what, " name can't be empty or contain \".\", got '", n,
                 "'");
}

} // namespace

const ClassRef *Evaluator::classFor(const ast::ClassDef &def,
                                    const ScriptUnit &unit,
                                    const Location &at) {
  auto it = classByDef_.find(&def);
  if (it != classByDef_.end())
    return it->second;
  ClassRef &c = classes_.emplace_back();
  c.def = &def;
  c.unit = &unit;
  if (&unit == &script_) {
    c.qualifiedName = "__torch__." + def.name;
  } else {
    // A prelude class: "<prelude>/torch/nn/modules/linear.py".
    std::string path = unit.source().filename();
    constexpr std::string_view prefix = "<prelude>/";
    KILN_INTERNAL_ASSERT(path.starts_with(prefix) && path.ends_with(".py"),
                         "class ", def.name, " of an unknown unit ", path);
    std::string module =
        path.substr(prefix.size(), path.size() - prefix.size() - 3);
    for (char &ch : module)
      if (ch == '/')
        ch = '.';
    c.qualifiedName = "__torch__." + module + "." + def.name;
    c.isPrelude = true;
    if (module == "torch.nn.modules.container")
      c.container = def.name == "Sequential"   ? ClassRef::Container::Sequential
                    : def.name == "ModuleList" ? ClassRef::Container::ModuleList
                                               : ClassRef::Container::None;
  }
  classByDef_.emplace(&def, &c);
  (void)at;
  if (def.bases.empty())
    throwErrorAt(def.nameRange, "class ", def.name,
                 " must derive from nn.Module: Kiln compiles module classes "
                 "only");
  for (const auto &base : def.bases) {
    Frame globals;
    globals.unit = &unit;
    Value b = eval(*base, globals);
    if (b.isBuiltin("nn.Module"))
      continue;
    if (b.kind == Value::Kind::Class) {
      if (b.cls == &c)
        throwErrorAt(base->range, "class ", def.name, " derives from itself");
      c.bases.push_back(b.cls);
      continue;
    }
    throwErrorAt(base->range, "class ", def.name,
                 " must derive from nn.Module (or from another module "
                 "class), not from '",
                 ast::toString(*base), "'");
  }
  return &c;
}

const ClassRef *Evaluator::preludeClass(std::string_view name) {
  const Prelude::Class *c = Prelude::get().findClass(name);
  return c ? classFor(*c->def, *c->unit, {}) : nullptr;
}

std::pair<const ast::FunctionDef *, const ClassRef *>
Evaluator::findMethod(const ClassRef *cls, const std::string &name) const {
  for (const auto &s : cls->def->body)
    if (auto fn = s->as<ast::FunctionDef>(); fn && fn->name == name)
      return {fn, cls};
  for (const ClassRef *base : cls->bases)
    if (auto found = findMethod(base, name); found.first)
      return found;
  return {nullptr, nullptr};
}

bool Evaluator::isInstance(const Value &module, const ClassRef &cls) const {
  std::function<bool(const ClassRef *)> derives = [&](const ClassRef *c) {
    if (c == &cls)
      return true;
    for (const ClassRef *b : c->bases)
      if (derives(b))
        return true;
    return false;
  };
  return module.cls && derives(module.cls);
}

Value Evaluator::moduleValue(Ref<ModuleState> m) {
  Value v;
  v.kind = Value::Kind::Module;
  auto it = moduleClasses_.find(m.get());
  KILN_INTERNAL_ASSERT(it != moduleClasses_.end(), "module without a class");
  v.cls = it->second;
  v.module = std::move(m);
  return v;
}

Value Evaluator::construct(const ClassRef &cls, Args args, const Location &at) {
  if (cls.container != ClassRef::Container::None)
    return constructContainer(cls, std::move(args), at);
  auto state = Ref<ModuleState>::make(cls.def->name, cls.qualifiedName);
  moduleClasses_[state.get()] = &cls;
  modules_.push_back(state);
  Value self = moduleValue(state);
  auto [init, owner] = findMethod(&cls, "__init__");
  if (!init) {
    if (!args.positional.empty() || !args.keywords.empty())
      throwErrorAt(at, cls.def->name,
                   "() takes no arguments (it has no "
                   "__init__)");
    return self;
  }
  args.positional.insert(args.positional.begin(), self);
  Value result = callFunction(*init, *owner->unit, owner, std::move(args), at);
  if (!result.isNone())
    throwErrorAt(at, cls.def->name, ".__init__() should return None, not ",
                 typeName(result));
  return self;
}

Value Evaluator::constructContainer(const ClassRef &cls, Args args,
                                    const Location &at) {
  bool sequential = cls.container == ClassRef::Container::Sequential;
  const char *name = sequential ? "nn.Sequential" : "nn.ModuleList";
  if (!args.keywords.empty())
    throwErrorAt(at, name, "() takes no keyword arguments");
  Items modules;
  if (sequential) {
    modules = args.positional;
  } else {
    if (args.positional.size() > 1)
      throwErrorAt(at, name, "() takes one iterable of modules");
    if (!args.positional.empty() && !args.positional[0].isNone())
      modules = iterate(args.positional[0], at);
  }
  auto state = Ref<ModuleState>::make(cls.def->name, cls.qualifiedName);
  moduleClasses_[state.get()] = &cls;
  modules_.push_back(state);
  for (size_t i = 0; i < modules.size(); ++i) {
    if (modules[i].kind != Value::Kind::Module)
      throwErrorAt(at, name, "() takes modules; element ", i, " is a ",
                   typeName(modules[i]),
                   sequential && modules[i].isSequence()
                       ? " (to pass a list, unpack it: nn.Sequential(*layers))"
                       : "");
    state->setModule(std::to_string(i), modules[i].module);
  }
  return moduleValue(state);
}

Items Evaluator::children(const Value &module) {
  Items out;
  for (const auto &e : module.module->entries)
    if (e.kind == ModuleState::Kind::Module)
      out.push_back(moduleValue(e.module));
  return out;
}

Value Evaluator::moduleAttribute(const Value &self, const std::string &name,
                                 const Location &at) {
  ModuleState &m = *self.module;
  if (name == "training")
    return Value(IValue(m.training));
  if (const ModuleState::Entry *e = m.find(name)) {
    switch (e->kind) {
    case ModuleState::Kind::Parameter: {
      Value v(e->value);
      v.parameter = e->value.isTensor();
      return v;
    }
    case ModuleState::Kind::Buffer:
      return Value(e->value);
    case ModuleState::Kind::Module:
      return moduleValue(e->module);
    case ModuleState::Kind::Value: {
      auto plain = plainAttributes_.find({&m, name});
      if (plain != plainAttributes_.end())
        return plain->second;
      return fromIValue(e->value);
    }
    }
  }
  if (auto [fn, owner] = findMethod(self.cls, name); fn) {
    Value method;
    method.kind = Value::Kind::Method;
    method.items = std::make_shared<Items>(Items{self});
    method.fn = fn;
    method.unit = owner->unit;
    method.cls = owner;
    return method;
  }
  for (const char *builtin : kModuleMethods)
    if (name == builtin) {
      Value method;
      method.kind = Value::Kind::Method;
      method.items = std::make_shared<Items>(Items{self});
      method.name = name;
      return method;
    }
  // Class-level constants (`expansion = 4`) through the instance.
  Value cls;
  cls.kind = Value::Kind::Class;
  cls.cls = self.cls;
  try {
    return attribute(cls, name, at);
  } catch (const CompileError &) {
  }
  throwErrorAt(at, "'", m.pythonName, "' object has no attribute '", name, "'");
}

void Evaluator::setModuleAttribute(const Value &self, const std::string &name,
                                   const Value &v, const Location &at) {
  ModuleState &m = *self.module;
  using Kind = ModuleState::Kind;
  if (name == "training") {
    if (!v.isBool())
      throwErrorAt(at, "training must be a bool, not ", typeName(v));
    m.training = v.iv.toBool();
    return;
  }
  plainAttributes_.erase({&m, name});
  const ModuleState::Entry *existing = m.find(name);
  Kind was = existing ? existing->kind : Kind::Value;
  if (v.kind == Value::Kind::Module) {
    m.setModule(name, v.module);
    return;
  }
  if (v.isTensor() && v.parameter) {
    m.set(name, Kind::Parameter, v.iv);
    return;
  }
  if (existing && was == Kind::Parameter) {
    if (!v.isNone())
      throwErrorAt(at, "cannot assign a ", typeName(v), " as parameter '", name,
                   "' (nn.Parameter or None expected)");
    m.set(name, Kind::Parameter, IValue());
    return;
  }
  if (existing && was == Kind::Module && !v.isNone())
    throwErrorAt(at, "cannot assign a ", typeName(v), " as child module '",
                 name, "' (nn.Module or None expected)");
  if (existing && was == Kind::Buffer) {
    if (!v.isNone() && !v.isTensor())
      throwErrorAt(at, "cannot assign a ", typeName(v), " as buffer '", name,
                   "' (Tensor or None expected)");
    m.set(name, Kind::Buffer, v.iv);
    return;
  }
  if (v.kind == Value::Kind::List || v.kind == Value::Kind::Tuple ||
      v.kind == Value::Kind::Dict) {
    std::function<bool(const Value &)> holdsModule = [&](const Value &x) {
      if (x.kind == Value::Kind::Module)
        return true;
      if (x.items)
        for (const Value &item : *x.items)
          if (holdsModule(item))
            return true;
      if (x.dict)
        for (const auto &[k, val] : x.dict->entries)
          if (holdsModule(val))
            return true;
      return false;
    };
    if (holdsModule(v))
      throwErrorAt(at, "self.", name, " is a ", typeName(v),
                   " holding modules, which would not register them as "
                   "submodules; use nn.ModuleList([...]) (or "
                   "nn.Sequential(...))");
  }
  IValue stored = toIValue(v, at);
  m.set(name, Kind::Value, std::move(stored));
  // Lists stay shared with the script's variables until construction ends
  // (`self.sizes = []; self.sizes.append(3)`).
  if (v.kind == Value::Kind::List || v.kind == Value::Kind::Dict)
    plainAttributes_[{&m, name}] = v;
}

Value Evaluator::callModuleMethod(const Value &self, const std::string &name,
                                  Args args, const Location &at) {
  ModuleState &m = *self.module;
  auto &pos = args.positional;
  auto takeKeyword = [&](const std::string &kw) -> std::optional<Value> {
    for (auto it = args.keywords.begin(); it != args.keywords.end(); ++it)
      if (it->name == kw) {
        Value v = std::move(it->value);
        args.keywords.erase(it);
        return v;
      }
    return std::nullopt;
  };
  auto expect = [&](size_t min, size_t max) {
    if (!args.keywords.empty())
      throwErrorAt(at, m.pythonName, ".", name,
                   "() got an unexpected keyword argument '",
                   args.keywords[0].name, "'");
    if (pos.size() < min || pos.size() > max)
      throwErrorAt(at, m.pythonName, ".", name, "() takes ", min,
                   min == max ? "" : " to " + std::to_string(max),
                   " arguments (", pos.size(), " given)");
  };
  bool isList = self.cls->container == ClassRef::Container::ModuleList;
  bool isSequential = self.cls->container == ClassRef::Container::Sequential;

  if (name == "register_buffer") {
    std::optional<Value> persistent = takeKeyword("persistent");
    if (auto t = takeKeyword("tensor"))
      pos.push_back(*t);
    expect(2, 3);
    if (pos.size() == 3)
      persistent = pos[2];
    checkAttributeName("buffer", pos[0], at);
    const std::string &n = pos[0].iv.toStringRef();
    if (!pos[1].isNone() && !pos[1].isTensor())
      throwErrorAt(at, "cannot assign a ", typeName(pos[1]), " as buffer '", n,
                   "' (Tensor or None expected)");
    if (const auto *e = m.find(n); e && e->kind != ModuleState::Kind::Buffer)
      throwErrorAt(at, "attribute '", n, "' already exists");
    plainAttributes_.erase({&m, n});
    // A non-persistent buffer is not in the state dict: a plain attribute.
    bool keep = !persistent || truthy(*persistent, at);
    m.set(n, keep ? ModuleState::Kind::Buffer : ModuleState::Kind::Value,
          pos[1].iv);
    return Value::none();
  }
  if (name == "register_parameter") {
    expect(2, 2);
    checkAttributeName("parameter", pos[0], at);
    const std::string &n = pos[0].iv.toStringRef();
    if (!pos[1].isNone() && !(pos[1].isTensor() && pos[1].parameter))
      throwErrorAt(at, "cannot assign a ", typeName(pos[1]), " as parameter '",
                   n, "' (nn.Parameter or None expected)");
    if (const auto *e = m.find(n); e && e->kind != ModuleState::Kind::Parameter)
      throwErrorAt(at, "attribute '", n, "' already exists");
    plainAttributes_.erase({&m, n});
    m.set(n, ModuleState::Kind::Parameter, pos[1].iv);
    return Value::none();
  }
  if (name == "add_module" || name == "register_module") {
    expect(2, 2);
    checkAttributeName("module", pos[0], at);
    const std::string &n = pos[0].iv.toStringRef();
    if (pos[1].isNone()) {
      m.set(n, ModuleState::Kind::Value, IValue());
      return Value::none();
    }
    if (pos[1].kind != Value::Kind::Module)
      throwErrorAt(at, typeName(pos[1]), " is not a Module subclass");
    if (const auto *e = m.find(n); e && e->kind != ModuleState::Kind::Module)
      throwErrorAt(at, "attribute '", n, "' already exists");
    m.setModule(n, pos[1].module);
    return Value::none();
  }
  if ((name == "append" && (isList || isSequential)) ||
      (name == "extend" && isList)) {
    expect(1, 1);
    Items more = name == "append" ? Items{pos[0]} : iterate(pos[0], at);
    for (const Value &module : more) {
      if (module.kind != Value::Kind::Module)
        throwErrorAt(at, m.pythonName, ".", name, "() takes modules, not a ",
                     typeName(module));
      m.setModule(std::to_string(children(self).size()), module.module);
    }
    return self;
  }
  if (name == "insert" && isList) {
    expect(2, 2);
    if (!pos[0].isIntLike() || pos[1].kind != Value::Kind::Module)
      throwErrorAt(at, "ModuleList.insert() takes an index and a module");
    Items kids = children(self);
    int64_t n = static_cast<int64_t>(kids.size());
    int64_t i = pos[0].iv.toInt();
    i = std::clamp<int64_t>(i < 0 ? i + n : i, 0, n);
    kids.insert(kids.begin() + i, pos[1]);
    std::erase_if(m.entries, [](const ModuleState::Entry &e) {
      return e.kind == ModuleState::Kind::Module;
    });
    for (size_t k = 0; k < kids.size(); ++k)
      m.setModule(std::to_string(k), kids[k].module);
    return Value::none();
  }
  if (name == "__len__") {
    expect(0, 0);
    return Value(IValue(static_cast<int64_t>(children(self).size())));
  }
  if (name == "children") {
    expect(0, 0);
    return Value::list(children(self));
  }
  if (name == "named_children") {
    expect(0, 0);
    Items out;
    for (const auto &e : m.entries)
      if (e.kind == ModuleState::Kind::Module)
        out.push_back(
            Value::tuple({Value(IValue(e.name)), moduleValue(e.module)}));
    return Value::list(std::move(out));
  }
  if (name == "modules" || name == "named_modules") {
    expect(0, 0);
    Items out;
    std::set<const ModuleState *> seen;
    std::function<void(const Ref<ModuleState> &, const std::string &)> walk =
        [&](const Ref<ModuleState> &mod, const std::string &prefix) {
          if (!seen.insert(mod.get()).second)
            return;
          Value v = moduleValue(mod);
          out.push_back(
              name == "modules" ? v : Value::tuple({Value(IValue(prefix)), v}));
          for (const auto &e : mod->entries)
            if (e.kind == ModuleState::Kind::Module)
              walk(e.module, prefix.empty() ? e.name : prefix + "." + e.name);
        };
    walk(self.module, "");
    return Value::list(std::move(out));
  }
  if (name == "parameters" || name == "named_parameters" || name == "buffers" ||
      name == "named_buffers") {
    expect(0, 0);
    bool params = name.ends_with("parameters");
    auto entries = params ? m.namedParameters() : m.stateDict();
    std::set<std::string> parameterNames;
    if (!params)
      for (const auto &[n, t] : m.namedParameters())
        parameterNames.insert(n);
    Items out;
    for (const auto &[n, t] : entries) {
      if (!params && parameterNames.count(n))
        continue;
      Value tv{IValue(t)};
      tv.parameter = params;
      out.push_back(name.starts_with("named")
                        ? Value::tuple({Value(IValue(n)), tv})
                        : tv);
    }
    return Value::list(std::move(out));
  }
  if (name == "apply") {
    expect(1, 1);
    for (const Value &child : children(self))
      callModuleMethod(child, "apply", Args{{pos[0]}, {}}, at);
    Args one;
    one.positional = {self};
    call(pos[0], std::move(one), at);
    return self;
  }
  if (name == "train" || name == "eval") {
    expect(0, name == "train" ? 1 : 0);
    m.setTraining(name == "train" && (pos.empty() || truthy(pos[0], at)));
    return self;
  }
  if (name == "forward")
    throwErrorAt(at, "Kiln does not run forward while building the module "
                     "(in __init__)");
  throwErrorAt(at, "'", m.pythonName, "' object has no attribute '", name, "'");
}

BuiltModule Evaluator::construct(const ast::ClassDef &def) {
  const ClassRef *cls = classFor(def, script_, def.nameRange);
  if (auto [init, owner] = findMethod(cls, "__init__"); init) {
    for (size_t i = 1; i < init->params.size(); ++i)
      if (!init->params[i].defaultValue)
        throwErrorAt(init->params[i].range, "Kiln constructs ", def.name,
                     " without arguments, so its __init__ parameter '",
                     init->params[i].name, "' needs a default value");
  }
  Value root = construct(*cls, Args{}, def.nameRange);

  BuiltModule out;
  out.root = root.module;
  std::function<void(const Ref<ModuleState> &)> walk =
      [&](const Ref<ModuleState> &m) {
        const ClassRef *c = moduleClasses_.at(m.get());
        if (!out.classes.emplace(m.get(), c->def).second)
          return; // shared submodule, seen already
        out.units.emplace(m.get(), c->unit);
        // Lists set as attributes may have grown since: store them now.
        for (auto &e : m->entries) {
          if (e.kind != ModuleState::Kind::Value)
            continue;
          auto plain = plainAttributes_.find({m.get(), e.name});
          if (plain != plainAttributes_.end())
            e.value = toIValue(plain->second, def.nameRange);
        }
        for (const auto &e : m->entries)
          if (e.kind == ModuleState::Kind::Module)
            walk(e.module);
      };
  walk(out.root);
  return out;
}

} // namespace eval

struct ModuleBuilder::Impl {
  Impl(const ScriptUnit &script, uint64_t seed) : evaluator(script, seed) {}
  eval::Evaluator evaluator;
};

ModuleBuilder::ModuleBuilder(const ScriptUnit &script, uint64_t seed)
    : impl_(std::make_unique<Impl>(script, seed)) {}

ModuleBuilder::~ModuleBuilder() = default;

BuiltModule ModuleBuilder::construct(const ast::ClassDef &cls) {
  return impl_->evaluator.construct(cls);
}

} // namespace kiln
