//===- EvaluatorOperators.cpp - Python operators and formatting
//-------------===//
//
// Numbers follow Python (// and % floor, / is true division, ints do not
// silently overflow: an overflow is an error); sequences concatenate and
// repeat; tensors go to the aten ops; comparisons chain; format specs.
//
//===----------------------------------------------------------------------===//
#include "frontend/Evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kiln::eval {

namespace {

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
