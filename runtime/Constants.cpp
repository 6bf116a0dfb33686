//===- Constants.cpp ------------------------------------------------------===//
#include "runtime/Constants.h"

#include <variant>

namespace kiln {

namespace {

struct ConstantToIValue {
  IValue operator()(const NoneConstant &) { return IValue(); }
  IValue operator()(bool b) { return IValue(b); }
  IValue operator()(int64_t i) { return IValue(i); }
  IValue operator()(double d) { return IValue(d); }
  IValue operator()(const std::string &s) { return IValue(s); }
  IValue operator()(const DeviceConstant &d) { return IValue::device(d.name); }
  IValue operator()(const Tensor &t) { return IValue(t); }
  IValue operator()(const std::shared_ptr<const ConstantTuple> &t) {
    std::vector<IValue> items;
    for (const ConstantValue &item : t->items)
      items.push_back(std::visit(*this, item));
    return IValue::tuple(std::move(items));
  }
  template <typename T> IValue operator()(const std::vector<T> &items) {
    std::vector<IValue> out;
    for (const auto &x : items)
      out.push_back((*this)(static_cast<T>(x)));
    return IValue::list(std::move(out));
  }
};

} // namespace

IValue ivalueFromConstant(const ConstantValue &c) {
  return std::visit(ConstantToIValue{}, c);
}

} // namespace kiln
