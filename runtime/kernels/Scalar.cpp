//===- Scalar.cpp - Kernels of int/float/bool scalar ops ------------------===//
//
// Arithmetic, comparisons, bit operations, min/max and conversions of
// TorchScript's numbers, with PyTorch 1.13's semantics (its
// register_prim_ops.cpp), which are Python's except where noted:
//  * `//` and `%` round toward negative infinity; `%` takes the divisor's
//    sign. Int division by zero raises ZeroDivisionError (PyTorch says
//    "division by 0" for `//` and crashes on `%`).
//  * Float division by zero does not raise: 1.0 / 0.0 is inf, 1.0 % 0.0 nan,
//    as PyTorch computes them in C++ (Python raises ZeroDivisionError).
//  * Ints are int64 and wrap on overflow.
//  * int ** int is a float (aten::pow.int); float // float is floor(a / b).
// The Scalar overloads (`aten::add(Scalar a, Scalar b) -> Scalar`) compute
// in int64 when both operands are ints (or bools) and in double otherwise.
//
// Math functions are in Math.cpp, strings in Strings.cpp and
// Formatting.cpp, the tensor <-> number bridges in TensorBridges.cpp.
//
//===----------------------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/kernels/ScalarFamily.h"

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <tuple>

namespace kiln {

namespace {

constexpr const char *kIntDivByZero =
    "ZeroDivisionError: integer division or modulo by zero";

// Two's-complement wrapping, without C++'s undefined signed overflow.
int64_t wrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) +
                              static_cast<uint64_t>(b));
}
int64_t wrapSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) -
                              static_cast<uint64_t>(b));
}
int64_t wrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) *
                              static_cast<uint64_t>(b));
}
int64_t wrapNeg(int64_t a) { return wrapSub(0, a); }

int64_t pythonRemainder(int64_t a, int64_t b) {
  KILN_USER_CHECK(b != 0, kIntDivByZero);
  if (b == -1) // INT64_MIN % -1 traps in C++
    return 0;
  int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

int64_t pythonFloorDiv(int64_t a, int64_t b) {
  KILN_USER_CHECK(b != 0, kIntDivByZero);
  if (b == -1) // INT64_MIN / -1 traps in C++
    return wrapNeg(a);
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

double floatRemainder(double a, double b) {
  return std::fmod(b + std::fmod(a, b), b);
}

double floatFloorDiv(double a, double b) { return std::floor(a / b); }

// int ** int, float ** float and the mixed overloads. Python raises for a
// zero base and a negative exponent; so does PyTorch.
double checkedPow(double a, double b) {
  KILN_USER_CHECK(!(a == 0.0 && b < 0.0),
                  "ZeroDivisionError: 0.0 cannot be raised to a negative "
                  "power");
  return std::pow(a, b);
}

// aten::pow.int_to_int: exact, by squaring; wraps on overflow.
int64_t intPow(int64_t base, int64_t exponent) {
  KILN_USER_CHECK(exponent >= 0, "aten::pow: the int overload cannot raise ",
                  base, " to the negative power ", exponent);
  int64_t result = 1;
  while (exponent > 0) {
    if (exponent & 1)
      result = wrapMul(result, base);
    base = wrapMul(base, base);
    exponent >>= 1;
  }
  return result;
}

int64_t shiftLeft(int64_t a, int64_t b) {
  KILN_USER_CHECK(b >= 0, "ValueError: negative shift count");
  if (b >= 64)
    return 0;
  return static_cast<int64_t>(static_cast<uint64_t>(a) << b);
}

int64_t shiftRight(int64_t a, int64_t b) {
  KILN_USER_CHECK(b >= 0, "ValueError: negative shift count");
  if (b >= 64)
    return a < 0 ? -1 : 0;
  return a >> b; // arithmetic shift: floor division by 2**b, as Python's
}

//===--- Scalar overloads -------------------------------------------------===//

// `aten::op(Scalar a, Scalar b)`: int64 when both are ints (bools count as
// ints), double otherwise.
template <auto IntOp, auto FloatOp> Scalar scalarBinary(Scalar a, Scalar b) {
  if (a.isFloat() || b.isFloat())
    return Scalar(FloatOp(a.toDouble(), b.toDouble()));
  return Scalar(IntOp(a.toInt(), b.toInt()));
}

// The same for ops whose result has one type (bool, float).
template <auto IntOp, auto FloatOp> auto scalarBinaryTo(Scalar a, Scalar b) {
  if (a.isFloat() || b.isFloat())
    return FloatOp(a.toDouble(), b.toDouble());
  return IntOp(a.toInt(), b.toInt());
}

template <typename T> T minOf(T a, T b) { return a < b ? a : b; }
template <typename T> T maxOf(T a, T b) { return a > b ? a : b; }
double minMixed(double a, double b) { return a < b ? a : b; }
double maxMixed(double a, double b) { return a > b ? a : b; }

//===--- Comparisons ------------------------------------------------------===//

template <typename A, typename B> bool eq(A a, B b) { return a == b; }
template <typename A, typename B> bool ne(A a, B b) { return a != b; }
template <typename A, typename B> bool lt(A a, B b) { return a < b; }
template <typename A, typename B> bool le(A a, B b) { return a <= b; }
template <typename A, typename B> bool gt(A a, B b) { return a > b; }
template <typename A, typename B> bool ge(A a, B b) { return a >= b; }

// `a is b`: PyTorch compares the payloads of numbers bit by bit, so a NaN
// is itself.
bool identical(IValue &a, IValue &b) {
  if (a.isDouble() && b.isDouble())
    return std::bit_cast<uint64_t>(a.toDouble()) ==
           std::bit_cast<uint64_t>(b.toDouble());
  return a.is(b);
}

//===--- Conversions ------------------------------------------------------===//

// int(s) as PyTorch does it (std::stoll): optional leading whitespace, an
// optional sign, decimal digits, nothing after.
int64_t strToInt(const std::string &s) {
  const char *begin = s.c_str();
  char *end = nullptr;
  errno = 0;
  long long v = std::strtoll(begin, &end, 10);
  KILN_USER_CHECK(end != begin && static_cast<size_t>(end - begin) == s.size(),
                  "ValueError: invalid literal for int() with base 10: '", s,
                  "'");
  KILN_USER_CHECK(errno != ERANGE, "aten::Int: ", s,
                  " does not fit in a 64-bit int");
  return static_cast<int64_t>(v);
}

// float(s) as PyTorch does it (std::stod): leading whitespace, decimal or
// hex floats, inf and nan; nothing after. Out of range is +-inf or 0, as in
// Python (std::stod throws).
double strToFloat(const std::string &s) {
  const char *begin = s.c_str();
  char *end = nullptr;
  double v = std::strtod(begin, &end);
  KILN_USER_CHECK(end != begin && static_cast<size_t>(end - begin) == s.size(),
                  "ValueError: could not convert string to float: '", s, "'");
  return v;
}

//===--- Helpers of range() and loop unrolling ----------------------------===//

int64_t rangeLength(int64_t lo, int64_t hi, int64_t step) {
  KILN_USER_CHECK(step != 0, "ValueError: range() arg 3 must not be zero");
  // In uint64 so that spans wider than INT64_MAX do not overflow.
  if (step > 0 && lo < hi)
    return static_cast<int64_t>(
        (static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) - 1) /
            static_cast<uint64_t>(step) +
        1);
  if (step < 0 && lo > hi)
    return static_cast<int64_t>(
        (static_cast<uint64_t>(lo) - static_cast<uint64_t>(hi) - 1) /
            (uint64_t{0} - static_cast<uint64_t>(step)) +
        1);
  return 0;
}

int64_t roundToZeroFloorDiv(int64_t a, int64_t b) {
  KILN_USER_CHECK(b != 0, kIntDivByZero);
  return b == -1 ? wrapNeg(a) : a / b;
}

//===--- divmod -----------------------------------------------------------===//

std::tuple<int64_t, int64_t> divmodInt(int64_t a, int64_t b) {
  return {pythonFloorDiv(a, b), pythonRemainder(a, b)};
}

std::tuple<double, double> divmodFloat(double a, double b) {
  KILN_USER_CHECK(b != 0, "ZeroDivisionError: float divmod()");
  double rem = std::fmod(a, b);
  if (rem != 0 && ((a < 0) != (b < 0)))
    rem += b;
  return {(a - rem) / b, rem};
}

// divmod of an int and a float: PyTorch computes these as floor(a / b) and
// a - quotient * b, unlike the float overload.
std::tuple<double, double> divmodMixed(double a, double b) {
  KILN_USER_CHECK(b != 0, "ZeroDivisionError: float divmod()");
  double quotient = std::floor(a / b);
  return {quotient, a - quotient * b};
}

} // namespace

int64_t checkedFloatToInt(double d, const char *op) {
  KILN_USER_CHECK(!std::isnan(d),
                  "ValueError: cannot convert float NaN to integer");
  KILN_USER_CHECK(!std::isinf(d),
                  "OverflowError: cannot convert float infinity to integer");
  // 2**63 is exactly representable; every double below it converts.
  KILN_USER_CHECK(d >= -9223372036854775808.0 && d < 9223372036854775808.0,
                  "OverflowError: ", op, ": ", torchFloatStr(d),
                  " does not fit in a 64-bit int");
  return static_cast<int64_t>(d);
}

void registerScalarKernels(KernelTable &t) {
  // The interpreter benchmark's hot path: plain int64 functions, wrapping
  // on overflow as PyTorch's int arithmetic does (signed overflow is
  // undefined in C++, so through uint64_t).
  bind<wrapAdd>(t, OpId::aten_add_int);
  bind<wrapSub>(t, OpId::aten_sub_int);
  bind<wrapMul>(t, OpId::aten_mul_int);
  bind<pythonRemainder>(t, OpId::aten_remainder_int);
  bind<[](int64_t a, int64_t b) { return a < b; }>(t, OpId::aten_lt_int);
  bind<[](int64_t a, int64_t b) { return (a > b); }>(t, OpId::aten_gt_int);
  bind<[](int64_t a, int64_t b) { return a == b; }>(t, OpId::aten_eq_int);
  bind<[](int64_t a, int64_t b) { return a != b; }>(t, OpId::aten_ne_int);
  bind<[](int64_t a, int64_t b) { return a <= b; }>(t, OpId::aten_le_int);
  bind<[](int64_t a, int64_t b) { return (a >= b); }>(t, OpId::aten_ge_int);

  // + - * on floats, mixed and Scalars.
  bind<[](double a, double b) { return a + b; }>(t, OpId::aten_add_float);
  bind<[](int64_t a, double b) { return static_cast<double>(a) + b; }>(
      t, OpId::aten_add_int_float);
  bind<[](double a, int64_t b) { return a + static_cast<double>(b); }>(
      t, OpId::aten_add_float_int);
  bind<scalarBinary<wrapAdd, [](double a, double b) { return a + b; }>>(
      t, OpId::aten_add);
  bind<[](double a, double b) { return a - b; }>(t, OpId::aten_sub_float);
  bind<[](int64_t a, double b) { return static_cast<double>(a) - b; }>(
      t, OpId::aten_sub_int_float);
  bind<[](double a, int64_t b) { return a - static_cast<double>(b); }>(
      t, OpId::aten_sub_float_int);
  bind<scalarBinary<wrapSub, [](double a, double b) { return a - b; }>>(
      t, OpId::aten_sub);
  bind<[](double a, double b) { return a * b; }>(t, OpId::aten_mul_float);
  bind<[](int64_t a, double b) { return static_cast<double>(a) * b; }>(
      t, OpId::aten_mul_int_float);
  bind<[](double a, int64_t b) { return a * static_cast<double>(b); }>(
      t, OpId::aten_mul_float_int);
  bind<scalarBinary<wrapMul, [](double a, double b) { return a * b; }>>(
      t, OpId::aten_mul);

  // True division always gives a float.
  bind<[](int64_t a, int64_t b) {
    return static_cast<double>(a) / static_cast<double>(b);
  }>(t, OpId::aten_div_int);
  bind<[](double a, double b) { return a / b; }>(t, OpId::aten_div_float);
  bind<[](Scalar a, Scalar b) { return a.toDouble() / b.toDouble(); }>(
      t, OpId::aten_div);

  // Floor division and remainder.
  bind<pythonFloorDiv>(t, OpId::aten_floordiv_int);
  bind<floatFloorDiv>(t, OpId::aten_floordiv_float);
  bind<[](int64_t a, double b) {
    return floatFloorDiv(static_cast<double>(a), b);
  }>(t, OpId::aten_floordiv_int_float);
  bind<[](double a, int64_t b) {
    return floatFloorDiv(a, static_cast<double>(b));
  }>(t, OpId::aten_floordiv_float_int);
  bind<scalarBinary<pythonFloorDiv, floatFloorDiv>>(t, OpId::aten_floordiv);
  bind<floatRemainder>(t, OpId::aten_remainder_float);
  bind<[](int64_t a, double b) {
    return floatRemainder(static_cast<double>(a), b);
  }>(t, OpId::aten_remainder_int_float);
  bind<[](double a, int64_t b) {
    return floatRemainder(a, static_cast<double>(b));
  }>(t, OpId::aten_remainder_float_int);
  bind<scalarBinary<pythonRemainder, floatRemainder>>(t, OpId::aten_remainder);
  bind<divmodInt>(t, OpId::aten_divmod_int);
  bind<divmodFloat>(t, OpId::aten_divmod_float);
  bind<[](int64_t a, double b) {
    return divmodMixed(static_cast<double>(a), b);
  }>(t, OpId::aten_divmod_int_float);
  bind<[](double a, int64_t b) {
    return divmodMixed(a, static_cast<double>(b));
  }>(t, OpId::aten_divmod_float_int);

  // Powers.
  bind<[](int64_t a, int64_t b) {
    return checkedPow(static_cast<double>(a), static_cast<double>(b));
  }>(t, OpId::aten_pow_int);
  bind<checkedPow>(t, OpId::aten_pow_float);
  bind<[](int64_t a, double b) {
    return checkedPow(static_cast<double>(a), b);
  }>(t, OpId::aten_pow_int_float);
  bind<[](double a, int64_t b) {
    return checkedPow(a, static_cast<double>(b));
  }>(t, OpId::aten_pow_float_int);
  bind<[](Scalar a, Scalar b) { return std::pow(a.toDouble(), b.toDouble()); }>(
      t, OpId::aten_pow_Scalar_Scalar);
  bind<intPow>(t, OpId::aten_pow_int_to_int);

  // Negation and absolute value (the Scalar overloads are in Math.cpp with
  // the other unary Scalar functions).
  bind<wrapNeg>(t, OpId::aten_neg_int);
  bind<[](double a) { return -a; }>(t, OpId::aten_neg_float);
  bind<[](int64_t a) { return a < 0 ? wrapNeg(a) : a; }>(t, OpId::prim_abs_int);
  bind<[](double a) { return std::fabs(a); }>(t, OpId::prim_abs_float);

  // Comparisons; `==` and `!=` on bools and devices too.
  // The .float, .int_float, .float_int and Scalar overloads of each.
#define KILN_BIND_COMPARISON(NAME)                                             \
  do {                                                                         \
    bind<NAME<double, double>>(t, OpId::aten_##NAME##_float);                  \
    bind<NAME<int64_t, double>>(t, OpId::aten_##NAME##_int_float);             \
    bind<NAME<double, int64_t>>(t, OpId::aten_##NAME##_float_int);             \
    bind<scalarBinaryTo<NAME<int64_t, int64_t>, NAME<double, double>>>(        \
        t, OpId::aten_##NAME);                                                 \
  } while (false)
  KILN_BIND_COMPARISON(eq);
  KILN_BIND_COMPARISON(ne);
  KILN_BIND_COMPARISON(lt);
  KILN_BIND_COMPARISON(le);
  KILN_BIND_COMPARISON(gt);
  KILN_BIND_COMPARISON(ge);
#undef KILN_BIND_COMPARISON
  bind<[](bool a, bool b) { return a == b; }>(t, OpId::aten_eq_bool);
  bind<[](bool a, bool b) { return a != b; }>(t, OpId::aten_ne_bool);

  // min and max of two numbers (of lists: Containers.cpp).
  bind<minOf<int64_t>>(t, OpId::prim_min_int);
  bind<minOf<double>>(t, OpId::prim_min_float);
  bind<[](int64_t a, double b) { return minMixed(static_cast<double>(a), b); }>(
      t, OpId::prim_min_int_float);
  bind<[](double a, int64_t b) { return minMixed(a, static_cast<double>(b)); }>(
      t, OpId::prim_min_float_int);
  bind<scalarBinary<minOf<int64_t>, minOf<double>>>(t, OpId::prim_min);
  bind<maxOf<int64_t>>(t, OpId::prim_max_int);
  bind<maxOf<double>>(t, OpId::prim_max_float);
  bind<[](int64_t a, double b) { return maxMixed(static_cast<double>(a), b); }>(
      t, OpId::prim_max_int_float);
  bind<[](double a, int64_t b) { return maxMixed(a, static_cast<double>(b)); }>(
      t, OpId::prim_max_float_int);
  bind<scalarBinary<maxOf<int64_t>, maxOf<double>>>(t, OpId::prim_max);

  // Logic and bits.
  bind<[](bool a, bool b) { return a && b; }>(t, OpId::aten___and___bool);
  bind<[](bool a, bool b) { return a || b; }>(t, OpId::aten___or___bool);
  bind<[](bool a, bool b) { return a != b; }>(t, OpId::aten___xor___bool);
  bind<[](bool a) { return !a; }>(t, OpId::aten___not__);
  bind<[](int64_t a, int64_t b) { return a & b; }>(t, OpId::aten___and___int);
  bind<[](int64_t a, int64_t b) { return a | b; }>(t, OpId::aten___or___int);
  bind<[](int64_t a, int64_t b) { return a ^ b; }>(t, OpId::aten___xor___int);
  bind<shiftLeft>(t, OpId::aten___lshift___int);
  bind<shiftRight>(t, OpId::aten___rshift___int);
  bind<identical>(t, OpId::aten___is__);
  bind<[](IValue &a, IValue &b) { return !identical(a, b); }>(
      t, OpId::aten___isnot__);

  // Conversions between numbers and from strings (from tensors:
  // TensorBridges.cpp).
  bind<[](int64_t a) { return a != 0; }>(t, OpId::aten_Bool_int);
  bind<[](double a) { return a != 0; }>(t, OpId::aten_Bool_float);
  bind<[](int64_t a) { return static_cast<double>(a); }>(t,
                                                         OpId::aten_Float_int);
  bind<[](bool a) { return a ? 1.0 : 0.0; }>(t, OpId::aten_Float_bool);
  bind<[](Scalar a) { return a.toDouble(); }>(t, OpId::aten_Float_Scalar);
  bind<strToFloat>(t, OpId::aten_Float_str);
  bind<[](bool a) { return static_cast<int64_t>(a); }>(t, OpId::aten_Int_bool);
  bind<[](double a) { return checkedFloatToInt(a, "aten::Int"); }>(
      t, OpId::aten_Int_float);
  bind<[](Scalar a) {
    return a.isFloat() ? checkedFloatToInt(a.toDouble(), "aten::Int")
                       : a.toInt();
  }>(t, OpId::aten_Int_Scalar);
  bind<strToInt>(t, OpId::aten_Int_str);

  // Emitted by the frontend for range() loops and loop unrolling.
  bind<rangeLength>(t, OpId::aten___range_length);
  bind<[](int64_t index, int64_t start, int64_t step) {
    return wrapAdd(start, wrapMul(index, step));
  }>(t, OpId::aten___derive_index);
  bind<roundToZeroFloorDiv>(t, OpId::aten___round_to_zero_floordiv_int);
  bind<[]() { return true; }>(t, OpId::aten_is_scripting);

  registerMathKernels(t);
  registerStringKernels(t);
  registerFormattingKernels(t);
  registerTensorBridgeKernels(t);
}

} // namespace kiln
