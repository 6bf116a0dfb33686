//===- Emitter.cpp - Functions, methods and module types ------------------===//
#include "frontend/Emitter.h"

#include "frontend/FunctionEmitter.h"
#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "passes/DeadCodeElimination.h"

#include <sstream>

namespace kiln {

TypePtr typeOfValue(const IValue &v) {
  switch (v.tag()) {
  case IValue::Tag::None:
    return NoneType::get();
  case IValue::Tag::Bool:
    return BoolType::get();
  case IValue::Tag::Int:
    return IntType::get();
  case IValue::Tag::Double:
    return FloatType::get();
  case IValue::Tag::Tensor:
    return TensorType::get();
  case IValue::Tag::String:
    return StringType::get();
  case IValue::Tag::Device:
    return DeviceType::get();
  case IValue::Tag::List: {
    const auto &items = v.toList().items;
    if (items.empty())
      return ListType::create(TensorType::get());
    TypePtr elem = typeOfValue(items[0]);
    return elem ? ListType::create(elem) : nullptr;
  }
  case IValue::Tag::Tuple: {
    std::vector<TypePtr> elems;
    for (const IValue &item : v.toTupleItems()) {
      elems.push_back(typeOfValue(item));
      if (!elems.back())
        return nullptr;
    }
    return TupleType::create(std::move(elems));
  }
  case IValue::Tag::Dict: {
    const DictImpl &d = v.toDict();
    if (d.size() == 0)
      return DictType::create(StringType::get(), TensorType::get());
    const auto &first = d.entries().front();
    TypePtr k = typeOfValue(first.first), val = typeOfValue(first.second);
    return k && val ? DictType::create(k, val) : nullptr;
  }
  default:
    return nullptr;
  }
}

// (FunctionEmitter.h)
std::optional<ConstantValue> constantOfValue(const IValue &v) {
  switch (v.tag()) {
  case IValue::Tag::None:
    return NoneConstant{};
  case IValue::Tag::Bool:
    return v.toBool();
  case IValue::Tag::Int:
    return v.toInt();
  case IValue::Tag::Double:
    return v.toDouble();
  case IValue::Tag::String:
    return v.toStringRef();
  case IValue::Tag::Tuple: {
    auto tuple = std::make_shared<ConstantTuple>();
    for (const IValue &item : v.toTupleItems()) {
      auto c = constantOfValue(item);
      if (!c)
        return std::nullopt;
      tuple->items.push_back(std::move(*c));
    }
    return std::shared_ptr<const ConstantTuple>(tuple);
  }
  case IValue::Tag::List: {
    const auto &items = v.toList().items;
    if (items.empty())
      return std::nullopt; // the element type is unknown
    std::vector<int64_t> ints;
    std::vector<double> floats;
    std::vector<bool> bools;
    std::vector<std::string> strings;
    for (const IValue &item : items) {
      if (item.isInt() && !item.isBool())
        ints.push_back(item.toInt());
      else if (item.isDouble())
        floats.push_back(item.toDouble());
      else if (item.isBool())
        bools.push_back(item.toBool());
      else if (item.isString())
        strings.push_back(item.toStringRef());
      else
        return std::nullopt;
    }
    if (ints.size() == items.size())
      return ints;
    if (floats.size() == items.size())
      return floats;
    if (bools.size() == items.size())
      return bools;
    if (strings.size() == items.size())
      return strings;
    return std::nullopt;
  }
  default:
    return std::nullopt;
  }
}

// (FunctionEmitter.h)
bool isConstantAttribute(const ast::ClassDef &cls, const std::string &name) {
  for (const auto &stmt : cls.body) {
    if (auto assign = stmt->as<ast::Assign>()) {
      auto target = assign->targets.size() == 1
                        ? assign->targets[0]->as<ast::Name>()
                        : nullptr;
      if (!target || target->id != "__constants__")
        continue;
      const std::vector<ast::ExprPtr> *elts = nullptr;
      if (auto l = assign->value->as<ast::List>())
        elts = &l->elts;
      else if (auto t = assign->value->as<ast::Tuple>())
        elts = &t->elts;
      if (elts)
        for (const auto &e : *elts)
          if (auto str = e->as<ast::String>(); str && str->value == name)
            return true;
    } else if (auto ann = stmt->as<ast::AnnAssign>()) {
      auto target = ann->target->as<ast::Name>();
      auto sub = ann->annotation->as<ast::Subscript>();
      std::string base = sub ? ast::toString(*sub->value) : "";
      if (target && target->id == name &&
          (base == "Final" || base.ends_with(".Final")))
        return true;
    }
  }
  return false;
}

FunctionEmitter::FunctionEmitter(Emitter &owner, const ScriptUnit &unit,
                                 const ModuleState *self)
    : owner_(owner), unit_(unit), self_(self) {}

std::unique_ptr<CompiledFunction>
FunctionEmitter::emit(const ast::FunctionDef &def, const std::string &name) {
  graph_ = std::make_shared<Graph>();
  for (const ast::Decorator &d : def.decorators) {
    std::string text = ast::toString(*d.expr);
    if (text != "torch.jit.export" && text != "jit.export")
      throwErrorAt(d.expr->range, "Kiln does not support the decorator @",
                   text);
  }
  std::vector<Argument> arguments;
  size_t first = 0;
  if (self_) {
    if (def.params.empty() || def.params[0].name != "self")
      throwErrorAt(def.nameRange, "method '", def.name,
                   "' must take self as its first parameter");
    TypePtr type = owner_.moduleType(*self_);
    Value *in = graph_->addInput("self")->setType(type);
    auto s = std::make_shared<SugaredValue>();
    s->kind = SugaredValue::Kind::Module;
    s->value = in;
    s->module = self_;
    env_["self"] = s;
    Argument a;
    a.name = "self";
    a.type = type;
    arguments.push_back(a);
    first = 1;
  }
  for (size_t i = first; i < def.params.size(); ++i) {
    const ast::Param &p = def.params[i];
    Argument a;
    a.name = p.name;
    a.type = p.annotation ? resolveType(*p.annotation) : TensorType::get();
    if (p.annotation)
      a.fixedListSize = broadcastSize(*p.annotation);
    if (p.defaultValue) {
      auto c = constantOf(*p.defaultValue);
      if (!c)
        throwErrorAt(p.defaultValue->range,
                     "a default value must be a constant (a number, bool, "
                     "string, None or a list of numbers)");
      TypePtr ct = constantType(*c);
      bool fits = ct->isSubtypeOf(*a.type) ||
                  (a.type->isa<FloatType>() && ct->isa<IntType>()) ||
                  (a.fixedListSize && ct->isa<IntType>());
      if (auto opt = a.type->cast<OptionalType>())
        fits = fits || (opt->element()->isa<FloatType>() && ct->isa<IntType>());
      if (!fits)
        throwErrorAt(p.defaultValue->range, "the default of '", p.name,
                     "' has type ", ct->str(), " but the parameter is ",
                     a.type->str());
      if (auto iv = std::get_if<int64_t>(&*c);
          iv && (a.type->isa<FloatType>() ||
                 (a.type->isa<OptionalType>() &&
                  a.type->cast<OptionalType>()->element()->isa<FloatType>())))
        c = double(*iv);
      a.defaultValue = *c;
    }
    Value *in = graph_->addInput(p.name)->setType(a.type);
    env_[p.name] = wrap(in);
    arguments.push_back(std::move(a));
  }
  declaredReturn_ = def.returns ? resolveType(*def.returns) : nullptr;

  emitBody(def.body);
  Value *result;
  auto ret = env_.find("$return");
  if (ret == env_.end()) {
    if (declaredReturn_ && !declaredReturn_->isa<NoneType>() &&
        !declaredReturn_->isa<OptionalType>())
      throwErrorAt(def.nameRange, "function '", def.name,
                   "' is declared to return ", declaredReturn_->str(),
                   " but can end without returning a value");
    result = constant(NoneConstant{}, def.range);
  } else {
    result = asValue(ret->second, def.range);
  }
  if (declaredReturn_ && !result->type()->isSubtypeOf(*declaredReturn_))
    throwErrorAt(def.returns->range, "function '", def.name, "' returns ",
                 result->type()->str(), " but is declared to return ",
                 declaredReturn_->str());
  graph_->registerOutput(result);
  eliminateDeadCode(*graph_);

  Argument ret0;
  ret0.type = declaredReturn_ ? declaredReturn_ : result->type();
  auto fn = std::make_unique<CompiledFunction>();
  fn->name = name;
  fn->schema =
      FunctionSchema("script::" + def.name, std::move(arguments), {ret0});
  fn->graph = graph_;
  fn->isMethod = self_ != nullptr;
  return fn;
}

Emitter::Emitter(const ScriptUnit &script, const BuiltModule *modules)
    : script_(script), modules_(modules) {}

Emitter::~Emitter() = default;

const CompiledFunction &
Emitter::compile(const std::string &key, const ScriptUnit &unit,
                 const ast::FunctionDef &def, const ModuleState *self,
                 const std::string &name, const SourceRange &useSite) {
  auto it = compiled_.find(key);
  if (it != compiled_.end())
    return *it->second;
  for (const std::string &active : stack_)
    if (active == key)
      throwErrorAt(useSite, "'", name,
                   "' calls itself; Kiln (like TorchScript) does not support "
                   "recursion");
  stack_.push_back(key);
  FunctionEmitter fe(*this, unit, self);
  auto fn = fe.emit(def, name);
  stack_.pop_back();
  return *(compiled_[key] = std::move(fn));
}

const CompiledFunction &Emitter::function(const ScriptUnit &unit,
                                          const ast::FunctionDef &def,
                                          const SourceRange &useSite) {
  std::ostringstream key;
  key << "fn:" << static_cast<const void *>(&def);
  return compile(key.str(), unit, def, nullptr, def.name,
                 useSite.valid() ? useSite : def.nameRange);
}

const CompiledFunction &Emitter::method(const ModuleState &state,
                                        const std::string &name,
                                        const SourceRange &useSite) {
  const ast::ClassDef *cls = nullptr;
  const ScriptUnit *unit = nullptr;
  if (modules_) {
    auto c = modules_->classes.find(&state);
    if (c != modules_->classes.end())
      cls = c->second;
    auto u = modules_->units.find(&state);
    if (u != modules_->units.end())
      unit = u->second;
  }
  const ast::FunctionDef *def = nullptr;
  if (cls)
    for (const auto &stmt : cls->body)
      if (auto fn = stmt->as<ast::FunctionDef>(); fn && fn->name == name)
        def = fn;
  if (!def || !unit)
    throwErrorAt(useSite, "'", state.pythonName, "' has no method '", name, "'",
                 name == "forward" ? " (a module is called through its "
                                     "forward method)"
                                   : "");
  std::string typeName = moduleType(state)->str();
  return compile(typeName + "." + name, *unit, *def, &state,
                 state.pythonName + "." + name, useSite);
}

TypePtr Emitter::moduleType(const ModuleState &state) {
  auto known = moduleTypes_.find(&state);
  if (known != moduleTypes_.end())
    return known->second;
  auto base = baseNames_.emplace(&state, state.qualifiedName).first->second;
  std::string sig = base + "{";
  for (const ModuleState::Entry &e : state.entries) {
    sig += e.name + ":";
    if (e.kind == ModuleState::Kind::Module) {
      sig += moduleType(*e.module)->str();
    } else {
      TypePtr t = typeOfValue(e.value);
      sig += t ? t->str() : "?";
      // Constants are compiled into the methods, so they are part of the
      // type (as in TorchScript: Conv2d with stride 1 and 2 differ).
      auto cls = modules_ ? modules_->classes.find(&state)
                          : decltype(modules_->classes.end()){};
      if (modules_ && cls != modules_->classes.end() && cls->second &&
          e.kind == ModuleState::Kind::Value &&
          isConstantAttribute(*cls->second, e.name))
        if (auto c = constantOfValue(e.value))
          sig += "=" + formatConstant(*c);
    }
    sig += ",";
  }
  sig += "}";
  auto found = typeNames_.find(sig);
  std::string name;
  if (found != typeNames_.end()) {
    name = found->second;
  } else {
    int n = nameUses_[base]++;
    name = base;
    if (n > 0) {
      auto dot = base.rfind('.');
      name = base.substr(0, dot + 1) + "___torch_mangle_" +
             std::to_string(n - 1) + "." + base.substr(dot + 1);
    }
    typeNames_[sig] = name;
  }
  const_cast<ModuleState &>(state).qualifiedName = name;
  TypePtr type = ClassType::create(name);
  moduleTypes_[&state] = type;
  return type;
}

} // namespace kiln
