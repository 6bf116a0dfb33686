//===- ConstantFolding.cpp ------------------------------------------------===//
#include "passes/ConstantFolding.h"

#include "ir/IR.h"

#include <cmath>
#include <string_view>

namespace kiln {

namespace {

using Results = std::optional<std::vector<ConstantValue>>;

Results one(ConstantValue v) {
  return std::vector<ConstantValue>{std::move(v)};
}

// An int, float or bool operand; bools count as ints, as in the Scalar
// overloads.
struct Number {
  bool isInt;
  int64_t i;
  double d;
  double asDouble() const { return isInt ? static_cast<double>(i) : d; }
};

std::optional<Number> numberOf(const ConstantValue &c) {
  if (auto *b = std::get_if<bool>(&c))
    return Number{true, *b ? 1 : 0, 0};
  if (auto *i = std::get_if<int64_t>(&c))
    return Number{true, *i, 0};
  if (auto *d = std::get_if<double>(&c))
    return Number{false, 0, *d};
  return std::nullopt;
}

// Two's-complement wrapping, as the runtime's ints (no signed overflow UB).
int64_t wrap(uint64_t v) { return static_cast<int64_t>(v); }
int64_t wrapAdd(int64_t a, int64_t b) {
  return wrap(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t wrapSub(int64_t a, int64_t b) {
  return wrap(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
int64_t wrapMul(int64_t a, int64_t b) {
  return wrap(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

// Python's // and % on ints; b != 0.
int64_t floorDiv(int64_t a, int64_t b) {
  if (b == -1)
    return wrapSub(0, a);
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
int64_t floorMod(int64_t a, int64_t b) {
  if (b == -1)
    return 0;
  int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

Results arithmetic(std::string_view op, Number a, Number b) {
  bool ints = a.isInt && b.isInt;
  if (op == "div") {
    if (b.asDouble() == 0)
      return std::nullopt;
    return one(a.asDouble() / b.asDouble());
  }
  if (ints) {
    if (op == "add")
      return one(wrapAdd(a.i, b.i));
    if (op == "sub")
      return one(wrapSub(a.i, b.i));
    if (op == "mul")
      return one(wrapMul(a.i, b.i));
    if (b.i == 0)
      return std::nullopt; // ZeroDivisionError at run time
    if (op == "floordiv")
      return one(floorDiv(a.i, b.i));
    if (op == "remainder")
      return one(floorMod(a.i, b.i));
    return std::nullopt;
  }
  double x = a.asDouble(), y = b.asDouble();
  if (op == "add")
    return one(x + y);
  if (op == "sub")
    return one(x - y);
  if (op == "mul")
    return one(x * y);
  if (y == 0)
    return std::nullopt; // inf / nan: left to the runtime, which knows
  if (op == "floordiv")
    return one(std::floor(x / y));
  if (op == "remainder")
    return one(std::fmod(y + std::fmod(x, y), y));
  return std::nullopt;
}

template <typename T>
bool compare(std::string_view op, const T &a, const T &b) {
  if (op == "eq")
    return a == b;
  if (op == "ne")
    return a != b;
  if (op == "lt")
    return a < b;
  if (op == "le")
    return a <= b;
  if (op == "gt")
    return a > b;
  return a >= b;
}

bool isComparison(std::string_view op) {
  return op == "eq" || op == "ne" || op == "lt" || op == "le" || op == "gt" ||
         op == "ge";
}

Results comparison(std::string_view op, const ConstantValue &a,
                   const ConstantValue &b) {
  auto x = numberOf(a), y = numberOf(b);
  if (x && y) {
    if (x->isInt && y->isInt)
      return one(compare(op, x->i, y->i));
    return one(compare(op, x->asDouble(), y->asDouble()));
  }
  auto *s = std::get_if<std::string>(&a);
  auto *t = std::get_if<std::string>(&b);
  if (s && t)
    return one(compare(op, *s, *t));
  if (op != "eq" && op != "ne")
    return std::nullopt;
  // Lists of ints, bools and strings (not floats: nan != nan).
  if (a.index() != b.index())
    return std::nullopt;
  bool equal;
  if (auto *ints = std::get_if<std::vector<int64_t>>(&a))
    equal = *ints == std::get<std::vector<int64_t>>(b);
  else if (auto *bools = std::get_if<std::vector<bool>>(&a))
    equal = *bools == std::get<std::vector<bool>>(b);
  else if (auto *strs = std::get_if<std::vector<std::string>>(&a))
    equal = *strs == std::get<std::vector<std::string>>(b);
  else
    return std::nullopt;
  return one(op == "eq" ? equal : !equal);
}

// The number of items of a list constant.
std::optional<int64_t> listLength(const ConstantValue &c) {
  return std::visit(
      [](const auto &x) -> std::optional<int64_t> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::vector<int64_t>> ||
                      std::is_same_v<T, std::vector<double>> ||
                      std::is_same_v<T, std::vector<bool>> ||
                      std::is_same_v<T, std::vector<std::string>>)
          return static_cast<int64_t>(x.size());
        else
          return std::nullopt;
      },
      c);
}

// Item i (already in range) of a list constant.
ConstantValue listItem(const ConstantValue &c, size_t i) {
  return std::visit(
      [i](const auto &x) -> ConstantValue {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::vector<int64_t>> ||
                      std::is_same_v<T, std::vector<double>> ||
                      std::is_same_v<T, std::vector<std::string>>)
          return x[i];
        else if constexpr (std::is_same_v<T, std::vector<bool>>)
          return static_cast<bool>(x[i]);
        else
          return NoneConstant{};
      },
      c);
}

// Python's index normalization; nullopt when out of range.
std::optional<size_t> normalizeIndex(int64_t index, int64_t size) {
  if (index < 0)
    index += size;
  if (index < 0 || index >= size)
    return std::nullopt;
  return static_cast<size_t>(index);
}

Results listConstruct(const Node &node, std::span<const ConstantValue> inputs) {
  const auto *list = node.output()->type()->cast<ListType>();
  if (!list)
    return std::nullopt;
  auto collect = [&](auto tag) -> Results {
    using T = decltype(tag);
    std::vector<T> items;
    for (const ConstantValue &c : inputs) {
      auto *x = std::get_if<T>(&c);
      if (!x)
        return std::nullopt;
      items.push_back(*x);
    }
    return one(std::move(items));
  };
  switch (list->element()->kind()) {
  case TypeKind::Int:
    return collect(int64_t{});
  case TypeKind::Float:
    return collect(double{});
  case TypeKind::Bool:
    return collect(bool{});
  case TypeKind::Str:
    return collect(std::string{});
  default:
    return std::nullopt; // no constant holds a list of tensors
  }
}

Results tupleOps(const Node &node, std::span<const ConstantValue> inputs) {
  Symbol kind = node.kind();
  if (kind == prim::TupleConstruct) {
    auto tuple = std::make_shared<ConstantTuple>();
    tuple->items.assign(inputs.begin(), inputs.end());
    return one(std::shared_ptr<const ConstantTuple>(std::move(tuple)));
  }
  auto *tuple = std::get_if<std::shared_ptr<const ConstantTuple>>(&inputs[0]);
  if (!tuple)
    return std::nullopt;
  const std::vector<ConstantValue> &items = (*tuple)->items;
  if (kind == prim::TupleUnpack) {
    if (items.size() != node.outputs().size())
      return std::nullopt;
    return items;
  }
  auto *index = std::get_if<int64_t>(&inputs[1]);
  if (!index)
    return std::nullopt;
  auto i = normalizeIndex(*index, static_cast<int64_t>(items.size()));
  if (!i)
    return std::nullopt;
  return one(items[*i]);
}

// int(x) of a float: truncation; nan, inf and out-of-range values raise.
std::optional<int64_t> floatToInt(double d) {
  if (!std::isfinite(d) || d >= 9223372036854775808.0 ||
      d < -9223372036854775808.0)
    return std::nullopt;
  return static_cast<int64_t>(d);
}

Results conversion(std::string_view op, const ConstantValue &c) {
  auto n = numberOf(c);
  if (!n)
    return std::nullopt;
  if (op == "Bool")
    return one(n->isInt ? n->i != 0 : n->d != 0);
  if (op == "Float")
    return one(n->asDouble());
  if (n->isInt)
    return one(n->i);
  if (auto i = floatToInt(n->d))
    return one(*i);
  return std::nullopt;
}

Results tensorQuery(std::string_view op, const Tensor &t,
                    std::span<const ConstantValue> inputs) {
  if (op == "dim")
    return one(t.dim());
  if (op == "numel")
    return one(t.numel());
  if (op != "size")
    return std::nullopt;
  if (inputs.size() == 1)
    return one(std::vector<int64_t>(t.sizes().begin(), t.sizes().end()));
  auto *dim = std::get_if<int64_t>(&inputs[1]);
  if (!dim)
    return std::nullopt;
  auto d = normalizeIndex(*dim, t.dim());
  if (!d)
    return std::nullopt;
  return one(t.sizes()[*d]);
}

Results listOps(std::string_view op, std::span<const ConstantValue> inputs) {
  auto length = listLength(inputs[0]);
  if (!length)
    return std::nullopt;
  if (op == "len" && inputs.size() == 1)
    return one(*length);
  if (op == "__getitem__" && inputs.size() == 2) {
    auto *index = std::get_if<int64_t>(&inputs[1]);
    if (!index)
      return std::nullopt;
    auto i = normalizeIndex(*index, *length);
    if (!i)
      return std::nullopt;
    return one(listItem(inputs[0], *i));
  }
  if (op == "add" && inputs.size() == 2 &&
      inputs[0].index() == inputs[1].index())
    return std::visit(
        [&](const auto &a) -> Results {
          using T = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<T, std::vector<int64_t>> ||
                        std::is_same_v<T, std::vector<double>> ||
                        std::is_same_v<T, std::vector<bool>> ||
                        std::is_same_v<T, std::vector<std::string>>) {
            T out = a;
            const T &b = std::get<T>(inputs[1]);
            out.insert(out.end(), b.begin(), b.end());
            return one(std::move(out));
          } else {
            return std::nullopt;
          }
        },
        inputs[0]);
  return std::nullopt;
}

Results atenOps(const Node &node, std::span<const ConstantValue> inputs) {
  std::string_view op = node.kind().unqualString();
  size_t n = inputs.size();
  if (n >= 1) {
    if (auto *t = std::get_if<Tensor>(&inputs[0]))
      return n <= 2 ? tensorQuery(op, *t, inputs) : std::nullopt;
    if (listLength(inputs[0]) &&
        (op == "len" || op == "__getitem__" || op == "add"))
      return listOps(op, inputs);
  }
  if (n == 1) {
    if (op == "__not__")
      if (auto *b = std::get_if<bool>(&inputs[0]))
        return one(!*b);
    if (op == "Int" || op == "Float" || op == "Bool")
      return conversion(op, inputs[0]);
    if (op == "neg") {
      auto x = numberOf(inputs[0]);
      if (x && !std::holds_alternative<bool>(inputs[0]))
        return x->isInt ? one(wrapSub(0, x->i)) : one(-x->d);
    }
    return std::nullopt;
  }
  if (n == 2) {
    const ConstantValue &a = inputs[0], &b = inputs[1];
    if (op == "__is__" || op == "__isnot__") {
      bool aNone = std::holds_alternative<NoneConstant>(a);
      bool bNone = std::holds_alternative<NoneConstant>(b);
      if (!aNone && !bNone)
        return std::nullopt; // identity of other values is the runtime's
      bool is = aNone && bNone;
      return one(op == "__is__" ? is : !is);
    }
    if (isComparison(op))
      return comparison(op, a, b);
    auto *s = std::get_if<std::string>(&a);
    auto *t = std::get_if<std::string>(&b);
    if (op == "add" && s && t)
      return one(*s + *t);
    if ((op == "__and__" || op == "__or__" || op == "__xor__") &&
        std::holds_alternative<bool>(a) && std::holds_alternative<bool>(b)) {
      bool x = std::get<bool>(a), y = std::get<bool>(b);
      return one(op == "__and__" ? x && y : op == "__or__" ? x || y : x != y);
    }
    auto x = numberOf(a), y = numberOf(b);
    if (!x || !y)
      return std::nullopt;
    if (op == "__and__" || op == "__or__" || op == "__xor__") {
      if (!x->isInt || !y->isInt)
        return std::nullopt;
      return one(op == "__and__"  ? x->i & y->i
                 : op == "__or__" ? x->i | y->i
                                  : x->i ^ y->i);
    }
    return arithmetic(op, *x, *y);
  }
  if (n == 3 && (op == "__range_length" || op == "__derive_index")) {
    auto *a = std::get_if<int64_t>(&inputs[0]);
    auto *b = std::get_if<int64_t>(&inputs[1]);
    auto *c = std::get_if<int64_t>(&inputs[2]);
    if (!a || !b || !c)
      return std::nullopt;
    if (op == "__derive_index")
      return one(wrapAdd(*b, wrapMul(*a, *c)));
    int64_t lo = *a, hi = *b, step = *c;
    if (step == 0)
      return std::nullopt;
    uint64_t span = 0, stride = 0;
    if (step > 0 && lo < hi) {
      span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
      stride = static_cast<uint64_t>(step);
    } else if (step < 0 && lo > hi) {
      span = static_cast<uint64_t>(lo) - static_cast<uint64_t>(hi);
      stride = uint64_t{0} - static_cast<uint64_t>(step);
    }
    return one(span == 0 ? int64_t{0}
                         : static_cast<int64_t>((span - 1) / stride + 1));
  }
  return std::nullopt;
}

} // namespace

std::optional<std::vector<ConstantValue>>
foldConstantNode(const Node &node, std::span<const ConstantValue> inputs) {
  Symbol kind = node.kind();
  if (kind == prim::ListConstruct)
    return listConstruct(node, inputs);
  if (kind == prim::TupleConstruct || kind == prim::TupleIndex ||
      kind == prim::TupleUnpack)
    return tupleOps(node, inputs);
  if (kind == prim::ListUnpack) {
    auto length = listLength(inputs[0]);
    if (!length || static_cast<size_t>(*length) != node.outputs().size())
      return std::nullopt;
    std::vector<ConstantValue> items;
    for (size_t i = 0; i < node.outputs().size(); ++i)
      items.push_back(listItem(inputs[0], i));
    return items;
  }
  if (kind == prim::unchecked_cast &&
      !std::holds_alternative<NoneConstant>(inputs[0]))
    return one(inputs[0]);
  if (kind.isAten() && node.outputs().size() == 1)
    return atenOps(node, inputs);
  return std::nullopt;
}

} // namespace kiln
