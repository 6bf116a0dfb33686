//===- Attributes.h - Named attributes of nodes -----------------*- C++ -*-===//
//
// `prim::Constant[value=1]`, `prim::GetAttr[name="conv1"]`: a node's
// attributes are (Symbol, value) pairs kept in insertion order, which is the
// order they print in. Graph attributes (fusion-group bodies) are owned by
// the node and deep-copied with it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_ATTRIBUTES_H
#define KILN_IR_ATTRIBUTES_H

#include "ir/ConstantValue.h"
#include "ir/Symbol.h"
#include "ir/Type.h"
#include "runtime/tensor/Tensor.h"

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace kiln {

class Graph;

/// The alternatives of AttributeValue, in the same order.
enum class AttributeKind : uint8_t {
  Int,
  Float,
  String,
  Tensor,
  Graph,
  Type,
  Ints,
  Floats,
  Strings,
  Tensors,
  Tuple, // a tuple constant
};

using AttributeValue =
    std::variant<int64_t, double, std::string, Tensor, std::shared_ptr<Graph>,
                 TypePtr, std::vector<int64_t>, std::vector<double>,
                 std::vector<std::string>, std::vector<Tensor>,
                 std::shared_ptr<const ConstantTuple>>;

inline AttributeKind attributeKind(const AttributeValue &v) {
  return static_cast<AttributeKind>(v.index());
}

/// "int", "float", "str", "tensor", "graph", "type", "int[]", ... for
/// messages.
const char *attributeKindName(AttributeKind kind);

} // namespace kiln

#endif // KILN_IR_ATTRIBUTES_H
