//===- KernelEvaluator.cpp ------------------------------------------------===//
#include "runtime/KernelEvaluator.h"

#include "ir/IR.h"
#include "runtime/Constants.h"
#include "runtime/Kernel.h"
#include "runtime/tensor/Random.h"

#include <sstream>

namespace kiln {

namespace {

template <typename T>
std::optional<ConstantValue> listOf(const std::vector<IValue> &items,
                                    T (IValue::*get)() const) {
  std::vector<T> out;
  for (const IValue &item : items)
    out.push_back((item.*get)());
  return ConstantValue(std::move(out));
}

// The constant holding `v`, whose IR type is `type`; nullopt when no
// constant can (dicts, objects, lists of tensors) or a tensor is too large.
std::optional<ConstantValue> constantFromIValue(const IValue &v,
                                                const Type &type) {
  switch (v.tag()) {
  case IValue::Tag::None:
    return ConstantValue(NoneConstant{});
  case IValue::Tag::Bool:
    return ConstantValue(v.toBool());
  case IValue::Tag::Int:
    return ConstantValue(v.toInt());
  case IValue::Tag::Double:
    return ConstantValue(v.toDouble());
  case IValue::Tag::String:
    return ConstantValue(v.toStringRef());
  case IValue::Tag::Device:
    return ConstantValue(DeviceConstant{v.toDeviceName()});
  case IValue::Tag::Tensor: {
    const Tensor &t = v.toTensor();
    if (!t.defined() || t.numel() > kMaxFoldedTensorElements)
      return std::nullopt;
    // A copy of its own: a view would keep (and share) its base's storage.
    return ConstantValue(t.clone());
  }
  case IValue::Tag::List: {
    const auto *list = type.cast<ListType>();
    if (!list)
      return std::nullopt;
    const std::vector<IValue> &items = v.toList().items;
    for (const IValue &item : items)
      if (item.tag() != items.front().tag())
        return std::nullopt;
    switch (list->element()->kind()) {
    case TypeKind::Int:
      if (!items.empty() && !items.front().isInt())
        return std::nullopt;
      return listOf<int64_t>(items, &IValue::toInt);
    case TypeKind::Float:
      if (!items.empty() && !items.front().isDouble())
        return std::nullopt;
      return listOf<double>(items, &IValue::toDouble);
    case TypeKind::Bool:
      if (!items.empty() && !items.front().isBool())
        return std::nullopt;
      return listOf<bool>(items, &IValue::toBool);
    case TypeKind::Str: {
      std::vector<std::string> out;
      for (const IValue &item : items) {
        if (!item.isString())
          return std::nullopt;
        out.push_back(item.toStringRef());
      }
      return ConstantValue(std::move(out));
    }
    default:
      return std::nullopt;
    }
  }
  case IValue::Tag::Tuple: {
    const auto *tupleType = type.cast<TupleType>();
    const std::vector<IValue> &items = v.toTupleItems();
    if (!tupleType || tupleType->elements().size() != items.size())
      return std::nullopt;
    auto tuple = std::make_shared<ConstantTuple>();
    for (size_t i = 0; i < items.size(); ++i) {
      auto item = constantFromIValue(items[i], *tupleType->elements()[i]);
      if (!item)
        return std::nullopt;
      tuple->items.push_back(std::move(*item));
    }
    return ConstantValue(std::shared_ptr<const ConstantTuple>(tuple));
  }
  default:
    return std::nullopt;
  }
}

class KernelConstantEvaluator final : public ConstantEvaluator {
public:
  std::optional<std::vector<ConstantValue>>
  evaluate(const Node &node,
           std::span<const ConstantValue> inputs) const override {
    const OpInfo *op = node.maybeOp();
    if (!op || op->hasSideEffects() || op->isNondeterministic() ||
        op->isMutating() || inputs.size() != node.inputs().size())
      return std::nullopt;
    KernelFn kernel = KernelTable::get().find(op->id);
    if (!kernel)
      return std::nullopt;
    size_t numIn = inputs.size(), numOut = node.outputs().size();
    std::vector<IValue> regs;
    std::vector<uint32_t> in, out;
    for (const ConstantValue &c : inputs) {
      in.push_back(static_cast<uint32_t>(regs.size()));
      regs.push_back(ivalueFromConstant(c));
    }
    for (size_t i = 0; i < numOut; ++i) {
      out.push_back(static_cast<uint32_t>(regs.size()));
      regs.emplace_back();
    }
    // Deterministic ops read neither, but a kernel may expect them.
    Generator generator;
    std::ostringstream discarded;
    RunContext ctx;
    ctx.generator = &generator;
    ctx.out = &discarded;
    KernelArgs args{regs.data(),
                    in.data(),
                    out.data(),
                    static_cast<uint32_t>(numIn),
                    static_cast<uint32_t>(numOut),
                    &node,
                    &ctx};
    try {
      kernel(args);
    } catch (const std::exception &) {
      return std::nullopt; // the run reports it, where the program gets there
    }
    std::vector<ConstantValue> results;
    for (size_t i = 0; i < numOut; ++i) {
      auto c = constantFromIValue(regs[out[i]], *node.output(i)->type());
      if (!c)
        return std::nullopt;
      results.push_back(std::move(*c));
    }
    return results;
  }
};

} // namespace

const ConstantEvaluator &kernelConstantEvaluator() {
  static const KernelConstantEvaluator evaluator;
  return evaluator;
}

void registerKernelConstantEvaluator() {
  setConstantEvaluator(&kernelConstantEvaluator());
}

} // namespace kiln
