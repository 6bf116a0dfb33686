"""Cases written as IR text (Scalar-typed values, which come from tensors,
and ops the frontend emits only in special places) and of the tensor <->
number bridges (ScalarKernelsTest)."""
import torch

from scalarcases import Cases

bridges = Cases("bridges.txt")
case = bridges.case

# --- Scalar-typed values: from tensors (IR text, as the frontend emits these
# only for values of unknown type) ------------------------------------------

SCALAR_BINARY = """graph(%t : Tensor, %u : Tensor):
  %a : Scalar = aten::item(%t)
  %b : Scalar = aten::item(%u)
  %add : Scalar = aten::add(%a, %b)
  %sub : Scalar = aten::sub(%a, %b)
  %mul : Scalar = aten::mul(%a, %b)
  %div : float = aten::div(%a, %b)
  %floordiv : Scalar = aten::floordiv(%a, %b)
  %rem : Scalar = aten::remainder(%a, %b)
  %pow : float = aten::pow(%a, %b)
  %min : Scalar = prim::min(%a, %b)
  %max : Scalar = prim::max(%a, %b)
  %eq : bool = aten::eq(%a, %b)
  %ne : bool = aten::ne(%a, %b)
  %lt : bool = aten::lt(%a, %b)
  %le : bool = aten::le(%a, %b)
  %gt : bool = aten::gt(%a, %b)
  %ge : bool = aten::ge(%a, %b)
  %r : (Scalar, Scalar, Scalar, float, Scalar, Scalar, float, Scalar, Scalar, bool, bool, bool, bool, bool, bool) = prim::TupleConstruct(%add, %sub, %mul, %div, %floordiv, %rem, %pow, %min, %max, %eq, %ne, %lt, %le, %gt, %ge)
  return (%r)
"""
bridges.ir("scalar_binary_ints", SCALAR_BINARY, torch.tensor(7), torch.tensor(-2))
bridges.ir("scalar_binary_floats", SCALAR_BINARY,
           torch.tensor(2.75, dtype=torch.float64), torch.tensor(-0.5, dtype=torch.float64))
bridges.ir("scalar_binary_int_float", SCALAR_BINARY,
           torch.tensor(7), torch.tensor(2.5, dtype=torch.float64))
bridges.ir("scalar_binary_float32_int", SCALAR_BINARY,
           torch.tensor(1.1), torch.tensor(3))

SCALAR_MATH = """graph(%t : Tensor, %u : Tensor):
  %a : Scalar = aten::item(%t)
  %b : Scalar = aten::item(%u)
  %log : float = aten::log(%a, %b)
  %atan2 : float = aten::atan2(%a, %b)
  %copysign : float = aten::copysign(%a, %b)
  %fmod : float = aten::fmod(%a, %b)
  %rem : float = aten::mathremainder(%a, %b)
  %r : (float, float, float, float, float) = prim::TupleConstruct(%log, %atan2, %copysign, %fmod, %rem)
  return (%r)
"""
bridges.ir("scalar_math_binary_ints", SCALAR_MATH, torch.tensor(9), torch.tensor(-4))
bridges.ir("scalar_math_binary_floats", SCALAR_MATH,
           torch.tensor(9.5, dtype=torch.float64), torch.tensor(2.25, dtype=torch.float64))

# The unary Scalar overloads round float results to float32 and truncate int
# results to 32 bits (see Math.cpp).
SCALAR_UNARY = """graph(%t : Tensor):
  %a : Scalar = aten::item(%t)
  %neg : Scalar = aten::neg(%a)
  %abs : Scalar = prim::abs(%a)
  %floor : Scalar = aten::floor(%a)
  %ceil : Scalar = aten::ceil(%a)
  %round : Scalar = aten::round(%a)
  %sqrt : Scalar = aten::sqrt(%a)
  %exp : Scalar = aten::exp(%a)
  %log : Scalar = aten::log(%a)
  %sin : Scalar = aten::sin(%a)
  %tanh : Scalar = aten::tanh(%a)
  %erf : Scalar = aten::erf(%a)
  %gamma : Scalar = aten::gamma(%a)
  %degrees : Scalar = aten::degrees(%a)
  %fabs : Scalar = aten::fabs(%a)
  %r : (Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar) = prim::TupleConstruct(%neg, %abs, %floor, %ceil, %round, %sqrt, %exp, %log, %sin, %tanh, %erf, %gamma, %degrees, %fabs)
  return (%r)
"""
bridges.ir("scalar_unary_int", SCALAR_UNARY, torch.tensor(5))
bridges.ir("scalar_unary_negative_int", SCALAR_UNARY, torch.tensor(-3))
bridges.ir("scalar_unary_double", SCALAR_UNARY, torch.tensor(2.7, dtype=torch.float64))
bridges.ir("scalar_unary_float32", SCALAR_UNARY, torch.tensor(0.3))
bridges.ir("scalar_unary_big_int", SCALAR_UNARY, torch.tensor(2**40 + 5))

bridges.ir("scalar_conversions", """graph(%t : Tensor):
  %a : Scalar = aten::item(%t)
  %i : int = aten::Int(%a)
  %f : float = aten::Float(%a)
  %r : (int, float) = prim::TupleConstruct(%i, %f)
  return (%r)
""", torch.tensor(-2.75, dtype=torch.float64))

bridges.ir("scalar_floordiv_by_zero", """graph(%t : Tensor, %u : Tensor):
  %a : Scalar = aten::item(%t)
  %b : Scalar = aten::item(%u)
  %r : Scalar = aten::floordiv(%a, %b)
  return (%r)
""", torch.tensor(3), torch.tensor(0),
           error="ZeroDivisionError: integer division or modulo by zero")

# --- tensor <-> number bridges ----------------------------------------------


@case(torch.tensor(2.5), torch.tensor(-3), torch.tensor(True))
def tensor_item(t: torch.Tensor, u: torch.Tensor, b: torch.Tensor):
    return t.item(), u.item(), b.item()


@case(torch.tensor(2.75, dtype=torch.float64), torch.tensor(-3),
      torch.tensor([0.5]))
def tensor_int_float_bool(t: torch.Tensor, u: torch.Tensor, w: torch.Tensor):
    return (int(t), float(t), bool(t), int(u), float(u), bool(u), int(w),
            float(w), bool(w))


@case(torch.tensor([1, 2]))
def tensor_item_of_two(t: torch.Tensor):
    return t.item()


@case(torch.tensor([1.5, 2.5]))
def tensor_int_of_two(t: torch.Tensor):
    return int(t)


@case(torch.tensor([0.5, 2.5]))
def tensor_bool_of_two(t: torch.Tensor):
    return bool(t)


@case(torch.zeros(0))
def tensor_bool_of_empty(t: torch.Tensor):
    return bool(t)


bridges.ir("tensor_implicit_conversions", """graph(%t : Tensor, %u : Tensor):
  %i : int = aten::IntImplicit(%t)
  %f : float = aten::FloatImplicit(%u)
  %s : Scalar = aten::ScalarImplicit(%u)
  %g : float = aten::FloatImplicit(%t)
  %r : (int, float, Scalar, float) = prim::TupleConstruct(%i, %f, %s, %g)
  return (%r)
""", torch.tensor(3), torch.tensor(0.5, dtype=torch.float64))

bridges.ir("tensor_int_implicit_of_float", """graph(%t : Tensor):
  %i : int = aten::IntImplicit(%t)
  return (%i)
""", torch.tensor(0.5))

bridges.ir("tensor_float_implicit_of_1d", """graph(%t : Tensor):
  %f : float = aten::FloatImplicit(%t)
  return (%f)
""", torch.tensor([0.5]))

bridges.ir("num_to_tensor_int", """graph(%t : Tensor):
  %a : Scalar = aten::item(%t)
  %r : Tensor = prim::NumToTensor(%a)
  return (%r)
""", torch.tensor(7))

bridges.ir("num_to_tensor_float", """graph(%t : Tensor):
  %a : Scalar = aten::item(%t)
  %r : Tensor = prim::NumToTensor(%a)
  return (%r)
""", torch.tensor(0.25))

bridges.ir("num_to_tensor_bool", """graph():
  %b : bool = prim::Constant[value=1]()
  %r : Tensor = prim::NumToTensor(%b)
  return (%r)
""")


@case(torch.tensor([[1.0, 2.0]]), torch.tensor([1, 2, 3], dtype=torch.int32))
def tensor_properties(t: torch.Tensor, u: torch.Tensor):
    return (t.dtype, u.dtype, t.is_cuda, t.requires_grad, t.is_cpu, len(u),
            t.device == u.device)


@case(torch.tensor(2.0))
def tensor_len_of_0d(t: torch.Tensor):
    return len(t)


@case(torch.tensor([1.0, 2.0]))
def tensor_data(t: torch.Tensor):
    return t.data


@case(torch.tensor([1.0, 2.0]))
def tensor_device(t: torch.Tensor):
    return t.device


@case()
def device_of_str():
    s = ["cpu", "cuda:1", "cpu"]
    d = torch.device(s[0])
    e = torch.device(s[1])
    return d == torch.device(s[2]), d != e, e.type, e.index, d.index, str(d)


@case()
def device_of_bad_str():
    s = ["spaceship"]
    return torch.device(s[0])

# --- ops reached through IR text ---------------------------------------------

SCALAR_UNARY_MORE = """graph(%t : Tensor):
  %a : Scalar = aten::item(%t)
  %acos : Scalar = aten::acos(%a)
  %asin : Scalar = aten::asin(%a)
  %atan : Scalar = aten::atan(%a)
  %cos : Scalar = aten::cos(%a)
  %tan : Scalar = aten::tan(%a)
  %sinh : Scalar = aten::sinh(%a)
  %cosh : Scalar = aten::cosh(%a)
  %asinh : Scalar = aten::asinh(%a)
  %acosh : Scalar = aten::acosh(%a)
  %atanh : Scalar = aten::atanh(%a)
  %expm1 : Scalar = aten::expm1(%a)
  %log10 : Scalar = aten::log10(%a)
  %log1p : Scalar = aten::log1p(%a)
  %lgamma : Scalar = aten::lgamma(%a)
  %erfc : Scalar = aten::erfc(%a)
  %radians : Scalar = aten::radians(%a)
  %angle : Scalar = aten::angle(%a)
  %r : (Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar) = prim::TupleConstruct(%acos, %asin, %atan, %cos, %tan, %sinh, %cosh, %asinh, %acosh, %atanh, %expm1, %log10, %log1p, %lgamma, %erfc, %radians, %angle)
  return (%r)
"""
bridges.ir("scalar_unary_more_double", SCALAR_UNARY_MORE,
           torch.tensor(0.5, dtype=torch.float64))
bridges.ir("scalar_unary_more_negative_double", SCALAR_UNARY_MORE,
           torch.tensor(-0.5, dtype=torch.float64))
bridges.ir("scalar_unary_more_int", SCALAR_UNARY_MORE, torch.tensor(2))

bridges.ir("angle", """graph():
  %f : float = prim::Constant[value=-2.5]()
  %g : float = prim::Constant[value=0.5]()
  %i : int = prim::Constant[value=-3]()
  %j : int = prim::Constant[value=3]()
  %a : float = aten::angle(%f)
  %b : float = aten::angle(%g)
  %c : float = aten::angle(%i)
  %d : float = aten::angle(%j)
  %r : (float, float, float, float) = prim::TupleConstruct(%a, %b, %c, %d)
  return (%r)
""")

bridges.ir("math_domain_edges", """graph():
  %two : float = prim::Constant[value=2.]()
  %zero : float = prim::Constant[value=0.]()
  %one : float = prim::Constant[value=1.]()
  %minus_one : float = prim::Constant[value=-1.]()
  %half : float = prim::Constant[value=0.5]()
  %a : float = aten::acos(%two)
  %b : float = aten::gamma(%zero)
  %c : float = aten::gamma(%minus_one)
  %d : float = aten::lgamma(%zero)
  %e : float = aten::log(%minus_one)
  %f : float = aten::atanh(%one)
  %g : float = aten::acosh(%half)
  %h : float = aten::log10(%zero)
  %r : (float, float, float, float, float, float, float, float) = prim::TupleConstruct(%a, %b, %c, %d, %e, %f, %g, %h)
  return (%r)
""")

# PyTorch divides in C for this helper of loop unrolling (and dies of
# SIGFPE for a zero divisor, so no such case here).
bridges.ir("round_to_zero_floordiv", """graph():
  %a : int = prim::Constant[value=7]()
  %b : int = prim::Constant[value=2]()
  %c : int = prim::Constant[value=-7]()
  %d : int = prim::Constant[value=-2]()
  %x : int = aten::__round_to_zero_floordiv(%a, %b)
  %y : int = aten::__round_to_zero_floordiv(%c, %b)
  %z : int = aten::__round_to_zero_floordiv(%a, %d)
  %r : (int, int, int) = prim::TupleConstruct(%x, %y, %z)
  return (%r)
""")

bridges.ir("range_length_and_derive_index", """graph():
  %zero : int = prim::Constant[value=0]()
  %one : int = prim::Constant[value=1]()
  %minus_one : int = prim::Constant[value=-1]()
  %max : int = prim::Constant[value=9223372036854775807]()
  %min : int = prim::Constant[value=-9223372036854775807]()
  %five : int = prim::Constant[value=5]()
  %three : int = prim::Constant[value=3]()
  %a : int = aten::__range_length(%zero, %max, %one)
  %b : int = aten::__range_length(%max, %min, %minus_one)
  %c : int = aten::__range_length(%five, %zero, %one)
  %d : int = aten::__range_length(%zero, %five, %three)
  %e : int = aten::__derive_index(%three, %five, %minus_one)
  %f : int = aten::__derive_index(%zero, %five, %three)
  %r : (int, int, int, int, int, int) = prim::TupleConstruct(%a, %b, %c, %d, %e, %f)
  return (%r)
""")

# Unlike the float overloads, the Scalar power does not check for 0 ** -1.
bridges.ir("scalar_pow_zero_negative", """graph(%t : Tensor, %u : Tensor):
  %a : Scalar = aten::item(%t)
  %b : Scalar = aten::item(%u)
  %r : float = aten::pow(%a, %b)
  return (%r)
""", torch.tensor(0), torch.tensor(-1))

bridges.ir("floor_of_huge_float", """graph():
  %a : float = prim::Constant[value=1e+300]()
  %r : int = aten::floor(%a)
  return (%r)
""")

# (Other ops on a bool Scalar fail inside PyTorch: "isInt() INTERNAL ASSERT
# FAILED"; Kiln computes them as ints.)
bridges.ir("scalar_int_of_bool", """graph(%t : Tensor):
  %a : Scalar = aten::item(%t)
  %i : int = aten::Int(%a)
  return (%i)
""", torch.tensor(True))


@case(torch.tensor([[1, 2, 3], [4, 5, 6]]), torch.tensor([7.5], dtype=torch.float64))
def tensor_len_and_implicit_bridges(t: torch.Tensor, u: torch.Tensor):
    return len(t), len(u), int(u), float(u), bool(u)
