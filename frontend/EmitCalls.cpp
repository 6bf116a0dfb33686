//===- EmitCalls.cpp - Calls of ops, builtins, functions and modules ------===//
#include "frontend/FunctionEmitter.h"

#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/OpTable.h"

namespace kiln {

namespace {

std::string typeList(const CallArguments &args) {
  std::string s = "(";
  for (size_t i = 0; i < args.positional.size(); ++i)
    s += (i ? ", " : "") + args.positional[i]->str();
  for (size_t i = 0; i < args.keywords.size(); ++i)
    s += ((i || !args.positional.empty()) ? ", " : "") +
         args.keywords[i].first + "=" + args.keywords[i].second->str();
  return s + ")";
}

CallArguments typesOf(const std::vector<Value *> &args,
                      const std::vector<std::pair<std::string, Value *>> &kw) {
  CallArguments c;
  for (Value *v : args)
    c.positional.push_back(v->type());
  for (const auto &[name, v] : kw)
    c.keywords.emplace_back(name, v->type());
  return c;
}

// Methods that convert a tensor's dtype: x.float(), x.long(), ...
const std::map<std::string, int64_t> &conversionMethods() {
  static const std::map<std::string, int64_t> m = {
      {"float", 6}, {"double", 7}, {"half", 5},  {"long", 4},
      {"int", 3},   {"short", 2},  {"bool", 11}, {"byte", 0},
  };
  return m;
}

} // namespace

std::vector<Value *> FunctionEmitter::materialize(
    const MatchedCall &match, std::vector<Value *> &args,
    std::vector<std::pair<std::string, Value *>> &kwargs,
    const SourceRange &range) {
  const auto &params = match.schema->arguments();
  std::vector<Value *> inputs;
  for (size_t p = 0; p < match.arguments.size(); ++p) {
    const ArgumentSource &src = match.arguments[p];
    const Argument *param = p < params.size() ? &params[p] : nullptr;
    Value *v;
    if (src.kind == ArgumentSource::Kind::Default) {
      ConstantValue d = *param->defaultValue;
      if (param->fixedListSize)
        if (auto i = std::get_if<int64_t>(&d))
          d = std::vector<int64_t>(size_t(*param->fixedListSize), *i);
      v = constant(d, range);
    } else {
      v = src.kind == ArgumentSource::Kind::Positional
              ? args[src.index]
              : kwargs[src.index].second;
    }
    switch (src.conversion) {
    case ArgumentSource::Conversion::None:
    case ArgumentSource::Conversion::ToOptional:
      break;
    case ArgumentSource::Conversion::IntToFloat:
      if (auto c = constantValueOf(v); c && std::holds_alternative<int64_t>(*c))
        v = constant(double(std::get<int64_t>(*c)), range);
      else
        v = insert("aten::Float", {v}, FloatType::get(), range);
      break;
    case ArgumentSource::Conversion::BroadcastScalar: {
      TypePtr listType = src.type;
      if (auto opt = listType->cast<OptionalType>())
        listType = opt->element();
      TypePtr elem = listType->cast<ListType>()->element();
      if (elem->isa<FloatType>() && v->type()->isa<IntType>())
        v = insert("aten::Float", {v}, FloatType::get(), range);
      std::vector<Value *> items(size_t(*param->fixedListSize), v);
      Node *n = graph_->insert(prim::ListConstruct, items, 1);
      n->setSourceRange(range);
      v = n->output()->setType(ListType::create(elem));
      break;
    }
    case ArgumentSource::Conversion::TupleToList: {
      TypePtr listType = src.type;
      if (auto opt = listType->cast<OptionalType>())
        listType = opt->element();
      TypePtr elem = listType->cast<ListType>()->element();
      std::vector<Value *> items = tupleItems(v, range);
      for (Value *&item : items)
        if (elem->isa<FloatType>() && item->type()->isa<IntType>())
          item = insert("aten::Float", {item}, FloatType::get(), range);
      Node *n = graph_->insert(prim::ListConstruct, items, 1);
      n->setSourceRange(range);
      v = n->output()->setType(listType);
      break;
    }
    }
    inputs.push_back(v);
  }
  return inputs;
}

Value *FunctionEmitter::insertMatched(
    const MatchedCall &match, std::vector<Value *> &args,
    std::vector<std::pair<std::string, Value *>> &kwargs,
    const SourceRange &range) {
  std::vector<Value *> inputs = materialize(match, args, kwargs, range);
  Node *n = graph_->insert(match.schema->kind(), inputs, match.returns.size());
  n->setSourceRange(range);
  for (size_t i = 0; i < match.returns.size(); ++i)
    n->output(i)->setType(match.returns[i]);
  if (match.returns.empty())
    return constant(NoneConstant{}, range);
  if (match.returns.size() == 1)
    return n->output();
  auto outs = n->outputs();
  return tupleOf({outs.begin(), outs.end()}, range);
}

void FunctionEmitter::reportMismatch(
    std::span<const FunctionSchema *const> schemas, const CallArguments &types,
    const SourceRange &range, const std::string &display,
    const std::vector<SourceRange> &argRanges) {
  auto at = [&](size_t i) {
    return i < argRanges.size() && argRanges[i].valid() ? argRanges[i] : range;
  };
  auto fitsSome = [&](const CallArguments &t) {
    for (const FunctionSchema *s : schemas)
      if (matchCall(*s, t))
        return true;
    return false;
  };
  // An Optional value where its element type is needed: say so.
  for (size_t i = 0; i < types.positional.size() + types.keywords.size(); ++i) {
    bool positional = i < types.positional.size();
    const TypePtr &t = positional
                           ? types.positional[i]
                           : types.keywords[i - types.positional.size()].second;
    auto opt = t->cast<OptionalType>();
    if (!opt)
      continue;
    CallArguments unwrapped = types;
    if (positional)
      unwrapped.positional[i] = opt->element();
    else
      unwrapped.keywords[i - types.positional.size()].second = opt->element();
    if (fitsSome(unwrapped))
      throwErrorAt(at(i), "this value has type ", t->str(),
                   ", so it may be None, but '", display, "' needs ",
                   opt->element()->str(),
                   "; check it first with `if ... is not None:`");
  }
  if (schemas.size() == 1) {
    std::string why;
    std::optional<ArgumentSource> culprit;
    matchCall(*schemas[0], types, &why, &culprit);
    SourceRange where = range;
    if (culprit)
      where = at(culprit->kind == ArgumentSource::Kind::Positional
                     ? culprit->index
                     : types.positional.size() + culprit->index);
    throwErrorAt(where, "'", display, "' ", why);
  }
  std::string list;
  for (const FunctionSchema *s : schemas) {
    std::string why;
    matchCall(*s, types, &why);
    list += "\n  " + s->str() + ": " + why;
  }
  throwErrorAt(range, "no version of '", display, "' accepts ", typeList(types),
               "; it takes:", list);
}

SugaredPtr
FunctionEmitter::callOp(const std::string &symbol, std::vector<Value *> args,
                        std::vector<std::pair<std::string, Value *>> kwargs,
                        const SourceRange &range, const std::string &display,
                        std::vector<SourceRange> argRanges) {
  Symbol sym = opSymbol(symbol);
  auto overloads = sym.valid() ? OpTable::get().overloads(sym)
                               : std::span<const OpInfo *const>{};
  if (overloads.empty())
    throwErrorAt(range, "unknown function '", display, "'");
  CallArguments types = typesOf(args, kwargs);
  auto match = matchOverloads(overloads, types);
  // `torch.zeros(2, 3)`, `x.view(n, -1)`: trailing ints stand for one int
  // list, as in PyTorch; `torch.einsum("ij,jk", a, b)`: trailing tensors
  // for one tensor list (TorchScript packs such varargs too).
  auto packTrailing = [&](const TypePtr &elem) {
    size_t first = args.size();
    while (first > 0 && args[first - 1]->type()->isSubtypeOf(*elem))
      --first;
    if (first == args.size())
      return;
    std::vector<Value *> packed(args.begin(), args.begin() + first);
    std::vector<Value *> items(args.begin() + first, args.end());
    Node *n = graph_->create(prim::ListConstruct, items, 1);
    n->output()->setType(ListType::create(elem));
    packed.push_back(n->output());
    CallArguments packedTypes = typesOf(packed, kwargs);
    if (auto m = matchOverloads(overloads, packedTypes)) {
      graph_->insertNode(n)->setSourceRange(range);
      args = std::move(packed);
      match = std::move(m);
      types = std::move(packedTypes);
    } else {
      n->destroy();
    }
  };
  if (!match)
    packTrailing(IntType::get());
  if (!match)
    packTrailing(TensorType::get());
  if (!match) {
    std::vector<const FunctionSchema *> schemas;
    for (const OpInfo *op : overloads)
      schemas.push_back(&op->schema);
    reportMismatch(schemas, types, range, display, argRanges);
  }
  return wrap(insertMatched(*match, args, kwargs, range));
}

Value *FunctionEmitter::inlineFunction(
    const CompiledFunction &fn, std::vector<Value *> args,
    std::vector<std::pair<std::string, Value *>> kwargs,
    const SourceRange &range, const std::string &display,
    std::vector<SourceRange> argRanges) {
  CallArguments types = typesOf(args, kwargs);
  auto match = matchCall(fn.schema, types);
  if (!match) {
    const FunctionSchema *schema = &fn.schema;
    reportMismatch({&schema, 1}, types, range, display, argRanges);
  }
  // Defaults and conversions as for an op; then the callee's nodes are
  // copied with its inputs mapped to these values.
  std::vector<Value *> inputs = materialize(*match, args, kwargs, range);
  const Graph &callee = *fn.graph;
  std::unordered_map<const Value *, Value *> map;
  for (size_t i = 0; i < callee.inputs().size(); ++i)
    map[callee.inputs()[i]] = inputs[i];
  auto lookup = [&](Value *v) -> Value * {
    auto it = map.find(v);
    KILN_INTERNAL_ASSERT(it != map.end(), "inlining: value defined outside");
    return it->second;
  };
  for (Node *n : callee.nodes()) {
    Node *copy = graph_->createClone(n, lookup);
    graph_->insertNode(copy);
    for (size_t i = 0; i < n->outputs().size(); ++i)
      map[n->output(i)] = copy->output(i);
  }
  return lookup(callee.outputs()[0]);
}

SugaredPtr FunctionEmitter::callModule(const SugaredValue &module,
                                       const std::string &method,
                                       const ast::Call &call) {
  const CompiledFunction &fn =
      owner_.method(*module.module, method, call.range);
  std::vector<Value *> args = {module.value};
  std::vector<SourceRange> ranges = {call.func->range};
  for (const auto &a : call.args) {
    if (a->isa<ast::Starred>())
      throwErrorAt(a->range, "Kiln does not support *args in calls");
    args.push_back(emitValue(*a));
    ranges.push_back(a->range);
  }
  std::vector<std::pair<std::string, Value *>> kwargs;
  for (const auto &k : call.keywords) {
    kwargs.emplace_back(k.name, emitValue(*k.value));
    ranges.push_back(k.value->range);
  }
  return wrap(inlineFunction(fn, std::move(args), std::move(kwargs), call.range,
                             module.module->pythonName + "." + method,
                             std::move(ranges)));
}

SugaredPtr FunctionEmitter::emitCall(const ast::Call &call) {
  SugaredPtr fn = emitExpr(*call.func);
  const SourceRange &range = call.range;
  if (fn->kind == SugaredValue::Kind::Builtin)
    return callBuiltin(fn->name, call);
  if (fn->kind == SugaredValue::Kind::Module)
    return callModule(*fn, "forward", call);
  if (fn->kind == SugaredValue::Kind::ModuleMethod)
    return callModule(*fn, fn->name, call);
  if (fn->kind == SugaredValue::Kind::Class)
    throwErrorAt(range, "'", fn->name,
                 "' cannot be created inside a compiled method; create "
                 "layers and parameters in __init__");
  if (fn->kind == SugaredValue::Kind::Value ||
      fn->kind == SugaredValue::Kind::TypeName ||
      fn->kind == SugaredValue::Kind::PythonModule)
    throwErrorAt(call.func->range, fn->describe(), " is not callable");

  std::vector<Value *> args;
  std::vector<SourceRange> ranges;
  for (const auto &a : call.args) {
    if (a->isa<ast::Starred>())
      throwErrorAt(a->range, "Kiln does not support *args in calls");
    args.push_back(emitValue(*a));
    ranges.push_back(a->range);
  }
  std::vector<std::pair<std::string, Value *>> kwargs;
  for (const auto &k : call.keywords) {
    kwargs.emplace_back(k.name, emitValue(*k.value));
    ranges.push_back(k.value->range);
  }
  std::string display = ast::toString(*call.func);

  switch (fn->kind) {
  case SugaredValue::Kind::ScriptFunction: {
    const CompiledFunction &compiled =
        owner_.function(*fn->unit, *fn->function, range);
    return wrap(inlineFunction(compiled, std::move(args), std::move(kwargs),
                               range, display, std::move(ranges)));
  }
  case SugaredValue::Kind::Op:
    return callOp(fn->name, std::move(args), std::move(kwargs), range, display,
                  std::move(ranges));
  case SugaredValue::Kind::BoundMethod: {
    Value *self = fn->value;
    const std::string &name = fn->name;
    if (self->type()->isa<TensorType>()) {
      auto conv = conversionMethods().find(name);
      if (conv != conversionMethods().end() && args.empty() && kwargs.empty())
        return callOp("aten::to", {self, constant(conv->second, range)}, {},
                      range, display);
    }
    std::string symbol = "aten::" + name;
    Symbol sym = opSymbol(symbol);
    auto attr = call.func->as<ast::Attribute>();
    if (!sym.valid() || !OpTable::get().isKnownKind(sym)) {
      std::string hint;
      std::string suggestion = OpTable::get().suggestKind(symbol);
      if (suggestion.starts_with("aten::"))
        hint = "; did you mean '" + suggestion.substr(6) + "'?";
      throwErrorAt(attr ? attr->attrRange : call.func->range,
                   "a value of type ", self->type()->str(), " has no method '",
                   name, "'", hint);
    }
    std::vector<Value *> withSelf = {self};
    withSelf.insert(withSelf.end(), args.begin(), args.end());
    ranges.insert(ranges.begin(), attr ? attr->value->range : range);
    return callOp(symbol, std::move(withSelf), std::move(kwargs), range,
                  display, std::move(ranges));
  }
  default:
    break;
  }
  throwErrorAt(range, fn->describe(), " is not callable");
}

SugaredPtr FunctionEmitter::callBuiltin(const std::string &name,
                                        const ast::Call &call) {
  const SourceRange &range = call.range;
  if (name == "torch.jit.is_scripting")
    return wrap(constant(true, range));
  if (name == "torch.jit.annotate") {
    if (call.args.size() != 2)
      throwErrorAt(range, "torch.jit.annotate takes a type and a value");
    TypePtr type = resolveType(*call.args[0]);
    Value *v = emitValue(*call.args[1], type);
    if (!v->type()->isSubtypeOf(*type))
      throwErrorAt(range, "the value has type ", v->type()->str(), ", not ",
                   type->str());
    return wrap(v);
  }
  if (name == "isinstance" || name == "hasattr")
    return wrap(constant(*staticCondition(call), range));
  if (name == "getattr" && call.args.size() == 2 && call.keywords.empty()) {
    auto attrName = call.args[1]->as<ast::String>();
    if (!attrName)
      throwErrorAt(call.args[1]->range, "getattr() needs a string literal");
    return attribute(emitExpr(*call.args[0]), attrName->value,
                     call.args[1]->range);
  }
  if (name == "len" && call.args.size() == 1) {
    SugaredPtr v = emitExpr(*call.args[0]);
    if (v->kind == SugaredValue::Kind::Module) {
      int64_t n = 0;
      for (const auto &e : v->module->entries)
        n += e.kind == ModuleState::Kind::Module;
      return wrap(constant(n, range));
    }
    Value *x = asValue(v, call.args[0]->range);
    if (auto t = x->type()->cast<TupleType>())
      return wrap(constant(int64_t(t->elements().size()), range));
    return callOp("aten::len", {x}, {}, range, "len");
  }
  if (name == "range" || name == "enumerate" || name == "zip")
    throwErrorAt(range, name,
                 "() is only supported as the iterable of a for "
                 "loop or list comprehension");
  if (name == "list" && call.args.size() == 1 && call.keywords.empty()) {
    Value *x = emitValue(*call.args[0]);
    if (x->type()->isa<ListType>() || x->type()->isa<StringType>())
      return callOp("aten::list", {x}, {}, range, "list");
    throwErrorAt(call.args[0]->range, "list() copies a list or a str, not ",
                 x->type()->str());
  }
  if (name == "super" || name == "getattr" || name == "list" || name == "tuple")
    throwErrorAt(range, "Kiln does not support ", name,
                 "() in compiled methods");

  std::vector<Value *> args;
  for (const auto &a : call.args) {
    if (a->isa<ast::Starred>())
      throwErrorAt(a->range, "Kiln does not support *args in calls");
    args.push_back(emitValue(*a));
  }
  std::vector<std::pair<std::string, Value *>> kwargs;
  for (const auto &k : call.keywords)
    kwargs.emplace_back(k.name, emitValue(*k.value));
  if (name == "print") {
    Node *n = graph_->insert(prim::Print, args, 0);
    n->setSourceRange(range);
    return wrap(constant(NoneConstant{}, range));
  }
  static const std::map<std::string, std::string> ops = {
      {"min", "prim::min"},       {"max", "prim::max"},
      {"abs", "prim::abs"},       {"int", "aten::Int"},
      {"float", "aten::Float"},   {"bool", "aten::Bool"},
      {"str", "aten::str"},       {"sum", "aten::sum"},
      {"round", "aten::round"},   {"len", "aten::len"},
      {"divmod", "aten::divmod"}, {"sorted", "aten::sorted"},
  };
  auto it = ops.find(name);
  if (it == ops.end())
    throwErrorAt(range, "Kiln does not support the builtin ", name, "()");
  if ((name == "min" || name == "max") && args.size() == 2 &&
      args[0]->type()->isa<TensorType>())
    return callOp(name == "min" ? "aten::minimum" : "aten::maximum", args,
                  kwargs, range, name);
  if (name == "abs" && args.size() == 1 && args[0]->type()->isa<TensorType>())
    return callOp("aten::abs", args, kwargs, range, name);
  if (name == "float" && args.size() == 1 && args[0]->type()->isa<FloatType>())
    return wrap(args[0]);
  if (name == "int" && args.size() == 1 && args[0]->type()->isa<IntType>())
    return wrap(args[0]);
  if (name == "bool" && args.size() == 1 && args[0]->type()->isa<BoolType>())
    return wrap(args[0]);
  return callOp(it->second, std::move(args), std::move(kwargs), range, name);
}

} // namespace kiln
