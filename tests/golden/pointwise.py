"""Goldens of the elementwise ops (tests/unit/ops/PointwiseGoldenTest.cpp).

Each case is computed by PyTorch from its stored inputs; the C++ test
recomputes it with Kiln's kernel (the same Python numbers are written into
both). Cases named *_inplace apply the `_` variant to a copy of in0.
"""
import torch
import torch.nn.functional as F

from golden import Goldens

g = Goldens("pointwise")

f32, f64 = torch.float32, torch.float64
i32, i64, u8, i8, b8 = torch.int32, torch.int64, torch.uint8, torch.int8, torch.bool
nan, inf = float("nan"), float("inf")


def T(values, dtype=f32):
    """A literal input (special values, exact ties)."""
    return torch.tensor(values, dtype=dtype)


def ints(low, high, *shape, dtype=i64):
    return g.randint(low, high, *shape, dtype=dtype)


def bools(*shape):
    return g.randint(0, 2, *shape, dtype=b8)


def positive(*shape, dtype=f32):
    return g.rand(*shape, dtype=dtype) * 4 + 0.1


def unit(*shape):
    """Values in (-0.9, 0.9), the domain of asin, acos, atanh."""
    return g.rand(*shape) * 1.8 - 0.9


# Special values every float function meets.
SPECIAL = T([0.0, -0.0, 1.0, -1.0, 0.5, -2.5, nan, inf, -inf])

# --- add, sub, rsub, mul --------------------------------------------------
g.case("add_same_shape", torch.add, g.randn(3, 4), g.randn(3, 4))
g.case("add_broadcast", lambda a, b: torch.add(a, b, alpha=2), g.randn(2, 1, 4), g.randn(3, 1))
g.case("add_scalar_tensor", torch.add, g.randn(5), g.randn(()))
g.case("add_int_float", torch.add, ints(-5, 5, 4), g.randn(4))
g.case("add_int64", torch.add, ints(-100, 100, 3, 2), ints(-100, 100, 2))
g.case("add_bool", torch.add, bools(4), bools(4))
g.case("add_empty", torch.add, g.randn(0, 3), g.randn(3))
g.case("add_0d_0d", torch.add, g.randn(()), g.randn((), dtype=f64))
g.case("add_int32_0d_int64", torch.add, ints(-9, 9, 5, dtype=i32), ints(-9, 9))
g.case("add_float_0d_double", torch.add, g.randn(2, 3), g.randn((), dtype=f64))
g.case("add_int_0d_double", torch.add, ints(-9, 9, 2, 3), g.randn((), dtype=f64))
g.case("add_uint8_int8", torch.add, ints(0, 255, 6, dtype=u8), ints(-100, 100, 6, dtype=i8))
g.case("add_int8_overflow", torch.add, T([100, -100, 127], i8), T([100, -100, 1], i8))
g.case("add_alpha_float", lambda a, b: torch.add(a, b, alpha=0.5), g.randn(4), g.randn(4))
g.case("add_scalar_float_to_int", lambda a: a + 1.5, ints(-5, 5, 2, 3))
g.case("add_scalar_alpha", lambda a: torch.add(a, 2, alpha=3), g.randn(2, 2, dtype=f64))
g.case("add_scalar_uint8_wrap", lambda a: a + 300, ints(0, 255, 5, dtype=u8))
g.case("add_scalar_bool", lambda a: a + True, bools(5))
g.case("add_inplace", lambda a, b: a.clone().add_(b), g.randn(3, 4), g.randn(4))
g.case("add_inplace_scalar_int", lambda a: a.clone().add_(3, alpha=2), ints(-5, 5, 4))
g.case("add_inplace_double_into_float", lambda a, b: a.clone().add_(b), g.randn(3), g.randn(3, dtype=f64))
g.case("sub_broadcast_alpha", lambda a, b: torch.sub(a, b, alpha=2), g.randn(2, 3), g.randn(3))
g.case("sub_int_scalar", lambda a: a - 5, ints(-9, 9, 4))
g.case("sub_uint8_wrap", lambda a: a - 5, ints(0, 10, 6, dtype=u8))
g.case("sub_inplace", lambda a, b: a.clone().sub_(b), g.randn(2, 3), g.randn(2, 1))
g.case("sub_inplace_scalar", lambda a: a.clone().sub_(0.25, alpha=4), g.randn(4))
g.case("rsub_tensor", lambda a, b: torch.rsub(a, b, alpha=2), ints(-9, 9, 3), ints(-9, 9, 2, 3))
g.case("rsub_scalar", lambda a: torch.rsub(a, 1.5), ints(-5, 5, 4))
g.case("rsub_scalar_alpha", lambda a: torch.rsub(a, 2, alpha=3), g.randn(4))
g.case("mul_double", torch.mul, g.randn(2, 3, dtype=f64), g.randn(2, 3, dtype=f64))
g.case("mul_bool", torch.mul, bools(5), bools(5))
g.case("mul_bool_scalar", lambda a: a * 2, bools(5))
g.case("mul_int32_overflow", torch.mul, T([65536, -65536, 3], i32), T([65536, 65536, 3], i32))
g.case("mul_int_scalar_float", lambda a: a * 0.5, ints(-9, 9, 4, dtype=i32))
g.case("mul_inplace_scalar", lambda a: a.clone().mul_(3), ints(-9, 9, 2, 2))
g.case("mul_inplace_bool_into_float", lambda a, b: a.clone().mul_(b), g.randn(2, 3), bools(3))

# --- division ------------------------------------------------------------
# Divisors kept away from zero unless zero is the point.
DIVIDEND = T([7, -7, 7, -7, 6, -6, 0, 1], i64)
DIVISOR = T([2, 2, -2, -2, 3, 4, 5, -3], i64)
g.case("div_float", torch.div, g.randn(2, 3), positive(3))
g.case("div_int_int", torch.div, DIVIDEND, DIVISOR)
g.case("div_int_scalar", lambda a: a / 4, ints(-9, 9, 5))
g.case("div_bool", torch.div, bools(4), T([True, True, False, True], b8))
g.case("div_float_by_zero", torch.div, T([1.0, -1.0, 0.0, 2.0]), T([0.0, 0.0, 0.0, -0.0]))
g.case("div_trunc_int", lambda a, b: torch.div(a, b, rounding_mode="trunc"), DIVIDEND, DIVISOR)
g.case("div_floor_int", lambda a, b: torch.div(a, b, rounding_mode="floor"), DIVIDEND, DIVISOR)
g.case("div_trunc_float", lambda a, b: torch.div(a, b, rounding_mode="trunc"), g.randn(6) * 5, g.randn(6))
g.case("div_floor_float", lambda a, b: torch.div(a, b, rounding_mode="floor"),
       T([7.5, -7.5, 7.5, -7.5, 0.0, -0.5, 5.0, 1e-30]), T([2.0, 2.0, -2.0, -2.0, 3.0, 1.0, 0.0, 1e30]))
g.case("div_floor_scalar_float", lambda a: torch.div(a, 2.5, rounding_mode="floor"), ints(-9, 9, 5))
g.case("div_trunc_scalar_int", lambda a: torch.div(a, -3, rounding_mode="trunc"), ints(-20, 20, 6))
g.case("div_trunc_uint8", lambda a, b: torch.div(a, b, rounding_mode="trunc"), ints(0, 255, 5, dtype=u8), ints(1, 9, 5, dtype=u8))
g.case("div_inplace", lambda a, b: a.clone().div_(b), g.randn(3, 2), positive(2))
g.case("div_inplace_floor_int", lambda a: a.clone().div_(3, rounding_mode="floor"), ints(-9, 9, 6))
g.case("true_divide_int", torch.true_divide, ints(-9, 9, 4, dtype=i32), ints(1, 5, 4, dtype=i32))
g.case("floor_divide_int", torch.floor_divide, DIVIDEND, DIVISOR)
g.case("floor_divide_float_scalar", lambda a: torch.floor_divide(a, -0.75), g.randn(6))
g.case("floor_divide_inplace", lambda a, b: a.clone().floor_divide_(b), ints(-20, 20, 2, 3), ints(1, 5, 3))
g.case("remainder_int", torch.remainder, DIVIDEND, DIVISOR)
g.case("remainder_float", torch.remainder, T([7.5, -7.5, 7.5, -7.5, -0.0, 1e-30, 5.0]), T([2.0, 2.0, -2.0, -2.0, 3.0, -1e30, 0.0]))
g.case("remainder_scalar", lambda a: torch.remainder(a, -2), T([-7.5, 7.5, 3.0, -1.0]))
g.case("remainder_scalar_tensor", lambda b: torch.remainder(2.5, b), ints(1, 5, 4))
g.case("remainder_scalar_tensor_int", lambda b: torch.remainder(7, b), T([2, -2, 3, -3], i64))
g.case("remainder_inplace", lambda a, b: a.clone().remainder_(b), g.randn(2, 3) * 4, positive(3))
g.case("fmod_int", torch.fmod, DIVIDEND, DIVISOR)
g.case("fmod_float", torch.fmod, T([7.5, -7.5, 7.5, -7.5, 5.0]), T([2.0, 2.0, -2.0, -2.0, 0.0]))
g.case("fmod_scalar", lambda a: torch.fmod(a, 1.5), g.randn(5) * 3)
g.case("fmod_inplace", lambda a: a.clone().fmod_(-4), ints(-20, 20, 5, dtype=i32))

# --- pow -----------------------------------------------------------------
g.case("pow_float", torch.pow, positive(2, 3), g.randn(3))
g.case("pow_int_int", torch.pow, T([0, 1, -1, 2, -2, 3, 2], i64), T([-1, -1, -3, -3, 3, 4, 0], i64))
g.case("pow_int_overflow", torch.pow, T([2, 3, -3], i64), T([64, 41, 41], i64))
g.case("pow_int_float", torch.pow, ints(0, 5, 4), g.randn(4))
g.case("pow_scalar_exponent_int", lambda a: a ** 3, ints(-9, 9, 5))
g.case("pow_scalar_exponent_half", lambda a: a ** 0.5, positive(5))
g.case("pow_scalar_exponent_negative", lambda a: a ** -2, T([0.5, -2.0, 0.0, -0.0, 3.0]))
g.case("pow_int_to_float_scalar", lambda a: a ** 0.5, ints(0, 20, 5))
g.case("pow_bool_scalar", lambda a: a ** 2, bools(5))
g.case("pow_uint8_scalar", lambda a: a ** 2, ints(0, 255, 5, dtype=u8))
g.case("pow_scalar_base_int", lambda e: torch.pow(2, e), ints(0, 10, 5))
g.case("pow_scalar_base_negative_exponents", lambda e: torch.pow(-1, e), T([-1, -2, -3, 0, 5], i64))
g.case("pow_scalar_base_float", lambda e: torch.pow(2.5, e), ints(-3, 3, 5))
g.case("pow_scalar_base_tensor_float", lambda e: torch.pow(0.5, e), g.randn(2, 3, dtype=f64))
g.case("pow_inplace", lambda a, b: a.clone().pow_(b), positive(2, 2), g.randn(2))
g.case("pow_inplace_scalar", lambda a: a.clone().pow_(2), ints(-9, 9, 4))
g.case("square_float", torch.square, g.randn(5))
g.case("square_int", torch.square, ints(-9, 9, 5, dtype=i32))
g.case("square_bool", torch.square, bools(4))
g.case("square_inplace", lambda a: a.clone().square_(), g.randn(2, 3))

# --- other math of two and three tensors ---------------------------------
g.case("atan2_float", torch.atan2, g.randn(3, 4), g.randn(4))
g.case("atan2_int", torch.atan2, ints(-3, 3, 5), ints(-3, 3, 5))
g.case("atan2_inplace", lambda a, b: a.clone().atan2_(b), g.randn(4), g.randn(4))
g.case("hypot_float_double", torch.hypot, g.randn(4), g.randn(4, dtype=f64))
g.case("hypot_inplace", lambda a, b: a.clone().hypot_(b), g.randn(2, 3), g.randn(3))
g.case("xlogy_special", torch.xlogy, T([0.0, 0.0, 1.0, 2.0, 0.0, -1.0]), T([0.0, nan, 0.0, 3.0, -1.0, 2.0]))
g.case("xlogy_int", torch.xlogy, ints(0, 4, 5), ints(1, 4, 5))
g.case("xlogy_scalar_self", lambda b: torch.xlogy(2, b), positive(4))
g.case("xlogy_scalar_other", lambda a: torch.xlogy(a, 3), g.randn(4))
g.case("xlogy_inplace", lambda a, b: a.clone().xlogy_(b), g.randn(3), positive(3))
g.case("copysign_float", torch.copysign, g.randn(5), g.randn(5))
g.case("copysign_int_scalar", lambda a: torch.copysign(a, -1), ints(-5, 5, 4))
g.case("copysign_inplace", lambda a, b: a.clone().copysign_(b), g.randn(2, 2), g.randn(2))
g.case("logaddexp", torch.logaddexp, T([1.0, -inf, inf, 100.0, -3.0]), T([2.0, -inf, inf, 99.0, 0.5]))
g.case("ldexp", torch.ldexp, g.randn(5), ints(-4, 4, 5))
g.case("gcd", torch.gcd, T([12, -18, 0, 7, 0], i64), T([8, 12, 5, -21, 0], i64))
g.case("lcm", torch.lcm, T([4, -6, 0, 7, 3], i32), T([6, 4, 5, -21, 5], i32))
g.case("lerp_scalar", lambda a, b: torch.lerp(a, b, 0.3), g.randn(2, 3), g.randn(3))
g.case("lerp_scalar_large_weight", lambda a, b: torch.lerp(a, b, 0.75), g.randn(4, dtype=f64), g.randn(4, dtype=f64))
g.case("lerp_tensor", torch.lerp, g.randn(2), g.randn(3, 1), g.rand(2))
g.case("lerp_inplace", lambda a, b, w: a.clone().lerp_(b, w), g.randn(2, 3), g.randn(3), g.rand(2, 3))
g.case("addcmul", lambda a, b, c: torch.addcmul(a, b, c, value=0.5), g.randn(2, 3), g.randn(3), g.randn(2, 1))
g.case("addcmul_int", lambda a, b, c: torch.addcmul(a, b, c, value=2), ints(-5, 5, 4), ints(-5, 5, 4), ints(-5, 5, 4))
g.case("addcmul_mixed", torch.addcmul, ints(-5, 5, 4), g.randn(4), ints(-5, 5, 4))
g.case("addcmul_inplace", lambda a, b, c: a.clone().addcmul_(b, c, value=-1), g.randn(3), g.randn(3), g.randn(3))
g.case("addcdiv", lambda a, b, c: torch.addcdiv(a, b, c, value=2), g.randn(2, 3), g.randn(2, 3), positive(3))
g.case("addcdiv_inplace", lambda a, b, c: a.clone().addcdiv_(b, c), g.randn(4), g.randn(4), positive(4))

# --- functions of one tensor ---------------------------------------------
for name, fn, make in [
    ("sqrt", torch.sqrt, lambda: positive(2, 3)),
    ("rsqrt", torch.rsqrt, lambda: positive(2, 3)),
    ("reciprocal", torch.reciprocal, lambda: g.randn(2, 3)),
    ("exp", torch.exp, lambda: g.randn(2, 3)),
    ("exp2", torch.exp2, lambda: g.randn(2, 3)),
    ("expm1", torch.expm1, lambda: g.randn(2, 3) * 0.01),
    ("log", torch.log, lambda: positive(2, 3)),
    ("log1p", torch.log1p, lambda: g.rand(2, 3) * 0.01),
    ("log2", torch.log2, lambda: positive(2, 3)),
    ("log10", torch.log10, lambda: positive(2, 3)),
    ("sin", torch.sin, lambda: g.randn(2, 3) * 3),
    ("cos", torch.cos, lambda: g.randn(2, 3) * 3),
    ("tan", torch.tan, lambda: unit(2, 3)),
    ("asin", torch.asin, lambda: unit(2, 3)),
    ("acos", torch.acos, lambda: unit(2, 3)),
    ("atan", torch.atan, lambda: g.randn(2, 3) * 3),
    ("sinh", torch.sinh, lambda: g.randn(2, 3)),
    ("cosh", torch.cosh, lambda: g.randn(2, 3)),
    ("tanh", torch.tanh, lambda: g.randn(2, 3) * 2),
    ("asinh", torch.asinh, lambda: g.randn(2, 3) * 3),
    ("acosh", torch.acosh, lambda: positive(2, 3) + 1),
    ("atanh", torch.atanh, lambda: unit(2, 3)),
    ("sigmoid", torch.sigmoid, lambda: g.randn(2, 3) * 3),
    ("erf", torch.erf, lambda: g.randn(2, 3)),
    ("erfc", torch.erfc, lambda: g.randn(2, 3)),
    ("lgamma", torch.lgamma, lambda: positive(2, 3)),
    ("digamma", torch.digamma, lambda: positive(2, 3)),
    ("erfinv", torch.erfinv, lambda: unit(2, 3)),
]:
    g.case(name, fn, make())
g.case("sqrt_double", torch.sqrt, positive(4, dtype=f64))
g.case("sqrt_int", torch.sqrt, ints(0, 100, 5))
g.case("sqrt_bool", torch.sqrt, bools(4))
g.case("sqrt_special", torch.sqrt, SPECIAL)
g.case("exp_uint8", torch.exp, ints(0, 10, 5, dtype=u8))
g.case("exp_special", torch.exp, SPECIAL)
g.case("log_special", torch.log, SPECIAL)
g.case("log_int32", torch.log, ints(1, 100, 5, dtype=i32))
g.case("rsqrt_special", torch.rsqrt, SPECIAL)
g.case("reciprocal_special", torch.reciprocal, SPECIAL)
g.case("reciprocal_bool", torch.reciprocal, bools(4))
g.case("sigmoid_special", torch.sigmoid, T([-100.0, 100.0, 0.0, nan, inf, -inf]))
g.case("sigmoid_bool", torch.sigmoid, bools(4))
g.case("tanh_int", torch.tanh, ints(-3, 3, 5))
g.case("erf_special", torch.erf, SPECIAL)
g.case("lgamma_int", torch.lgamma, ints(-2, 6, 6))
g.case("digamma_special", torch.digamma, T([0.0, -0.0, -1.0, -2.5, 10.0, 1e18, 3.7, nan, inf, -inf], f64))
g.case("digamma_int", torch.digamma, ints(-2, 20, 6))
g.case("erfinv_special", torch.erfinv, T([0.0, 0.5, -0.69, 0.71, -0.999, 1.0, -1.0, 1.5, nan]))
g.case("sin_double", torch.sin, g.randn(2, 2, dtype=f64))
g.case("exp_0d", torch.exp, g.randn(()))
g.case("exp_empty", torch.exp, g.randn(2, 0))
g.case("sqrt_inplace", lambda a: a.clone().sqrt_(), positive(2, 3))
g.case("sigmoid_inplace", lambda a: a.clone().sigmoid_(), g.randn(2, 3, dtype=f64))
g.case("abs_float", torch.abs, SPECIAL)
g.case("abs_int", torch.abs, T([-3, 0, 5, -(2 ** 63)], i64))
g.case("abs_uint8", torch.abs, ints(0, 255, 5, dtype=u8))
g.case("abs_inplace", lambda a: a.clone().abs_(), ints(-9, 9, 5, dtype=i32))
g.case("neg_float", torch.neg, SPECIAL)
g.case("neg_int", torch.neg, T([-3, 0, 5, -(2 ** 63)], i64))
g.case("neg_uint8", torch.neg, ints(0, 255, 5, dtype=u8))
g.case("neg_inplace", lambda a: a.clone().neg_(), g.randn(2, 2))
g.case("sign_float", torch.sign, SPECIAL)
g.case("sign_int", torch.sign, ints(-3, 3, 6, dtype=i32))
g.case("sign_bool", torch.sign, bools(4))
g.case("sign_uint8", torch.sign, ints(0, 3, 5, dtype=u8))
g.case("sgn", torch.sgn, g.randn(5))
g.case("sign_inplace", lambda a: a.clone().sign_(), g.randn(2, 3))

# --- rounding ------------------------------------------------------------
HALVES = T([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6, nan, inf])
g.case("floor", torch.floor, HALVES)
g.case("ceil", torch.ceil, HALVES)
g.case("trunc", torch.trunc, HALVES)
g.case("round", torch.round, HALVES)
g.case("round_double", torch.round, T([0.5, 1.5, 2.5, -0.5, 1e15 + 0.5], f64))
g.case("round_int", torch.round, ints(-9, 9, 5))
g.case("floor_int", torch.floor, ints(-9, 9, 5, dtype=i32))
g.case("ceil_uint8", torch.ceil, ints(0, 255, 5, dtype=u8))
g.case("round_decimals", lambda a: torch.round(a, decimals=2), T([1.2345, 12345.678, -0.125, 0.135, 2.5]))
g.case("round_decimals_negative", lambda a: torch.round(a, decimals=-2), T([1234.5, 12350.0, -150.0, 49.0]))
g.case("round_decimals_inplace", lambda a: a.clone().round_(decimals=1), g.randn(5, dtype=f64) * 10)
g.case("frac", torch.frac, T([1.5, -1.5, 2.0, -0.25, inf, nan]))
g.case("floor_inplace", lambda a: a.clone().floor_(), g.randn(2, 3) * 3)
g.case("round_inplace", lambda a: a.clone().round_(), HALVES)

# --- other functions of one tensor ---------------------------------------
g.case("angle", torch.angle, T([-1.0, 0.0, 2.0, -0.0, nan, -inf]))
g.case("angle_int", torch.angle, ints(-3, 3, 5))
g.case("logit", torch.logit, T([0.25, 0.0, 1.0, 0.5, 0.9]))
g.case("logit_eps", lambda a: torch.logit(a, eps=0.1), T([0.25, 0.0, 1.0, 0.5, 0.95]))
g.case("logit_inplace", lambda a: a.clone().logit_(), g.rand(4, dtype=f64))
g.case("frexp", torch.frexp, T([8.0, 0.3, -5.0, 0.0, 1.0, 1e-3]))
g.case("nan_to_num", torch.nan_to_num, T([nan, inf, -inf, 1.5]))
g.case("nan_to_num_values", lambda a: torch.nan_to_num(a, nan=1.0, posinf=2.0, neginf=-2.0), T([nan, inf, -inf, 1.5]))
g.case("nan_to_num_double", lambda a: torch.nan_to_num(a, posinf=1e300), T([nan, inf, -inf, 1.5], f64))
g.case("nan_to_num_int", torch.nan_to_num, ints(-9, 9, 4))
g.case("nan_to_num_inplace", lambda a: a.clone().nan_to_num_(neginf=0.0), T([nan, inf, -inf, 1.5]))
g.case("isnan", torch.isnan, SPECIAL)
g.case("isinf", torch.isinf, SPECIAL)
g.case("isposinf", torch.isposinf, SPECIAL)
g.case("isneginf", torch.isneginf, SPECIAL)
g.case("isfinite", torch.isfinite, SPECIAL)
g.case("isfinite_int", torch.isfinite, ints(-9, 9, 3))
g.case("isnan_bool", torch.isnan, bools(3))
g.case("isreal", torch.isreal, SPECIAL)

# --- comparisons ---------------------------------------------------------
SMALL_A, SMALL_B = g.randint(-2, 2, 3, 4, dtype=f32), g.randint(-2, 2, 4, dtype=f32)
for name, fn in [("eq", torch.eq), ("ne", torch.ne), ("lt", torch.lt),
                 ("le", torch.le), ("gt", torch.gt), ("ge", torch.ge)]:
    g.case(f"{name}_tensor", fn, SMALL_A, SMALL_B)
    g.case(f"{name}_scalar", lambda a, fn=fn: fn(a, 1), SMALL_A)
    g.case(f"{name}_inplace", lambda a, b, name=name: getattr(a.clone(), name + "_")(b), SMALL_A, SMALL_B)
g.case("lt_int_float_scalar", lambda a: a < 1.5, ints(-3, 3, 6))
g.case("eq_int_float", torch.eq, ints(-2, 2, 5), g.randint(-2, 2, 5, dtype=f64))
g.case("eq_bool_scalar", lambda a: a == 1, bools(5))
g.case("lt_bool_float", lambda a: a < 0.5, bools(5))
g.case("gt_uint8_negative_scalar", lambda a: a > -1, ints(0, 255, 4, dtype=u8))
g.case("ne_nan", torch.ne, T([nan, 1.0, nan]), T([nan, 1.0, 2.0]))
g.case("eq_nan_scalar", lambda a: a == nan, T([nan, 1.0]))
g.case("gt_int32_double_0d", torch.gt, T([1, 2, 3], i32), T(1.5, f64))
g.case("le_empty", torch.le, g.randn(0), g.randn(1))
g.case("lt_inplace_scalar", lambda a: a.clone().lt_(0.5), g.randn(2, 3, dtype=f64))

# --- logical and bitwise ops ---------------------------------------------
g.case("logical_and", torch.logical_and, ints(-1, 2, 6), T([0.5, 0.0, nan, -0.0, 2.0, 1.0]))
g.case("logical_or", torch.logical_or, bools(2, 3), ints(0, 2, 3, dtype=u8))
g.case("logical_xor", torch.logical_xor, g.randint(-1, 2, 5, dtype=f32), bools(5))
g.case("logical_not", torch.logical_not, T([0.0, -0.0, nan, 2.0]))
g.case("logical_not_int", torch.logical_not, ints(-2, 2, 5, dtype=i32))
g.case("logical_and_inplace", lambda a, b: a.clone().logical_and_(b), g.randn(2, 3), bools(3))
g.case("logical_not_inplace", lambda a: a.clone().logical_not_(), ints(-2, 2, 5))
g.case("bitwise_and", torch.bitwise_and, ints(-100, 100, 2, 3), ints(-100, 100, 3))
g.case("bitwise_or_bool", torch.bitwise_or, bools(5), bools(5))
g.case("bitwise_xor_uint8_scalar", lambda a: a ^ 3, ints(0, 255, 5, dtype=u8))
g.case("bitwise_and_scalar_tensor", lambda b: torch.bitwise_and(3, b), ints(-8, 8, 5))
g.case("bitwise_or_bool_int_scalar", lambda a: a | 1, bools(4))
g.case("bitwise_and_int_bool_scalar", lambda a: a & True, ints(-4, 4, 4))
g.case("bitwise_xor_int32_int64", torch.bitwise_xor, ints(-50, 50, 4, dtype=i32), ints(-50, 50, 4))
g.case("bitwise_not_int", torch.bitwise_not, ints(-100, 100, 5))
g.case("bitwise_not_bool", torch.bitwise_not, bools(4))
g.case("bitwise_not_uint8", torch.bitwise_not, ints(0, 255, 4, dtype=u8))
g.case("bitwise_and_inplace", lambda a, b: a.clone().bitwise_and_(b), ints(0, 64, 2, 3, dtype=i32), ints(0, 64, 3, dtype=i32))
g.case("bitwise_or_inplace_scalar", lambda a: a.clone().bitwise_or_(True), bools(4))
g.case("left_shift", torch.bitwise_left_shift, ints(-100, 100, 5), ints(0, 60, 5))
g.case("right_shift", torch.bitwise_right_shift, ints(-100, 100, 5), ints(0, 10, 5))
g.case("left_shift_uint8_scalar", lambda a: a << 3, ints(0, 255, 5, dtype=u8))
g.case("right_shift_int8_scalar", lambda a: a >> 2, ints(-128, 127, 5, dtype=i8))
g.case("left_shift_scalar_tensor", lambda b: torch.bitwise_left_shift(3, b), ints(0, 8, 4))
g.case("left_shift_bool_scalar", lambda a: a << 1, bools(4))
g.case("right_shift_inplace", lambda a, b: a.clone().bitwise_right_shift_(b), ints(-64, 64, 2, 3), ints(0, 5, 3))

# --- minimum, maximum, clamp ---------------------------------------------
WITH_NAN = T([nan, 1.0, -1.0, 2.0, nan, -3.0])
g.case("maximum", torch.maximum, g.randn(2, 3), g.randn(3))
g.case("maximum_nan", torch.maximum, WITH_NAN, T([0.0, nan, 0.0, 5.0, nan, -4.0]))
g.case("minimum_nan", torch.minimum, WITH_NAN, T([0.0, nan, 0.0, 5.0, nan, -4.0]))
g.case("maximum_int_float", torch.maximum, ints(-3, 3, 4), g.randn(4))
g.case("minimum_int_uint8", torch.minimum, ints(-200, 200, 4), ints(0, 255, 4, dtype=u8))
g.case("maximum_bool", torch.maximum, bools(5), bools(5))
g.case("fmax_nan", torch.fmax, WITH_NAN, T([0.0, nan, 0.0, 5.0, nan, -4.0]))
g.case("fmin_nan", torch.fmin, WITH_NAN, T([0.0, nan, 0.0, 5.0, nan, -4.0]))
g.case("fmax_int", torch.fmax, ints(-3, 3, 4), ints(-3, 3, 4))
g.case("clamp", lambda a: torch.clamp(a, -0.5, 0.5), g.randn(3, 4))
g.case("clamp_min_only", lambda a: torch.clamp(a, min=0.1), g.randn(6))
g.case("clamp_max_only", lambda a: torch.clamp(a, max=-0.1), g.randn(6))
g.case("clamp_nan", lambda a: torch.clamp(a, -1.5, 1.5), WITH_NAN)
g.case("clamp_nan_bound", lambda a: torch.clamp(a, 0.0, nan), WITH_NAN)
g.case("clamp_nan_min_only", lambda a: torch.clamp(a, min=nan), WITH_NAN)
g.case("clamp_min_above_max", lambda a: torch.clamp(a, 2, 1), g.randn(4))
g.case("clamp_int", lambda a: torch.clamp(a, -2, 3), ints(-9, 9, 6, dtype=i32))
g.case("clamp_int_float_bound", lambda a: torch.clamp(a, min=0.5), ints(-3, 3, 5))
g.case("clamp_bool_int_bound", lambda a: torch.clamp(a, min=0), bools(4))
g.case("clamp_uint8_negative_bound", lambda a: torch.clamp(a, min=-1), ints(0, 255, 4, dtype=u8))
g.case("clamp_tensor", torch.clamp, g.randn(2, 3), g.randn(3) - 0.5, g.randn(2, 1) + 0.5)
g.case("clamp_tensor_nan", torch.clamp, T([nan, 1.0, 1.0, 5.0, -5.0]), T([0.0, nan, 0.0, 0.0, 0.0]), T([1.0, 1.0, nan, 1.0, 1.0]))
g.case("clamp_tensor_min_only", lambda a, lo: torch.clamp(a, min=lo), g.randn(2, 3), g.randn(2, 1))
g.case("clamp_tensor_max_only_promotes", lambda a, hi: torch.clamp(a, max=hi), ints(-5, 5, 4), T([0.5]))
g.case("clamp_inplace", lambda a: a.clone().clamp_(min=-0.25, max=0.25), g.randn(2, 3))
g.case("clamp_inplace_tensor", lambda a, lo, hi: a.clone().clamp_(lo, hi), g.randn(2, 3), g.randn(3) - 1, g.randn(3) + 1)
g.case("clamp_min", lambda a: torch.clamp_min(a, 0.0), WITH_NAN)
g.case("clamp_min_nan_bound", lambda a: torch.clamp_min(a, nan), WITH_NAN)
g.case("clamp_max", lambda a: torch.clamp_max(a, 0.5), ints(-3, 3, 5))
g.case("clamp_min_tensor", torch.clamp_min, WITH_NAN, T([0.0, nan, 0.0, 5.0, 1.0, -4.0]))
g.case("clamp_max_tensor", torch.clamp_max, g.randn(2, 3), g.randn(3))
g.case("clamp_min_inplace", lambda a: a.clone().clamp_min_(-1), ints(-5, 5, 5))
g.case("clip", lambda a: torch.clip(a, -1, 1), g.randn(5) * 2)

# --- where ---------------------------------------------------------------
g.case("where", torch.where, bools(2, 3), g.randn(2, 3), g.randn(3))
g.case("where_broadcast_promote", torch.where, bools(3), ints(-9, 9, 2, 1), g.randn((), dtype=f64))
g.case("where_uint8_condition", torch.where, ints(0, 3, 4, dtype=u8), ints(-9, 9, 4), ints(-9, 9, 4))
g.case("where_int_double", torch.where, bools(4), ints(-9, 9, 4, dtype=i32), g.randn(4, dtype=f64))
g.case("where_scalar_self", lambda c, b: torch.where(c, 1.5, b), bools(4), ints(-9, 9, 4, dtype=i32))
g.case("where_scalar_other", lambda c, a: torch.where(c, a, -1), bools(4), ints(0, 255, 4, dtype=u8))
g.case("where_scalars_int", lambda c: torch.where(c, 1, 0), bools(2, 2))
g.case("where_scalars_float", lambda c: torch.where(c, 1.0, 0), bools(3))
g.case("where_scalars_bool", lambda c: torch.where(c, True, False), bools(3))
g.case("where_empty", torch.where, bools(0, 2), g.randn(2), g.randn(1))
g.case("where_nonzero", torch.where, bools(3, 4))
g.case("where_nonzero_float", torch.where, T([[1.0, 0.0, nan], [0.0, -0.0, 2.0]]))
g.case("where_nonzero_0d", torch.where, T(True, b8))

# --- activations ---------------------------------------------------------
ACT = T([-3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 2.5, 7.0, nan])
g.case("relu", torch.relu, g.randn(4, 5))
g.case("relu_int", torch.relu, ints(-3, 3, 6))
g.case("relu_special", torch.relu, ACT)
g.case("relu_uint8", torch.relu, ints(0, 255, 4, dtype=u8))
g.case("relu_inplace", lambda a: a.clone().relu_(), g.randn(2, 3))
g.case("relu6", F.relu6, ACT)
g.case("relu6_int", F.relu6, ints(-9, 9, 6))
g.case("relu6_inplace", lambda a: F.relu6(a.clone(), inplace=True), g.randn(5) * 5)
g.case("hardtanh", F.hardtanh, ACT)
g.case("hardtanh_bounds", lambda a: F.hardtanh(a, -2.0, 0.5), ACT)
g.case("hardtanh_int_fractional_bounds", lambda a: F.hardtanh(a, -0.5, 0.5), ints(-3, 3, 5))
g.case("hardtanh_uint8", lambda a: F.hardtanh(a, 0, 100), ints(0, 255, 5, dtype=u8))
g.case("hardtanh_inplace", lambda a: F.hardtanh(a.clone(), 0.0, 1.0, inplace=True), g.randn(2, 3))
g.case("leaky_relu", F.leaky_relu, ACT)
g.case("leaky_relu_slope", lambda a: F.leaky_relu(a, 0.2), g.randn(2, 3, dtype=f64))
g.case("leaky_relu_inplace", lambda a: F.leaky_relu(a.clone(), 2.0, inplace=True), g.randn(5))
g.case("elu", F.elu, ACT)
g.case("elu_params", lambda a: torch.ops.aten.elu(a, 0.5, 2.0, 3.0), ACT)
g.case("elu_inplace", lambda a: F.elu(a.clone(), alpha=1.5, inplace=True), g.randn(2, 3))
g.case("gelu", F.gelu, ACT)
g.case("gelu_tanh", lambda a: F.gelu(a, approximate="tanh"), ACT)
g.case("gelu_double", F.gelu, g.randn(5, dtype=f64))
g.case("gelu_inplace", lambda a: torch.ops.aten.gelu_(a.clone(), approximate="tanh"), g.randn(2, 3))
g.case("silu", F.silu, ACT)
g.case("silu_inplace", lambda a: F.silu(a.clone(), inplace=True), g.randn(2, 3))
g.case("mish", F.mish, ACT)
g.case("mish_inplace", lambda a: F.mish(a.clone(), inplace=True), g.randn(2, 3, dtype=f64))
g.case("softplus", F.softplus, T([-30.0, -1.0, 0.0, 1.0, 19.0, 21.0, 30.0, nan]))
g.case("softplus_params", lambda a: F.softplus(a, beta=2, threshold=10), T([-30.0, -1.0, 0.0, 1.0, 4.9, 5.1, 30.0]))
g.case("hardsigmoid", F.hardsigmoid, ACT)
g.case("hardsigmoid_inplace", lambda a: F.hardsigmoid(a.clone(), inplace=True), g.randn(2, 3) * 4)
g.case("hardswish", F.hardswish, ACT)
g.case("hardswish_inplace", lambda a: F.hardswish(a.clone(), inplace=True), g.randn(2, 3, dtype=f64) * 4)

# --- conversions ---------------------------------------------------------
g.case("to_int32", lambda a: a.to(i32), g.randn(2, 3) * 10)
g.case("to_uint8", lambda a: a.to(u8), g.rand(5) * 250)
g.case("to_double", lambda a: a.to(f64), ints(-9, 9, 2, 2))
g.case("to_bool", lambda a: a.to(b8), T([0.1, 0.0, -0.0, nan, -2.0]))
g.case("to_float_from_bool", lambda a: a.to(f32), bools(4))
g.case("to_int8_wrap", lambda a: a.to(i8), T([127, 128, 255, -129], i32))
g.case("to_other", lambda a, b: a.to(b), g.randn(4) * 5, ints(0, 1, 1))
g.case("type_as", lambda a, b: a.type_as(b), ints(-9, 9, 4), g.randn(1, dtype=f64))

g.save()
