//===- Constant.h - Compile-time values -------------------------*- C++ -*-===//
//
// The values a `prim::Constant` can hold, and the default values of schema
// arguments: None, bool, int, float, str, Device, Tensor, and lists of
// ints, floats, bools and strings.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_CONSTANT_H
#define KILN_IR_CONSTANT_H

#include "ir/SourceRange.h"
#include "ir/Type.h"
#include "runtime/tensor/Tensor.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kiln {

class Graph;
class Value;

struct NoneConstant {
  bool operator==(const NoneConstant &) const { return true; }
};
/// A device name such as "cpu" or "cuda:0" (type Device, not str).
struct DeviceConstant {
  std::string name;
  bool operator==(const DeviceConstant &) const = default;
};

using ConstantValue = std::variant<NoneConstant, bool, int64_t, double,
                                   std::string, DeviceConstant, Tensor,
                                   std::vector<int64_t>, std::vector<double>,
                                   std::vector<bool>, std::vector<std::string>>;

/// The IR type of a constant: NoneType, bool, int, float, str, Device, the
/// tensor's complete type, int[], float[], bool[], str[].
TypePtr constantType(const ConstantValue &value);

/// The constant as it prints inside `[value=...]` and in schema defaults.
std::string formatConstant(const ConstantValue &value);

/// Same kind and same value (floats compared bitwise so that -0. and nan
/// constants are told apart and equal themselves).
bool constantsEqual(const ConstantValue &a, const ConstantValue &b);

/// Inserts `prim::Constant` at the graph's insertion point.
Value *insertConstant(Graph &graph, const ConstantValue &value,
                      SourceRange range = {});

/// The value of `v` when a prim::Constant produces it.
std::optional<ConstantValue> constantValueOf(const Value *v);

} // namespace kiln

#endif // KILN_IR_CONSTANT_H
