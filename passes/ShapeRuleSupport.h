//===- ShapeRuleSupport.h - What shape rules share --------------*- C++ -*-===//
//
// Internal to the shape rules (ShapeRules.cpp, ShapeRulesStructural.cpp):
// what a rule knows of a tensor, argument access by schema name, and the
// rule functions the table in ShapeRules.cpp attaches to OpIds.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_SHAPERULESUPPORT_H
#define KILN_PASSES_SHAPERULESUPPORT_H

#include "ir/Constant.h"
#include "ir/IR.h"
#include "passes/ShapeRules.h"

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::shape_rules {

using Dims = TensorType::Sizes;

/// What a rule knows of one tensor.
struct TensorInfo {
  std::optional<ScalarType> dtype;
  std::optional<Dims> sizes;
  std::optional<bool> requiresGrad;
  std::optional<std::string> device;

  static TensorInfo of(const TypePtr &type) {
    TensorInfo info;
    if (auto t = type ? type->cast<TensorType>() : nullptr) {
      info.dtype = t->dtype();
      info.sizes = t->sizes();
      info.requiresGrad = t->requiresGrad();
      info.device = t->device();
    }
    return info;
  }
  std::optional<size_t> rank() const {
    return sizes ? std::optional<size_t>(sizes->size()) : std::nullopt;
  }
  TypePtr type() const {
    return TensorType::create(dtype, sizes, std::nullopt, requiresGrad, device);
  }
};

inline std::optional<int64_t> normalizeDim(int64_t dim, size_t rank) {
  int64_t r = static_cast<int64_t>(rank);
  if (dim < -std::max<int64_t>(r, 1) || dim >= std::max<int64_t>(r, 1))
    return std::nullopt;
  return dim < 0 ? dim + r : dim;
}

inline std::optional<int64_t> product(const Dims &dims) {
  int64_t n = 1;
  for (const auto &d : dims) {
    if (!d)
      return std::nullopt;
    n *= *d;
  }
  return n;
}

// The arguments of a node, by the schema's names.
class Args {
public:
  Args(const Node *node, const OpInfo &op) : node_(node), op_(op) {}

  const Value *value(std::string_view name) const {
    const auto &args = op_.schema.arguments();
    for (size_t i = 0; i < args.size() && i < node_->inputs().size(); ++i)
      if (args[i].name == name)
        return node_->input(i);
    return nullptr;
  }
  bool has(std::string_view name) const { return value(name) != nullptr; }
  TensorInfo tensor(std::string_view name) const {
    const Value *v = value(name);
    return TensorInfo::of(v ? v->type() : nullptr);
  }
  std::optional<int64_t> integer(std::string_view name) const {
    const Value *v = value(name);
    return v ? knownInt(v) : std::nullopt;
  }
  bool isNone(std::string_view name) const {
    const Value *v = value(name);
    return v && v->type()->isa<NoneType>();
  }
  std::optional<bool> boolean(std::string_view name) const {
    const Value *v = value(name);
    if (!v)
      return std::nullopt;
    auto c = constantValueOf(v);
    if (c && std::holds_alternative<bool>(*c))
      return std::get<bool>(*c);
    if (c && std::holds_alternative<int64_t>(*c))
      return std::get<int64_t>(*c) != 0;
    return std::nullopt;
  }
  std::optional<std::string> string(std::string_view name) const {
    const Value *v = value(name);
    auto c = v ? constantValueOf(v) : std::nullopt;
    if (c && std::holds_alternative<std::string>(*c))
      return std::get<std::string>(*c);
    return std::nullopt;
  }
  /// An int[] argument: a constant list or a ListConstruct whose items may
  /// be partly known. A single int stands for itself repeated (`int[2]`).
  std::optional<Dims> ints(std::string_view name) const {
    const Value *v = value(name);
    if (!v)
      return std::nullopt;
    if (auto c = constantValueOf(v)) {
      if (auto *list = std::get_if<std::vector<int64_t>>(&*c))
        return Dims(list->begin(), list->end());
      if (auto *one = std::get_if<int64_t>(&*c))
        return Dims{*one};
      return std::nullopt;
    }
    if (v->node()->kind() == prim::ListConstruct) {
      Dims dims;
      for (const Value *item : v->node()->inputs())
        dims.push_back(knownInt(item));
      return dims;
    }
    return std::nullopt;
  }
  /// `int[N]` arguments may hold one int for all N.
  std::optional<std::vector<int64_t>> intsOfLength(std::string_view name,
                                                   size_t n) const {
    auto dims = ints(name);
    if (!dims || (dims->size() != n && dims->size() != 1))
      return std::nullopt;
    std::vector<int64_t> out;
    for (size_t i = 0; i < n; ++i) {
      const auto &d = (*dims)[dims->size() == 1 ? 0 : i];
      if (!d)
        return std::nullopt;
      out.push_back(*d);
    }
    return out;
  }
  /// A `ScalarType? dtype` argument: nullopt when unknown, Some(nullopt)
  /// when None.
  std::optional<std::optional<ScalarType>> dtype(std::string_view name) const {
    const Value *v = value(name);
    if (!v || v->type()->isa<NoneType>())
      return std::optional<ScalarType>();
    auto code = knownInt(v);
    if (!code)
      return std::nullopt;
    auto t = scalarTypeFromCode(*code);
    if (!t)
      return std::nullopt;
    return std::optional<ScalarType>(t);
  }
  /// Device and requires_grad that every tensor input agrees on.
  TensorInfo common() const {
    TensorInfo out;
    bool first = true;
    for (const Value *in : node_->inputs()) {
      if (!in->type()->isa<TensorType>())
        continue;
      TensorInfo t = TensorInfo::of(in->type());
      if (first) {
        out.device = t.device;
        out.requiresGrad = t.requiresGrad;
        first = false;
        continue;
      }
      if (out.device != t.device)
        out.device.reset();
      if (out.requiresGrad != t.requiresGrad)
        out.requiresGrad.reset();
    }
    return out;
  }

  const Node *node() const { return node_; }
  const OpInfo &op() const { return op_; }

private:
  const Node *node_;
  const OpInfo &op_;
};

using Rule = std::function<std::vector<TensorInfo>(const Args &)>;

/// Broadcasts known shapes; unknown sizes broadcast to the known size other
/// than 1 (the only sizes that would not be an error). Null when a shape
/// is unknown or two sizes conflict (the kernel reports that).
std::optional<Dims> broadcast(const std::vector<std::optional<Dims>> &shapes);

enum class Category { Bool, Integral, Floating };
Category categoryOf(ScalarType t);
/// The dtype all of `ts` have, if they agree.
std::optional<ScalarType> sameDtype(std::initializer_list<TensorInfo> ts);

// The rules, by family.
std::vector<TensorInfo> elementwiseRule(const Args &a);
std::vector<TensorInfo> reductionRule(const Args &a);
std::vector<TensorInfo> inPlaceRule(const Args &a);
std::vector<TensorInfo> matmulRule(const Args &a);
std::vector<TensorInfo> convolutionRule(const Args &a);
std::vector<TensorInfo> poolRule(const Args &a);
std::vector<TensorInfo> adaptivePoolRule(const Args &a);
std::vector<TensorInfo> shapeRule(const Args &a);
std::vector<TensorInfo> joinRule(const Args &a);
std::vector<TensorInfo> sameShapeRule(const Args &a);
std::vector<TensorInfo> creationRule(const Args &a);
std::vector<TensorInfo> backwardRule(const Args &a);
std::vector<TensorInfo> lossRule(const Args &a);

} // namespace kiln::shape_rules

#endif // KILN_PASSES_SHAPERULESUPPORT_H
