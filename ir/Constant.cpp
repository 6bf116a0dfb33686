//===- Constant.cpp -------------------------------------------------------===//
#include "ir/Constant.h"

#include "ir/IR.h"
#include "ir/TensorText.h"
#include "support/Error.h"
#include "support/StringUtil.h"

#include <bit>
#include <cstring>

namespace kiln {

namespace {
template <typename T>
std::string formatList(const std::vector<T> &items,
                       std::string (*one)(const T &)) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i)
      out += ", ";
    out += one(items[i]);
  }
  return out + "]";
}
std::string formatInt(const int64_t &v) { return std::to_string(v); }
std::string formatFloat(const double &v) { return formatDouble(v); }
std::string formatString(const std::string &v) { return quoteString(v); }
bool sameDouble(double a, double b) {
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}
} // namespace

TypePtr constantType(const ConstantValue &value) {
  struct Visitor {
    TypePtr operator()(const NoneConstant &) { return NoneType::get(); }
    TypePtr operator()(bool) { return BoolType::get(); }
    TypePtr operator()(int64_t) { return IntType::get(); }
    TypePtr operator()(double) { return FloatType::get(); }
    TypePtr operator()(const std::string &) { return StringType::get(); }
    TypePtr operator()(const DeviceConstant &) { return DeviceType::get(); }
    TypePtr operator()(const Tensor &t) {
      TensorType::Sizes sizes(t.sizes().begin(), t.sizes().end());
      return TensorType::create(t.dtype(), std::move(sizes), t.strides(), false,
                                "cpu");
    }
    TypePtr operator()(const std::vector<int64_t> &) {
      return ListType::ofInts();
    }
    TypePtr operator()(const std::vector<double> &) {
      return ListType::create(FloatType::get());
    }
    TypePtr operator()(const std::vector<bool> &) {
      return ListType::create(BoolType::get());
    }
    TypePtr operator()(const std::vector<std::string> &) {
      return ListType::create(StringType::get());
    }
    TypePtr operator()(const std::shared_ptr<const ConstantTuple> &t) {
      std::vector<TypePtr> items;
      for (const ConstantValue &item : t->items)
        items.push_back(constantType(item));
      return TupleType::create(std::move(items));
    }
  };
  return std::visit(Visitor{}, value);
}

std::string formatConstant(const ConstantValue &value) {
  struct Visitor {
    std::string operator()(const NoneConstant &) { return "None"; }
    std::string operator()(bool b) { return b ? "1" : "0"; }
    std::string operator()(int64_t i) { return std::to_string(i); }
    std::string operator()(double d) { return formatDouble(d); }
    std::string operator()(const std::string &s) { return quoteString(s); }
    std::string operator()(const DeviceConstant &d) {
      return quoteString(d.name);
    }
    std::string operator()(const Tensor &t) { return formatTensorLiteral(t); }
    std::string operator()(const std::vector<int64_t> &v) {
      return formatList(v, formatInt);
    }
    std::string operator()(const std::vector<double> &v) {
      return formatList(v, formatFloat);
    }
    std::string operator()(const std::vector<bool> &v) {
      std::vector<int64_t> ints(v.begin(), v.end());
      return formatList(ints, formatInt);
    }
    std::string operator()(const std::vector<std::string> &v) {
      return formatList(v, formatString);
    }
    // As PyTorch prints tuple constants: `(7,)`, `(2.5, "b", None, True)`.
    std::string operator()(const std::shared_ptr<const ConstantTuple> &t) {
      std::string out = "(";
      for (size_t i = 0; i < t->items.size(); ++i) {
        if (i)
          out += ", ";
        const ConstantValue &item = t->items[i];
        if (auto b = std::get_if<bool>(&item))
          out += *b ? "True" : "False";
        else
          out += formatConstant(item);
      }
      return out + (t->items.size() == 1 ? ",)" : ")");
    }
  };
  return std::visit(Visitor{}, value);
}

bool constantsEqual(const ConstantValue &a, const ConstantValue &b) {
  if (a.index() != b.index())
    return false;
  return std::visit(
      [&](const auto &x) {
        using T = std::decay_t<decltype(x)>;
        const T &y = std::get<T>(b);
        if constexpr (std::is_same_v<T, double>) {
          return sameDouble(x, y);
        } else if constexpr (std::is_same_v<T, std::vector<double>>) {
          if (x.size() != y.size())
            return false;
          for (size_t i = 0; i < x.size(); ++i)
            if (!sameDouble(x[i], y[i]))
              return false;
          return true;
        } else if constexpr (std::is_same_v<T, Tensor>) {
          return x.identical(y);
        } else if constexpr (std::is_same_v<
                                 T, std::shared_ptr<const ConstantTuple>>) {
          if (x->items.size() != y->items.size())
            return false;
          for (size_t i = 0; i < x->items.size(); ++i)
            if (!constantsEqual(x->items[i], y->items[i]))
              return false;
          return true;
        } else {
          return x == y;
        }
      },
      a);
}

Value *insertConstant(Graph &graph, const ConstantValue &value,
                      SourceRange range) {
  Node *n = graph.create(prim::Constant);
  n->setSourceRange(std::move(range));
  n->output()->setType(constantType(value));
  struct Visitor {
    Node *n;
    void operator()(const NoneConstant &) {}
    void operator()(bool b) { n->i_(attr::value, b ? 1 : 0); }
    void operator()(int64_t i) { n->i_(attr::value, i); }
    void operator()(double d) { n->f_(attr::value, d); }
    void operator()(const std::string &s) { n->s_(attr::value, s); }
    void operator()(const DeviceConstant &d) { n->s_(attr::value, d.name); }
    void operator()(const Tensor &t) { n->t_(attr::value, t); }
    void operator()(const std::vector<int64_t> &v) { n->is_(attr::value, v); }
    void operator()(const std::vector<double> &v) { n->fs_(attr::value, v); }
    void operator()(const std::vector<bool> &v) {
      n->is_(attr::value, std::vector<int64_t>(v.begin(), v.end()));
    }
    void operator()(const std::vector<std::string> &v) {
      n->ss_(attr::value, v);
    }
    void operator()(const std::shared_ptr<const ConstantTuple> &t) {
      n->setAttribute(attr::value, t);
    }
  };
  std::visit(Visitor{n}, value);
  graph.insertNode(n);
  return n->output();
}

std::optional<ConstantValue> constantValueOf(const Value *v) {
  const Node *n = v->node();
  if (n->kind() != prim::Constant || n->outputs().size() != 1)
    return std::nullopt;
  const Type &type = *v->type();
  if (!n->hasAttribute(attr::value))
    return type.isa<NoneType>() || type.isa<OptionalType>()
               ? std::optional<ConstantValue>(NoneConstant{})
               : std::nullopt;
  const AttributeValue &a = n->attribute(attr::value);
  switch (attributeKind(a)) {
  case AttributeKind::Int:
    if (type.isa<BoolType>())
      return ConstantValue(std::get<int64_t>(a) != 0);
    return ConstantValue(std::get<int64_t>(a));
  case AttributeKind::Float:
    return ConstantValue(std::get<double>(a));
  case AttributeKind::String:
    if (type.isa<DeviceType>())
      return ConstantValue(DeviceConstant{std::get<std::string>(a)});
    return ConstantValue(std::get<std::string>(a));
  case AttributeKind::Tensor:
    return ConstantValue(std::get<Tensor>(a));
  case AttributeKind::Ints: {
    const auto &ints = std::get<std::vector<int64_t>>(a);
    auto list = type.cast<ListType>();
    if (list && list->element()->isa<BoolType>()) {
      std::vector<bool> bools;
      for (int64_t i : ints)
        bools.push_back(i != 0);
      return ConstantValue(std::move(bools));
    }
    if (list && list->element()->isa<FloatType>())
      return ConstantValue(std::vector<double>(ints.begin(), ints.end()));
    return ConstantValue(ints);
  }
  case AttributeKind::Floats:
    return ConstantValue(std::get<std::vector<double>>(a));
  case AttributeKind::Strings:
    return ConstantValue(std::get<std::vector<std::string>>(a));
  case AttributeKind::Tuple:
    return ConstantValue(std::get<std::shared_ptr<const ConstantTuple>>(a));
  default:
    return std::nullopt;
  }
}

} // namespace kiln
