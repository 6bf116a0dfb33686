//===- EvaluatorBuiltins.cpp - Python's builtins, math, methods -----------===//
//
// len, range, min, max, int, float, isinstance, zip, enumerate, ... ; the
// math module; methods of lists, dicts and strings. Module methods live in
// ModuleBuilder.cpp, tensor methods in EvaluatorOps.cpp.
//
//===----------------------------------------------------------------------===//
#include "frontend/Evaluator.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kiln::eval {

namespace {

void expectArgs(const std::string &name, const Evaluator::Args &args,
                size_t min, size_t max, const Location &at) {
  size_t n = args.positional.size();
  if (n < min || n > max) {
    if (min == max)
      throwErrorAt(at, name, "() takes ", min, " argument", min == 1 ? "" : "s",
                   " (", n, " given)");
    throwErrorAt(at, name, "() takes from ", min, " to ", max, " arguments (",
                 n, " given)");
  }
}

void noKeywords(const std::string &name, const Evaluator::Args &args,
                const Location &at) {
  if (!args.keywords.empty())
    throwErrorAt(args.keywords[0].range.valid() ? args.keywords[0].range : at,
                 name, "() takes no keyword argument '", args.keywords[0].name,
                 "'");
}

/// The keyword `name`, removed from args, or nullopt.
std::optional<Value> takeKeyword(Evaluator::Args &args,
                                 const std::string &name) {
  for (auto it = args.keywords.begin(); it != args.keywords.end(); ++it)
    if (it->name == name) {
      Value v = std::move(it->value);
      args.keywords.erase(it);
      return v;
    }
  return std::nullopt;
}

int64_t intArg(const std::string &fn, const Value &v, const Location &at) {
  if (!v.isIntLike())
    throwErrorAt(at, fn, "() expects an int, not ", typeName(v));
  return v.iv.toInt();
}

double floatArg(const std::string &fn, const Value &v, const Location &at) {
  if (!v.isNumber())
    throwErrorAt(at, fn, "() expects a number, not ", typeName(v));
  return v.iv.toDouble();
}

int64_t toIntChecked(double d, const Location &at) {
  if (!std::isfinite(d))
    throwErrorAt(at, "cannot convert ", d, " to an int");
  if (d >= 9.2233720368547758e18 || d < -9.2233720368547758e18)
    throwErrorAt(at, "integer overflow (Kiln's ints are 64-bit)");
  return static_cast<int64_t>(d);
}

} // namespace

Value Evaluator::callBuiltin(const std::string &name, Args args,
                             const Location &at) {
  auto &pos = args.positional;
  if (name.starts_with("aten::")) {
    std::string shown = "torch." + name.substr(6);
    return callOp(name, shown, std::move(args), at);
  }
  if (name.starts_with("exc.")) {
    noKeywords(name.substr(4), args, at);
    Value e = Value::builtin(name);
    e.items = std::make_shared<Items>(pos);
    return e;
  }
  if (name == "nn.Module.__init__") {
    if (!pos.empty() || !args.keywords.empty())
      throwErrorAt(at, "nn.Module.__init__() takes no arguments");
    return Value::none();
  }
  if (name == "nn.Parameter") {
    std::optional<Value> data = takeKeyword(args, "data");
    std::optional<Value> grad = takeKeyword(args, "requires_grad");
    noKeywords("nn.Parameter", args, at);
    if (pos.size() > (data ? 0u : 2u) || (pos.size() == 2 && grad))
      throwErrorAt(at, "nn.Parameter() takes data and requires_grad");
    if (!data && !pos.empty())
      data = pos[0];
    if (!grad && pos.size() == 2)
      grad = pos[1];
    if (grad && !grad->isBool())
      throwErrorAt(at, "nn.Parameter(): requires_grad must be a bool");
    if (!data || !data->isTensor())
      throwErrorAt(at, "nn.Parameter() needs a tensor, not ",
                   data ? typeName(*data) : "nothing");
    Value p = *data;
    p.parameter = true;
    return p;
  }
  if (name == "nn.Module")
    throwErrorAt(at, "an nn.Module by itself has no use; derive a class "
                     "from it");
  if (name.starts_with("math.")) {
    std::string fn = name.substr(5);
    noKeywords(name, args, at);
    auto unary = [&](double (*f)(double)) {
      expectArgs(name, args, 1, 1, at);
      return Value(IValue(f(floatArg(name, pos[0], at))));
    };
    if (fn == "sqrt") {
      expectArgs(name, args, 1, 1, at);
      double x = floatArg(name, pos[0], at);
      if (x < 0)
        throwErrorAt(at, "ValueError: math domain error (sqrt of ", x, ")");
      return Value(IValue(std::sqrt(x)));
    }
    if (fn == "log" || fn == "log2" || fn == "log10") {
      expectArgs(name, args, 1, fn == "log" ? 2 : 1, at);
      double x = floatArg(name, pos[0], at);
      if (x <= 0)
        throwErrorAt(at, "ValueError: math domain error (log of ", x, ")");
      double r = fn == "log2"    ? std::log2(x)
                 : fn == "log10" ? std::log10(x)
                                 : std::log(x);
      if (pos.size() == 2) {
        double base = floatArg(name, pos[1], at);
        if (base <= 0 || base == 1)
          throwErrorAt(at, "ValueError: math domain error (log base ", base,
                       ")");
        r /= std::log(base);
      }
      return Value(IValue(r));
    }
    if (fn == "floor" || fn == "ceil" || fn == "trunc") {
      expectArgs(name, args, 1, 1, at);
      if (pos[0].isIntLike())
        return Value(IValue(pos[0].iv.toInt()));
      double x = floatArg(name, pos[0], at);
      double r = fn == "floor"  ? std::floor(x)
                 : fn == "ceil" ? std::ceil(x)
                                : std::trunc(x);
      return Value(IValue(toIntChecked(r, at)));
    }
    if (fn == "exp")
      return unary([](double x) { return std::exp(x); });
    if (fn == "sin")
      return unary([](double x) { return std::sin(x); });
    if (fn == "cos")
      return unary([](double x) { return std::cos(x); });
    if (fn == "tan")
      return unary([](double x) { return std::tan(x); });
    if (fn == "atan")
      return unary([](double x) { return std::atan(x); });
    if (fn == "tanh")
      return unary([](double x) { return std::tanh(x); });
    if (fn == "fabs")
      return unary([](double x) { return std::fabs(x); });
    if (fn == "erf")
      return unary([](double x) { return std::erf(x); });
    if (fn == "isnan" || fn == "isinf" || fn == "isfinite") {
      expectArgs(name, args, 1, 1, at);
      double x = floatArg(name, pos[0], at);
      return Value(IValue(fn == "isnan"   ? std::isnan(x)
                          : fn == "isinf" ? std::isinf(x)
                                          : std::isfinite(x)));
    }
    if (fn == "pow" || fn == "atan2" || fn == "copysign" || fn == "hypot") {
      expectArgs(name, args, 2, 2, at);
      double a = floatArg(name, pos[0], at), b = floatArg(name, pos[1], at);
      double r = fn == "pow"     ? std::pow(a, b)
                 : fn == "atan2" ? std::atan2(a, b)
                 : fn == "hypot" ? std::hypot(a, b)
                                 : std::copysign(a, b);
      return Value(IValue(r));
    }
    if (fn == "gcd") {
      expectArgs(name, args, 2, 2, at);
      return Value(
          IValue(std::gcd(intArg(name, pos[0], at), intArg(name, pos[1], at))));
    }
    if (fn == "factorial") {
      expectArgs(name, args, 1, 1, at);
      int64_t n = intArg(name, pos[0], at);
      if (n < 0 || n > 20)
        throwErrorAt(at, "math.factorial(", n, ") is out of range");
      int64_t r = 1;
      for (int64_t i = 2; i <= n; ++i)
        r *= i;
      return Value(IValue(r));
    }
    if (fn == "prod") {
      expectArgs(name, args, 1, 1, at);
      Value r(IValue(int64_t{1}));
      for (const Value &x : iterate(pos[0], at))
        r = binary(ast::BinOpKind::Mul, r, x, at);
      return r;
    }
    if (fn == "isclose") {
      expectArgs(name, args, 2, 2, at);
      double a = floatArg(name, pos[0], at), b = floatArg(name, pos[1], at);
      return Value(IValue(std::fabs(a - b) <=
                          1e-9 * std::max(std::fabs(a), std::fabs(b))));
    }
    throwErrorAt(at, name, " is not supported");
  }
  if (name.starts_with("typing.") || name == "torch.Tensor")
    throwErrorAt(at, name, " cannot be called");

  // Python's builtins.
  if (name == "print")
    return Value::none(); // construction-time prints are dropped
  if (name == "len") {
    noKeywords(name, args, at);
    expectArgs(name, args, 1, 1, at);
    const Value &v = pos[0];
    if (v.isString())
      return Value(IValue(static_cast<int64_t>(v.iv.toStringRef().size())));
    if (v.isTensor()) {
      const Tensor &t = v.iv.toTensor();
      if (t.dim() == 0)
        throwErrorAt(at, "len() of a 0-d tensor");
      return Value(IValue(t.size(0)));
    }
    if (v.kind == Value::Kind::Dict)
      return Value(IValue(static_cast<int64_t>(v.dict->entries.size())));
    if (v.isSequence())
      return Value(IValue(static_cast<int64_t>(v.items->size())));
    if (v.kind == Value::Kind::Range || v.kind == Value::Kind::Module)
      return Value(IValue(static_cast<int64_t>(iterate(v, at).size())));
    throwErrorAt(at, "object of type '", typeName(v), "' has no len()");
  }
  if (name == "range") {
    noKeywords(name, args, at);
    expectArgs(name, args, 1, 3, at);
    Value r;
    r.kind = Value::Kind::Range;
    if (pos.size() == 1) {
      r.stop = intArg(name, pos[0], at);
    } else {
      r.start = intArg(name, pos[0], at);
      r.stop = intArg(name, pos[1], at);
      if (pos.size() == 3)
        r.step = intArg(name, pos[2], at);
    }
    if (r.step == 0)
      throwErrorAt(at, "ValueError: range() arg 3 must not be zero");
    return r;
  }
  if (name == "min" || name == "max") {
    noKeywords(name, args, at);
    if (pos.empty())
      throwErrorAt(at, name, "() expects at least one argument");
    Items items = pos.size() == 1 ? iterate(pos[0], at) : pos;
    if (items.empty())
      throwErrorAt(at, "ValueError: ", name, "() arg is an empty sequence");
    Value best = items[0];
    for (size_t i = 1; i < items.size(); ++i) {
      auto op = name == "min" ? ast::CmpOpKind::Lt : ast::CmpOpKind::Gt;
      if (truthy(compare(op, items[i], best, at), at))
        best = items[i];
    }
    return best;
  }
  if (name == "abs") {
    expectArgs(name, args, 1, 1, at);
    const Value &v = pos[0];
    if (v.isIntLike()) {
      int64_t x = v.iv.toInt();
      if (x == INT64_MIN)
        throwErrorAt(at, "integer overflow (Kiln's ints are 64-bit)");
      return Value(IValue(x < 0 ? -x : x));
    }
    if (v.isDouble())
      return Value(IValue(std::fabs(v.iv.toDouble())));
    if (v.isTensor())
      return callOp("aten::abs", "abs", std::move(args), at);
    throwErrorAt(at, "bad operand type for abs(): '", typeName(v), "'");
  }
  if (name == "int" || name == "float" || name == "bool" || name == "str") {
    noKeywords(name, args, at);
    expectArgs(name, args, 0, 1, at);
    if (pos.empty())
      return name == "int"     ? Value(IValue(int64_t{0}))
             : name == "float" ? Value(IValue(0.0))
             : name == "bool"  ? Value(IValue(false))
                               : Value(IValue(std::string()));
    Value v = pos[0];
    if (name == "str")
      return Value(IValue(str(v)));
    if (name == "bool")
      return Value(IValue(truthy(v, at)));
    if (v.isTensor()) {
      const Tensor &t = v.iv.toTensor();
      if (t.numel() != 1)
        throwErrorAt(at, "only one-element tensors convert to ", name);
      Scalar s = t.item();
      v = s.isFloat()  ? Value(IValue(s.toDouble()))
          : s.isBool() ? Value(IValue(s.toBool()))
                       : Value(IValue(s.toInt()));
    }
    if (v.isString()) {
      const std::string &s = v.iv.toStringRef();
      try {
        size_t used = 0;
        if (name == "int") {
          int64_t x = std::stoll(s, &used);
          if (used == s.size())
            return Value(IValue(x));
        } else {
          double x = std::stod(s, &used);
          if (used == s.size())
            return Value(IValue(x));
        }
      } catch (const std::exception &) {
      }
      throwErrorAt(at, "ValueError: invalid literal for ", name, "(): '", s,
                   "'");
    }
    if (!v.isNumber())
      throwErrorAt(at, name, "() argument must be a number or string, not '",
                   typeName(v), "'");
    if (name == "int")
      return v.isDouble() ? Value(IValue(toIntChecked(v.iv.toDouble(), at)))
                          : Value(IValue(v.iv.toInt()));
    return Value(IValue(v.iv.toDouble()));
  }
  if (name == "list" || name == "tuple") {
    noKeywords(name, args, at);
    expectArgs(name, args, 0, 1, at);
    Items items = pos.empty() ? Items{} : iterate(pos[0], at);
    return name == "list" ? Value::list(std::move(items))
                          : Value::tuple(std::move(items));
  }
  if (name == "dict") {
    Value d;
    d.kind = Value::Kind::Dict;
    d.dict = std::make_shared<Value::DictData>();
    expectArgs(name, args, 0, 1, at);
    if (!pos.empty()) {
      for (const Value &pair : iterate(pos[0], at)) {
        Items kv = iterate(pair, at);
        if (kv.size() != 2)
          throwErrorAt(at, "dict() needs pairs");
        d.dict->entries.emplace_back(kv[0], kv[1]);
      }
    }
    for (auto &kw : args.keywords)
      d.dict->entries.emplace_back(Value(IValue(kw.name)), kw.value);
    return d;
  }
  if (name == "isinstance") {
    noKeywords(name, args, at);
    expectArgs(name, args, 2, 2, at);
    const Value &v = pos[0];
    Items types =
        pos[1].kind == Value::Kind::Tuple ? *pos[1].items : Items{pos[1]};
    for (const Value &t : types) {
      if (t.kind == Value::Kind::Class) {
        if (v.kind == Value::Kind::Module && isInstance(v, *t.cls))
          return Value(IValue(true));
        continue;
      }
      if (t.kind != Value::Kind::Builtin)
        throwErrorAt(at,
                     "isinstance() arg 2 must be a type or a tuple of "
                     "types, not ",
                     typeName(t));
      const std::string &n = t.name;
      bool yes = (n == "int" && v.isIntLike()) ||
                 (n == "float" && v.isDouble()) ||
                 (n == "bool" && v.isBool()) || (n == "str" && v.isString()) ||
                 ((n == "list" || n == "typing.List") &&
                  v.kind == Value::Kind::List) ||
                 ((n == "tuple" || n == "typing.Tuple") &&
                  v.kind == Value::Kind::Tuple) ||
                 ((n == "dict" || n == "typing.Dict") &&
                  v.kind == Value::Kind::Dict) ||
                 (n == "torch.Tensor" && v.isTensor()) ||
                 (n == "nn.Parameter" && v.isTensor() && v.parameter) ||
                 (n == "nn.Module" && v.kind == Value::Kind::Module);
      if (yes)
        return Value(IValue(true));
    }
    return Value(IValue(false));
  }
  if (name == "zip") {
    noKeywords(name, args, at);
    std::vector<Items> lists;
    size_t n = SIZE_MAX;
    for (const Value &v : pos) {
      lists.push_back(iterate(v, at));
      n = std::min(n, lists.back().size());
    }
    Items out;
    for (size_t i = 0; i < (lists.empty() ? 0 : n); ++i) {
      Items t;
      for (const Items &l : lists)
        t.push_back(l[i]);
      out.push_back(Value::tuple(std::move(t)));
    }
    return Value::list(std::move(out));
  }
  if (name == "enumerate") {
    std::optional<Value> start = takeKeyword(args, "start");
    noKeywords(name, args, at);
    expectArgs(name, args, 1, start ? 1 : 2, at);
    int64_t i = pos.size() == 2 ? intArg(name, pos[1], at)
                : start         ? intArg(name, *start, at)
                                : 0;
    Items out;
    for (Value &v : iterate(pos[0], at))
      out.push_back(Value::tuple({Value(IValue(i++)), std::move(v)}));
    return Value::list(std::move(out));
  }
  if (name == "reversed" || name == "sorted") {
    std::optional<Value> reverse = takeKeyword(args, "reverse");
    noKeywords(name, args, at);
    expectArgs(name, args, 1, 1, at);
    Items items = iterate(pos[0], at);
    if (name == "sorted") {
      std::stable_sort(
          items.begin(), items.end(), [&](const Value &a, const Value &b) {
            return truthy(compare(ast::CmpOpKind::Lt, a, b, at), at);
          });
      if (!reverse || !truthy(*reverse, at))
        return Value::list(std::move(items));
    }
    std::reverse(items.begin(), items.end());
    return Value::list(std::move(items));
  }
  if (name == "sum") {
    noKeywords(name, args, at);
    expectArgs(name, args, 1, 2, at);
    Value total = pos.size() == 2 ? pos[1] : Value(IValue(int64_t{0}));
    for (const Value &v : iterate(pos[0], at))
      total = binary(ast::BinOpKind::Add, total, v, at);
    return total;
  }
  if (name == "any" || name == "all") {
    expectArgs(name, args, 1, 1, at);
    bool isAny = name == "any";
    for (const Value &v : iterate(pos[0], at))
      if (truthy(v, at) == isAny)
        return Value(IValue(isAny));
    return Value(IValue(!isAny));
  }
  if (name == "round") {
    expectArgs(name, args, 1, 2, at);
    if (pos[0].isIntLike())
      return Value(IValue(pos[0].iv.toInt()));
    double x = floatArg(name, pos[0], at);
    if (pos.size() == 1 || pos[1].isNone())
      return Value(IValue(toIntChecked(std::nearbyint(x), at)));
    double scale =
        std::pow(10.0, static_cast<double>(intArg(name, pos[1], at)));
    return Value(IValue(std::nearbyint(x * scale) / scale));
  }
  if (name == "divmod") {
    expectArgs(name, args, 2, 2, at);
    return Value::tuple({binary(ast::BinOpKind::FloorDiv, pos[0], pos[1], at),
                         binary(ast::BinOpKind::Mod, pos[0], pos[1], at)});
  }
  if (name == "pow") {
    expectArgs(name, args, 2, 2, at);
    return binary(ast::BinOpKind::Pow, pos[0], pos[1], at);
  }
  if (name == "getattr" || name == "hasattr") {
    expectArgs(name, args, 2, name == "getattr" ? 3 : 2, at);
    if (!pos[1].isString())
      throwErrorAt(at, name, "(): attribute name must be a string");
    try {
      Value v = attribute(pos[0], pos[1].iv.toStringRef(), at);
      return name == "hasattr" ? Value(IValue(true)) : v;
    } catch (const CompileError &) {
      if (name == "hasattr")
        return Value(IValue(false));
      if (pos.size() == 3)
        return pos[2];
      throw;
    }
  }
  if (name == "setattr") {
    expectArgs(name, args, 3, 3, at);
    if (!pos[1].isString() || pos[0].kind != Value::Kind::Module)
      throwErrorAt(at, "setattr() needs a module and an attribute name");
    setModuleAttribute(pos[0], pos[1].iv.toStringRef(), pos[2], at);
    return Value::none();
  }
  throwErrorAt(at, "'", name, "' is not supported while building modules");
}

Value Evaluator::callMethod(const Value &self, const std::string &name,
                            Args args, const Location &at) {
  auto &pos = args.positional;
  if (self.kind == Value::Kind::Module)
    return callModuleMethod(self, name, std::move(args), at);
  if (self.isTensor())
    return callTensorMethod(self, name, std::move(args), at);
  std::string shown = typeName(self) + "." + name;
  if (self.kind == Value::Kind::List) {
    Items &items = *self.items;
    noKeywords(shown, args, at);
    if (name == "append") {
      expectArgs(shown, args, 1, 1, at);
      items.push_back(pos[0]);
      return Value::none();
    }
    if (name == "extend") {
      expectArgs(shown, args, 1, 1, at);
      Items more = iterate(pos[0], at);
      items.insert(items.end(), more.begin(), more.end());
      return Value::none();
    }
    if (name == "insert") {
      expectArgs(shown, args, 2, 2, at);
      int64_t n = static_cast<int64_t>(items.size());
      int64_t i = intArg(shown, pos[0], at);
      i = std::clamp<int64_t>(i < 0 ? i + n : i, 0, n);
      items.insert(items.begin() + i, pos[1]);
      return Value::none();
    }
    if (name == "pop") {
      expectArgs(shown, args, 0, 1, at);
      if (items.empty())
        throwErrorAt(at, "IndexError: pop from empty list");
      int64_t i = pos.empty() ? -1 : intArg(shown, pos[0], at);
      int64_t n = static_cast<int64_t>(items.size());
      if (i < 0)
        i += n;
      if (i < 0 || i >= n)
        throwErrorAt(at, "IndexError: pop index out of range");
      Value v = items[static_cast<size_t>(i)];
      items.erase(items.begin() + i);
      return v;
    }
    if (name == "reverse") {
      std::reverse(items.begin(), items.end());
      return Value::none();
    }
    if (name == "clear") {
      items.clear();
      return Value::none();
    }
    if (name == "copy")
      return Value::list(items);
    if (name == "remove") {
      expectArgs(shown, args, 1, 1, at);
      for (auto it = items.begin(); it != items.end(); ++it)
        if (equals(*it, pos[0], at)) {
          items.erase(it);
          return Value::none();
        }
      throwErrorAt(at, "ValueError: list.remove(x): x not in list");
    }
  }
  if (self.isSequence() && (name == "index" || name == "count")) {
    expectArgs(shown, args, 1, 1, at);
    int64_t count = 0;
    for (size_t i = 0; i < self.items->size(); ++i)
      if (equals((*self.items)[i], pos[0], at)) {
        if (name == "index")
          return Value(IValue(static_cast<int64_t>(i)));
        ++count;
      }
    if (name == "index")
      throwErrorAt(at, "ValueError: ", repr(pos[0]), " is not in the ",
                   typeName(self));
    return Value(IValue(count));
  }
  if (self.kind == Value::Kind::Dict) {
    auto &entries = self.dict->entries;
    if (name == "items" || name == "keys" || name == "values") {
      Items out;
      for (const auto &[k, v] : entries)
        out.push_back(name == "items"  ? Value::tuple({k, v})
                      : name == "keys" ? k
                                       : v);
      return Value::list(std::move(out));
    }
    if (name == "get") {
      expectArgs(shown, args, 1, 2, at);
      for (const auto &[k, v] : entries)
        if (equals(k, pos[0], at))
          return v;
      return pos.size() == 2 ? pos[1] : Value::none();
    }
  }
  if (self.isString()) {
    const std::string &s = self.iv.toStringRef();
    if (name == "format") {
      std::string out;
      size_t next = 0;
      for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '{') {
          out += '{';
          ++i;
        } else if (s[i] == '}' && i + 1 < s.size() && s[i + 1] == '}') {
          out += '}';
          ++i;
        } else if (s[i] == '{') {
          size_t close = s.find('}', i);
          if (close == std::string::npos)
            throwErrorAt(at, "ValueError: single '{' in format string");
          std::string field = s.substr(i + 1, close - i - 1);
          std::string spec;
          if (size_t colon = field.find(':'); colon != std::string::npos) {
            spec = field.substr(colon + 1);
            field = field.substr(0, colon);
          }
          const Value *v = nullptr;
          if (field.empty()) {
            if (next >= pos.size())
              throwErrorAt(at, "IndexError: format needs more arguments");
            v = &pos[next++];
          } else if (std::isdigit(static_cast<unsigned char>(field[0]))) {
            size_t k = std::stoul(field);
            if (k >= pos.size())
              throwErrorAt(at, "IndexError: format needs more arguments");
            v = &pos[k];
          } else {
            for (const auto &kw : args.keywords)
              if (kw.name == field)
                v = &kw.value;
            if (!v)
              throwErrorAt(at, "KeyError: '", field, "'");
          }
          out += formatValue(*v, spec, at);
          i = close;
        } else {
          out += s[i];
        }
      }
      return Value(IValue(out));
    }
    if (name == "join") {
      expectArgs(shown, args, 1, 1, at);
      std::string out;
      bool first = true;
      for (const Value &v : iterate(pos[0], at)) {
        if (!v.isString())
          throwErrorAt(at, "str.join() expects strings, not ", typeName(v));
        out += (first ? "" : s) + v.iv.toStringRef();
        first = false;
      }
      return Value(IValue(out));
    }
    if (name == "upper" || name == "lower") {
      std::string out = s;
      for (char &c : out)
        c = static_cast<char>(name == "upper" ? std::toupper(c)
                                              : std::tolower(c));
      return Value(IValue(out));
    }
    if (name == "startswith" || name == "endswith") {
      expectArgs(shown, args, 1, 1, at);
      if (!pos[0].isString())
        throwErrorAt(at, shown, "() expects a string");
      const std::string &x = pos[0].iv.toStringRef();
      return Value(
          IValue(name == "startswith" ? s.starts_with(x) : s.ends_with(x)));
    }
    if (name == "strip") {
      size_t b = s.find_first_not_of(" \t\n\r");
      size_t e = s.find_last_not_of(" \t\n\r");
      return Value(IValue(b == std::string::npos ? std::string()
                                                 : s.substr(b, e - b + 1)));
    }
    if (name == "replace") {
      expectArgs(shown, args, 2, 2, at);
      if (!pos[0].isString() || !pos[1].isString())
        throwErrorAt(at, shown, "() expects strings");
      const std::string &from = pos[0].iv.toStringRef(),
                        &to = pos[1].iv.toStringRef();
      if (from.empty())
        throwErrorAt(at, shown, "() with an empty pattern is not supported");
      std::string out;
      size_t i = 0;
      for (size_t j; (j = s.find(from, i)) != std::string::npos;
           i = j + from.size())
        out += s.substr(i, j - i) + to;
      return Value(IValue(out + s.substr(i)));
    }
    if (name == "split") {
      expectArgs(shown, args, 0, 1, at);
      Items out;
      if (pos.empty()) {
        size_t i = 0;
        while (i < s.size()) {
          while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
          size_t j = i;
          while (j < s.size() &&
                 !std::isspace(static_cast<unsigned char>(s[j])))
            ++j;
          if (j > i)
            out.emplace_back(IValue(s.substr(i, j - i)));
          i = j;
        }
      } else {
        if (!pos[0].isString() || pos[0].iv.toStringRef().empty())
          throwErrorAt(at, shown, "() expects a non-empty separator");
        const std::string &sep = pos[0].iv.toStringRef();
        size_t i = 0;
        for (size_t j; (j = s.find(sep, i)) != std::string::npos;
             i = j + sep.size())
          out.emplace_back(IValue(s.substr(i, j - i)));
        out.emplace_back(IValue(s.substr(i)));
      }
      return Value::list(std::move(out));
    }
  }
  throwErrorAt(at, "'", typeName(self), "' object has no attribute '", name,
               "'");
}

} // namespace kiln::eval
