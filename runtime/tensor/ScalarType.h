//===- ScalarType.h - Element types of tensors ------------------*- C++ -*-===//
//
// The numeric codes equal PyTorch's c10::ScalarType so that dtype constants
// in TorchScript graphs (`%d : int = prim::Constant[value=6]()` is float32)
// mean the same thing in Kiln.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_SCALARTYPE_H
#define KILN_RUNTIME_TENSOR_SCALARTYPE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kiln {

// X(enumerator, c10 code, PyTorch type name as printed in graphs, C++ type
// that stores one element, element size in bytes). Half and BFloat16 are
// known by name and size only: Kiln has no arithmetic for them.
#define KILN_FORALL_SCALAR_TYPES(X)                                            \
  X(Byte, 0, "Byte", uint8_t, 1)                                               \
  X(Char, 1, "Char", int8_t, 1)                                                \
  X(Short, 2, "Short", int16_t, 2)                                             \
  X(Int, 3, "Int", int32_t, 4)                                                 \
  X(Long, 4, "Long", int64_t, 8)                                               \
  X(Half, 5, "Half", uint16_t, 2)                                              \
  X(Float, 6, "Float", float, 4)                                               \
  X(Double, 7, "Double", double, 8)                                            \
  X(Bool, 11, "Bool", bool, 1)                                                 \
  X(BFloat16, 15, "BFloat16", uint16_t, 2)

enum class ScalarType : int8_t {
#define KILN_SCALAR_ENUM(Name, Code, Str, CType, Size) Name = Code,
  KILN_FORALL_SCALAR_TYPES(KILN_SCALAR_ENUM)
#undef KILN_SCALAR_ENUM
};

/// "Float", "Long", ...: the names PyTorch prints in refined tensor types.
std::string_view scalarTypeName(ScalarType t);
/// Inverse of scalarTypeName.
std::optional<ScalarType> scalarTypeFromName(std::string_view name);
/// The ScalarType with PyTorch's numeric code, if Kiln knows it.
std::optional<ScalarType> scalarTypeFromCode(int64_t code);

size_t elementSize(ScalarType t);
bool isFloatingType(ScalarType t);
bool isIntegralType(ScalarType t, bool includeBool);
/// Kiln can compute with elements of this type (not Half / BFloat16).
bool hasArithmetic(ScalarType t);

/// PyTorch's promotion of two dtypes (torch.promote_types): bool < integral
/// < floating; within a category the wider type; uint8 with a signed type
/// gives the smallest signed type holding both.
ScalarType promoteTypes(ScalarType a, ScalarType b);

/// The ScalarType of a C++ element type.
template <typename T> constexpr ScalarType scalarTypeOf();
template <> constexpr ScalarType scalarTypeOf<uint8_t>() {
  return ScalarType::Byte;
}
template <> constexpr ScalarType scalarTypeOf<int8_t>() {
  return ScalarType::Char;
}
template <> constexpr ScalarType scalarTypeOf<int16_t>() {
  return ScalarType::Short;
}
template <> constexpr ScalarType scalarTypeOf<int32_t>() {
  return ScalarType::Int;
}
template <> constexpr ScalarType scalarTypeOf<int64_t>() {
  return ScalarType::Long;
}
template <> constexpr ScalarType scalarTypeOf<float>() {
  return ScalarType::Float;
}
template <> constexpr ScalarType scalarTypeOf<double>() {
  return ScalarType::Double;
}
template <> constexpr ScalarType scalarTypeOf<bool>() {
  return ScalarType::Bool;
}

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_SCALARTYPE_H
