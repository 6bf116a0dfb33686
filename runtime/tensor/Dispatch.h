//===- Dispatch.h - From a runtime dtype to a C++ type ----------*- C++ -*-===//
//
//   dispatchAll(t.dtype(), "aten::relu", [&]<typename T>() { ... });
//
// calls the template lambda with T = the element type of the dtype, or
// throws a UserError naming the op when the family does not cover it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_DISPATCH_H
#define KILN_RUNTIME_TENSOR_DISPATCH_H

#include "runtime/tensor/ScalarType.h"
#include "support/Error.h"

#include <cstdint>
#include <string_view>

namespace kiln {

[[noreturn]] void throwUnsupportedDtype(std::string_view op, ScalarType t);

#define KILN_DISPATCH_CASE(Enum, CType)                                        \
  case ScalarType::Enum:                                                       \
    return fn.template operator()<CType>();

/// float32, float64.
template <typename F>
decltype(auto) dispatchFloating(ScalarType t, std::string_view op, F &&fn) {
  switch (t) {
    KILN_DISPATCH_CASE(Float, float)
    KILN_DISPATCH_CASE(Double, double)
  default:
    throwUnsupportedDtype(op, t);
  }
}

/// The integer dtypes (not bool).
template <typename F>
decltype(auto) dispatchIntegral(ScalarType t, std::string_view op, F &&fn) {
  switch (t) {
    KILN_DISPATCH_CASE(Byte, uint8_t)
    KILN_DISPATCH_CASE(Char, int8_t)
    KILN_DISPATCH_CASE(Short, int16_t)
    KILN_DISPATCH_CASE(Int, int32_t)
    KILN_DISPATCH_CASE(Long, int64_t)
  default:
    throwUnsupportedDtype(op, t);
  }
}

/// Floating and integer dtypes (not bool).
template <typename F>
decltype(auto) dispatchNumeric(ScalarType t, std::string_view op, F &&fn) {
  switch (t) {
    KILN_DISPATCH_CASE(Float, float)
    KILN_DISPATCH_CASE(Double, double)
    KILN_DISPATCH_CASE(Byte, uint8_t)
    KILN_DISPATCH_CASE(Char, int8_t)
    KILN_DISPATCH_CASE(Short, int16_t)
    KILN_DISPATCH_CASE(Int, int32_t)
    KILN_DISPATCH_CASE(Long, int64_t)
  default:
    throwUnsupportedDtype(op, t);
  }
}

/// Every dtype Kiln computes with, bool included.
template <typename F>
decltype(auto) dispatchAll(ScalarType t, std::string_view op, F &&fn) {
  switch (t) {
    KILN_DISPATCH_CASE(Float, float)
    KILN_DISPATCH_CASE(Double, double)
    KILN_DISPATCH_CASE(Byte, uint8_t)
    KILN_DISPATCH_CASE(Char, int8_t)
    KILN_DISPATCH_CASE(Short, int16_t)
    KILN_DISPATCH_CASE(Int, int32_t)
    KILN_DISPATCH_CASE(Long, int64_t)
    KILN_DISPATCH_CASE(Bool, bool)
  default:
    throwUnsupportedDtype(op, t);
  }
}

#undef KILN_DISPATCH_CASE

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_DISPATCH_H
