//===- ScalarType.cpp -----------------------------------------------------===//
#include "runtime/tensor/ScalarType.h"

namespace kiln {

std::string_view scalarTypeName(ScalarType t) {
  switch (t) {
#define KILN_SCALAR_NAME(Name, Code, Str, CType, Size)                         \
  case ScalarType::Name:                                                       \
    return Str;
    KILN_FORALL_SCALAR_TYPES(KILN_SCALAR_NAME)
#undef KILN_SCALAR_NAME
  }
  return "<invalid ScalarType>";
}

std::optional<ScalarType> scalarTypeFromName(std::string_view name) {
#define KILN_SCALAR_FROM_NAME(Name, Code, Str, CType, Size)                    \
  if (name == Str)                                                             \
    return ScalarType::Name;
  KILN_FORALL_SCALAR_TYPES(KILN_SCALAR_FROM_NAME)
#undef KILN_SCALAR_FROM_NAME
  return std::nullopt;
}

std::optional<ScalarType> scalarTypeFromCode(int64_t code) {
#define KILN_SCALAR_FROM_CODE(Name, Code, Str, CType, Size)                    \
  if (code == Code)                                                            \
    return ScalarType::Name;
  KILN_FORALL_SCALAR_TYPES(KILN_SCALAR_FROM_CODE)
#undef KILN_SCALAR_FROM_CODE
  return std::nullopt;
}

size_t elementSize(ScalarType t) {
  switch (t) {
#define KILN_SCALAR_SIZE(Name, Code, Str, CType, Size)                         \
  case ScalarType::Name:                                                       \
    return Size;
    KILN_FORALL_SCALAR_TYPES(KILN_SCALAR_SIZE)
#undef KILN_SCALAR_SIZE
  }
  return 0;
}

bool isFloatingType(ScalarType t) {
  return t == ScalarType::Float || t == ScalarType::Double ||
         t == ScalarType::Half || t == ScalarType::BFloat16;
}

ScalarType promoteTypes(ScalarType a, ScalarType b) {
  if (a == b)
    return a;
  if (a == ScalarType::Bool)
    return b;
  if (b == ScalarType::Bool)
    return a;
  bool fa = isFloatingType(a), fb = isFloatingType(b);
  if (fa && fb) {
    // Half with BFloat16 has no common 16-bit type.
    if (elementSize(a) == elementSize(b))
      return ScalarType::Float;
    return elementSize(a) > elementSize(b) ? a : b;
  }
  if (fa)
    return a;
  if (fb)
    return b;
  // Both integral. uint8 with a signed type needs a wider signed type.
  if (a == ScalarType::Byte || b == ScalarType::Byte) {
    ScalarType other = a == ScalarType::Byte ? b : a;
    return other == ScalarType::Char ? ScalarType::Short : other;
  }
  return elementSize(a) > elementSize(b) ? a : b;
}

bool hasArithmetic(ScalarType t) {
  return t != ScalarType::Half && t != ScalarType::BFloat16;
}

bool isIntegralType(ScalarType t, bool includeBool) {
  switch (t) {
  case ScalarType::Byte:
  case ScalarType::Char:
  case ScalarType::Short:
  case ScalarType::Int:
  case ScalarType::Long:
    return true;
  case ScalarType::Bool:
    return includeBool;
  default:
    return false;
  }
}

} // namespace kiln
