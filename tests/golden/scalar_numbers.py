"""Cases of int/float/bool ops and the math module (ScalarKernelsTest)."""
import math
from typing import List, Optional, Tuple

import torch

from scalarcases import Cases

numbers = Cases("numbers.txt")
case = numbers.case

# --- int arithmetic ---------------------------------------------------------


@case()
def int_add_sub_mul():
    v = [7, -3, 0]
    return v[0] + v[1], v[0] - v[1], v[0] * v[1], v[1] * v[2], v[1] - v[0]


@case()
def int_overflow_wraps():
    v = [4611686018427387904, 9223372036854775807]
    return v[0] * 4, v[1] + 1, -v[1] - 2


@case()
def int_floordiv_signs():
    v = [7, 2, -7, -2, 0, 6, -3]
    return (v[0] // v[1], v[2] // v[1], v[0] // v[3], v[2] // v[3],
            v[4] // v[1], v[5] // v[6], v[5] // v[1])


@case()
def int_remainder_signs():
    v = [7, 2, -7, -2, 0, 6, -3]
    return (v[0] % v[1], v[2] % v[1], v[0] % v[3], v[2] % v[3], v[4] % v[1],
            v[5] % v[6], v[5] % v[1])


@case()
def int_true_div():
    v = [7, 2, -1, 3]
    return v[0] / v[1], v[2] / v[3], v[1] / v[1]


# PyTorch says "division by 0": Python's message.
@case(error="ZeroDivisionError: integer division or modulo by zero")
def int_floordiv_by_zero():
    v = [7, 0]
    return v[0] // v[1]


# PyTorch 1.13 dies of SIGFPE on int % 0: Python's error (Kiln's message is
# the one of //, "integer division or modulo by zero").
@case(oracle="python", error="ZeroDivisionError: integer")
def int_remainder_by_zero():
    v = [7, 0]
    return v[0] % v[1]


@case()
def int_divmod():
    v = [7, -2, -7, 3]
    return divmod(v[0], v[1]), divmod(v[2], v[3]), divmod(v[0], v[3])


@case()
def int_divmod_by_zero():
    v = [7, 0]
    return divmod(v[0], v[1])


@case()
def int_pow():
    v = [2, 10, -2, -3, 3, 0]
    return v[0] ** v[1], v[0] ** v[2], v[3] ** v[4], v[5] ** v[5], v[2] ** v[4]


@case()
def int_pow_zero_negative():
    v = [0, -1]
    return v[0] ** v[1]


@case()
def int_neg_abs():
    v = [5, -5, 0]
    return -v[0], -v[1], abs(v[1]), abs(v[0]), -v[2]


# --- float arithmetic -------------------------------------------------------


@case()
def float_add_sub_mul_div():
    v = [2.5, -0.75, 0.1, 0.2]
    return v[0] + v[1], v[0] - v[1], v[0] * v[1], v[0] / v[1], v[2] + v[3]


@case()
def float_floordiv_remainder():
    v = [7.5, 2.0, -7.5, -2.0]
    return (v[0] // v[1], v[2] // v[1], v[0] // v[3], v[2] // v[3],
            v[0] % v[1], v[2] % v[1], v[0] % v[3], v[2] % v[3])


# TorchScript does not raise on float division by zero (Python does).
@case()
def float_division_by_zero():
    v = [1.5, 0.0, -1.5]
    return v[0] / v[1], v[2] / v[1], v[1] / v[1], v[0] // v[1], v[0] % v[1]


@case()
def float_divmod():
    v = [7.5, -2.0, 0.5, 3.0]
    return divmod(v[0], v[1]), divmod(v[2], v[3]), divmod(-v[0], v[3])


@case()
def float_divmod_by_zero():
    v = [7.5, 0.0]
    return divmod(v[0], v[1])


@case()
def float_pow():
    v = [2.0, 0.5, -8.0, 3.0, 0.0]
    return v[0] ** v[1], v[2] ** v[3], v[4] ** v[4], v[0] ** -v[3], v[2] ** v[1]


@case()
def float_pow_zero_negative():
    v = [0.0, -1.5]
    return v[0] ** v[1]


@case()
def float_neg_abs():
    v = [2.5, -0.0, -3.25]
    return -v[0], -v[1], abs(v[2]), abs(v[1])


@case()
def float_special_values():
    v = [float("inf"), float("nan"), -float("inf"), 1e308]
    return v[0] + v[2], v[0] * 0.0, v[1] + 1.0, v[3] * 10.0, -v[0]


# --- mixed int and float ----------------------------------------------------


@case()
def mixed_add_sub_mul_div():
    i = [3, -2]
    f = [0.5, 2.0]
    return (i[0] + f[0], f[0] + i[0], i[0] - f[1], f[1] - i[0], i[1] * f[0],
            f[0] * i[1], i[0] / f[1], f[1] / i[1])


@case()
def mixed_floordiv_remainder():
    i = [7, -7]
    f = [2.5, -2.5]
    return (i[0] // f[0], f[0] // i[1], i[1] // f[0], i[0] % f[1],
            f[1] % i[0], i[1] % f[0])


@case()
def mixed_divmod():
    i = [7, -7]
    f = [2.5, -2.0]
    return divmod(i[0], f[0]), divmod(f[1], i[1]), divmod(i[1], f[0])


@case()
def mixed_pow():
    i = [2, -8]
    f = [0.5, 3.0]
    return i[0] ** f[0], f[1] ** i[0], i[1] ** f[1], f[0] ** -i[0]


# --- comparisons ------------------------------------------------------------


@case()
def compare_ints():
    v = [3, 5, 3]
    return (v[0] == v[2], v[0] != v[1], v[0] < v[1], v[1] <= v[0],
            v[0] > v[1], v[0] >= v[2])


@case()
def compare_floats():
    v = [0.5, 1.5, 0.5, float("nan")]
    return (v[0] == v[2], v[0] != v[1], v[0] < v[1], v[1] <= v[0],
            v[0] > v[1], v[0] >= v[2], v[3] == v[3], v[3] != v[3], v[3] < v[0])


@case()
def compare_mixed():
    i = [2, 3]
    f = [2.0, 2.5]
    return (i[0] == f[0], f[0] == i[0], i[1] != f[1], i[1] < f[1],
            f[1] < i[1], i[0] <= f[0], f[1] >= i[1], f[1] > i[0])


@case()
def compare_bools():
    b = [True, False, True]
    return b[0] == b[2], b[0] != b[1], b[0] == b[1], b[1] != b[1]


@case()
def compare_chained():
    v = [1, 2, 3]
    return v[0] < v[1] < v[2], v[0] < v[2] < v[1]


# --- min and max ------------------------------------------------------------


@case()
def min_max_ints():
    v = [3, -5, 3]
    return min(v[0], v[1]), max(v[0], v[1]), min(v[0], v[2]), max(v[1], v[1])


@case()
def min_max_floats():
    v = [0.5, -2.5, float("nan")]
    return (min(v[0], v[1]), max(v[0], v[1]), min(v[2], v[0]),
            min(v[0], v[2]), max(v[2], v[0]))


@case()
def min_max_mixed():
    i = [2, 3]
    f = [2.5]
    return min(i[0], f[0]), max(i[0], f[0]), min(f[0], i[1]), max(f[0], i[1])


# --- bools and bits ---------------------------------------------------------


@case()
def bool_logic():
    b = [True, False]
    return (b[0] and b[1], b[0] or b[1], not b[0], not b[1], b[0] ^ b[1],
            b[0] & b[1], b[0] | b[1], b[0] ^ b[0])


@case()
def int_bits():
    v = [12, 10, -12, 3]
    return (v[0] & v[1], v[0] | v[1], v[0] ^ v[1], v[2] & v[1], v[0] << v[3],
            v[0] >> v[3], v[2] >> v[3], v[2] << v[3])


# C++ leaves shifts by 64 or more undefined: Python's answer. (7 << 70 does
# not fit in an int; Kiln's 0 is tested in ScalarKernelsTest.cpp.)
@case(oracle="python")
def int_shift_past_width():
    v = [7, 70, -7]
    return v[0] >> v[1], v[2] >> v[1]


# Undefined in C++ (PyTorch returns garbage): Python's error.
@case(oracle="python")
def int_shift_negative():
    v = [7, -1]
    return v[0] << v[1]


@case()
def is_and_is_not():
    x: Optional[int] = None
    y: Optional[int] = 3
    v = [x, y]
    return v[0] is None, v[1] is None, v[0] is not None, v[1] is not None


# --- conversions ------------------------------------------------------------


@case()
def int_of_float():
    f = [2.7, -2.7, 0.5, -0.0, 1e15]
    return int(f[0]), int(f[1]), int(f[2]), int(f[3]), int(f[4])


# int(nan) is undefined behaviour in PyTorch 1.13: Python's error.
@case(oracle="python")
def int_of_nan():
    f = [float("nan")]
    return int(f[0])


@case(oracle="python")
def int_of_inf():
    f = [float("inf")]
    return int(f[0])


@case()
def float_and_bool_of_numbers():
    i = [3, 0, -2]
    f = [0.0, -0.5, float("nan")]
    return (float(i[0]), float(i[2]), bool(i[0]), bool(i[1]), bool(f[0]),
            bool(f[1]), bool(f[2]))


@case()
def int_float_of_bool():
    b = [True, False]
    return int(b[0]), int(b[1]), float(b[0]), float(b[1])


@case()
def int_of_str():
    s = ["42", "-17", "+5", " 8", "0"]
    return int(s[0]), int(s[1]), int(s[2]), int(s[3]), int(s[4])


@case()
def int_of_str_trailing_space():
    s = ["42 "]
    return int(s[0])


@case()
def int_of_str_not_a_number():
    s = ["12x"]
    return int(s[0])


@case()
def float_of_str():
    s = ["2.5", "-1e3", " 7", "inf", "-0.0", "1E-2"]
    return (float(s[0]), float(s[1]), float(s[2]), float(s[3]), float(s[4]),
            float(s[5]))


@case()
def float_of_str_not_a_number():
    s = ["2.5.1"]
    return float(s[0])


@case()
def bool_of_str():
    s = ["", "False"]
    return bool(s[0]), bool(s[1])


# --- range() helpers --------------------------------------------------------


@case()
def range_loop():
    v = [2, 11, 3]
    out: List[int] = []
    for i in range(v[0], v[1], v[2]):
        out.append(i)
    return out


@case()
def range_loop_negative_step():
    v = [10, -3, -4]
    out: List[int] = []
    for i in range(v[0], v[1], v[2]):
        out.append(i)
    return out


@case()
def range_loop_empty():
    v = [5, 2, 1]
    out: List[int] = []
    for i in range(v[0], v[1], v[2]):
        out.append(i)
    return out


@case()
def range_step_zero():
    v = [0, 5, 0]
    out: List[int] = []
    for i in range(v[0], v[1], v[2]):
        out.append(i)
    return out


# --- rounding ---------------------------------------------------------------


@case()
def round_half_even():
    f = [2.5, 3.5, -2.5, 0.5, -0.5, 2.675, 1e300]
    return (round(f[0]), round(f[1]), round(f[2]), round(f[3]), round(f[4]),
            round(f[5]), round(f[6]))


@case()
def round_int():
    i = [7, -3]
    return round(i[0]), round(i[1])


@case()
def floor_ceil():
    f = [2.5, -2.5, 3.0, -0.5]
    return (math.floor(f[0]), math.floor(f[1]), math.floor(f[2]),
            math.ceil(f[0]), math.ceil(f[1]), math.ceil(f[3]))


@case()
def floor_ceil_int():
    i = [7, -3]
    return math.floor(i[0]), math.ceil(i[1])


@case()
def floor_of_inf():
    f = [float("inf")]
    return math.floor(f[0])


@case()
def ceil_of_nan():
    f = [float("nan")]
    return math.ceil(f[0])


# --- math functions ---------------------------------------------------------


@case()
def math_sqrt_exp_log():
    f = [2.0, 0.5, -1.0, 0.0]
    return (math.sqrt(f[0]), math.exp(f[1]), math.log(f[0]), math.log10(f[1]),
            math.log1p(f[1]), math.sqrt(f[2]), math.log(f[3]), math.expm1(f[1]))


@case()
def math_sqrt_exp_log_int():
    i = [2, 10, 0]
    return (math.sqrt(i[0]), math.exp(i[0]), math.log(i[1]), math.log10(i[1]),
            math.log1p(i[0]), math.expm1(i[2]))


@case()
def math_log_base():
    i = [8, 2]
    f = [100.0, 10.0]
    return (math.log(i[0], i[1]), math.log(f[0], f[1]), math.log(i[0], f[1]),
            math.log(f[0], i[1]))


@case()
def math_trig():
    f = [0.5, -1.25]
    return (math.sin(f[0]), math.cos(f[0]), math.tan(f[1]), math.asin(f[0]),
            math.acos(f[0]), math.atan(f[1]))


@case()
def math_trig_int():
    i = [1, -2]
    return (math.sin(i[0]), math.cos(i[1]), math.tan(i[0]), math.asin(i[0]),
            math.acos(i[0]), math.atan(i[1]))


@case()
def math_hyperbolic():
    f = [0.5, 2.0]
    return (math.sinh(f[0]), math.cosh(f[0]), math.tanh(f[1]),
            math.asinh(f[1]), math.acosh(f[1]), math.atanh(f[0]))


@case()
def math_hyperbolic_int():
    i = [1, 2, 0]
    return (math.sinh(i[0]), math.cosh(i[1]), math.tanh(i[0]),
            math.asinh(i[1]), math.acosh(i[1]), math.atanh(i[2]))


@case()
def math_atan2():
    i = [1, -2]
    f = [0.5, -1.5]
    return (math.atan2(f[0], f[1]), math.atan2(i[0], i[1]),
            math.atan2(i[0], f[1]), math.atan2(f[0], i[1]))


@case()
def math_erf_gamma():
    f = [0.5, 4.5, -1.5]
    return (math.erf(f[0]), math.erfc(f[0]), math.gamma(f[1]),
            math.lgamma(f[1]), math.gamma(f[2]), math.lgamma(f[2]))


@case()
def math_erf_gamma_int():
    i = [1, 5]
    return math.erf(i[0]), math.erfc(i[0]), math.gamma(i[1]), math.lgamma(i[1])


@case()
def math_fabs_degrees_radians():
    i = [-3, 180]
    f = [-2.5, 1.0]
    return (math.fabs(i[0]), math.fabs(f[0]), math.degrees(f[1]),
            math.radians(i[1]), math.degrees(i[0]), math.radians(f[0]))


@case()
def math_copysign():
    i = [3, -2]
    f = [2.5, -0.0]
    return (math.copysign(f[0], f[1]), math.copysign(i[0], i[1]),
            math.copysign(i[0], f[1]), math.copysign(f[0], i[1]))


@case()
def math_fmod():
    i = [7, -3]
    f = [-7.5, 2.0]
    return (math.fmod(f[0], f[1]), math.fmod(i[0], i[1]), math.fmod(i[0], f[1]),
            math.fmod(f[0], i[1]))


@case()
def math_remainder():
    i = [7, 2]
    f = [5.0, 1.5]
    return (math.remainder(f[0], f[1]), math.remainder(i[0], i[1]),
            math.remainder(i[0], f[1]), math.remainder(f[0], i[1]))


@case()
def math_isnan_isinf_isfinite():
    f = [float("nan"), float("inf"), 1.5]
    return (math.isnan(f[0]), math.isnan(f[2]), math.isinf(f[1]),
            math.isinf(f[0]), math.isfinite(f[2]), math.isfinite(f[1]))


@case()
def math_gcd():
    i = [12, 18, -4, 0, 7]
    return (math.gcd(i[0], i[1]), math.gcd(i[2], i[0]), math.gcd(i[3], i[4]),
            math.gcd(i[3], i[3]))


@case()
def math_factorial():
    i = [0, 1, 5, 20]
    return (math.factorial(i[0]), math.factorial(i[1]), math.factorial(i[2]),
            math.factorial(i[3]))


@case()
def math_factorial_negative():
    i = [-1]
    return math.factorial(i[0])


@case()
def math_modf_frexp_ldexp():
    f = [-2.5, 12.0, 0.0, 1.5]
    i = [5, -3]
    return (math.modf(f[0]), math.frexp(f[1]), math.frexp(f[2]),
            math.ldexp(f[3], i[0]), math.ldexp(f[3], i[1]))


@case()
def mixed_divmod_by_zero():
    i = [7]
    f = [0.0]
    return divmod(i[0], f[0])


# PyTorch's std::stod throws for "1e500" (out of range); Python's answer.
@case(oracle="python")
def float_of_str_out_of_range():
    s = ["1e500", "-1e500", "1e-400"]
    return float(s[0]), float(s[1]), float(s[2])


@case()
def float_of_str_nan():
    s = ["nan", "-inf"]
    return float(s[0]), float(s[1])
