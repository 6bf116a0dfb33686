//===- Constant.h - Compile-time values -------------------------*- C++ -*-===//
//
// Working with constant values (ir/ConstantValue.h): their types, how they
// print, prim::Constant nodes that hold them.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_CONSTANT_H
#define KILN_IR_CONSTANT_H

#include "ir/ConstantValue.h"
#include "ir/SourceRange.h"
#include "ir/Type.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kiln {

class Graph;
class Value;

/// The IR type of a constant: NoneType, bool, int, float, str, Device, the
/// tensor's complete type, int[], float[], bool[], str[], or a tuple of
/// those.
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
