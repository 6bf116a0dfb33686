"""Goldens of the tensor factories (tests/unit/ops/CreationGoldenTest.cpp).

Deterministic factories are recorded by value. Random ones cannot be
compared value by value (Kiln's generator is not PyTorch's): for them a
case records what PyTorch's result looks like, `meta(t)` = (its sizes as
an int64 tensor, an empty tensor of its dtype), and the C++ test checks
Kiln's result against that and its distribution against the math.
"""
import torch

from golden import Goldens

g = Goldens("creation")
A = torch.ops.aten


def meta(t):
    return torch.tensor(t.shape, dtype=torch.int64), torch.empty(0, dtype=t.dtype)


# --- Filled tensors ------------------------------------------------------
g.case("zeros", lambda: torch.zeros(2, 3))
g.case("zeros_int64", lambda: torch.zeros(2, 3, dtype=torch.int64))
g.case("zeros_0d", lambda: torch.zeros(()))
g.case("ones", lambda: torch.ones(3, 1))
g.case("ones_bool", lambda: torch.ones(2, dtype=torch.bool))
g.case("full_float", lambda: torch.full((2, 2), 1.5))
g.case("full_int", lambda: torch.full((3,), 7))
g.case("full_dtype", lambda: torch.full((2,), 3.7, dtype=torch.int32))
g.case("full_empty", lambda: torch.full((0, 2), 1.0))
g.case("empty", lambda: meta(torch.empty(2, 0, 3)))
g.case("empty_dtype", lambda: meta(torch.empty(4, dtype=torch.float64)))
g.case("zeros_like", lambda x: torch.zeros_like(x), g.randint(0, 9, 2, 3))
g.case("zeros_like_dtype", lambda x: torch.zeros_like(x, dtype=torch.float64), g.randn(2, 3))
g.case("ones_like", lambda x: torch.ones_like(x), g.randn(3, 2))
g.case("full_like", lambda x: torch.full_like(x, 2.5), g.randint(0, 9, 2, 2))
g.case("full_like_dtype", lambda x: torch.full_like(x, 2.5, dtype=torch.float32), g.randint(0, 9, 2, 2))
g.case("empty_like", lambda x: meta(torch.empty_like(x)), g.randint(0, 9, 3, 1, dtype=torch.int32))
g.case("new_zeros", lambda x: x.new_zeros((2, 2)), g.randint(0, 9, 3, dtype=torch.int32))
g.case("new_ones", lambda x: x.new_ones((1, 3)), g.randn(2, dtype=torch.float64))
g.case("new_full", lambda x: x.new_full((2,), 3.9), g.randint(0, 9, 3))
g.case("new_full_dtype", lambda x: x.new_full((2,), 3.9, dtype=torch.float32), g.randint(0, 9, 3))
g.case("new_empty", lambda x: meta(x.new_empty((3, 2))), g.randint(0, 2, 2, dtype=torch.bool))

# --- Ranges --------------------------------------------------------------
g.case("arange_int", lambda: torch.arange(5))
g.case("arange_float_end", lambda: torch.arange(4.5))
g.case("arange_start", lambda: torch.arange(-2, 3))
g.case("arange_step", lambda: torch.arange(1, 2.5, 0.5))
g.case("arange_tenths", lambda: torch.arange(0, 1, 0.1))
g.case("arange_neg_step", lambda: torch.arange(0, -10, -3))
g.case("arange_empty", lambda: torch.arange(3, 3))
g.case("arange_double", lambda: torch.arange(0, 10, 3, dtype=torch.float64))
g.case("arange_int64_fraction", lambda: torch.arange(-0.5, 3, 1, dtype=torch.int64))
g.case("arange_int32_fraction", lambda: torch.arange(-0.5, 3, 1, dtype=torch.int32))
g.case("arange_uint8", lambda: torch.arange(2, 9, 2, dtype=torch.uint8))
g.case("linspace", lambda: torch.linspace(0, 1, 5))
g.case("linspace_long", lambda: torch.linspace(-1.5, 2.5, 9))
g.case("linspace_one", lambda: torch.linspace(3, 10, 1))
g.case("linspace_zero", lambda: torch.linspace(3, 10, 0))
g.case("linspace_int64", lambda: torch.linspace(0, 10, 7, dtype=torch.int64))
g.case("linspace_int64_desc", lambda: torch.linspace(10, 0, 7, dtype=torch.int64))
g.case("linspace_int64_neg", lambda: torch.linspace(-3, 4, 6, dtype=torch.int64))
g.case("linspace_double", lambda: torch.linspace(2, -1, 4, dtype=torch.float64))
g.case("scalar_tensor", lambda: torch.scalar_tensor(3))
g.case("scalar_tensor_dtype", lambda: torch.scalar_tensor(3.5, dtype=torch.int64))
g.case("scalar_tensor_bool", lambda: torch.scalar_tensor(True))
g.case("eye", lambda: torch.eye(3))
g.case("eye_rect", lambda: torch.eye(2, 4, dtype=torch.int64))
g.case("eye_tall", lambda: torch.eye(3, 2))
g.case("eye_bool", lambda: torch.eye(2, dtype=torch.bool))
g.case("eye_0", lambda: torch.eye(0))

# --- From values (run through the interpreter, see the C++ test) --------
g.case("tensor_int", lambda: torch.tensor(3))
g.case("tensor_float", lambda: torch.tensor(2.5))
g.case("tensor_bool", lambda: torch.tensor(True))
g.case("tensor_int_dtype", lambda: torch.tensor(3, dtype=torch.float64))
g.case("tensor_int_list", lambda: torch.tensor([[1, 2], [3, 4], [5, 6]]))
g.case("tensor_float_list", lambda: torch.tensor([[[1.5], [-2.0]]]))
g.case("tensor_bool_list", lambda: torch.tensor([True, False, True]))
g.case("tensor_list_dtype", lambda: torch.tensor([1, 2], dtype=torch.float64))
g.case("tensor_empty_int_list", lambda: torch.tensor([], dtype=torch.int64))
g.case("tensor_empty_rows", lambda: torch.tensor([[], []], dtype=torch.int64))
g.case("as_tensor_float", lambda: torch.as_tensor(1.25))
g.case("as_tensor_list", lambda: torch.as_tensor([1.0, 2.0], dtype=torch.int32))

# --- one_hot -------------------------------------------------------------
g.case("one_hot", lambda x: torch.nn.functional.one_hot(x), torch.tensor([0, 3, 1]))
g.case("one_hot_classes", lambda x: torch.nn.functional.one_hot(x, 5), torch.tensor([[0, 2], [4, 4]]))
g.case("one_hot_0d", lambda x: torch.nn.functional.one_hot(x, 3), torch.tensor(1))
g.case("one_hot_empty", lambda x: torch.nn.functional.one_hot(x, 3), torch.zeros(0, 2, dtype=torch.int64))

# --- Random ops: PyTorch's shapes and dtypes -----------------------------
g.case("rand_meta", lambda: meta(torch.rand(2, 3)))
g.case("rand_double_meta", lambda: meta(torch.rand(4, dtype=torch.float64)))
g.case("randn_meta", lambda: meta(torch.randn(3, 1)))
g.case("rand_like_meta", lambda x: meta(torch.rand_like(x)), g.randn(2, 2, dtype=torch.float64))
g.case("randn_like_meta", lambda x: meta(torch.randn_like(x, dtype=torch.float32)), g.randn(3, dtype=torch.float64))
g.case("randint_meta", lambda: meta(torch.randint(5, (2, 3))))
g.case("randint_none_dtype_meta", lambda: meta(A.randint(5, [3], dtype=None)))
g.case("randint_low_meta", lambda: meta(torch.randint(-3, 4, (5,), dtype=torch.int32)))
g.case("randint_like_meta", lambda x: meta(torch.randint_like(x, 3)), g.randn(2, dtype=torch.float64))
g.case("randperm_meta", lambda: meta(torch.randperm(6)))
g.case("randperm_float_meta", lambda: meta(torch.randperm(4, dtype=torch.float32)))
g.case("bernoulli_meta", lambda x: meta(torch.bernoulli(x)), g.rand(2, 3))
g.case("bernoulli_p_meta", lambda x: meta(torch.bernoulli(x, 0.5)), g.randint(0, 2, 4))
g.case("normal_tensors_meta", lambda m, s: meta(torch.normal(m, s)), g.randn(2, 1), g.rand(3))
g.case("normal_float_tensor_meta", lambda s: meta(torch.normal(0.5, s)), g.rand(2, dtype=torch.float64))
g.case("normal_size_meta", lambda: meta(torch.normal(0., 1., (4,))))
g.case("multinomial_meta", lambda p: meta(torch.multinomial(p, 2)), g.rand(3, 4))
g.case("multinomial_1d_meta", lambda p: meta(torch.multinomial(p, 5, True)), g.rand(3))


def strides(t):
    return torch.tensor(t.stride(), dtype=torch.int64)


g.case("zeros_like_strides", lambda x: strides(torch.zeros_like(x.t())), g.randn(2, 3))
g.case("empty_like_contiguous_strides",
       lambda x: strides(torch.empty_like(x.t(), memory_format=torch.contiguous_format)), g.randn(2, 3))
g.case("empty_channels_last_strides", lambda: strides(torch.empty(2, 3, 4, 5, memory_format=torch.channels_last)))
g.save()
