//===- Comparison.cpp - Comparisons, logical and bitwise ops --------------===//
//
// maximum/minimum, clamp and where, also declared in Comparison.h, are in
// Selection.cpp.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Comparison.h"

#include "runtime/tensor/ops/PointwiseLoops.h"

#include <type_traits>

namespace kiln::ops {

using namespace pointwise;

//===--- Comparisons ------------------------------------------------------===//

namespace {
template <typename F>
Tensor compare(std::string_view op, const Tensor &a, const Tensor &b,
               ScalarType t, const F &pred) {
  return binaryPredicate<Dtypes::All>(op, a, b, t, pred);
}
} // namespace

// Each comparison: Tensor and Scalar overloads and their in-place variants
// (which write 0/1 in self's dtype).
#define KILN_COMPARISON(name, cmp)                                             \
  Tensor name(const Tensor &self, const Tensor &other) {                       \
    return compare("aten::" #name, self, other, resultType({self, other}),     \
                   [](auto x, auto y) { return x cmp y; });                    \
  }                                                                            \
  Tensor name(const Tensor &self, Scalar other) {                              \
    ScalarType t = resultType({self, other});                                  \
    return compare("aten::" #name, self, numberOperand(other, t), t,           \
                   [](auto x, auto y) { return x cmp y; });                    \
  }                                                                            \
  Tensor &name##_(Tensor &self, const Tensor &other) {                         \
    return assignInPlace("aten::" #name "_", self, name(self, other));         \
  }                                                                            \
  Tensor &name##_(Tensor &self, Scalar other) {                                \
    return assignInPlace("aten::" #name "_", self, name(self, other));         \
  }

KILN_COMPARISON(eq, ==)
KILN_COMPARISON(ne, !=)
KILN_COMPARISON(lt, <)
KILN_COMPARISON(le, <=)
KILN_COMPARISON(gt, >)
KILN_COMPARISON(ge, >=)

#undef KILN_COMPARISON

//===--- Logical ops ------------------------------------------------------===//

namespace {
/// pred(a != 0, b != 0) broadcast; any dtypes (NaN counts as true).
template <typename F>
Tensor logical(std::string_view op, const Tensor &a, const Tensor &b,
               const F &pred) {
  return binaryPredicate<Dtypes::All>(op, a, b, ScalarType::Bool, pred);
}
} // namespace

Tensor logical_and(const Tensor &self, const Tensor &other) {
  return logical("aten::logical_and", self, other,
                 [](bool x, bool y) { return x && y; });
}

Tensor &logical_and_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::logical_and_", self, logical_and(self, other));
}

Tensor logical_or(const Tensor &self, const Tensor &other) {
  return logical("aten::logical_or", self, other,
                 [](bool x, bool y) { return x || y; });
}

Tensor &logical_or_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::logical_or_", self, logical_or(self, other));
}

Tensor logical_xor(const Tensor &self, const Tensor &other) {
  return logical("aten::logical_xor", self, other,
                 [](bool x, bool y) { return x != y; });
}

Tensor &logical_xor_(Tensor &self, const Tensor &other) {
  return assignInPlace("aten::logical_xor_", self, logical_xor(self, other));
}

Tensor logical_not(const Tensor &self) {
  return unaryPredicate<Dtypes::All>("aten::logical_not", self,
                                     []<typename T>(T x) { return x == T(0); });
}

Tensor &logical_not_(Tensor &self) {
  return assignInPlace("aten::logical_not_", self, logical_not(self));
}

//===--- Bitwise ops ------------------------------------------------------===//

namespace {
template <typename F>
Tensor bitwise(std::string_view op, const Tensor &a, const Tensor &b,
               ScalarType t, const F &f) {
  return binaryMap<Dtypes::IntegralAndBool>(op, a, b, t, f);
}

/// a << b; shifting by a negative amount or the bit width or more gives 0.
template <typename T> T leftShift(T a, T b) {
  constexpr auto bits = static_cast<int64_t>(sizeof(T) * 8);
  auto amount = static_cast<int64_t>(b);
  if (amount < 0 || amount >= bits)
    return 0;
  return static_cast<T>(static_cast<detail::Wide<T>>(a) << amount);
}

/// a >> b, arithmetic for signed types; out-of-range amounts shift every
/// bit out (0, or -1 for a negative a).
template <typename T> T rightShift(T a, T b) {
  constexpr auto bits = static_cast<int64_t>(sizeof(T) * 8);
  auto amount = static_cast<int64_t>(b);
  if (amount < 0 || amount >= bits) {
    if constexpr (std::is_signed_v<T>)
      return a < 0 ? T(-1) : T(0);
    else
      return T(0);
  }
  return static_cast<T>(a >> amount);
}

template <typename F>
Tensor shift(std::string_view op, const Tensor &a, const Tensor &b,
             ScalarType t, const F &f) {
  return binaryMap<Dtypes::Integral>(op, a, b, t, f);
}
} // namespace

// Each bitwise op and shift: Tensor, Scalar and Scalar_Tensor overloads, and
// the in-place variants.
#define KILN_BITWISE(name, kind, fn)                                           \
  Tensor name(const Tensor &self, const Tensor &other) {                       \
    return kind("aten::" #name, self, other, resultType({self, other}), fn);   \
  }                                                                            \
  Tensor name(const Tensor &self, Scalar other) {                              \
    ScalarType t = resultType({self, other});                                  \
    return kind("aten::" #name, self, numberOperand(other, t), t, fn);         \
  }                                                                            \
  Tensor name(Scalar self, const Tensor &other) {                              \
    ScalarType t = resultType({self, other});                                  \
    return kind("aten::" #name, numberOperand(self, t), other, t, fn);         \
  }                                                                            \
  Tensor &name##_(Tensor &self, const Tensor &other) {                         \
    return assignInPlace("aten::" #name "_", self, name(self, other));         \
  }                                                                            \
  Tensor &name##_(Tensor &self, Scalar other) {                                \
    return assignInPlace("aten::" #name "_", self, name(self, other));         \
  }

KILN_BITWISE(bitwise_and, bitwise, [](auto x, auto y) { return x & y; })
KILN_BITWISE(bitwise_or, bitwise, [](auto x, auto y) { return x | y; })
KILN_BITWISE(bitwise_xor, bitwise, [](auto x, auto y) { return x ^ y; })
KILN_BITWISE(bitwise_left_shift, shift,
             [](auto x, auto y) { return leftShift(x, y); })
KILN_BITWISE(bitwise_right_shift, shift,
             [](auto x, auto y) { return rightShift(x, y); })

#undef KILN_BITWISE

Tensor bitwise_not(const Tensor &self) {
  return unaryMap<Dtypes::IntegralAndBool>(
      "aten::bitwise_not", self, self.dtype(), []<typename T>(T x) {
        if constexpr (std::is_same_v<T, bool>)
          return !x;
        else
          return static_cast<T>(~x);
      });
}

Tensor &bitwise_not_(Tensor &self) {
  return assignInPlace("aten::bitwise_not_", self, bitwise_not(self));
}

} // namespace kiln::ops
