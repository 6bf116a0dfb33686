//===- Evaluator.cpp - Statements, expressions, builtins ------------------===//
//
// Python's semantics over concrete values, for the code `__init__` runs.
// Numbers follow Python (// and % floor, / is true division, ints do not
// silently overflow: an overflow is an error); errors are CompileErrors at
// the expression or statement that raised them.
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
/// Elements a list, range or string built here may hold.
constexpr int64_t kMaxItems = 10'000'000;

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

/// `__builtin_*_overflow(a, b, &out)` then out, or an error on overflow.
template <typename Op>
int64_t checkedInt(Op op, int64_t a, int64_t b, const Location &at) {
  int64_t out = 0;
  if (op(a, b, &out))
    throwErrorAt(at, "integer overflow (Kiln's ints are 64-bit)");
  return out;
}
bool addOverflow(int64_t a, int64_t b, int64_t *out) {
  return __builtin_add_overflow(a, b, out);
}
bool subOverflow(int64_t a, int64_t b, int64_t *out) {
  return __builtin_sub_overflow(a, b, out);
}
bool mulOverflow(int64_t a, int64_t b, int64_t *out) {
  return __builtin_mul_overflow(a, b, out);
}

int64_t floorDiv(int64_t a, int64_t b, const Location &at) {
  if (b == 0)
    throwErrorAt(at, "ZeroDivisionError: integer division or modulo by zero");
  if (a == INT64_MIN && b == -1)
    throwErrorAt(at, "integer overflow (Kiln's ints are 64-bit)");
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    --q;
  return q;
}

int64_t floorMod(int64_t a, int64_t b, const Location &at) {
  if (b == 0)
    throwErrorAt(at, "ZeroDivisionError: integer division or modulo by zero");
  if (b == -1)
    return 0;
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0)))
    r += b;
  return r;
}

double floatMod(double a, double b, const Location &at) {
  if (b == 0)
    throwErrorAt(at, "ZeroDivisionError: float modulo");
  double r = std::fmod(a, b);
  if (r != 0 && ((b < 0) != (r < 0)))
    r += b;
  return r;
}

} // namespace

std::string formatValue(const Value &v, const std::string &spec,
                        const Location &at) {
  if (spec.empty())
    return str(v);
  size_t i = 0;
  char fill = ' ', align = 0;
  if (spec.size() >= 2 &&
      std::string_view("<>^").find(spec[1]) != std::string_view::npos) {
    fill = spec[0];
    align = spec[1];
    i = 2;
  } else if (std::string_view("<>^").find(spec[0]) != std::string_view::npos) {
    align = spec[0];
    i = 1;
  }
  std::string sign;
  if (i < spec.size() && (spec[i] == '+' || spec[i] == ' '))
    sign = spec[i++];
  if (i < spec.size() && spec[i] == '0' && !align) {
    fill = '0';
    align = '=';
    ++i;
  }
  size_t width = 0;
  while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i])))
    width = width * 10 + static_cast<size_t>(spec[i++] - '0');
  int precision = -1;
  if (i < spec.size() && spec[i] == '.') {
    ++i;
    precision = 0;
    while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i])))
      precision = precision * 10 + (spec[i++] - '0');
  }
  char type = i < spec.size() ? spec[i++] : 0;
  if (i != spec.size() || width > 1000 || precision > 100)
    throwErrorAt(at, "unsupported format spec '", spec, "'");
  std::string body;
  if (type == 's' || (type == 0 && !v.isNumber())) {
    body = str(v);
    if (precision >= 0)
      body = body.substr(0, static_cast<size_t>(precision));
  } else if (!v.isNumber()) {
    throwErrorAt(at, "format spec '", spec, "' needs a number, not ",
                 typeName(v));
  } else if (type == 'd' || (type == 0 && v.isIntLike() && precision < 0)) {
    if (!v.isIntLike())
      throwErrorAt(at, "format code 'd' needs an int, not ", typeName(v));
    body = std::to_string(v.iv.toInt());
  } else {
    double d = v.iv.toDouble();
    char buf[160];
    int p = precision < 0 ? 6 : precision;
    switch (type) {
    case 'f':
    case 'F':
      std::snprintf(buf, sizeof buf, "%.*f", p, d);
      break;
    case 'e':
    case 'E':
      std::snprintf(buf, sizeof buf, type == 'e' ? "%.*e" : "%.*E", p, d);
      break;
    case '%':
      std::snprintf(buf, sizeof buf, "%.*f%%", p, d * 100);
      break;
    case 'g':
    case 'G':
    case 0:
      if (type == 0 && precision < 0) {
        std::snprintf(buf, sizeof buf, "%s", str(v).c_str());
      } else {
        std::snprintf(buf, sizeof buf, type == 'G' ? "%.*G" : "%.*g",
                      p == 0 ? 1 : p, d);
      }
      break;
    default:
      throwErrorAt(at, "unsupported format code '", type, "'");
    }
    body = buf;
  }
  if (!sign.empty() && v.isNumber() && !body.starts_with("-"))
    body = sign + body;
  if (body.size() < width) {
    size_t pad = width - body.size();
    if (!align)
      align = v.isNumber() ? '>' : '<';
    if (align == '<')
      body += std::string(pad, fill);
    else if (align == '>')
      body = std::string(pad, fill) + body;
    else if (align == '^')
      body =
          std::string(pad / 2, fill) + body + std::string(pad - pad / 2, fill);
    else { // '=': after the sign
      size_t s = (!body.empty() && (body[0] == '-' || body[0] == '+')) ? 1 : 0;
      body.insert(s, std::string(pad, fill));
    }
  }
  return body;
}

namespace {

int64_t normalizeIndex(int64_t i, size_t size, const Location &at,
                       const char *what) {
  int64_t n = static_cast<int64_t>(size);
  if (i < 0)
    i += n;
  if (i < 0 || i >= n)
    throwErrorAt(at, "IndexError: ", what, " index out of range");
  return i;
}

/// Python's slice.indices(): the positions a[lower:upper:step] selects.
std::vector<size_t> sliceIndices(std::optional<int64_t> lower,
                                 std::optional<int64_t> upper, int64_t step,
                                 size_t size, const Location &at) {
  if (step == 0)
    throwErrorAt(at, "ValueError: slice step cannot be zero");
  int64_t n = static_cast<int64_t>(size);
  auto clamp = [&](std::optional<int64_t> v, int64_t dflt) {
    if (!v)
      return dflt;
    int64_t x = *v < 0 ? *v + n : *v;
    if (step > 0)
      return std::clamp<int64_t>(x, 0, n);
    return std::clamp<int64_t>(x, -1, n - 1);
  };
  int64_t lo = clamp(lower, step > 0 ? 0 : n - 1);
  int64_t hi = clamp(upper, step > 0 ? n : -1);
  std::vector<size_t> out;
  for (int64_t i = lo; step > 0 ? i < hi : i > hi; i += step)
    out.push_back(static_cast<size_t>(i));
  return out;
}

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

//===--- Expressions ------------------------------------------------------===//

Value Evaluator::eval(const ast::Expr &e, Frame &f) {
  using K = ast::ExprKind;
  switch (e.kind) {
  case K::Name: {
    const std::string &id = e.as<ast::Name>()->id;
    auto it = f.locals.find(id);
    if (it != f.locals.end())
      return it->second;
    if (auto g = lookupGlobal(*f.unit, id, e.range))
      return *g;
    throwErrorAt(e.range, "name '", id, "' is not defined");
  }
  case K::Int:
    return Value(IValue(e.as<ast::Int>()->value));
  case K::Float:
    return Value(IValue(e.as<ast::Float>()->value));
  case K::Bool:
    return Value(IValue(e.as<ast::Bool>()->value));
  case K::NoneLit:
    return Value::none();
  case K::String:
    return Value(IValue(e.as<ast::String>()->value));
  case K::FString:
    return fstring(*e.as<ast::FString>(), f);
  case K::List:
  case K::Tuple: {
    const auto &elts =
        e.isa<ast::List>() ? e.as<ast::List>()->elts : e.as<ast::Tuple>()->elts;
    Items items;
    for (const auto &x : elts)
      items.push_back(eval(*x, f));
    return e.isa<ast::List>() ? Value::list(std::move(items))
                              : Value::tuple(std::move(items));
  }
  case K::Dict: {
    auto &d = *e.as<ast::Dict>();
    Value out;
    out.kind = Value::Kind::Dict;
    out.dict = std::make_shared<Value::DictData>();
    for (size_t i = 0; i < d.keys.size(); ++i) {
      Value k = eval(*d.keys[i], f), v = eval(*d.values[i], f);
      bool replaced = false;
      for (auto &[ek, ev] : out.dict->entries)
        if (equals(ek, k, d.keys[i]->range)) {
          ev = v;
          replaced = true;
        }
      if (!replaced)
        out.dict->entries.emplace_back(std::move(k), std::move(v));
    }
    return out;
  }
  case K::ListComp: {
    auto &c = *e.as<ast::ListComp>();
    Items source = iterate(eval(*c.iter, f), c.iter->range);
    Frame inner = f; // the comprehension's variables stay inside it
    Items out;
    for (const Value &item : source) {
      tick(c.range);
      assign(*c.target, item, inner);
      bool keep = true;
      for (const auto &cond : c.ifs)
        if (!truthy(eval(*cond, inner), cond->range)) {
          keep = false;
          break;
        }
      if (keep)
        out.push_back(eval(*c.elt, inner));
    }
    return Value::list(std::move(out));
  }
  case K::Attribute: {
    auto &a = *e.as<ast::Attribute>();
    return attribute(eval(*a.value, f), a.attr,
                     a.attrRange.valid() ? a.attrRange : a.range);
  }
  case K::Subscript: {
    auto &s = *e.as<ast::Subscript>();
    Value object = eval(*s.value, f);
    if (auto sl = s.index->as<ast::Slice>()) {
      auto bound = [&](const ast::ExprPtr &x) -> std::optional<int64_t> {
        if (!x)
          return std::nullopt;
        Value v = eval(*x, f);
        if (v.isNone())
          return std::nullopt;
        if (!v.isIntLike())
          throwErrorAt(x->range, "slice indices must be integers, not ",
                       typeName(v));
        return v.iv.toInt();
      };
      auto lower = bound(sl->lower), upper = bound(sl->upper);
      int64_t step = bound(sl->step).value_or(1);
      if (object.isTensor()) {
        Args a;
        a.positional = {object, Value(IValue(int64_t{0})),
                        lower ? Value(IValue(*lower)) : Value::none(),
                        upper ? Value(IValue(*upper)) : Value::none(),
                        Value(IValue(step))};
        return callOp("aten::slice", "Tensor.__getitem__", a, s.range);
      }
      if (object.kind == Value::Kind::Module) {
        Items kids = children(object);
        Items picked;
        for (size_t i : sliceIndices(lower, upper, step, kids.size(), s.range))
          picked.push_back(kids[i]);
        Args a;
        if (object.cls->container == ClassRef::Container::Sequential)
          a.positional = std::move(picked);
        else if (object.cls->container == ClassRef::Container::ModuleList)
          a.positional.push_back(Value::list(std::move(picked)));
        else
          throwErrorAt(s.range, "'", typeName(object),
                       "' object is not subscriptable");
        return constructContainer(*object.cls, std::move(a), s.range);
      }
      if (object.isString()) {
        const std::string &text = object.iv.toStringRef();
        std::string out;
        for (size_t i : sliceIndices(lower, upper, step, text.size(), s.range))
          out += text[i];
        return Value(IValue(out));
      }
      if (!object.isSequence())
        throwErrorAt(s.range, "'", typeName(object),
                     "' object is not subscriptable");
      Items out;
      for (size_t i :
           sliceIndices(lower, upper, step, object.items->size(), s.range))
        out.push_back((*object.items)[i]);
      return object.kind == Value::Kind::List ? Value::list(std::move(out))
                                              : Value::tuple(std::move(out));
    }
    return subscript(object, eval(*s.index, f), s.range);
  }
  case K::Call: {
    auto &c = *e.as<ast::Call>();
    // super() and super(Class, self) inside a method.
    if (auto n = c.func->as<ast::Name>();
        n && n->id == "super" && !f.locals.count("super")) {
      Value sup;
      sup.kind = Value::Kind::Super;
      if (c.args.empty()) {
        if (!f.cls || f.locals.empty())
          throwErrorAt(c.range, "super() outside a method of a module class");
        sup.cls = f.cls;
        auto self = f.locals.find("self");
        if (self == f.locals.end())
          throwErrorAt(c.range, "super() needs the method's `self`");
        sup.items = std::make_shared<Items>(Items{self->second});
      } else if (c.args.size() == 2) {
        Value cls = eval(*c.args[0], f);
        if (cls.kind != Value::Kind::Class)
          throwErrorAt(c.args[0]->range, "super()'s first argument must be "
                                         "a class");
        sup.cls = cls.cls;
        sup.items = std::make_shared<Items>(Items{eval(*c.args[1], f)});
      } else {
        throwErrorAt(c.range, "super() takes no arguments or two");
      }
      return sup;
    }
    Value callee = eval(*c.func, f);
    Args args;
    for (const auto &a : c.args) {
      if (auto star = a->as<ast::Starred>()) {
        for (Value &v : iterate(eval(*star->value, f), star->range))
          args.positional.push_back(std::move(v));
      } else {
        args.positional.push_back(eval(*a, f));
      }
    }
    for (const auto &kw : c.keywords)
      args.keywords.push_back({kw.name, eval(*kw.value, f), kw.range});
    return call(callee, std::move(args), c.range);
  }
  case K::BinOp: {
    auto &b = *e.as<ast::BinOp>();
    Value l = eval(*b.left, f);
    Value r = eval(*b.right, f);
    return binary(b.op, l, r, b.range);
  }
  case K::UnaryOp: {
    auto &u = *e.as<ast::UnaryOp>();
    Value v = eval(*u.operand, f);
    switch (u.op) {
    case ast::UnaryOpKind::Not:
      return Value(IValue(!truthy(v, u.range)));
    case ast::UnaryOpKind::Pos:
      if (v.isNumber())
        return v.iv.isBool() ? Value(IValue(v.iv.toInt())) : v;
      break;
    case ast::UnaryOpKind::Neg:
      if (v.isIntLike())
        return Value(IValue(checkedInt(subOverflow, 0, v.iv.toInt(), u.range)));
      if (v.isDouble())
        return Value(IValue(-v.iv.toDouble()));
      if (v.isTensor()) {
        Args a;
        a.positional = {v};
        return callOp("aten::neg", "Tensor.__neg__", a, u.range);
      }
      break;
    case ast::UnaryOpKind::Invert:
      if (v.isBool())
        return Value(IValue(~v.iv.toInt()));
      if (v.isInt())
        return Value(IValue(~v.iv.toInt()));
      break;
    }
    throwErrorAt(u.range, "bad operand type for unary ", spelling(u.op), ": '",
                 typeName(v), "'");
  }
  case K::BoolOp: {
    auto &b = *e.as<ast::BoolOp>();
    Value v;
    for (const auto &x : b.values) {
      v = eval(*x, f);
      if (truthy(v, x->range) != b.isAnd)
        return v;
    }
    return v;
  }
  case K::Compare: {
    auto &c = *e.as<ast::Compare>();
    Value left = eval(*c.left, f);
    Value result(IValue(true));
    for (size_t i = 0; i < c.ops.size(); ++i) {
      Value right = eval(*c.comparators[i], f);
      result = compare(c.ops[i], left, right, c.range);
      if (!result.isBool() || !result.iv.toBool())
        return result;
      left = std::move(right);
    }
    return result;
  }
  case K::IfExp: {
    auto &i = *e.as<ast::IfExp>();
    return truthy(eval(*i.test, f), i.test->range) ? eval(*i.body, f)
                                                   : eval(*i.orelse, f);
  }
  case K::Starred:
    throwErrorAt(e.range, "`*` unpacking is only allowed in call arguments");
  case K::Slice:
    throwErrorAt(e.range, "a slice is only allowed inside `[]`");
  case K::Ellipsis:
    throwErrorAt(e.range, "`...` is not supported while building modules");
  }
  throwErrorAt(e.range, "unsupported expression");
}

Value Evaluator::fstring(const ast::FString &e, Frame &f) {
  std::string out;
  for (const auto &part : e.parts) {
    if (!part.value) {
      out += part.literal;
      continue;
    }
    Value v = eval(*part.value, f);
    if (part.conversion == 'r')
      v = Value(IValue(repr(v)));
    else if (part.conversion == 's')
      v = Value(IValue(str(v)));
    out += formatValue(v, part.spec, part.value->range);
  }
  return Value(IValue(out));
}

Value Evaluator::attribute(const Value &v, const std::string &name,
                           const Location &at) {
  switch (v.kind) {
  case Value::Kind::Module:
    return moduleAttribute(v, name, at);
  case Value::Kind::PyModule:
    if (auto r = resolvePath(v.name + "." + name))
      return *r;
    throwErrorAt(at, "Kiln knows no '", name, "' in ", v.name);
  case Value::Kind::Super: {
    const Value &self = (*v.items)[0];
    for (const ClassRef *base : v.cls->bases) {
      auto [fn, owner] = findMethod(base, name);
      if (fn) {
        Value m;
        m.kind = Value::Kind::Method;
        m.items = v.items;
        m.fn = fn;
        m.unit = owner->unit;
        m.cls = owner;
        return m;
      }
    }
    if (name == "__init__")
      return Value::builtin("nn.Module.__init__");
    if (self.kind != Value::Kind::Module)
      throwErrorAt(at, "super() of a ", typeName(self));
    Value m;
    m.kind = Value::Kind::Method;
    m.items = v.items;
    m.name = name;
    return m;
  }
  case Value::Kind::Class: {
    auto [fn, owner] = findMethod(v.cls, name);
    if (fn) {
      Value out;
      out.kind = Value::Kind::Function;
      out.fn = fn;
      out.unit = owner->unit;
      out.cls = owner;
      return out;
    }
    // Class-level constants (`expansion = 4`).
    for (const ClassRef *c = v.cls; c;
         c = c->bases.empty() ? nullptr : c->bases[0]) {
      for (const auto &s : c->def->body) {
        const ast::Expr *target = nullptr, *value = nullptr;
        if (auto a = s->as<ast::Assign>(); a && a->targets.size() == 1) {
          target = a->targets[0].get();
          value = a->value.get();
        } else if (auto an = s->as<ast::AnnAssign>(); an && an->value) {
          target = an->target.get();
          value = an->value.get();
        }
        if (target && value && target->isa<ast::Name>() &&
            target->as<ast::Name>()->id == name) {
          Frame globals;
          globals.unit = c->unit;
          return eval(*value, globals);
        }
      }
    }
    throwErrorAt(at, "type object '", v.cls->def->name, "' has no attribute '",
                 name, "'");
  }
  case Value::Kind::Plain:
    if (v.iv.isTensor())
      return tensorAttribute(v, name, at);
    [[fallthrough]];
  default: {
    Value m;
    m.kind = Value::Kind::Method;
    m.items = std::make_shared<Items>(Items{v});
    m.name = name;
    return m;
  }
  }
}

Value Evaluator::subscript(const Value &v, const Value &index,
                           const Location &at) {
  if (v.isSequence() || v.isString() || v.kind == Value::Kind::Module ||
      v.kind == Value::Kind::Range) {
    if (!index.isIntLike())
      throwErrorAt(at, typeName(v), " indices must be integers, not ",
                   typeName(index));
    int64_t i = index.iv.toInt();
    if (v.isString()) {
      const std::string &s = v.iv.toStringRef();
      return Value(IValue(std::string(
          1,
          s[static_cast<size_t>(normalizeIndex(i, s.size(), at, "string"))])));
    }
    if (v.kind == Value::Kind::Range || v.kind == Value::Kind::Module) {
      Items items = iterate(v, at);
      return items[static_cast<size_t>(
          normalizeIndex(i, items.size(), at, typeName(v).c_str()))];
    }
    return (*v.items)[static_cast<size_t>(
        normalizeIndex(i, v.items->size(), at,
                       v.kind == Value::Kind::List ? "list" : "tuple"))];
  }
  if (v.kind == Value::Kind::Dict) {
    for (const auto &[k, val] : v.dict->entries)
      if (equals(k, index, at))
        return val;
    throwErrorAt(at, "KeyError: ", repr(index));
  }
  if (v.isTensor()) {
    Value t = v;
    int64_t dim = 0;
    Items indices =
        index.kind == Value::Kind::Tuple ? *index.items : Items{index};
    for (const Value &ix : indices) {
      Args a;
      if (ix.isIntLike()) {
        a.positional = {t, Value(IValue(dim)), ix};
        t = callOp("aten::select", "Tensor.__getitem__", a, at);
      } else if (ix.isNone()) {
        a.positional = {t, Value(IValue(dim))};
        t = callOp("aten::unsqueeze", "Tensor.__getitem__", a, at);
        ++dim;
      } else {
        throwErrorAt(at, "tensor indices other than ints, slices and None "
                         "are not supported while building modules");
      }
    }
    return t;
  }
  if (v.kind == Value::Kind::Builtin && v.name.starts_with("typing."))
    return v; // List[int] and the like, as values (e.g. in annotations)
  throwErrorAt(at, "'", typeName(v), "' object is not subscriptable");
}

//===--- Operators --------------------------------------------------------===//

Value Evaluator::binary(ast::BinOpKind op, const Value &l, const Value &r,
                        const Location &at, bool inPlace) {
  using B = ast::BinOpKind;
  if (l.isTensor() || r.isTensor()) {
    static const std::pair<B, const char *> ops[] = {
        {B::Add, "add"},
        {B::Sub, "sub"},
        {B::Mul, "mul"},
        {B::Div, "div"},
        {B::MatMul, "matmul"},
        {B::Pow, "pow"},
        {B::FloorDiv, "floor_divide"},
        {B::Mod, "remainder"},
        {B::BitAnd, "bitwise_and"},
        {B::BitOr, "bitwise_or"},
        {B::BitXor, "bitwise_xor"}};
    const char *name = nullptr;
    for (const auto &[k, n] : ops)
      if (k == op)
        name = n;
    if (!name)
      throwErrorAt(at, "unsupported operand types for ", spelling(op), ": '",
                   typeName(l), "' and '", typeName(r), "'");
    Args a;
    std::string kind = std::string("aten::") + name;
    if (l.isTensor()) {
      a.positional = {l, r};
      if (inPlace && op != B::MatMul)
        kind += "_";
    } else if (op == B::Add || op == B::Mul) {
      a.positional = {r, l};
    } else if (op == B::Sub) {
      kind = "aten::rsub";
      a.positional = {r, l};
    } else {
      Args full;
      full.positional = {r, l};
      Value lt = callOp("aten::full_like", "Tensor", full, at);
      a.positional = {lt, r};
    }
    return callOp(kind, std::string("Tensor.") + spelling(op), a, at);
  }
  // Sequences.
  if (op == B::Add && l.kind == r.kind && l.isSequence()) {
    if (inPlace && l.kind == Value::Kind::List) {
      l.items->insert(l.items->end(), r.items->begin(), r.items->end());
      return l;
    }
    Items out = *l.items;
    out.insert(out.end(), r.items->begin(), r.items->end());
    return l.kind == Value::Kind::List ? Value::list(std::move(out))
                                       : Value::tuple(std::move(out));
  }
  if (op == B::Add && l.kind == Value::Kind::List && inPlace) {
    Items more = iterate(r, at);
    l.items->insert(l.items->end(), more.begin(), more.end());
    return l;
  }
  if (op == B::Mul && (((l.isSequence() || l.isString()) && r.isIntLike()) ||
                       ((r.isSequence() || r.isString()) && l.isIntLike()))) {
    const Value &seq = l.isIntLike() ? r : l;
    int64_t n = std::max<int64_t>(0, (l.isIntLike() ? l : r).iv.toInt());
    size_t unit =
        seq.isString() ? seq.iv.toStringRef().size() : seq.items->size();
    if (unit && n > kMaxItems / static_cast<int64_t>(unit))
      throwErrorAt(at, "a sequence of more than ", kMaxItems, " elements");
    if (seq.isString()) {
      std::string out;
      for (int64_t i = 0; i < n; ++i)
        out += seq.iv.toStringRef();
      return Value(IValue(out));
    }
    Items out;
    for (int64_t i = 0; i < n; ++i)
      out.insert(out.end(), seq.items->begin(), seq.items->end());
    return seq.kind == Value::Kind::List ? Value::list(std::move(out))
                                         : Value::tuple(std::move(out));
  }
  if (op == B::Add && l.isString() && r.isString())
    return Value(IValue(l.iv.toStringRef() + r.iv.toStringRef()));
  if (op == B::Mod && l.isString()) {
    // "%d" % x formatting: the simple cases.
    Items args = r.kind == Value::Kind::Tuple ? *r.items : Items{r};
    std::string out;
    const std::string &fmt = l.iv.toStringRef();
    size_t next = 0;
    for (size_t i = 0; i < fmt.size(); ++i) {
      if (fmt[i] != '%') {
        out += fmt[i];
        continue;
      }
      size_t j = i + 1;
      while (j < fmt.size() &&
             !std::isalpha(static_cast<unsigned char>(fmt[j])) && fmt[j] != '%')
        ++j;
      if (j >= fmt.size())
        throwErrorAt(at, "incomplete format");
      if (fmt[j] == '%') {
        out += '%';
      } else {
        if (next >= args.size())
          throwErrorAt(at, "not enough arguments for format string");
        std::string spec = fmt.substr(i + 1, j - i - 1);
        char type = fmt[j] == 'i' ? 'd' : fmt[j];
        out += type == 's' || type == 'r'
                   ? (type == 'r' ? repr(args[next]) : str(args[next]))
                   : formatValue(args[next], spec + type, at);
        ++next;
      }
      i = j;
    }
    return Value(IValue(out));
  }
  if (!l.isNumber() || !r.isNumber())
    throwErrorAt(at, "unsupported operand types for ", spelling(op), ": '",
                 typeName(l), "' and '", typeName(r), "'");
  if (l.isIntLike() && r.isIntLike()) {
    int64_t a = l.iv.toInt(), b = r.iv.toInt();
    switch (op) {
    case B::Add:
      return Value(IValue(checkedInt(addOverflow, a, b, at)));
    case B::Sub:
      return Value(IValue(checkedInt(subOverflow, a, b, at)));
    case B::Mul:
      return Value(IValue(checkedInt(mulOverflow, a, b, at)));
    case B::FloorDiv:
      return Value(IValue(floorDiv(a, b, at)));
    case B::Mod:
      return Value(IValue(floorMod(a, b, at)));
    case B::Div:
      if (b == 0)
        throwErrorAt(at, "ZeroDivisionError: division by zero");
      return Value(IValue(static_cast<double>(a) / static_cast<double>(b)));
    case B::Pow: {
      if (b < 0) {
        if (a == 0)
          throwErrorAt(at, "ZeroDivisionError: 0 cannot be raised to a "
                           "negative power");
        return Value(
            IValue(std::pow(static_cast<double>(a), static_cast<double>(b))));
      }
      // Exponentiation by squaring; overflow is an error.
      int64_t result = 1, base = a;
      for (int64_t e = b; e > 0; e >>= 1) {
        if (e & 1)
          result = checkedInt(mulOverflow, result, base, at);
        if (e > 1)
          base = checkedInt(mulOverflow, base, base, at);
      }
      return Value(IValue(result));
    }
    case B::LShift:
      if (b < 0 || b >= 63)
        throwErrorAt(at, "shift count out of range");
      return Value(IValue(a << b));
    case B::RShift:
      if (b < 0)
        throwErrorAt(at, "negative shift count");
      return Value(IValue(a >> std::min<int64_t>(b, 63)));
    case B::BitAnd:
      return l.isBool() && r.isBool() ? Value(IValue(bool(a & b)))
                                      : Value(IValue(a & b));
    case B::BitOr:
      return l.isBool() && r.isBool() ? Value(IValue(bool(a | b)))
                                      : Value(IValue(a | b));
    case B::BitXor:
      return l.isBool() && r.isBool() ? Value(IValue(bool(a ^ b)))
                                      : Value(IValue(a ^ b));
    case B::MatMul:
      break;
    }
  } else {
    double a = l.iv.toDouble(), b = r.iv.toDouble();
    switch (op) {
    case B::Add:
      return Value(IValue(a + b));
    case B::Sub:
      return Value(IValue(a - b));
    case B::Mul:
      return Value(IValue(a * b));
    case B::Div:
      if (b == 0)
        throwErrorAt(at, "ZeroDivisionError: float division by zero");
      return Value(IValue(a / b));
    case B::FloorDiv:
      if (b == 0)
        throwErrorAt(at, "ZeroDivisionError: float floor division by zero");
      return Value(IValue(std::floor(a / b)));
    case B::Mod:
      return Value(IValue(floatMod(a, b, at)));
    case B::Pow:
      if (a == 0 && b < 0)
        throwErrorAt(at, "ZeroDivisionError: 0.0 cannot be raised to a "
                         "negative power");
      if (a < 0 && b != std::floor(b))
        throwErrorAt(at, "a negative number to a fractional power is "
                         "complex, which Kiln does not support");
      return Value(IValue(std::pow(a, b)));
    default:
      break;
    }
  }
  throwErrorAt(at, "unsupported operand types for ", spelling(op), ": '",
               typeName(l), "' and '", typeName(r), "'");
}

bool Evaluator::equals(const Value &a, const Value &b, const Location &at) {
  if (a.isPlain() && b.isPlain()) {
    if (a.iv.isTensor() || b.iv.isTensor())
      return a.iv.isTensor() && b.iv.isTensor() &&
             a.iv.toTensor().isSame(b.iv.toTensor());
    if (a.iv.isScalar() && b.iv.isScalar())
      return a.iv.toDouble() == b.iv.toDouble() &&
             (a.iv.isDouble() || b.iv.isDouble() ||
              a.iv.toInt() == b.iv.toInt());
    return a.iv.equals(b.iv);
  }
  if (a.kind != b.kind)
    return false;
  switch (a.kind) {
  case Value::Kind::List:
  case Value::Kind::Tuple:
    if (a.items->size() != b.items->size())
      return false;
    for (size_t i = 0; i < a.items->size(); ++i)
      if (!equals((*a.items)[i], (*b.items)[i], at))
        return false;
    return true;
  case Value::Kind::Module:
    return a.module == b.module;
  case Value::Kind::Class:
    return a.cls == b.cls;
  case Value::Kind::Builtin:
  case Value::Kind::PyModule:
    return a.name == b.name;
  case Value::Kind::Function:
    return a.fn == b.fn;
  default:
    return false;
  }
}

Value Evaluator::compare(ast::CmpOpKind op, const Value &l, const Value &r,
                         const Location &at) {
  using C = ast::CmpOpKind;
  switch (op) {
  case C::Is:
  case C::IsNot: {
    bool same;
    if (l.isPlain() && r.isPlain())
      same = l.iv.is(r.iv);
    else if (l.kind != r.kind)
      same = false;
    else if (l.items || r.items)
      same = l.items == r.items;
    else
      same = equals(l, r, at);
    return Value(IValue(op == C::Is ? same : !same));
  }
  case C::In:
  case C::NotIn: {
    bool found = false;
    if (r.isString()) {
      if (!l.isString())
        throwErrorAt(at, "'in <string>' requires a string on the left");
      found = r.iv.toStringRef().find(l.iv.toStringRef()) != std::string::npos;
    } else if (r.kind == Value::Kind::Range && l.isIntLike()) {
      int64_t x = l.iv.toInt();
      found = r.step > 0 ? (x >= r.start && x < r.stop)
                         : (x <= r.start && x > r.stop);
      found = found && (x - r.start) % r.step == 0;
    } else {
      for (const Value &item : iterate(r, at))
        if (equals(l, item, at)) {
          found = true;
          break;
        }
    }
    return Value(IValue(op == C::In ? found : !found));
  }
  case C::Eq:
  case C::NotEq:
    if (l.isTensor() || r.isTensor()) {
      Args a;
      a.positional = l.isTensor() ? Items{l, r} : Items{r, l};
      return callOp(op == C::Eq ? "aten::eq" : "aten::ne", "Tensor.__eq__", a,
                    at);
    }
    return Value(IValue(equals(l, r, at) == (op == C::Eq)));
  default:
    break;
  }
  // Orderings.
  if (l.isTensor() || r.isTensor()) {
    static const std::pair<C, const char *> names[] = {{C::Lt, "aten::lt"},
                                                       {C::LtE, "aten::le"},
                                                       {C::Gt, "aten::gt"},
                                                       {C::GtE, "aten::ge"}};
    static const std::pair<C, C> flipped[] = {
        {C::Lt, C::Gt}, {C::LtE, C::GtE}, {C::Gt, C::Lt}, {C::GtE, C::LtE}};
    C o = op;
    Args a;
    a.positional = {l, r};
    if (!l.isTensor()) {
      for (auto [x, y] : flipped)
        if (x == op)
          o = y;
      a.positional = {r, l};
    }
    for (auto [k, n] : names)
      if (k == o)
        return callOp(n, "Tensor comparison", a, at);
  }
  int cmp = 0;
  if (l.isNumber() && r.isNumber()) {
    double a = l.iv.toDouble(), b = r.iv.toDouble();
    if (std::isnan(a) || std::isnan(b))
      return Value(IValue(false));
    if (l.isIntLike() && r.isIntLike())
      cmp = l.iv.toInt() < r.iv.toInt() ? -1 : l.iv.toInt() > r.iv.toInt();
    else
      cmp = a < b ? -1 : a > b;
  } else if (l.isString() && r.isString()) {
    cmp = l.iv.toStringRef().compare(r.iv.toStringRef());
    cmp = cmp < 0 ? -1 : cmp > 0;
  } else if (l.isSequence() && l.kind == r.kind) {
    size_t n = std::min(l.items->size(), r.items->size());
    size_t i = 0;
    while (i < n && equals((*l.items)[i], (*r.items)[i], at))
      ++i;
    if (i < n) {
      return compare(op, (*l.items)[i], (*r.items)[i], at);
    }
    cmp = l.items->size() < r.items->size() ? -1
                                            : l.items->size() > r.items->size();
  } else {
    throwErrorAt(at, "'", spelling(op), "' is not supported between '",
                 typeName(l), "' and '", typeName(r), "'");
  }
  bool out = op == C::Lt    ? cmp < 0
             : op == C::LtE ? cmp <= 0
             : op == C::Gt  ? cmp > 0
                            : cmp >= 0;
  return Value(IValue(out));
}

} // namespace kiln::eval
