//===- Math.cpp - Kernels of the math module's functions on numbers -------===//
//
// math.sqrt, math.log, math.floor, round(), ... on ints, floats and Scalars,
// computed in double as PyTorch 1.13 does (C's math library: math.sqrt(-1.0)
// is nan and math.log(0.0) is -inf where Python raises).
//
// Note [Scalar overloads of unary functions]: PyTorch registers
// `aten::f.Scalar(Scalar a) -> Scalar` with a static_cast of the result to
// the C++ types its registration macro names: `float` for float results, so
// the value is rounded to float32 (aten::sqrt(Scalar 2.0) is
// 1.4142135381698608, not 1.4142135623730951), and `int` for int results,
// so an int64 is truncated to 32 bits (aten::neg(Scalar 2**40 + 5) is -5).
// The .int and .float overloads are exact. Kiln reproduces both casts so that
// its results are PyTorch's.
//
//===----------------------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/ScalarFamily.h"

#include <cmath>
#include <complex>
#include <cstdlib>
#include <string>
#include <tuple>

namespace kiln {

namespace {

// See Note [Scalar overloads of unary functions].
Scalar asFloat32(double v) {
  return Scalar(static_cast<double>(static_cast<float>(v)));
}
Scalar asInt32(int64_t v) {
  return Scalar(static_cast<int64_t>(
      static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v)))));
}

// Python's round(): halfway cases to the even neighbour, independent of the
// floating-point environment's rounding mode.
double roundHalfEven(double a) {
  double r = std::round(a); // halfway cases away from zero
  if (std::fabs(a - std::trunc(a)) == 0.5)
    r = 2.0 * std::round(a / 2.0);
  return r;
}

double logGamma(double a) {
#if defined(__GLIBC__)
  int sign; // lgamma_r does not write the global `signgam`: thread-safe
  return lgamma_r(a, &sign);
#else
  return std::lgamma(a);
#endif
}

// As PyTorch computes them (register_ops_utils.cpp).
const double kDegToRad = std::acos(-1.0) / 180.0;
const double kRadToDeg = 180.0 / std::acos(-1.0);

// `f.int(int a) -> float`, `f.float(float a) -> float` and
// `f.Scalar(Scalar a) -> Scalar` of a function computed in double.
template <auto F>
void bindFloatFunction(KernelTable &t, OpId intOp, OpId floatOp,
                       OpId scalarOp) {
  bind<[](int64_t a) { return F(static_cast<double>(a)); }>(t, intOp);
  bind<[](double a) { return F(a); }>(t, floatOp);
  bind<[](Scalar a) { return asFloat32(F(a.toDouble())); }>(t, scalarOp);
}

// The .int, .float, .int_float, .float_int overloads of a binary function
// computed in double, and the Scalar one (`scalarOp`, whose result is a
// float too).
template <auto F>
void bindBinaryFloatFunction(KernelTable &t, OpId intOp, OpId floatOp,
                             OpId intFloatOp, OpId floatIntOp, OpId scalarOp) {
  bind<[](int64_t a, int64_t b) {
    return F(static_cast<double>(a), static_cast<double>(b));
  }>(t, intOp);
  bind<[](double a, double b) { return F(a, b); }>(t, floatOp);
  bind<[](int64_t a, double b) { return F(static_cast<double>(a), b); }>(
      t, intFloatOp);
  bind<[](double a, int64_t b) { return F(a, static_cast<double>(b)); }>(
      t, floatIntOp);
  bind<[](Scalar a, Scalar b) { return F(a.toDouble(), b.toDouble()); }>(
      t, scalarOp);
}

int64_t gcd(int64_t a, int64_t b) {
  // In uint64 so that INT64_MIN has an absolute value.
  uint64_t x =
      a < 0 ? uint64_t{0} - static_cast<uint64_t>(a) : static_cast<uint64_t>(a);
  uint64_t y =
      b < 0 ? uint64_t{0} - static_cast<uint64_t>(b) : static_cast<uint64_t>(b);
  while (y != 0) {
    uint64_t r = x % y;
    x = y;
    y = r;
  }
  return static_cast<int64_t>(x); // gcd(INT64_MIN, 0) wraps, as in PyTorch
}

int64_t factorial(int64_t n) {
  KILN_USER_CHECK(n >= 0,
                  "ValueError: factorial() not defined for negative values");
  KILN_USER_CHECK(n <= 20, "OverflowError: aten::factorial: factorial(", n,
                  ") does not fit in a 64-bit int");
  int64_t result = 1;
  for (int64_t i = 2; i <= n; ++i)
    result *= i;
  return result;
}

// floor() and ceil() of a float as an int, with PyTorch's message (which
// prints the value with std::to_string) for values no int64 holds.
int64_t integralToInt(double d, const char *op) {
  if (std::isfinite(d) && d >= -9223372036854775808.0 &&
      d < 9223372036854775808.0)
    return static_cast<int64_t>(d);
  throw UserError(detail::concat(
      std::isnan(d) ? "ValueError: " : "OverflowError: ", op,
      ": Cannot convert float ", std::to_string(d), " to integer"));
}

std::tuple<double, int64_t> frexp(double a) {
  int exponent = 0;
  double mantissa = std::frexp(a, &exponent);
  return {mantissa, exponent};
}

double ldexp(double x, int64_t i) {
  // Exponents beyond +-10000 over- or underflow any double alike; clamping
  // keeps the int conversion defined.
  int64_t clamped = i < -10000 ? -10000 : (i > 10000 ? 10000 : i);
  return std::ldexp(x, static_cast<int>(clamped));
}

std::tuple<double, double> modf(double a) {
  double integral = 0;
  double fractional = std::modf(a, &integral);
  return {fractional, integral};
}

} // namespace

void registerMathKernels(KernelTable &t) {
#define KILN_FLOAT_FUNCTION(NAME, EXPR)                                        \
  bindFloatFunction<[](double x) { return EXPR; }>(t, OpId::aten_##NAME##_int, \
                                                   OpId::aten_##NAME##_float,  \
                                                   OpId::aten_##NAME##_Scalar)
  KILN_FLOAT_FUNCTION(acos, std::acos(x));
  KILN_FLOAT_FUNCTION(acosh, std::acosh(x));
  KILN_FLOAT_FUNCTION(angle, std::arg(x));
  KILN_FLOAT_FUNCTION(asin, std::asin(x));
  KILN_FLOAT_FUNCTION(asinh, std::asinh(x));
  KILN_FLOAT_FUNCTION(atan, std::atan(x));
  KILN_FLOAT_FUNCTION(atanh, std::atanh(x));
  KILN_FLOAT_FUNCTION(cos, std::cos(x));
  KILN_FLOAT_FUNCTION(cosh, std::cosh(x));
  KILN_FLOAT_FUNCTION(degrees, x * kRadToDeg);
  KILN_FLOAT_FUNCTION(erf, std::erf(x));
  KILN_FLOAT_FUNCTION(erfc, std::erfc(x));
  KILN_FLOAT_FUNCTION(exp, std::exp(x));
  KILN_FLOAT_FUNCTION(expm1, std::expm1(x));
  KILN_FLOAT_FUNCTION(fabs, std::fabs(x));
  KILN_FLOAT_FUNCTION(gamma, std::tgamma(x));
  KILN_FLOAT_FUNCTION(lgamma, logGamma(x));
  KILN_FLOAT_FUNCTION(log, std::log(x));
  KILN_FLOAT_FUNCTION(log10, std::log10(x));
  KILN_FLOAT_FUNCTION(log1p, std::log1p(x));
  KILN_FLOAT_FUNCTION(radians, x * kDegToRad);
  KILN_FLOAT_FUNCTION(sin, std::sin(x));
  KILN_FLOAT_FUNCTION(sinh, std::sinh(x));
  KILN_FLOAT_FUNCTION(sqrt, std::sqrt(x));
  KILN_FLOAT_FUNCTION(tan, std::tan(x));
  KILN_FLOAT_FUNCTION(tanh, std::tanh(x));
#undef KILN_FLOAT_FUNCTION

  // floor and ceil give ints; round gives a float, rounding half to even.
  bind<[](int64_t a) { return a; }>(t, OpId::aten_floor_int);
  bind<[](double a) { return integralToInt(std::floor(a), "aten::floor"); }>(
      t, OpId::aten_floor_float);
  bind<[](Scalar a) {
    return asInt32(a.isFloat()
                       ? integralToInt(std::floor(a.toDouble()), "aten::floor")
                       : a.toInt());
  }>(t, OpId::aten_floor_Scalar);
  bind<[](int64_t a) { return a; }>(t, OpId::aten_ceil_int);
  bind<[](double a) { return integralToInt(std::ceil(a), "aten::ceil"); }>(
      t, OpId::aten_ceil_float);
  bind<[](Scalar a) {
    return asInt32(a.isFloat()
                       ? integralToInt(std::ceil(a.toDouble()), "aten::ceil")
                       : a.toInt());
  }>(t, OpId::aten_ceil_Scalar);
  bind<[](int64_t a) { return static_cast<double>(a); }>(t,
                                                         OpId::aten_round_int);
  bind<roundHalfEven>(t, OpId::aten_round_float);
  bind<[](Scalar a) { return asFloat32(roundHalfEven(a.toDouble())); }>(
      t, OpId::aten_round_Scalar);

  // The Scalar overloads of - and abs (the others are in Scalar.cpp).
  bind<[](Scalar a) {
    return a.isFloat() ? asFloat32(-a.toDouble())
                       : asInt32(static_cast<int64_t>(
                             uint64_t{0} - static_cast<uint64_t>(a.toInt())));
  }>(t, OpId::aten_neg_Scalar);
  bind<[](Scalar a) {
    if (a.isFloat())
      return asFloat32(std::fabs(a.toDouble()));
    int64_t i = a.toInt();
    return asInt32(
        i < 0 ? static_cast<int64_t>(uint64_t{0} - static_cast<uint64_t>(i))
              : i);
  }>(t, OpId::prim_abs_Scalar);

  bindBinaryFloatFunction<[](double a, double b) { return std::atan2(a, b); }>(
      t, OpId::aten_atan2_int, OpId::aten_atan2_float,
      OpId::aten_atan2_int_float, OpId::aten_atan2_float_int,
      OpId::aten_atan2_Scalar_Scalar);
  bindBinaryFloatFunction<[](double a, double b) {
    return std::copysign(a, b);
  }>(t, OpId::aten_copysign_int, OpId::aten_copysign_float,
     OpId::aten_copysign_int_float, OpId::aten_copysign_float_int,
     OpId::aten_copysign);
  bindBinaryFloatFunction<[](double a, double b) { return std::fmod(a, b); }>(
      t, OpId::aten_fmod_int, OpId::aten_fmod_float, OpId::aten_fmod_int_float,
      OpId::aten_fmod_float_int, OpId::aten_fmod);
  bindBinaryFloatFunction<[](double a, double b) {
    return std::remainder(a, b);
  }>(t, OpId::aten_mathremainder_int, OpId::aten_mathremainder_float,
     OpId::aten_mathremainder_int_float, OpId::aten_mathremainder_float_int,
     OpId::aten_mathremainder);
  // math.log(x, base)
  bindBinaryFloatFunction<[](double a, double b) {
    return std::log(a) / std::log(b);
  }>(t, OpId::aten_log_int_int, OpId::aten_log_float_float,
     OpId::aten_log_int_float, OpId::aten_log_float_int,
     OpId::aten_log_Scalar_Scalar);

  bind<[](double a) { return std::isnan(a); }>(t, OpId::aten_isnan_float);
  bind<[](double a) { return std::isinf(a); }>(t, OpId::aten_isinf_float);
  bind<[](double a) { return std::isfinite(a); }>(t, OpId::aten_isfinite_float);
  bind<gcd>(t, OpId::aten_gcd_int);
  bind<factorial>(t, OpId::aten_factorial_int);
  bind<frexp>(t, OpId::aten_frexp);
  bind<ldexp>(t, OpId::aten_ldexp);
  bind<modf>(t, OpId::aten_modf);
}

} // namespace kiln
