# Lists, tuples and dicts as model code uses them: building and indexing
# (negative indices, slices with steps), comprehensions over ranges and
# lists, Dict[str, Tensor], tuple returns and unpacking, Optional values
# refined with `and`, and torch.cat/stack of lists.
# RUN: kiln run %s --entry list_ops --input %S/Inputs/containers.list_ops.in0.npy --input %S/Inputs/containers.list_ops.in1.npy --output %t.containers.list_ops.npz
# RUN: npcompare %t.containers.list_ops.npz %S/Inputs/containers.list_ops.expected.npz
# RUN: kiln run %s --entry tuple_unpack --input %S/Inputs/containers.tuple_unpack.in0.npy --output %t.containers.tuple_unpack.npz
# RUN: npcompare %t.containers.tuple_unpack.npz %S/Inputs/containers.tuple_unpack.expected.npz
# RUN: kiln run %s --entry dict_ops --input %S/Inputs/containers.dict_ops.in0.npy --output %t.containers.dict_ops.npz
# RUN: npcompare %t.containers.dict_ops.npz %S/Inputs/containers.dict_ops.expected.npz
# RUN: kiln run %s --entry optional_and --input %S/Inputs/containers.optional_all.in0.npy --input %S/Inputs/containers.optional_all.in1.npy --input %S/Inputs/containers.optional_all.in2.npy --input %S/Inputs/containers.optional_all.in3.npy --output %t.containers.optional_all.npz
# RUN: npcompare %t.containers.optional_all.npz %S/Inputs/containers.optional_all.expected.npz
# RUN: kiln run %s --entry optional_and --input %S/Inputs/containers.optional_mask.in0.npy --input %S/Inputs/containers.optional_mask.in1.npy --input %S/Inputs/containers.optional_mask.in2.npy --output %t.containers.optional_mask.npz
# RUN: npcompare %t.containers.optional_mask.npz %S/Inputs/containers.optional_mask.expected.npz
# RUN: kiln run %s --entry optional_and --input %S/Inputs/containers.optional_none.in0.npy --output %t.containers.optional_none.npz
# RUN: npcompare %t.containers.optional_none.npz %S/Inputs/containers.optional_none.expected.npz
# RUN: kiln run %s --entry comprehension_nested --input %S/Inputs/containers.comprehension.in0.npy --input %S/Inputs/containers.comprehension.in1.npy --output %t.containers.comprehension.npz
# RUN: npcompare %t.containers.comprehension.npz %S/Inputs/containers.comprehension.expected.npz
# RUN: kiln run %s --entry cat_stack --input %S/Inputs/containers.cat_stack.in0.npy --input %S/Inputs/containers.cat_stack.in1.npy --output %t.containers.cat_stack.npz
# RUN: npcompare %t.containers.cat_stack.npz %S/Inputs/containers.cat_stack.expected.npz
from typing import Dict, List, Optional, Tuple

import torch
from torch import Tensor


def list_ops(x: Tensor, n: int) -> Tuple[int, int, int, int, int, int, Tensor]:
    xs: List[int] = []
    for i in range(n):
        xs.append(i * i - 3)
    last = xs[-1]
    second_last = xs[-2]
    evens = xs[::2]
    tail = xs[1:]
    rev = xs[::-1]
    mid = xs[1:-1:2]
    xs.insert(0, 100)
    popped = xs.pop()
    total = sum(xs) + len(evens) * 1000 + rev[0] * 7 + len(mid)
    squares = [v * v for v in tail]
    shifted = [x + float(i) for i in range(3)]
    return (last, second_last, total, popped, len(squares), max(squares),
            torch.stack(shifted, dim=1))


def tuple_unpack(x: Tensor) -> Tuple[Tensor, Tensor, int]:
    a, b = x.chunk(2, dim=-1)
    pair = (a.sum(), b.mean())
    s, m = pair
    (p, q), r = (1, 2), 3
    h, w = x.shape[-2:]
    return s * m, torch.cat([a, b, a], dim=0), p + q * r + h * 10 + w


def dict_ops(x: Tensor) -> Tuple[Tensor, Tensor, int, bool]:
    feats: Dict[str, Tensor] = {}
    feats["double"] = x * 2
    feats["square"] = x * x
    feats["neg"] = -x
    total = torch.zeros_like(x)
    for k in feats.keys():
        if k != "neg":
            total = total + feats[k]
    for k, v in feats.items():
        total = total + v.mean()
    vals = torch.stack(list(feats.values()))
    return total, vals, len(feats), "square" in feats


def optional_and(x: Tensor, scale: Optional[float] = None,
                 mask: Optional[Tensor] = None,
                 k: Optional[int] = None) -> Tensor:
    if scale is not None and scale > 0.0:
        x = x * scale
    if mask is not None and k is not None:
        x = x.masked_fill(mask, float(k))
    elif mask is not None:
        x = x.masked_fill(mask, -1.0)
    if k is None:
        return x
    return x + k


def comprehension_nested(n: int, m: int) -> Tuple[int, int, int]:
    grid = [[i * m + j for j in range(m)] for i in range(n)]
    flat: List[int] = []
    for row in grid:
        flat.extend(row)
    return len(grid), sum(flat), [row[-1] for row in grid][1]


def cat_stack(x: Tensor, y: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    parts = [x[:, i:i + 2] for i in range(0, x.size(1), 2)]
    joined = torch.cat(parts[::-1], 1)
    stacked = torch.stack([x[:, :4], y], dim=-1)
    split = torch.split(y, [1, 3], dim=1)
    return joined, stacked, split[1] - split[0]
