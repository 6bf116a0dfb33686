"""Goldens of the matrix products (tests/unit/ops/LinearAlgebraGoldenTest.cpp).

Scalar arguments (alpha, beta, einsum equations) are fixed per case here and
repeated in the C++ test next to the case's name.
"""
import torch

from golden import Goldens

g = Goldens("linalg")
nan = float("nan")

# mm
g.case("mm_basic", torch.mm, g.randn(3, 4), g.randn(4, 5))
g.case("mm_double", torch.mm, g.randn(2, 3, dtype=torch.float64), g.randn(3, 2, dtype=torch.float64))
g.case("mm_int64", torch.mm, g.randint(-5, 5, 3, 4), g.randint(-5, 5, 4, 2))
g.case("mm_int32", torch.mm, g.randint(-5, 5, 2, 3, dtype=torch.int32), g.randint(-5, 5, 3, 3, dtype=torch.int32))
g.case("mm_uint8", torch.mm, g.randint(0, 30, 3, 4, dtype=torch.uint8), g.randint(0, 30, 4, 2, dtype=torch.uint8))
g.case("mm_empty_depth", torch.mm, g.randn(2, 0), g.randn(0, 3))
g.case("mm_empty_rows", torch.mm, g.randn(0, 3), g.randn(3, 2))
# Inputs stored as [4, 3] and [5, 4]; the test transposes them with views.
g.case("mm_transposed", lambda a, b: torch.mm(a.t(), b.t()), g.randn(4, 3), g.randn(5, 4))
g.case("mm_inf_times_zero", torch.mm, torch.tensor([[float("inf"), 1.0]]), torch.tensor([[0.0], [1.0]]))
# Crosses every block edge of the reference GEMM (32 rows, 256 columns, 128
# depth); small integers, so float32 and int64 products are exact. The test
# multiplies the int8 inputs as float32 and as int64.
g.case("mm_blocked", lambda a, b: torch.mm(a.long(), b.long()).to(torch.int16),
       g.randint(-3, 4, 33, 129, dtype=torch.int8), g.randint(-3, 4, 129, 257, dtype=torch.int8))

# bmm
g.case("bmm_basic", torch.bmm, g.randn(2, 3, 4), g.randn(2, 4, 5))
g.case("bmm_int64", torch.bmm, g.randint(-4, 4, 3, 2, 2), g.randint(-4, 4, 3, 2, 3))
g.case("bmm_empty_batch", torch.bmm, g.randn(0, 3, 4), g.randn(0, 4, 2))

# matmul: every case of torch.matmul's dispatch
g.case("matmul_1d_1d", torch.matmul, g.randn(4), g.randn(4))
g.case("matmul_2d_1d", torch.matmul, g.randn(3, 4), g.randn(4))
g.case("matmul_1d_2d", torch.matmul, g.randn(4), g.randn(4, 3))
g.case("matmul_2d_2d", torch.matmul, g.randn(3, 4), g.randn(4, 2))
g.case("matmul_3d_1d", torch.matmul, g.randn(2, 3, 4), g.randn(4))
g.case("matmul_1d_3d", torch.matmul, g.randn(4), g.randn(2, 4, 3))
g.case("matmul_3d_2d", torch.matmul, g.randn(2, 3, 4), g.randn(4, 5))
g.case("matmul_2d_3d", torch.matmul, g.randn(3, 4), g.randn(2, 4, 5))
g.case("matmul_3d_3d", torch.matmul, g.randn(2, 3, 4), g.randn(2, 4, 2))
g.case("matmul_broadcast_batch", torch.matmul, g.randn(2, 1, 3, 4), g.randn(3, 4, 2))
g.case("matmul_broadcast_both", torch.matmul, g.randn(1, 2, 2, 3), g.randn(3, 1, 3, 2))
g.case("matmul_4d_1d", torch.matmul, g.randn(2, 2, 2, 3), g.randn(3))
g.case("matmul_int64", torch.matmul, g.randint(-5, 5, 2, 2, 3), g.randint(-5, 5, 3, 2))
g.case("matmul_double_1d_3d", torch.matmul, g.randn(3, dtype=torch.float64), g.randn(2, 3, 2, dtype=torch.float64))
g.case("matmul_empty_batch", torch.matmul, g.randn(0, 2, 3), g.randn(3, 4))
# (Kiln's .npy reader rejects [2, 2, 0], so the batch here is 1.)
g.case("matmul_empty_depth", torch.matmul, g.randn(1, 2, 0), g.randn(0, 3))

# addmm: beta=1, alpha=1 unless noted
g.case("addmm_basic", torch.addmm, g.randn(2, 4), g.randn(2, 3), g.randn(3, 4))
# beta=0.5, alpha=2
g.case("addmm_broadcast_self", lambda s, a, b: torch.addmm(s, a, b, beta=0.5, alpha=2),
       g.randn(4), g.randn(2, 3), g.randn(3, 4))
# beta=0: NaN in self is ignored
g.case("addmm_beta0_nan", lambda s, a, b: torch.addmm(s, a, b, beta=0),
       torch.full((2, 2), nan), g.randn(2, 3), g.randn(3, 2))
# alpha=0, beta=2: NaN in the matrices is ignored
g.case("addmm_alpha0_nan", lambda s, a, b: torch.addmm(s, a, b, beta=2, alpha=0),
       g.randn(2, 2), torch.tensor([[nan, 1.0], [1.0, 1.0]]), g.randn(2, 2))
# beta=2, alpha=3
g.case("addmm_int64", lambda s, a, b: torch.addmm(s, a, b, beta=2, alpha=3),
       g.randint(-5, 5, 2, 3), g.randint(-5, 5, 2, 2), g.randint(-5, 5, 2, 3))
# beta=0.5, alpha=1.7: integer kernels truncate both to integers
g.case("addmm_int64_float_scalars", lambda s, a, b: torch.addmm(s, a, b, beta=0.5, alpha=1.7),
       g.randint(-5, 5, 2, 3), g.randint(-5, 5, 2, 2), g.randint(-5, 5, 2, 3))
g.case("addmm_scalar_self", torch.addmm, g.randn(()), g.randn(3, 2), g.randn(2, 2))
g.case("addmm_double", torch.addmm, g.randn(2, 1, dtype=torch.float64),
       g.randn(2, 3, dtype=torch.float64), g.randn(3, 3, dtype=torch.float64))
# addmm_: beta=0.5, alpha=-1; the test also checks that self was written
g.case("addmm_inplace", lambda s, a, b: s.clone().addmm_(a, b, beta=0.5, alpha=-1),
       g.randn(3, 2), g.randn(3, 4), g.randn(4, 2))

# addmv: beta=0.5, alpha=2 unless noted
g.case("addmv_basic", lambda s, m, v: torch.addmv(s, m, v, beta=0.5, alpha=2),
       g.randn(3), g.randn(3, 4), g.randn(4))
g.case("addmv_broadcast_self", torch.addmv, g.randn(1), g.randn(3, 2), g.randn(2))
# beta=0
g.case("addmv_beta0_nan", lambda s, m, v: torch.addmv(s, m, v, beta=0),
       torch.full((2,), nan), g.randn(2, 3), g.randn(3))
# self is int64: converted to the product's dtype
g.case("addmv_int_self", torch.addmv, g.randint(-5, 5, 2), g.randn(2, 3), g.randn(3))
# addmv_: beta=1, alpha=1
g.case("addmv_inplace", lambda s, m, v: s.clone().addmv_(m, v), g.randn(2), g.randn(2, 2), g.randn(2))

# mv, dot
g.case("mv_basic", torch.mv, g.randn(3, 4), g.randn(4))
g.case("mv_int64", torch.mv, g.randint(-5, 5, 2, 3), g.randint(-5, 5, 3))
g.case("mv_empty", torch.mv, g.randn(0, 3), g.randn(3))
g.case("mv_empty_depth", torch.mv, g.randn(2, 0), g.randn(0))
g.case("dot_basic", torch.dot, g.randn(5), g.randn(5))
g.case("dot_double", torch.dot, g.randn(3, dtype=torch.float64), g.randn(3, dtype=torch.float64))
g.case("dot_int64", torch.dot, g.randint(-9, 9, 4), g.randint(-9, 9, 4))
g.case("dot_empty", torch.dot, g.randn(0), g.randn(0))

# baddbmm: beta=0.5, alpha=1.5 unless noted
g.case("baddbmm_basic", lambda s, a, b: torch.baddbmm(s, a, b, beta=0.5, alpha=1.5),
       g.randn(2, 3, 2), g.randn(2, 3, 4), g.randn(2, 4, 2))
g.case("baddbmm_broadcast_self", lambda s, a, b: torch.baddbmm(s, a, b, beta=0.5, alpha=1.5),
       g.randn(2), g.randn(3, 2, 3), g.randn(3, 3, 2))
# beta=0. PyTorch 1.13's loop for small products (under 400 multiply-adds)
# scales uninitialized memory by beta instead of ignoring self; this case
# is large enough for its BLAS path, which ignores self as documented.
g.case("baddbmm_beta0_nan", lambda s, a, b: torch.baddbmm(s, a, b, beta=0),
       torch.full((1, 5, 8), nan), g.randn(1, 5, 10), g.randn(1, 10, 8))
# baddbmm_: beta=1, alpha=1
g.case("baddbmm_inplace", lambda s, a, b: s.clone().baddbmm_(a, b),
       g.randn(2, 2, 2), g.randn(2, 2, 3), g.randn(2, 3, 2))

# linear
F = torch.nn.functional
g.case("linear_bias", F.linear, g.randn(3, 4), g.randn(5, 4), g.randn(5))
g.case("linear_no_bias", F.linear, g.randn(3, 4), g.randn(2, 4))
g.case("linear_3d", F.linear, g.randn(2, 3, 4), g.randn(5, 4), g.randn(5))
g.case("linear_1d_input", F.linear, g.randn(4), g.randn(3, 4), g.randn(3))
g.case("linear_1d_weight", F.linear, g.randn(3, 4), g.randn(4))
g.case("linear_1d_weight_4d_bias", F.linear, g.randn(2, 2, 3, 4), g.randn(4), g.randn(()))
# 4-d input: the bias is added in place, so a float64 bias is converted
g.case("linear_4d_double_bias", F.linear, g.randn(2, 1, 2, 3), g.randn(2, 3), g.randn(2, dtype=torch.float64))
g.case("linear_double", F.linear, g.randn(2, 3, dtype=torch.float64), g.randn(2, 3, dtype=torch.float64),
       g.randn(2, dtype=torch.float64))
g.case("linear_empty_batch", F.linear, g.randn(0, 4), g.randn(3, 4), g.randn(3))
g.case("linear_bias_2d", F.linear, g.randn(2, 3), g.randn(4, 3), g.randn(2, 4))

# einsum: the equation follows the case name in the C++ test
einsum_cases = [
    ("einsum_bmm", "bij,bjk->bik", [(2, 3, 4), (2, 4, 2)]),
    ("einsum_attention", "bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),
    ("einsum_transpose", "ij->ji", [(2, 3)]),
    ("einsum_permute3", "ijk->kji", [(2, 3, 4)]),
    ("einsum_diagonal", "ii->i", [(3, 3)]),
    ("einsum_trace", "ii", [(3, 3)]),
    ("einsum_batch_diagonal", "bii->bi", [(2, 3, 3)]),
    ("einsum_sum_all", "ij->", [(2, 3)]),
    ("einsum_row_sum", "ij->i", [(2, 3)]),
    ("einsum_outer", "i,j->ij", [(2,), (3,)]),
    ("einsum_dot", "i,i->", [(4,), (4,)]),
    ("einsum_implicit_mm", "ij,jk", [(2, 3), (3, 4)]),
    ("einsum_implicit_order", "ba,Ab", [(2, 3), (4, 2)]),
    ("einsum_mm_transposed", "ij,kj->ik", [(2, 3), (4, 3)]),
    ("einsum_ellipsis_mm", "...ij,...jk", [(5, 2, 3), (3, 4)]),
    ("einsum_ellipsis_broadcast", "i...,i...->...", [(3, 2, 4), (3, 1, 4)]),
    ("einsum_ellipsis_explicit", "...ij,...jk->...ik", [(2, 1, 2, 3), (3, 3, 2)]),
    ("einsum_three_operands", "ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("einsum_bilinear", "bn,anm,bm->ba", [(2, 3), (4, 3, 2), (2, 2)]),
    ("einsum_broadcast_label", "ij,jk", [(1, 3), (1, 2)]),
    ("einsum_spaces", "i j , j k -> i k", [(2, 3), (3, 2)]),
    ("einsum_sum_before_product", "ijk,jl->il", [(2, 3, 2), (3, 2)]),
    ("einsum_batch_outer", "bi,bj->bij", [(2, 3), (2, 2)]),
    ("einsum_empty", "bij,bjk->bik", [(2, 0, 3), (2, 3, 4)]),
]
for name, equation, shapes in einsum_cases:
    g.case(name, lambda *ts, eq=equation: torch.einsum(eq, *ts), *[g.randn(*s) for s in shapes])
g.case("einsum_int64", lambda a, b: torch.einsum("ij,jk->ik", a, b), g.randint(-5, 5, 2, 3), g.randint(-5, 5, 3, 2))
g.case("einsum_double", lambda a, b: torch.einsum("bij,bjk->bik", a, b),
       g.randn(2, 2, 3, dtype=torch.float64), g.randn(2, 3, 2, dtype=torch.float64))

g.save()
