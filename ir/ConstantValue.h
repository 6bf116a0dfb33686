//===- ConstantValue.h - The values constants hold --------------*- C++ -*-===//
//
// What a `prim::Constant` can hold, and the default values of schema
// arguments: None, bool, int, float, str, Device, Tensor, lists of ints,
// floats, bools and strings, and tuples of constants (PyTorch prints
// literal tuples as `prim::Constant[value=(2.5, "b")]()`).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_CONSTANTVALUE_H
#define KILN_IR_CONSTANTVALUE_H

#include "runtime/tensor/Tensor.h"

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace kiln {

struct NoneConstant {
  bool operator==(const NoneConstant &) const { return true; }
};
/// A device name such as "cpu" or "cuda:0" (type Device, not str).
struct DeviceConstant {
  std::string name;
  bool operator==(const DeviceConstant &) const = default;
};
struct ConstantTuple;

using ConstantValue = std::variant<
    NoneConstant, bool, int64_t, double, std::string, DeviceConstant, Tensor,
    std::vector<int64_t>, std::vector<double>, std::vector<bool>,
    std::vector<std::string>, std::shared_ptr<const ConstantTuple>>;

/// An immutable tuple of constants.
struct ConstantTuple {
  std::vector<ConstantValue> items;
};

} // namespace kiln

#endif // KILN_IR_CONSTANTVALUE_H
