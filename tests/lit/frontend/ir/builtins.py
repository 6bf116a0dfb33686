# Builtins that copy or split: list(xs) copies a list (aten::list), divmod
# gives a tuple, and a list comprehension over range(start, end, step)
# derives its items as a for loop does.
# RUN: kiln compile %s --entry copy_list | FileCheck %s --check-prefix=LIST
# RUN: kiln compile %s --entry div_mod | FileCheck %s --check-prefix=DIVMOD
# RUN: kiln compile %s --entry stepped | FileCheck %s --check-prefix=STEP
# RUN: kiln compile %s --entry upsample | FileCheck %s --check-prefix=BCAST
# RUN: kiln compile %s --entry sort_copy | FileCheck %s --check-prefix=SORTED
# RUN: kiln compile %s --entry contract | FileCheck %s --check-prefix=EINSUM
# RUN: kiln run %s --entry stepped_sum | FileCheck %s --check-prefix=SUM
from typing import Dict, List, Tuple

import torch
from torch import Tensor


# LIST-LABEL: graph(%xs : Tensor[]):
# LIST: %[[COPY:.*]] : Tensor[] = aten::list(%xs)
# LIST: aten::append(%[[COPY]],
def copy_list(xs: List[Tensor]) -> List[Tensor]:
    ys = list(xs)
    ys.append(xs[0])
    return ys


# DIVMOD-LABEL: graph(%a : int,
# DIVMOD: %{{.*}} : int, %{{.*}} : int = aten::divmod(%a, %b)
def div_mod(a: int, b: int) -> Tuple[int, int]:
    q, r = divmod(a, b)
    return q, r


# STEP-LABEL: graph(%x : Tensor):
# STEP: aten::__range_length(
# STEP: prim::Loop(
# STEP: aten::__derive_index(
# STEP: aten::slice(%x,
def stepped(x: Tensor) -> List[Tensor]:
    return [x[:, i:i + 2] for i in range(1, x.size(1), 2)]


# 10 + 7 + 4 + 1
# SUM: 22
def stepped_sum() -> int:
    return sum([i for i in range(10, 0, -3)])


# A float for a float[2] parameter (Optional[BroadcastingList2[float]]) is
# repeated, as an int is for int[2].
# BCAST-LABEL: graph(%x : Tensor):
# BCAST: %[[S:.*]] : float[] = prim::ListConstruct(%[[F:.*]], %[[F]])
# BCAST: aten::upsample_nearest2d(%x,
def upsample(x: Tensor) -> Tensor:
    return torch.nn.functional.interpolate(x, scale_factor=2.0)


# sorted() copies and sorts a list; tensors given one by one where the op
# takes a Tensor[] are packed into one list, as ints are for an int[].
# SORTED-LABEL: graph(%xs : int[]):
# SORTED: aten::sorted(%xs)
def sort_copy(xs: List[int]) -> List[int]:
    return sorted(xs)


# EINSUM-LABEL: graph(%a : Tensor,
# EINSUM: %[[L:.*]] : Tensor[] = prim::ListConstruct(%a, %b)
# EINSUM: aten::einsum(%{{.*}}, %[[L]],
def contract(a: Tensor, b: Tensor) -> Tensor:
    return torch.einsum("ij,jk->ik", a, b)
