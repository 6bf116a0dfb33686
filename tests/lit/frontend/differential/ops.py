# Tensor and scalar operations model code calls: shape queries, creation with
# dtype keywords, conversions, integer and math functions, loops over
# reversed ranges, sorted(), topk/sort/gather/cumsum/flip/roll/repeat,
# repeat_interleave, einsum with tensors as varargs, scatter, masks,
# nonzero.
# RUN: kiln run %s --entry shapes --input %S/Inputs/ops.shapes.in0.npy --output %t.ops.shapes.npz
# RUN: npcompare %t.ops.shapes.npz %S/Inputs/ops.shapes.expected.npz
# RUN: kiln run %s --entry creation --input %S/Inputs/ops.creation.in0.npy --input %S/Inputs/ops.creation.in1.npy --output %t.ops.creation.npz
# RUN: npcompare %t.ops.creation.npz %S/Inputs/ops.creation.expected.npz
# RUN: kiln run %s --entry conversions --input %S/Inputs/ops.conversions.in0.npy --output %t.ops.conversions.npz
# RUN: npcompare %t.ops.conversions.npz %S/Inputs/ops.conversions.expected.npz
# RUN: kiln run %s --entry int_math --input %S/Inputs/ops.int_math.in0.npy --input %S/Inputs/ops.int_math.in1.npy --output %t.ops.int_math.npz
# RUN: npcompare %t.ops.int_math.npz %S/Inputs/ops.int_math.expected.npz
# RUN: kiln run %s --entry reverse_loop --input %S/Inputs/ops.reverse_loop.in0.npy --output %t.ops.reverse_loop.npz
# RUN: npcompare %t.ops.reverse_loop.npz %S/Inputs/ops.reverse_loop.expected.npz
# RUN: kiln run %s --entry ops --input %S/Inputs/ops.ops.in0.npy --input %S/Inputs/ops.ops.in1.npy --output %t.ops.ops.npz
# RUN: npcompare %t.ops.ops.npz %S/Inputs/ops.ops.expected.npz
# RUN: kiln run %s --entry masks --input %S/Inputs/ops.masks.in0.npy --output %t.ops.masks.npz
# RUN: npcompare %t.ops.masks.npz %S/Inputs/ops.masks.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def shapes(x: Tensor) -> Tuple[int, int, int, int, int, Tensor]:
    n = x.shape[0]
    last = x.size()[-1]
    d = x.dim() + len(x) + x.numel()
    sizes = list(x.shape)
    return n, last, d, sizes[-2], x.ndim, x.new_zeros(2, 3) + x.new_ones(1)


def creation(x: Tensor, n: int) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
    a = torch.arange(n, dtype=torch.float)
    b = torch.zeros(n, 2, dtype=x.dtype)
    c = torch.full_like(x, 3.5)
    d = torch.linspace(0, 1, steps=5)
    e = torch.eye(3, dtype=torch.float64)
    f = torch.arange(1, 10, 3).float() / 2
    return a, b, c, d, e, f


def conversions(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    return x.to(torch.float64), x.long(), (x > 0).int(), x.type_as(torch.ones(1, dtype=torch.float64)), x.to(dtype=torch.int32)


def int_math(a: int, b: int) -> Tuple[int, int, float, int, float, int, bool, int]:
    return (a // b, a % b, 2 ** -1, -a // 3, math.log10(100.0), math.floor(2.7) + math.ceil(-0.5),
            math.isnan(float("nan")), max(a, b, 3))


def reverse_loop(xs: List[int]) -> Tuple[int, int]:
    total = 0
    for i in range(len(xs) - 1, -1, -1):
        total = total * 10 + xs[i]
    ys = xs[:]
    ys.reverse()
    zs = sorted(xs)
    return total, ys[0] * 100 + zs[0]


def ops(x: Tensor, idx: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
    v, i = torch.topk(x, 2, dim=1)
    s, si = torch.sort(x, dim=-1, descending=True)
    g = torch.gather(x, 1, idx)
    c = torch.cumsum(x, dim=1)
    fl = torch.flip(x, dims=[0])
    r = torch.roll(x, shifts=1, dims=1)
    rep = x.repeat(2, 1)
    ri = torch.repeat_interleave(x, 2, dim=0)
    e = torch.einsum("ij,kj->ik", x, x)
    sc = torch.zeros_like(x).scatter(1, idx, 1.0)
    return v, i, s, si, g, c, fl, r + rep[:3], ri, e + sc.sum()


def masks(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:
    m = torch.tril(torch.ones(3, 3)).to(torch.bool)
    sel = torch.masked_select(x, x > 0)
    nz = torch.nonzero(x > 0)
    w = torch.where(m, x, torch.zeros_like(x))
    return sel, nz, w, x.triu(1)
