//===- EmitExpressions.cpp - Names, operators, literals, indexing ---------===//
#include "frontend/FunctionEmitter.h"

#include "frontend/Prelude.h"
#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/OpTable.h"

#include <cmath>
#include <set>

namespace kiln {

namespace {

// PyTorch's dtype codes, as `torch.float32` and friends evaluate to.
const std::map<std::string, int64_t> &dtypeCodes() {
  static const std::map<std::string, int64_t> codes = {
      {"uint8", 0},   {"int8", 1},   {"int16", 2},   {"short", 2},
      {"int32", 3},   {"int", 3},    {"int64", 4},   {"long", 4},
      {"float16", 5}, {"half", 5},   {"float32", 6}, {"float", 6},
      {"float64", 7}, {"double", 7}, {"bool", 11},
  };
  return codes;
}

const std::map<std::string, double> &mathConstants() {
  static const std::map<std::string, double> c = {
      {"pi", M_PI},      {"e", M_E},   {"tau", 2 * M_PI},
      {"inf", INFINITY}, {"nan", NAN},
  };
  return c;
}

const char *binarySymbol(ast::BinOpKind op) {
  switch (op) {
  case ast::BinOpKind::Add:
    return "aten::add";
  case ast::BinOpKind::Sub:
    return "aten::sub";
  case ast::BinOpKind::Mul:
    return "aten::mul";
  case ast::BinOpKind::MatMul:
    return "aten::matmul";
  case ast::BinOpKind::Div:
    return "aten::div";
  case ast::BinOpKind::FloorDiv:
    return "aten::floordiv";
  case ast::BinOpKind::Mod:
    return "aten::remainder";
  case ast::BinOpKind::Pow:
    return "aten::pow";
  case ast::BinOpKind::LShift:
    return "aten::__lshift__";
  case ast::BinOpKind::RShift:
    return "aten::__rshift__";
  case ast::BinOpKind::BitAnd:
    return "aten::__and__";
  case ast::BinOpKind::BitOr:
    return "aten::__or__";
  case ast::BinOpKind::BitXor:
    return "aten::__xor__";
  }
  return "";
}

const char *compareSymbol(ast::CmpOpKind op) {
  switch (op) {
  case ast::CmpOpKind::Eq:
    return "aten::eq";
  case ast::CmpOpKind::NotEq:
    return "aten::ne";
  case ast::CmpOpKind::Lt:
    return "aten::lt";
  case ast::CmpOpKind::LtE:
    return "aten::le";
  case ast::CmpOpKind::Gt:
    return "aten::gt";
  case ast::CmpOpKind::GtE:
    return "aten::ge";
  case ast::CmpOpKind::Is:
    return "aten::__is__";
  case ast::CmpOpKind::IsNot:
    return "aten::__isnot__";
  case ast::CmpOpKind::In:
    return "aten::__contains__";
  case ast::CmpOpKind::NotIn:
    return "aten::__contains__";
  }
  return "";
}

bool isScalarType(const TypePtr &t) {
  return t->isa<IntType>() || t->isa<FloatType>() || t->isa<BoolType>() ||
         t->isa<NumberType>();
}

} // namespace

std::string SugaredValue::describe() const {
  switch (kind) {
  case Kind::Value:
    return "a value of type " + value->type()->str();
  case Kind::PythonModule:
    return "the module '" + name + "'";
  case Kind::ScriptFunction:
    return "the function '" + function->name + "'";
  case Kind::Builtin:
    return "the builtin '" + name + "'";
  case Kind::Op:
    return "the function '" + name + "'";
  case Kind::BoundMethod:
    return "the method '" + name + "'";
  case Kind::Module:
    return "the module object '" + module->pythonName + "'";
  case Kind::ModuleMethod:
    return "the method '" + name + "'";
  case Kind::Class:
    return "the class '" + name + "'";
  case Kind::TypeName:
    return "the type '" + type->str() + "'";
  }
  return "?";
}

SugaredPtr FunctionEmitter::wrap(Value *v) {
  auto s = std::make_shared<SugaredValue>();
  s->kind = SugaredValue::Kind::Value;
  s->value = v;
  return s;
}

Value *FunctionEmitter::constant(const ConstantValue &v,
                                 const SourceRange &range) {
  return insertConstant(*graph_, v, range);
}

Value *FunctionEmitter::insert(const std::string &symbol,
                               std::vector<Value *> inputs, TypePtr type,
                               const SourceRange &range) {
  Node *n = graph_->insert(Symbol::fromQualString(symbol), inputs, 1);
  n->setSourceRange(range);
  return n->output()->setType(std::move(type));
}

Value *FunctionEmitter::tupleOf(std::vector<Value *> items,
                                const SourceRange &range) {
  std::vector<TypePtr> types;
  for (Value *v : items)
    types.push_back(v->type());
  Node *n = graph_->insert(prim::TupleConstruct, items, 1);
  n->setSourceRange(range);
  return n->output()->setType(TupleType::create(std::move(types)));
}

std::vector<Value *> FunctionEmitter::tupleItems(Value *tuple,
                                                 const SourceRange &range) {
  if (tuple->node()->kind() == prim::TupleConstruct) {
    auto in = tuple->node()->inputs();
    return {in.begin(), in.end()};
  }
  if (auto c = constantValueOf(tuple)) {
    if (auto items = std::get_if<std::shared_ptr<const ConstantTuple>>(&*c)) {
      std::vector<Value *> out;
      for (const ConstantValue &item : (*items)->items)
        out.push_back(constant(item, range));
      return out;
    }
  }
  auto type = tuple->type()->cast<TupleType>();
  KILN_INTERNAL_ASSERT(type, "tupleItems of a non-tuple");
  Node *n = graph_->insert(prim::TupleUnpack, std::vector<Value *>{tuple},
                           type->elements().size());
  n->setSourceRange(range);
  std::vector<Value *> out;
  for (size_t i = 0; i < type->elements().size(); ++i)
    out.push_back(n->output(i)->setType(type->elements()[i]));
  return out;
}

Value *FunctionEmitter::uninitialized(const TypePtr &type) {
  Node *n = graph_->insert(prim::Uninitialized, std::vector<Value *>{}, 1);
  return n->output()->setType(type);
}

TypePtr FunctionEmitter::unify(const TypePtr &a, const TypePtr &b) {
  if (a->equals(*b))
    return a;
  if (a->isa<TensorType>() && b->isa<TensorType>())
    return TensorType::get();
  if (a->isa<NoneType>())
    return b->isa<OptionalType>() ? b : OptionalType::create(b);
  if (b->isa<NoneType>())
    return a->isa<OptionalType>() ? a : OptionalType::create(a);
  if (auto oa = a->cast<OptionalType>())
    if (b->isSubtypeOf(*oa->element()) || b->isSubtypeOf(*a))
      return a;
  if (auto ob = b->cast<OptionalType>())
    if (a->isSubtypeOf(*ob->element()) || a->isSubtypeOf(*b))
      return b;
  if (a->isSubtypeOf(*b) && b->isa<TupleType>())
    return b;
  if (b->isSubtypeOf(*a) && a->isa<TupleType>())
    return a;
  return nullptr;
}

Value *FunctionEmitter::asValue(const SugaredPtr &v, const SourceRange &range) {
  if (v->kind == SugaredValue::Kind::Value)
    return v->value;
  if (v->kind == SugaredValue::Kind::Module)
    return v->value;
  throwErrorAt(range, v->describe(), " cannot be used as a value here");
}

Value *FunctionEmitter::emitValue(const ast::Expr &expr, const TypePtr &hint) {
  return asValue(emitExpr(expr, hint), expr.range);
}

std::optional<ConstantValue> FunctionEmitter::constantOf(const ast::Expr &e) {
  switch (e.kind) {
  case ast::ExprKind::Name: {
    // A module-level constant (`EPS = 1e-5`), unless a local shadows it.
    const std::string &id = e.as<ast::Name>()->id;
    const ScriptUnit::Global *g = unit_.lookup(id);
    if (env_.count(id) || !g || g->kind != ScriptUnit::GlobalKind::Constant ||
        g->value == &e)
      return std::nullopt;
    return constantOf(*g->value);
  }
  case ast::ExprKind::Int:
    return e.as<ast::Int>()->value;
  case ast::ExprKind::Float:
    return e.as<ast::Float>()->value;
  case ast::ExprKind::Bool:
    return e.as<ast::Bool>()->value;
  case ast::ExprKind::NoneLit:
    return NoneConstant{};
  case ast::ExprKind::String:
    return e.as<ast::String>()->value;
  case ast::ExprKind::UnaryOp: {
    auto u = e.as<ast::UnaryOp>();
    if (u->op != ast::UnaryOpKind::Neg)
      return std::nullopt;
    auto inner = constantOf(*u->operand);
    if (!inner)
      return std::nullopt;
    if (auto i = std::get_if<int64_t>(&*inner))
      return -*i;
    if (auto d = std::get_if<double>(&*inner))
      return -*d;
    return std::nullopt;
  }
  case ast::ExprKind::List:
  case ast::ExprKind::Tuple: {
    const auto &elts =
        e.isa<ast::List>() ? e.as<ast::List>()->elts : e.as<ast::Tuple>()->elts;
    std::vector<int64_t> ints;
    std::vector<double> floats;
    bool allInt = true, allNum = true;
    for (const auto &x : elts) {
      auto c = constantOf(*x);
      if (!c)
        return std::nullopt;
      if (auto i = std::get_if<int64_t>(&*c)) {
        ints.push_back(*i);
        floats.push_back(double(*i));
      } else if (auto d = std::get_if<double>(&*c)) {
        allInt = false;
        floats.push_back(*d);
      } else {
        allNum = allInt = false;
      }
    }
    if (allInt)
      return ints;
    if (allNum)
      return floats;
    return std::nullopt;
  }
  case ast::ExprKind::Attribute: {
    auto a = e.as<ast::Attribute>();
    auto base = a->value->as<ast::Name>();
    if (base) {
      const ScriptUnit::Global *g = unit_.lookup(base->id);
      if (g && g->kind == ScriptUnit::GlobalKind::PythonModule &&
          g->path == "math" && mathConstants().count(a->attr))
        return mathConstants().at(a->attr);
    }
    return std::nullopt;
  }
  default:
    return std::nullopt;
  }
}

std::optional<int64_t> FunctionEmitter::broadcastSize(const ast::Expr &ann) {
  auto sub = ann.as<ast::Subscript>();
  if (!sub)
    return std::nullopt;
  std::string base = ast::toString(*sub->value);
  if (base == "Optional" || base == "typing.Optional")
    return broadcastSize(*sub->index);
  if (base.starts_with("BroadcastingList") && base.size() == 17 &&
      std::isdigit(static_cast<unsigned char>(base[16])))
    return base[16] - '0';
  return std::nullopt;
}

TypePtr FunctionEmitter::resolveType(const ast::Expr &ann) {
  auto bad = [&]() -> TypePtr {
    throwErrorAt(ann.range, "'", ast::toString(ann),
                 "' is not a type Kiln knows; use Tensor, int, float, bool, "
                 "str, List[T], Tuple[...], Optional[T] or Dict[str, T]");
  };
  if (ann.isa<ast::NoneLit>())
    return NoneType::get();
  if (auto s = ann.as<ast::String>()) {
    (void)s;
    throwErrorAt(ann.range, "string annotations are not supported; write "
                            "the type itself");
  }
  if (auto sub = ann.as<ast::Subscript>()) {
    std::string base = ast::toString(*sub->value);
    auto dot = base.rfind('.');
    std::string last = dot == std::string::npos ? base : base.substr(dot + 1);
    std::vector<const ast::Expr *> args;
    if (auto t = sub->index->as<ast::Tuple>())
      for (const auto &e : t->elts)
        args.push_back(e.get());
    else
      args.push_back(sub->index.get());
    auto need = [&](size_t n) {
      if (args.size() != n)
        throwErrorAt(ann.range, last, "[...] takes ", n, " type",
                     n == 1 ? "" : "s");
    };
    if (last == "List" || last == "list" ||
        last.starts_with("BroadcastingList")) {
      need(1);
      return ListType::create(resolveType(*args[0]));
    }
    if (last == "Optional") {
      need(1);
      return OptionalType::create(resolveType(*args[0]));
    }
    if (last == "Tuple" || last == "tuple") {
      std::vector<TypePtr> elems;
      for (const ast::Expr *a : args)
        if (!(args.size() == 1 && a->isa<ast::Tuple>() &&
              a->as<ast::Tuple>()->elts.empty()))
          elems.push_back(resolveType(*a));
      return TupleType::create(std::move(elems));
    }
    if (last == "Dict" || last == "dict") {
      need(2);
      return DictType::create(resolveType(*args[0]), resolveType(*args[1]));
    }
    if (last == "Final") {
      need(1);
      return resolveType(*args[0]);
    }
    return bad();
  }
  std::string name = ast::toString(ann);
  auto dot = name.rfind('.');
  std::string last = dot == std::string::npos ? name : name.substr(dot + 1);
  if (last == "Tensor")
    return TensorType::get();
  if (name == "int")
    return IntType::get();
  if (name == "float")
    return FloatType::get();
  if (name == "bool")
    return BoolType::get();
  if (name == "str")
    return StringType::get();
  if (last == "Any")
    return AnyType::get();
  if (last == "Device" || name == "torch.device")
    return DeviceType::get();
  return bad();
}

SugaredPtr FunctionEmitter::resolvePath(const std::string &path,
                                        const SourceRange &range) {
  auto s = std::make_shared<SugaredValue>();
  if (ScriptUnit::isKnownPythonModule(path)) {
    s->kind = SugaredValue::Kind::PythonModule;
    s->name = path;
    return s;
  }
  auto dot = path.rfind('.');
  std::string base = path.substr(0, dot);
  std::string name = path.substr(dot + 1);
  SugaredValue mod;
  mod.kind = SugaredValue::Kind::PythonModule;
  mod.name = base;
  return attribute(std::make_shared<SugaredValue>(mod), name, range);
}

SugaredPtr FunctionEmitter::lookupName(const std::string &name,
                                       const SourceRange &range) {
  auto it = env_.find(name);
  if (it != env_.end())
    return it->second;
  if (const ScriptUnit::Global *g = unit_.lookup(name)) {
    auto s = std::make_shared<SugaredValue>();
    switch (g->kind) {
    case ScriptUnit::GlobalKind::PythonModule:
      s->kind = SugaredValue::Kind::PythonModule;
      s->name = g->path;
      return s;
    case ScriptUnit::GlobalKind::Imported:
      return resolvePath(g->path, range);
    case ScriptUnit::GlobalKind::Function:
      s->kind = SugaredValue::Kind::ScriptFunction;
      s->function = g->function;
      s->unit = &unit_;
      return s;
    case ScriptUnit::GlobalKind::Class:
      s->kind = SugaredValue::Kind::Class;
      s->name = g->cls->name;
      return s;
    case ScriptUnit::GlobalKind::Constant: {
      TypePtr hint = g->annotation ? resolveType(*g->annotation) : nullptr;
      return wrap(emitValue(*g->value, hint));
    }
    }
  }
  static const std::set<std::string> builtins = {
      "len",   "range",   "min",     "max",   "abs",        "int",
      "float", "bool",    "str",     "print", "isinstance", "enumerate",
      "zip",   "sum",     "round",   "list",  "tuple",      "divmod",
      "super", "getattr", "hasattr", "sorted"};
  if (builtins.count(name)) {
    auto s = std::make_shared<SugaredValue>();
    s->kind = SugaredValue::Kind::Builtin;
    s->name = name;
    return s;
  }
  auto branch = branchOnly_.find(name);
  if (branch != branchOnly_.end())
    throwErrorAt(range, "'", name, "' is defined only in ", branch->second,
                 " of an earlier if; define it in both branches or before "
                 "the if");
  throwErrorAt(range, "undefined name '", name, "'");
}

SugaredPtr FunctionEmitter::attribute(const SugaredPtr &base,
                                      const std::string &name,
                                      const SourceRange &range) {
  auto s = std::make_shared<SugaredValue>();
  switch (base->kind) {
  case SugaredValue::Kind::PythonModule: {
    const std::string &mod = base->name;
    std::string path = mod + "." + name;
    if (ScriptUnit::isKnownPythonModule(path)) {
      s->kind = SugaredValue::Kind::PythonModule;
      s->name = path;
      return s;
    }
    if (mod == "math" && mathConstants().count(name))
      return wrap(constant(mathConstants().at(name), range));
    if (mod == "torch" && dtypeCodes().count(name))
      return wrap(constant(dtypeCodes().at(name), range));
    if (mod == "torch" && name == "Tensor") {
      s->kind = SugaredValue::Kind::TypeName;
      s->type = TensorType::get();
      return s;
    }
    if (mod == "torch.nn" || mod == "torch") {
      if (Prelude::get().findClass(name) || name == "Module" ||
          name == "Parameter") {
        s->kind = SugaredValue::Kind::Class;
        s->name = name;
        return s;
      }
    }
    if (mod == "typing" || mod == "typing_extensions" || mod == "__future__") {
      s->kind = SugaredValue::Kind::Class; // only meaningful in annotations
      s->name = name;
      return s;
    }
    if (const Prelude::Function *f = Prelude::get().findFunction(mod, name)) {
      s->kind = SugaredValue::Kind::ScriptFunction;
      s->function = f->def;
      s->unit = f->unit;
      return s;
    }
    std::string ns = mod == "math" ? "aten::" : "aten::";
    if (mod == "torch.jit" &&
        (name == "annotate" || name == "is_scripting" || name == "Final" ||
         name == "export" || name == "unused" || name == "ignore")) {
      s->kind = SugaredValue::Kind::Builtin;
      s->name = "torch.jit." + name;
      return s;
    }
    std::string symbol = ns + name;
    Symbol sym = opSymbol(symbol);
    if (mod != "torch.jit" && sym.valid() && OpTable::get().isKnownKind(sym)) {
      s->kind = SugaredValue::Kind::Op;
      s->name = symbol;
      return s;
    }
    std::string hint;
    if (mod != "math") {
      std::string suggestion = OpTable::get().suggestKind(symbol);
      if (!suggestion.empty() && suggestion.starts_with("aten::"))
        hint = "; did you mean '" + mod + "." + suggestion.substr(6) + "'?";
    }
    throwErrorAt(range, "unknown function '", mod, ".", name,
                 "': Kiln knows no such function", hint);
  }
  case SugaredValue::Kind::Module: {
    const ModuleState &m = *base->module;
    auto getAttr = [&](const std::string &attrName, TypePtr type) {
      Node *n =
          graph_->insert(prim::GetAttr, std::vector<Value *>{base->value}, 1);
      n->s_(attr::name, attrName);
      n->setSourceRange(range);
      return n->output()->setType(std::move(type));
    };
    if (name == "training")
      return wrap(getAttr(name, BoolType::get()));
    if (const ModuleState::Entry *e = m.find(name)) {
      if (e->kind == ModuleState::Kind::Module) {
        s->kind = SugaredValue::Kind::Module;
        s->module = e->module.get();
        s->value = getAttr(name, owner_.moduleType(*e->module));
        if (!std::isdigit(static_cast<unsigned char>(name[0])))
          s->value->setDebugName(name); // ModuleList items are "0", "1", ...

        return s;
      }
      if (e->kind == ModuleState::Kind::Value && owner_.modules()) {
        auto cls = owner_.modules()->classes.find(&m);
        if (cls != owner_.modules()->classes.end() && cls->second &&
            isConstantAttribute(*cls->second, name))
          if (auto c = constantOfValue(e->value))
            return wrap(constant(*c, range));
      }
      TypePtr type = typeOfValue(e->value);
      if (!type)
        throwErrorAt(range, "attribute '", name, "' of '", m.pythonName,
                     "' has a value Kiln cannot type");
      Value *v = getAttr(name, type);
      v->setDebugName(name);
      return wrap(v);
    }
    auto cls = owner_.modules() ? owner_.modules()->classes.find(&m)
                                : decltype(owner_.modules()->classes.end()){};
    if (owner_.modules() && cls != owner_.modules()->classes.end() &&
        cls->second)
      for (const auto &stmt : cls->second->body)
        if (auto fn = stmt->as<ast::FunctionDef>(); fn && fn->name == name) {
          s->kind = SugaredValue::Kind::ModuleMethod;
          s->value = base->value;
          s->module = &m;
          s->name = name;
          return s;
        }
    throwErrorAt(range, "'", m.pythonName, "' has no attribute '", name,
                 "' (attributes are those __init__ sets)");
  }
  case SugaredValue::Kind::Value: {
    Value *v = base->value;
    if (v->type()->isa<TensorType>()) {
      if (name == "shape")
        return wrap(
            insert("aten::size", {v}, ListType::create(IntType::get()), range));
      if (name == "dtype")
        return wrap(insert("prim::dtype", {v}, IntType::get(), range));
      if (name == "device")
        return wrap(insert("prim::device", {v}, DeviceType::get(), range));
      if (name == "ndim")
        return wrap(insert("aten::dim", {v}, IntType::get(), range));
      if (name == "T")
        return wrap(insert("aten::numpy_T", {v}, TensorType::get(), range));
      if (name == "is_cuda")
        return wrap(constant(false, range));
    }
    s->kind = SugaredValue::Kind::BoundMethod;
    s->value = v;
    s->name = name;
    return s;
  }
  default:
    throwErrorAt(range, base->describe(), " has no attribute '", name, "'");
  }
}

SugaredPtr FunctionEmitter::emitExpr(const ast::Expr &expr,
                                     const TypePtr &hint) {
  const SourceRange &range = expr.range;
  switch (expr.kind) {
  case ast::ExprKind::Name:
    return lookupName(expr.as<ast::Name>()->id, range);
  case ast::ExprKind::Int:
  case ast::ExprKind::Float:
  case ast::ExprKind::Bool:
  case ast::ExprKind::String: {
    Value *v = constant(*constantOf(expr), range);
    return wrap(v);
  }
  case ast::ExprKind::NoneLit: {
    Value *v = constant(NoneConstant{}, range);
    if (hint && hint->isa<OptionalType>())
      v->setType(hint);
    return wrap(v);
  }
  case ast::ExprKind::Ellipsis:
    throwErrorAt(range, "'...' is only allowed in tensor indexing");
  case ast::ExprKind::FString:
    return wrap(emitFString(*expr.as<ast::FString>()));
  case ast::ExprKind::List: {
    auto list = expr.as<ast::List>();
    TypePtr elem;
    if (hint)
      if (auto l = hint->cast<ListType>())
        elem = l->element();
    std::vector<Value *> items;
    for (const auto &e : list->elts) {
      if (e->isa<ast::Starred>())
        throwErrorAt(e->range, "Kiln does not support * in list literals");
      items.push_back(emitValue(*e, elem));
    }
    if (!elem) {
      elem = items.empty() ? TensorType::get() : items[0]->type();
      for (Value *v : items) {
        TypePtr u = unify(elem, v->type());
        if (!u || u->isa<OptionalType>())
          throwErrorAt(range, "list items must have one type; found ",
                       elem->str(), " and ", v->type()->str());
        elem = u;
      }
    }
    for (size_t i = 0; i < items.size(); ++i)
      if (!items[i]->type()->isSubtypeOf(*elem)) {
        if (elem->isa<FloatType>() && items[i]->type()->isa<IntType>())
          items[i] = insert("aten::Float", {items[i]}, FloatType::get(), range);
        else
          throwErrorAt(list->elts[i]->range, "list item has type ",
                       items[i]->type()->str(), " but the list holds ",
                       elem->str());
      }
    Node *n = graph_->insert(prim::ListConstruct, items, 1);
    n->setSourceRange(range);
    return wrap(n->output()->setType(ListType::create(elem)));
  }
  case ast::ExprKind::Tuple: {
    auto tuple = expr.as<ast::Tuple>();
    std::vector<Value *> items;
    const TupleType *ht = hint ? hint->cast<TupleType>() : nullptr;
    for (size_t i = 0; i < tuple->elts.size(); ++i)
      items.push_back(emitValue(*tuple->elts[i], ht && i < ht->elements().size()
                                                     ? ht->elements()[i]
                                                     : nullptr));
    return wrap(tupleOf(items, range));
  }
  case ast::ExprKind::Dict: {
    auto dict = expr.as<ast::Dict>();
    TypePtr keyType, valueType;
    if (hint)
      if (auto d = hint->cast<DictType>()) {
        keyType = d->key();
        valueType = d->value();
      }
    std::vector<Value *> items;
    for (size_t i = 0; i < dict->keys.size(); ++i) {
      Value *k = emitValue(*dict->keys[i], keyType);
      Value *v = emitValue(*dict->values[i], valueType);
      if (!keyType)
        keyType = k->type();
      if (!valueType)
        valueType = v->type();
      if (!k->type()->isSubtypeOf(*keyType) ||
          !v->type()->isSubtypeOf(*valueType))
        throwErrorAt(dict->keys[i]->range,
                     "dict entries must have one key type and one value type");
      items.push_back(k);
      items.push_back(v);
    }
    if (!keyType) {
      keyType = StringType::get();
      valueType = TensorType::get();
    }
    Node *n = graph_->insert(prim::DictConstruct, items, 1);
    n->setSourceRange(range);
    return wrap(n->output()->setType(DictType::create(keyType, valueType)));
  }
  case ast::ExprKind::ListComp:
    return wrap(emitListComp(*expr.as<ast::ListComp>(), hint));
  case ast::ExprKind::Attribute: {
    auto a = expr.as<ast::Attribute>();
    return attribute(emitExpr(*a->value), a->attr, a->attrRange);
  }
  case ast::ExprKind::Subscript: {
    auto sub = expr.as<ast::Subscript>();
    SugaredPtr base = emitExpr(*sub->value);
    if (base->kind == SugaredValue::Kind::Module) {
      auto idx = constantOf(*sub->index);
      const int64_t *i = idx ? std::get_if<int64_t>(&*idx) : nullptr;
      std::vector<const ModuleState::Entry *> subs;
      for (const auto &e : base->module->entries)
        if (e.kind == ModuleState::Kind::Module)
          subs.push_back(&e);
      if (!i)
        throwErrorAt(sub->index->range, "a ", base->module->pythonName,
                     " can only be indexed by an int literal");
      int64_t k = *i < 0 ? *i + int64_t(subs.size()) : *i;
      if (k < 0 || k >= int64_t(subs.size()))
        throwErrorAt(sub->index->range, "index ", *i, " is out of range for a ",
                     base->module->pythonName, " of ", subs.size(), " modules");
      return attribute(base, subs[size_t(k)]->name, range);
    }
    return wrap(emitSubscript(*sub));
  }
  case ast::ExprKind::Slice:
    throwErrorAt(range, "a slice is only allowed inside []");
  case ast::ExprKind::Call:
    return emitCall(*expr.as<ast::Call>());
  case ast::ExprKind::BinOp: {
    auto b = expr.as<ast::BinOp>();
    Value *l = emitValue(*b->left);
    Value *r = emitValue(*b->right);
    return wrap(
        emitBinary(b->op, l, r, range, {b->left->range, b->right->range}));
  }
  case ast::ExprKind::UnaryOp: {
    auto u = expr.as<ast::UnaryOp>();
    if (u->op == ast::UnaryOpKind::Neg) {
      if (auto c = constantOf(expr))
        return wrap(constant(*c, range));
    }
    Value *v = emitValue(*u->operand);
    switch (u->op) {
    case ast::UnaryOpKind::Neg:
      return callOp("aten::neg", {v}, {}, range, "-");
    case ast::UnaryOpKind::Pos:
      return wrap(v);
    case ast::UnaryOpKind::Not:
      if (v->type()->isa<TensorType>())
        return callOp("aten::logical_not", {v}, {}, range, "not");
      if (!v->type()->isa<BoolType>())
        v = insert("aten::Bool", {v}, BoolType::get(), range);
      return callOp("aten::__not__", {v}, {}, range, "not");
    case ast::UnaryOpKind::Invert:
      return callOp("aten::bitwise_not", {v}, {}, range, "~");
    }
    break;
  }
  case ast::ExprKind::BoolOp:
    if (auto known = staticCondition(expr))
      return wrap(constant(*known, range));
    return wrap(emitShortCircuit(*expr.as<ast::BoolOp>()));
  case ast::ExprKind::Compare: {
    if (auto known = staticCondition(expr))
      return wrap(constant(*known, range));
    auto c = expr.as<ast::Compare>();
    Value *left = emitValue(*c->left);
    Value *result = nullptr;
    for (size_t i = 0; i < c->ops.size(); ++i) {
      Value *right = emitValue(*c->comparators[i]);
      Value *r = emitCompare(c->ops[i], left, right, range);
      result =
          result ? callOp("aten::__and__", {result, r}, {}, range, "and")->value
                 : r;
      left = right;
    }
    return wrap(result);
  }
  case ast::ExprKind::IfExp: {
    auto e = expr.as<ast::IfExp>();
    if (auto known = staticCondition(*e->test))
      return emitExpr(*known ? *e->body : *e->orelse, hint);
    Value *cond = emitValue(*e->test);
    if (!cond->type()->isa<BoolType>())
      cond = insert("aten::Bool", {cond}, BoolType::get(), range);
    Node *n = graph_->insert(prim::If, std::vector<Value *>{cond}, 0);
    n->setSourceRange(range);
    Value *a, *b;
    auto emitSide = [&](const ast::Expr &side, bool whenTrue) {
      WithInsertPoint g(n->addBlock());
      std::set<std::string> names;
      collectRefinements(*e->test, whenTrue, names);
      Environment previous = refineNames(names, side.range);
      Value *v = emitValue(side, hint);
      for (auto &[name, value] : previous)
        env_[name] = value;
      n->blocks()[whenTrue ? 0 : 1]->registerOutput(v);
      return v;
    };
    a = emitSide(*e->body, true);
    b = emitSide(*e->orelse, false);
    TypePtr t = unify(a->type(), b->type());
    if (!t)
      throwErrorAt(range,
                   "the two sides of the conditional expression have "
                   "types ",
                   a->type()->str(), " and ", b->type()->str());
    return wrap(n->addOutput()->setType(t));
  }
  case ast::ExprKind::Starred:
    throwErrorAt(range, "Kiln does not support * here");
  }
  throwErrorAt(range, "unsupported expression");
}

Value *FunctionEmitter::emitBinary(ast::BinOpKind op, Value *l, Value *r,
                                   const SourceRange &range,
                                   std::vector<SourceRange> operandRanges) {
  bool lt = l->type()->isa<TensorType>(), rt = r->type()->isa<TensorType>();
  std::string symbol = binarySymbol(op);
  if ((lt || rt) && op == ast::BinOpKind::FloorDiv)
    symbol = "aten::floor_divide";
  // A scalar on the left of a tensor: use the reflected form.
  if (!lt && rt && isScalarType(l->type())) {
    switch (op) {
    case ast::BinOpKind::Add:
    case ast::BinOpKind::Mul:
    case ast::BinOpKind::BitAnd:
    case ast::BinOpKind::BitOr:
    case ast::BinOpKind::BitXor:
      std::swap(l, r);
      if (operandRanges.size() == 2)
        std::swap(operandRanges[0], operandRanges[1]);
      break;
    case ast::BinOpKind::Sub:
      return callOp("aten::rsub", {r, l}, {}, range, "-")->value;
    case ast::BinOpKind::Div: {
      Value *inv = callOp("aten::reciprocal", {r}, {}, range, "/")->value;
      return callOp("aten::mul", {inv, l}, {}, range, "/")->value;
    }
    case ast::BinOpKind::Pow:
      return callOp("aten::pow", {l, r}, {}, range, "**")->value;
    default: {
      Value *lt2 =
          callOp("aten::scalar_tensor", {l}, {}, range, "tensor")->value;
      return callOp(symbol, {lt2, r}, {}, range, ast::spelling(op))->value;
    }
    }
  }
  return callOp(symbol, {l, r}, {}, range, ast::spelling(op),
                std::move(operandRanges))
      ->value;
}

Value *FunctionEmitter::emitCompare(ast::CmpOpKind op, Value *l, Value *r,
                                    const SourceRange &range) {
  if (op == ast::CmpOpKind::In || op == ast::CmpOpKind::NotIn) {
    Value *v = callOp("aten::__contains__", {r, l}, {}, range, "in")->value;
    if (op == ast::CmpOpKind::NotIn)
      v = callOp("aten::__not__", {v}, {}, range, "not in")->value;
    return v;
  }
  bool lt = l->type()->isa<TensorType>(), rt = r->type()->isa<TensorType>();
  if (!lt && rt && isScalarType(l->type())) {
    // 1 < x  ==  x > 1
    static const std::map<ast::CmpOpKind, ast::CmpOpKind> flipped = {
        {ast::CmpOpKind::Lt, ast::CmpOpKind::Gt},
        {ast::CmpOpKind::LtE, ast::CmpOpKind::GtE},
        {ast::CmpOpKind::Gt, ast::CmpOpKind::Lt},
        {ast::CmpOpKind::GtE, ast::CmpOpKind::LtE},
        {ast::CmpOpKind::Eq, ast::CmpOpKind::Eq},
        {ast::CmpOpKind::NotEq, ast::CmpOpKind::NotEq}};
    auto it = flipped.find(op);
    if (it != flipped.end())
      return callOp(compareSymbol(it->second), {r, l}, {}, range,
                    ast::spelling(op))
          ->value;
  }
  return callOp(compareSymbol(op), {l, r}, {}, range, ast::spelling(op))->value;
}

void collectRefinements(const ast::Expr &test, bool whenTrue,
                        std::set<std::string> &out) {
  if (auto c = test.as<ast::Compare>()) {
    if (c->ops.size() != 1 || !c->comparators[0]->isa<ast::NoneLit>())
      return;
    auto name = c->left->as<ast::Name>();
    if (name && ((c->ops[0] == ast::CmpOpKind::IsNot && whenTrue) ||
                 (c->ops[0] == ast::CmpOpKind::Is && !whenTrue)))
      out.insert(name->id);
  } else if (auto b = test.as<ast::BoolOp>()) {
    // Every operand of a true `and` is true; of a false `or`, false.
    if (b->isAnd == whenTrue)
      for (const auto &v : b->values)
        collectRefinements(*v, whenTrue, out);
  } else if (auto u = test.as<ast::UnaryOp>();
             u && u->op == ast::UnaryOpKind::Not) {
    collectRefinements(*u->operand, !whenTrue, out);
  }
}

Environment FunctionEmitter::refineNames(const std::set<std::string> &names,
                                         const SourceRange &range) {
  Environment previous;
  for (const std::string &name : names) {
    auto it = env_.find(name);
    if (it == env_.end() || it->second->kind != SugaredValue::Kind::Value)
      continue;
    auto opt = it->second->value->type()->cast<OptionalType>();
    if (!opt)
      continue;
    previous[name] = it->second;
    it->second = wrap(insert("prim::unchecked_cast", {it->second->value},
                             opt->element(), range));
  }
  return previous;
}

Value *FunctionEmitter::emitShortCircuit(const ast::BoolOp &expr) {
  auto toBool = [&](Value *v, const SourceRange &r) {
    if (v->type()->isa<BoolType>())
      return v;
    return insert("aten::Bool", {v}, BoolType::get(), r);
  };
  Value *acc = toBool(emitValue(*expr.values[0]), expr.values[0]->range);
  for (size_t i = 1; i < expr.values.size(); ++i) {
    Node *n = graph_->insert(prim::If, std::vector<Value *>{acc}, 0);
    n->setSourceRange(expr.range);
    Block *thenB = n->addBlock();
    Block *elseB = n->addBlock();
    {
      // `x is not None and f(x)`, `x is None or f(x)`: x is refined in f(x).
      WithInsertPoint g(expr.isAnd ? thenB : elseB);
      std::set<std::string> names;
      for (size_t j = 0; j < i; ++j)
        collectRefinements(*expr.values[j], expr.isAnd, names);
      Environment previous = refineNames(names, expr.values[i]->range);
      Value *v = toBool(emitValue(*expr.values[i]), expr.values[i]->range);
      for (auto &[name, value] : previous)
        env_[name] = value;
      (expr.isAnd ? thenB : elseB)->registerOutput(v);
    }
    {
      WithInsertPoint g(expr.isAnd ? elseB : thenB);
      (expr.isAnd ? elseB : thenB)
          ->registerOutput(constant(!expr.isAnd, expr.range));
    }
    acc = n->addOutput()->setType(BoolType::get());
  }
  return acc;
}

std::optional<bool> FunctionEmitter::staticCondition(const ast::Expr &test) {
  if (auto b = test.as<ast::Bool>())
    return b->value;
  if (auto u = test.as<ast::UnaryOp>(); u && u->op == ast::UnaryOpKind::Not) {
    auto inner = staticCondition(*u->operand);
    return inner ? std::optional<bool>(!*inner) : std::nullopt;
  }
  if (auto b = test.as<ast::BoolOp>()) {
    // Only when every operand is known (or one decides the result).
    bool all = true;
    for (const auto &v : b->values) {
      auto k = staticCondition(*v);
      if (k && *k != b->isAnd)
        return !b->isAnd;
      all = all && k.has_value();
    }
    return all ? std::optional<bool>(b->isAnd) : std::nullopt;
  }
  // A constant bool (`self.inplace` listed in __constants__).
  if (test.isa<ast::Name>() || test.isa<ast::Attribute>()) {
    SugaredPtr v = emitExpr(test);
    if (v->kind == SugaredValue::Kind::Value)
      if (auto c = constantValueOf(v->value))
        if (auto b = std::get_if<bool>(&*c))
          return *b;
    return std::nullopt;
  }
  if (auto c = test.as<ast::Compare>();
      c && c->ops.size() == 1 && c->ops[0] != ast::CmpOpKind::Is &&
      c->ops[0] != ast::CmpOpKind::IsNot && c->ops[0] != ast::CmpOpKind::In &&
      c->ops[0] != ast::CmpOpKind::NotIn) {
    // Comparisons of constants (`self.padding_mode != "zeros"` with the
    // attribute in __constants__), as TorchScript's cleanup folds them.
    auto side = [&](const ast::Expr &e) -> std::optional<ConstantValue> {
      if (auto k = constantOf(e))
        return k;
      if (!e.isa<ast::Attribute>() && !e.isa<ast::Name>())
        return std::nullopt;
      SugaredPtr v = emitExpr(e);
      if (v->kind != SugaredValue::Kind::Value)
        return std::nullopt;
      return constantValueOf(v->value);
    };
    auto l = side(*c->left);
    auto r = l ? side(*c->comparators[0]) : std::nullopt;
    if (!l || !r)
      return std::nullopt;
    auto number = [](const ConstantValue &v) -> std::optional<double> {
      if (auto i = std::get_if<int64_t>(&v))
        return double(*i);
      if (auto d = std::get_if<double>(&v))
        return *d;
      return std::nullopt;
    };
    auto ln = number(*l), rn = number(*r);
    auto ls = std::get_if<std::string>(&*l), rs = std::get_if<std::string>(&*r);
    auto lb = std::get_if<bool>(&*l), rb = std::get_if<bool>(&*r);
    int cmp;
    if (ln && rn)
      cmp = *ln < *rn ? -1 : (*ln > *rn ? 1 : 0);
    else if (ls && rs)
      cmp = ls->compare(*rs) < 0 ? -1 : (ls->compare(*rs) > 0 ? 1 : 0);
    else if (lb && rb)
      cmp = int(*lb) - int(*rb);
    else
      return std::nullopt;
    switch (c->ops[0]) {
    case ast::CmpOpKind::Eq:
      return cmp == 0;
    case ast::CmpOpKind::NotEq:
      return cmp != 0;
    case ast::CmpOpKind::Lt:
      return cmp < 0;
    case ast::CmpOpKind::LtE:
      return cmp <= 0;
    case ast::CmpOpKind::Gt:
      return cmp > 0;
    case ast::CmpOpKind::GtE:
      return cmp >= 0;
    default:
      return std::nullopt;
    }
  }
  if (auto c = test.as<ast::Compare>()) {
    if (c->ops.size() != 1 ||
        (c->ops[0] != ast::CmpOpKind::Is && c->ops[0] != ast::CmpOpKind::IsNot))
      return std::nullopt;
    const ast::Expr *other = nullptr;
    if (c->comparators[0]->isa<ast::NoneLit>())
      other = c->left.get();
    else if (c->left->isa<ast::NoneLit>())
      other = c->comparators[0].get();
    if (!other)
      return std::nullopt;
    // Evaluate cheaply: names and module attributes only.
    if (!other->isa<ast::Name>() && !other->isa<ast::Attribute>())
      return std::nullopt;
    SugaredPtr v;
    {
      // Emitting a name or attribute read has no effect worth keeping.
      v = emitExpr(*other);
    }
    if (v->kind != SugaredValue::Kind::Value)
      return c->ops[0] == ast::CmpOpKind::IsNot;
    const TypePtr &t = v->value->type();
    if (t->isa<NoneType>())
      return c->ops[0] == ast::CmpOpKind::Is;
    if (!t->isa<OptionalType>() && !t->isa<AnyType>())
      return c->ops[0] == ast::CmpOpKind::IsNot;
    return std::nullopt;
  }
  if (auto call = test.as<ast::Call>()) {
    auto fn = call->func->as<ast::Name>();
    // hasattr(module, "name"): known from the module tree.
    if (fn && fn->id == "hasattr" && call->args.size() == 2 &&
        !env_.count("hasattr")) {
      SugaredPtr obj = emitExpr(*call->args[0]);
      auto name = call->args[1]->as<ast::String>();
      if (obj->kind != SugaredValue::Kind::Module || !name)
        throwErrorAt(call->range, "hasattr() takes a module and a string "
                                  "literal");
      if (name->value == "training" || obj->module->find(name->value))
        return true;
      auto cls = owner_.modules() ? owner_.modules()->classes.find(obj->module)
                                  : decltype(owner_.modules()->classes.end()){};
      if (owner_.modules() && cls != owner_.modules()->classes.end() &&
          cls->second)
        for (const auto &stmt : cls->second->body)
          if (auto def = stmt->as<ast::FunctionDef>();
              def && def->name == name->value)
            return true;
      return false;
    }
    if (fn && fn->id == "isinstance" && call->args.size() == 2 &&
        !env_.count("isinstance")) {
      Value *v = emitValue(*call->args[0]);
      std::vector<const ast::Expr *> types;
      if (auto t = call->args[1]->as<ast::Tuple>())
        for (const auto &e : t->elts)
          types.push_back(e.get());
      else
        types.push_back(call->args[1].get());
      for (const ast::Expr *te : types) {
        std::string name = ast::toString(*te);
        TypePtr t = v->type();
        bool match = (name == "list" && t->isa<ListType>()) ||
                     (name == "tuple" && t->isa<TupleType>()) ||
                     (name == "dict" && t->isa<DictType>());
        if (!match && name != "list" && name != "tuple" && name != "dict")
          match = t->isSubtypeOf(*resolveType(*te));
        if (match)
          return true;
      }
      return false;
    }
  }
  return std::nullopt;
}

Value *FunctionEmitter::emitFString(const ast::FString &expr) {
  std::string format;
  std::vector<Value *> args;
  for (const auto &part : expr.parts) {
    if (!part.value) {
      for (char ch : part.literal) {
        format += ch;
        if (ch == '{' || ch == '}')
          format += ch;
      }
      continue;
    }
    if (!part.spec.empty())
      throwErrorAt(part.value->range, "format specs in f-strings are not "
                                      "supported; write {x} alone");
    format += "{}";
    args.push_back(emitValue(*part.value));
  }
  args.insert(args.begin(), constant(format, expr.range));
  Node *n = graph_->insert(Symbol::fromQualString("aten::format"), args, 1);
  n->setSourceRange(expr.range);
  return n->output()->setType(StringType::get());
}

Value *FunctionEmitter::emitListComp(const ast::ListComp &expr,
                                     const TypePtr &hint) {
  // [elt for x in xs if c]: a loop that appends to a fresh list.
  Value *seq = nullptr, *count = nullptr;
  Value *start = nullptr, *step = nullptr; // range(start, end[, step])
  auto call = expr.iter->as<ast::Call>();
  if (call && ast::toString(*call->func) == "range" && !call->args.empty() &&
      call->args.size() <= 3 && call->keywords.empty() &&
      !env_.count("range")) {
    std::vector<Value *> a;
    for (const auto &arg : call->args) {
      a.push_back(emitValue(*arg));
      if (!a.back()->type()->isa<IntType>())
        throwErrorAt(arg->range, "range() takes ints, not ",
                     a.back()->type()->str());
    }
    count = a.size() == 1 ? a[0] : nullptr;
    if (a.size() >= 2) {
      start = a[0];
      step = a.size() == 3 ? a[2] : constant(int64_t(1), expr.iter->range);
      count = callOp("aten::__range_length", {start, a[1], step}, {},
                     expr.iter->range, "range")
                  ->value;
    }
  } else {
    seq = emitValue(*expr.iter);
    if (seq->type()->isa<DictType>()) // a dict iterates over its keys
      seq = callOp("aten::keys", {seq}, {}, expr.iter->range, "keys")->value;
    if (seq->type()->isa<ListType>() || seq->type()->isa<TensorType>())
      count = insert("aten::len", {seq}, IntType::get(), expr.range);
    else
      throwErrorAt(expr.iter->range,
                   "a list comprehension iterates over a "
                   "list or range(), not ",
                   seq->type()->str());
  }
  Value *trueValue = constant(true);
  // Emit the element once in a probe to learn its type? Use the hint, else
  // emit the body and read the type from the first append.
  TypePtr elemType = hint && hint->isa<ListType>()
                         ? hint->cast<ListType>()->element()
                         : nullptr;
  Node *listNode =
      graph_->insert(prim::ListConstruct, std::vector<Value *>{}, 1);
  listNode->setSourceRange(expr.range);
  Value *list = listNode->output();
  list->setType(ListType::create(elemType ? elemType : TensorType::get()));
  Node *loop =
      graph_->insert(prim::Loop, std::vector<Value *>{count, trueValue}, 0);
  loop->setSourceRange(expr.range);
  Block *body = loop->addBlock();
  Value *i = body->addInput()->setType(IntType::get());
  Environment saved = env_;
  {
    WithInsertPoint g(body);
    Value *item =
        start ? callOp("aten::__derive_index", {i, start, step}, {},
                       expr.iter->range, "range")
                    ->value
        : !seq ? i
        : seq->type()->isa<TensorType>()
            ? callOp("aten::select", {seq, constant(int64_t(0)), i}, {},
                     expr.range, "select")
                  ->value
            : callOp("aten::__getitem__", {seq, i}, {}, expr.range, "index")
                  ->value;
    emitAssign(*expr.target, wrap(item), expr.range);
    Block *appendBlock = body;
    for (const auto &cond : expr.ifs) {
      Value *c = emitValue(*cond);
      if (!c->type()->isa<BoolType>())
        c = insert("aten::Bool", {c}, BoolType::get(), cond->range);
      Node *n = graph_->insert(prim::If, std::vector<Value *>{c}, 0);
      n->setSourceRange(cond->range);
      appendBlock = n->addBlock();
      n->addBlock();
      graph_->setInsertPoint(appendBlock);
    }
    Value *elt = emitValue(*expr.elt, elemType);
    if (!elemType) {
      list->setType(ListType::create(
          elt->type()->isa<TensorType>() ? TensorType::get() : elt->type()));
    }
    callOp("aten::append", {list, elt}, {}, expr.range, "append");
    body->registerOutput(trueValue);
  }
  env_ = saved;
  return list;
}

} // namespace kiln
