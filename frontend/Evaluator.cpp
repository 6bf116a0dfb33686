//===- Evaluator.cpp - Names, calls, statements ---------------------------===//
//
// Python's semantics over concrete values, for the code `__init__` runs:
// what names mean, calls of script functions with Python's argument
// binding, and statements. Errors are CompileErrors at the expression or
// statement that raised them.
//
//===----------------------------------------------------------------------===//
#include "frontend/Evaluator.h"

#include "frontend/Prelude.h"
#include "ir/OpTable.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kiln::eval {

namespace {

/// Script calls nested deeper than this are runaway recursion.
constexpr size_t kMaxDepth = 150;
/// Statements and loop iterations one construction may run.
constexpr uint64_t kMaxSteps = 20'000'000;

const char *const kBuiltins[] = {
    "len",        "range",  "min",       "max",   "abs",     "int",
    "float",      "bool",   "str",       "list",  "tuple",   "dict",
    "isinstance", "zip",    "enumerate", "sum",   "round",   "print",
    "reversed",   "sorted", "any",       "all",   "getattr", "hasattr",
    "setattr",    "divmod", "pow",       "super",
};
const char *const kExceptions[] = {
    "Exception",      "ValueError",
    "RuntimeError",   "TypeError",
    "KeyError",       "IndexError",
    "AssertionError", "NotImplementedError",
    "AttributeError", "ZeroDivisionError",
};

bool isPrelude(const SourceRange &range) {
  return range.valid() && range.filename().starts_with("<prelude>/");
}

} // namespace

//===--- Values -----------------------------------------------------------===//

Value Value::list(Items items) {
  Value v;
  v.kind = Kind::List;
  v.items = std::make_shared<Items>(std::move(items));
  return v;
}

Value Value::tuple(Items items) {
  Value v;
  v.kind = Kind::Tuple;
  v.items = std::make_shared<Items>(std::move(items));
  return v;
}

Value Value::builtin(std::string name) {
  Value v;
  v.kind = Kind::Builtin;
  v.name = std::move(name);
  return v;
}

Value Value::pyModule(std::string path) {
  Value v;
  v.kind = Kind::PyModule;
  v.name = std::move(path);
  return v;
}

std::string typeName(const Value &v) {
  switch (v.kind) {
  case Value::Kind::Plain:
    if (v.iv.isDouble())
      return "float";
    if (v.iv.isNone())
      return "NoneType";
    return v.parameter ? "Parameter" : v.iv.typeName();
  case Value::Kind::List:
    return "list";
  case Value::Kind::Tuple:
    return "tuple";
  case Value::Kind::Dict:
    return "dict";
  case Value::Kind::Module:
    return v.module->pythonName;
  case Value::Kind::Class:
    return "type";
  case Value::Kind::Function:
  case Value::Kind::Method:
    return "function";
  case Value::Kind::PyModule:
    return "module";
  case Value::Kind::Builtin:
    return v.name.starts_with("exc.") && v.items ? v.name.substr(4) : "builtin";
  case Value::Kind::Range:
    return "range";
  case Value::Kind::Super:
    return "super";
  }
  return "value";
}

std::string repr(const Value &v) {
  switch (v.kind) {
  case Value::Kind::Plain:
    return v.iv.repr();
  case Value::Kind::List:
  case Value::Kind::Tuple: {
    bool list = v.kind == Value::Kind::List;
    std::string out = list ? "[" : "(";
    for (size_t i = 0; i < v.items->size(); ++i)
      out += (i ? ", " : "") + repr((*v.items)[i]);
    if (!list && v.items->size() == 1)
      out += ",";
    return out + (list ? "]" : ")");
  }
  case Value::Kind::Dict: {
    std::string out = "{";
    for (size_t i = 0; i < v.dict->entries.size(); ++i)
      out += (i ? ", " : "") + repr(v.dict->entries[i].first) + ": " +
             repr(v.dict->entries[i].second);
    return out + "}";
  }
  case Value::Kind::Module:
    return v.module->pythonName + "()";
  case Value::Kind::Class:
    return "<class '" + v.cls->def->name + "'>";
  case Value::Kind::Function:
    return "<function " + v.fn->name + ">";
  case Value::Kind::PyModule:
    return "<module '" + v.name + "'>";
  case Value::Kind::Range:
    return "range(" + std::to_string(v.start) + ", " + std::to_string(v.stop) +
           (v.step != 1 ? ", " + std::to_string(v.step) : "") + ")";
  default:
    return "<" + typeName(v) + ">";
  }
}

std::string str(const Value &v) {
  if (v.isString())
    return v.iv.toStringRef();
  if (v.kind == Value::Kind::Builtin && v.name.starts_with("exc.") && v.items)
    return v.items->empty() ? "" : str((*v.items)[0]);
  return repr(v);
}

//===--- Evaluator --------------------------------------------------------===//

Evaluator::Evaluator(const ScriptUnit &script, uint64_t seed)
    : script_(script), generator_(seed) {
  ctx_.generator = &generator_;
  ctx_.out = nullptr;
}

void Evaluator::tick(const Location &at) {
  if (++steps_ > kMaxSteps)
    throwErrorAt(at, "the module's construction runs too long (over ",
                 kMaxSteps, " steps); is a loop endless?");
}

std::optional<Value> Evaluator::lookupGlobal(const ScriptUnit &unit,
                                             const std::string &name,
                                             const Location &at) {
  if (const ScriptUnit::Global *g = unit.lookup(name)) {
    switch (g->kind) {
    case ScriptUnit::GlobalKind::PythonModule:
      return Value::pyModule(g->path);
    case ScriptUnit::GlobalKind::Imported:
      if (auto v = resolvePath(g->path))
        return v;
      throwErrorAt(g->range, "Kiln does not know '", g->path, "'");
    case ScriptUnit::GlobalKind::Function: {
      Value v;
      v.kind = Value::Kind::Function;
      v.fn = g->function;
      v.unit = &unit;
      return v;
    }
    case ScriptUnit::GlobalKind::Class: {
      Value v;
      v.kind = Value::Kind::Class;
      v.cls = classFor(*g->cls, unit, g->range);
      return v;
    }
    case ScriptUnit::GlobalKind::Constant: {
      auto it = constants_.find(g);
      if (it != constants_.end())
        return it->second;
      if (std::find(evaluatingConstants_.begin(), evaluatingConstants_.end(),
                    g) != evaluatingConstants_.end())
        throwErrorAt(at, "the constant '", name, "' is defined by itself");
      evaluatingConstants_.push_back(g);
      Frame f;
      f.unit = &unit;
      Value v = eval(*g->value, f);
      evaluatingConstants_.pop_back();
      constants_.emplace(g, v);
      return v;
    }
    }
  }
  for (const char *b : kBuiltins)
    if (name == b)
      return Value::builtin(name);
  for (const char *e : kExceptions)
    if (name == e)
      return Value::builtin(std::string("exc.") + name);
  return std::nullopt;
}

std::optional<Value> Evaluator::resolvePath(const std::string &path) {
  if (path == "torch.nn.Module" || path == "torch.nn.modules.module.Module")
    return Value::builtin("nn.Module");
  if (path == "torch.nn.Parameter" || path == "torch.nn.parameter.Parameter")
    return Value::builtin("nn.Parameter");
  if (path == "torch.Tensor")
    return Value::builtin("torch.Tensor");
  static const std::pair<const char *, ScalarType> dtypes[] = {
      {"float32", ScalarType::Float},     {"float", ScalarType::Float},
      {"float64", ScalarType::Double},    {"double", ScalarType::Double},
      {"float16", ScalarType::Half},      {"half", ScalarType::Half},
      {"bfloat16", ScalarType::BFloat16}, {"int64", ScalarType::Long},
      {"long", ScalarType::Long},         {"int32", ScalarType::Int},
      {"int", ScalarType::Int},           {"int16", ScalarType::Short},
      {"short", ScalarType::Short},       {"int8", ScalarType::Char},
      {"uint8", ScalarType::Byte},        {"bool", ScalarType::Bool},
  };
  size_t dot = path.rfind('.');
  std::string module = dot == std::string::npos ? "" : path.substr(0, dot);
  std::string name = path.substr(dot + 1);
  if (module == "torch")
    for (const auto &[n, t] : dtypes)
      if (name == n)
        return Value(IValue(static_cast<int64_t>(t)));
  if (module == "math") {
    static const std::pair<const char *, double> constants[] = {
        {"pi", M_PI},
        {"e", M_E},
        {"tau", 2 * M_PI},
        {"inf", INFINITY},
        {"nan", NAN}};
    for (const auto &[n, d] : constants)
      if (name == n)
        return Value(IValue(d));
    static const char *const functions[] = {
        "sqrt",      "floor", "ceil",    "log",      "log2", "log10", "exp",
        "pow",       "sin",   "cos",     "tan",      "atan", "atan2", "tanh",
        "fabs",      "isnan", "isinf",   "isfinite", "erf",  "gcd",   "trunc",
        "factorial", "prod",  "isclose", "copysign", "hypot"};
    for (const char *f : functions)
      if (name == f)
        return Value::builtin("math." + name);
    return std::nullopt;
  }
  if (module == "typing")
    return Value::builtin("typing." + name);
  const Prelude &prelude = Prelude::get();
  if (const Prelude::Class *c =
          prelude.findClassByQualifiedName("__torch__." + path)) {
    Value v;
    v.kind = Value::Kind::Class;
    v.cls = classFor(*c->def, *c->unit, {});
    return v;
  }
  if (module == "torch.nn")
    if (auto c = preludeClass(name)) {
      Value v;
      v.kind = Value::Kind::Class;
      v.cls = c;
      return v;
    }
  if (const Prelude::Function *f = prelude.findFunction(module, name)) {
    Value v;
    v.kind = Value::Kind::Function;
    v.fn = f->def;
    v.unit = f->unit;
    return v;
  }
  if (ScriptUnit::isKnownPythonModule(path))
    return Value::pyModule(path);
  if (module == "torch" || module == "torch.nn.functional") {
    std::string kind = "aten::" + name;
    if (OpTable::get().isKnownKind(Symbol::fromQualString(kind)))
      return Value::builtin(kind);
  }
  return std::nullopt;
}

//===--- Calls ------------------------------------------------------------===//

Value Evaluator::call(const Value &callee, Args args, const Location &at) {
  switch (callee.kind) {
  case Value::Kind::Function:
    return callFunction(*callee.fn, *callee.unit, callee.cls, std::move(args),
                        at);
  case Value::Kind::Class:
    return construct(*callee.cls, std::move(args), at);
  case Value::Kind::Builtin:
    return callBuiltin(callee.name, std::move(args), at);
  case Value::Kind::Method: {
    const Value &self = (*callee.items)[0];
    if (callee.fn) {
      args.positional.insert(args.positional.begin(), self);
      return callFunction(*callee.fn, *callee.unit, callee.cls, std::move(args),
                          at);
    }
    return callMethod(self, callee.name, std::move(args), at);
  }
  case Value::Kind::Module:
    throwErrorAt(at, "calling the module ", callee.module->pythonName,
                 " runs its forward, which Kiln does not do while building "
                 "the module (in __init__)");
  default:
    throwErrorAt(at, "'", typeName(callee), "' object is not callable");
  }
}

Value Evaluator::callFunction(const ast::FunctionDef &fn,
                              const ScriptUnit &unit, const ClassRef *cls,
                              Args args, const Location &at) {
  std::string name = cls ? cls->def->name + "." + fn.name : fn.name;
  if (depth_ >= kMaxDepth)
    throwErrorAt(at, "calls nested deeper than ", kMaxDepth, " (in ", name,
                 "); is the recursion endless?");
  const auto &params = fn.params;
  if (args.positional.size() > params.size())
    throwErrorAt(at, name, "() takes ", params.size(),
                 " positional arguments but ", args.positional.size(),
                 " were given");
  Frame frame;
  frame.unit = &unit;
  frame.cls = cls;
  std::vector<bool> bound(params.size(), false);
  for (size_t i = 0; i < args.positional.size(); ++i) {
    frame.locals[params[i].name] = std::move(args.positional[i]);
    bound[i] = true;
  }
  for (Keyword &kw : args.keywords) {
    auto it =
        std::find_if(params.begin(), params.end(),
                     [&](const ast::Param &p) { return p.name == kw.name; });
    if (it == params.end())
      throwErrorAt(kw.range.valid() ? kw.range : at, name,
                   "() got an unexpected keyword argument '", kw.name, "'");
    size_t i = static_cast<size_t>(it - params.begin());
    if (bound[i])
      throwErrorAt(kw.range.valid() ? kw.range : at, name,
                   "() got multiple values for argument '", kw.name, "'");
    frame.locals[kw.name] = std::move(kw.value);
    bound[i] = true;
  }
  for (size_t i = 0; i < params.size(); ++i) {
    if (bound[i])
      continue;
    if (!params[i].defaultValue)
      throwErrorAt(at, name, "() missing required argument '", params[i].name,
                   "'");
    Frame globals;
    globals.unit = &unit;
    frame.locals[params[i].name] = eval(*params[i].defaultValue, globals);
  }
  ++depth_;
  struct Leave {
    size_t &d;
    ~Leave() { --d; }
  } leave{depth_};
  try {
    exec(fn.body, frame);
  } catch (const CompileError &e) {
    // An error inside the prelude (nn.Conv2d's checks) is reported at the
    // script's call, with the prelude's line as a note.
    if (!isPrelude(e.diagnostic().range) || isPrelude(at) || !at.valid())
      throw;
    Diagnostic diag;
    diag.range = at;
    diag.message = e.diagnostic().message;
    CompileError moved(std::move(diag));
    moved.addNote(e.diagnostic().range, "raised in the prelude, here");
    throw moved;
  }
  return std::move(frame.result);
}

bool Evaluator::truthy(const Value &v, const Location &at) {
  switch (v.kind) {
  case Value::Kind::Plain:
    if (v.iv.isNone())
      return false;
    if (v.iv.isBool() || v.iv.isInt())
      return v.iv.toInt() != 0;
    if (v.iv.isDouble())
      return v.iv.toDouble() != 0;
    if (v.iv.isString())
      return !v.iv.toStringRef().empty();
    if (v.iv.isTensor()) {
      const Tensor &t = v.iv.toTensor();
      if (t.numel() != 1)
        throwErrorAt(at, "the truth value of a tensor with ", t.numel(),
                     " elements is ambiguous");
      return t.item().toDouble() != 0;
    }
    return true;
  case Value::Kind::List:
  case Value::Kind::Tuple:
    return !v.items->empty();
  case Value::Kind::Dict:
    return !v.dict->entries.empty();
  case Value::Kind::Range:
    return v.step > 0 ? v.start < v.stop : v.start > v.stop;
  default:
    return true;
  }
}

Items Evaluator::iterate(const Value &v, const Location &at) {
  switch (v.kind) {
  case Value::Kind::List:
  case Value::Kind::Tuple:
    return *v.items;
  case Value::Kind::Dict: {
    Items out;
    for (const auto &[k, val] : v.dict->entries)
      out.push_back(k);
    return out;
  }
  case Value::Kind::Range: {
    Items out;
    for (int64_t i = v.start; v.step > 0 ? i < v.stop : i > v.stop;
         i += v.step) {
      if (static_cast<int64_t>(out.size()) >= kMaxItems)
        throwErrorAt(at, "a range of more than ", kMaxItems, " elements");
      out.emplace_back(IValue(i));
    }
    return out;
  }
  case Value::Kind::Module:
    return children(v);
  case Value::Kind::Plain:
    if (v.iv.isString()) {
      Items out;
      for (char c : v.iv.toStringRef())
        out.emplace_back(IValue(std::string(1, c)));
      return out;
    }
    if (v.iv.isTensor()) {
      const Tensor &t = v.iv.toTensor();
      if (t.dim() == 0)
        throwErrorAt(at, "iteration over a 0-d tensor");
      Items out;
      for (int64_t i = 0; i < t.size(0); ++i) {
        Args a;
        a.positional = {v, Value(IValue(int64_t{0})), Value(IValue(i))};
        out.push_back(callOp("aten::select", "Tensor.__iter__", a, at));
      }
      return out;
    }
    [[fallthrough]];
  default:
    throwErrorAt(at, "'", typeName(v), "' object is not iterable");
  }
}

//===--- Statements -------------------------------------------------------===//

Evaluator::Flow Evaluator::exec(const ast::Body &body, Frame &f) {
  for (const auto &s : body) {
    Flow flow = exec(*s, f);
    if (flow != Flow::Normal)
      return flow;
  }
  return Flow::Normal;
}

Evaluator::Flow Evaluator::exec(const ast::Stmt &s, Frame &f) {
  tick(s.range);
  using K = ast::StmtKind;
  switch (s.kind) {
  case K::Assign: {
    auto &a = static_cast<const ast::Assign &>(s);
    Value v = eval(*a.value, f);
    for (const auto &t : a.targets)
      assign(*t, v, f);
    return Flow::Normal;
  }
  case K::AnnAssign: {
    auto &a = static_cast<const ast::AnnAssign &>(s);
    if (a.value)
      assign(*a.target, eval(*a.value, f), f);
    return Flow::Normal;
  }
  case K::AugAssign: {
    auto &a = static_cast<const ast::AugAssign &>(s);
    Value rhs = eval(*a.value, f);
    Value current = eval(*a.target, f);
    assign(*a.target, binary(a.op, current, rhs, a.range, /*inPlace=*/true), f);
    return Flow::Normal;
  }
  case K::If: {
    auto &i = static_cast<const ast::If &>(s);
    return exec(truthy(eval(*i.test, f), i.test->range) ? i.body : i.orelse, f);
  }
  case K::While: {
    auto &w = static_cast<const ast::While &>(s);
    while (truthy(eval(*w.test, f), w.test->range)) {
      tick(w.range);
      Flow flow = exec(w.body, f);
      if (flow == Flow::Break)
        break;
      if (flow == Flow::Return)
        return flow;
    }
    return Flow::Normal;
  }
  case K::For: {
    auto &l = static_cast<const ast::For &>(s);
    Items items = iterate(eval(*l.iter, f), l.iter->range);
    for (const Value &item : items) {
      tick(l.range);
      assign(*l.target, item, f);
      Flow flow = exec(l.body, f);
      if (flow == Flow::Break)
        break;
      if (flow == Flow::Return)
        return flow;
    }
    return Flow::Normal;
  }
  case K::Return: {
    auto &r = static_cast<const ast::Return &>(s);
    f.result = r.value ? eval(*r.value, f) : Value::none();
    return Flow::Return;
  }
  case K::Break:
    return Flow::Break;
  case K::Continue:
    return Flow::Continue;
  case K::Pass:
    return Flow::Normal;
  case K::Assert: {
    auto &a = static_cast<const ast::Assert &>(s);
    if (!truthy(eval(*a.test, f), a.test->range))
      throwErrorAt(a.range, "AssertionError",
                   a.msg ? ": " + str(eval(*a.msg, f)) : std::string());
    return Flow::Normal;
  }
  case K::Raise: {
    auto &r = static_cast<const ast::Raise &>(s);
    if (!r.exc)
      throwErrorAt(r.range, "a bare `raise` outside an exception handler");
    Value e = eval(*r.exc, f);
    std::string name =
        e.kind == Value::Kind::Builtin && e.name.starts_with("exc.")
            ? e.name.substr(4)
            : typeName(e);
    std::string message = str(e);
    if (e.kind == Value::Kind::Builtin && !e.items)
      message.clear();
    throwErrorAt(r.range, name, message.empty() ? "" : ": ", message);
  }
  case K::ExprStmt:
    eval(*static_cast<const ast::ExprStmt &>(s).value, f);
    return Flow::Normal;
  case K::Import:
  case K::ImportFrom:
    throwErrorAt(s.range, "imports belong at the top of the script, not "
                          "inside a function");
  case K::Delete:
    throwErrorAt(s.range, "`del` is not supported while building modules");
  case K::FunctionDef:
  case K::ClassDef:
    throwErrorAt(s.range, "nested definitions are not supported");
  }
  throwErrorAt(s.range, "unsupported statement");
}

void Evaluator::assign(const ast::Expr &target, const Value &v, Frame &f) {
  if (auto n = target.as<ast::Name>()) {
    f.locals[n->id] = v;
    return;
  }
  if (auto a = target.as<ast::Attribute>()) {
    Value object = eval(*a->value, f);
    if (object.kind != Value::Kind::Module)
      throwErrorAt(a->range, "cannot set the attribute '", a->attr, "' of a ",
                   typeName(object), " (only of modules)");
    setModuleAttribute(object, a->attr, v, a->range);
    return;
  }
  if (auto s = target.as<ast::Subscript>()) {
    Value object = eval(*s->value, f);
    if (object.isTensor()) {
      // Writes go into the view; through tensor indices, with index_put_.
      Items advanced;
      Value view = tensorView(object, *s->index, f, s->range, advanced);
      Args a;
      if (advanced.empty()) {
        a.positional = {view, v};
        callOp(v.isTensor() ? "aten::copy_" : "aten::fill_",
               "Tensor.__setitem__", a, s->range);
        return;
      }
      Value values = v;
      if (!v.isTensor()) {
        if (!v.isIntLike() && !v.iv.isDouble() && !v.iv.isBool())
          throwErrorAt(s->range, "cannot assign a ", typeName(v),
                       " into a tensor");
        Scalar scalar = v.iv.isDouble() ? Scalar(v.iv.toDouble())
                        : v.iv.isBool() ? Scalar(v.iv.toBool())
                                        : Scalar(v.iv.toInt());
        values =
            Value(IValue(Tensor::scalar(scalar, view.iv.toTensor().dtype())));
      }
      a.positional = {view, Value::list(std::move(advanced)), values};
      callOp("aten::index_put_", "Tensor.__setitem__", a, s->range);
      return;
    }
    if (s->index->isa<ast::Slice>())
      throwErrorAt(s->range, "assigning to a slice is not supported");
    Value index = eval(*s->index, f);
    if (object.kind == Value::Kind::List) {
      if (!index.isIntLike())
        throwErrorAt(s->index->range, "list indices must be integers, not ",
                     typeName(index));
      int64_t i = normalizeIndex(index.iv.toInt(), object.items->size(),
                                 s->range, "list assignment");
      (*object.items)[static_cast<size_t>(i)] = v;
      return;
    }
    if (object.kind == Value::Kind::Dict) {
      for (auto &[k, val] : object.dict->entries)
        if (equals(k, index, s->range)) {
          val = v;
          return;
        }
      object.dict->entries.emplace_back(index, v);
      return;
    }
    throwErrorAt(s->range, "cannot assign to an element of a ",
                 typeName(object));
  }
  if (target.isa<ast::Tuple>() || target.isa<ast::List>()) {
    const auto &elts = target.isa<ast::Tuple>() ? target.as<ast::Tuple>()->elts
                                                : target.as<ast::List>()->elts;
    Items items = iterate(v, target.range);
    if (items.size() != elts.size())
      throwErrorAt(target.range, "cannot unpack ", items.size(),
                   " values into ", elts.size(), " targets");
    for (size_t i = 0; i < elts.size(); ++i)
      assign(*elts[i], items[i], f);
    return;
  }
  throwErrorAt(target.range, "cannot assign to this expression");
}

} // namespace kiln::eval
