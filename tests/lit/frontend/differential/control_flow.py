# Control flow as model code writes it: nested if/elif with several
# variables, while loops with break and continue, early returns inside
# nested ifs, for loops over lists, tuples, enumerate and zip, conditional
# expressions and chained comparisons.
# RUN: kiln run %s --entry nested_if --input %S/Inputs/control_flow.nested_if_even.in0.npy --input %S/Inputs/control_flow.nested_if_even.in1.npy --output %t.control_flow.nested_if_even.npz
# RUN: npcompare %t.control_flow.nested_if_even.npz %S/Inputs/control_flow.nested_if_even.expected.npz
# RUN: kiln run %s --entry nested_if --input %S/Inputs/control_flow.nested_if_three.in0.npy --input %S/Inputs/control_flow.nested_if_three.in1.npy --output %t.control_flow.nested_if_three.npz
# RUN: npcompare %t.control_flow.nested_if_three.npz %S/Inputs/control_flow.nested_if_three.expected.npz
# RUN: kiln run %s --entry nested_if --input %S/Inputs/control_flow.nested_if_neg.in0.npy --input %S/Inputs/control_flow.nested_if_neg.in1.npy --output %t.control_flow.nested_if_neg.npz
# RUN: npcompare %t.control_flow.nested_if_neg.npz %S/Inputs/control_flow.nested_if_neg.expected.npz
# RUN: kiln run %s --entry nested_if --input %S/Inputs/control_flow.nested_if_zero.in0.npy --input %S/Inputs/control_flow.nested_if_zero.in1.npy --output %t.control_flow.nested_if_zero.npz
# RUN: npcompare %t.control_flow.nested_if_zero.npz %S/Inputs/control_flow.nested_if_zero.expected.npz
# RUN: kiln run %s --entry nested_if --input %S/Inputs/control_flow.nested_if_small.in0.npy --input %S/Inputs/control_flow.nested_if_small.in1.npy --output %t.control_flow.nested_if_small.npz
# RUN: npcompare %t.control_flow.nested_if_small.npz %S/Inputs/control_flow.nested_if_small.expected.npz
# RUN: kiln run %s --entry while_break_continue --input %S/Inputs/control_flow.while.in0.npy --input %S/Inputs/control_flow.while.in1.npy --output %t.control_flow.while.npz
# RUN: npcompare %t.control_flow.while.npz %S/Inputs/control_flow.while.expected.npz
# RUN: kiln run %s --entry first_index_above --input %S/Inputs/control_flow.first_index.in0.npy --input %S/Inputs/control_flow.first_index.in1.npy --output %t.control_flow.first_index.npz
# RUN: npcompare %t.control_flow.first_index.npz %S/Inputs/control_flow.first_index.expected.npz
# RUN: kiln run %s --entry first_index_above --input %S/Inputs/control_flow.first_index_none.in0.npy --input %S/Inputs/control_flow.first_index_none.in1.npy --output %t.control_flow.first_index_none.npz
# RUN: npcompare %t.control_flow.first_index_none.npz %S/Inputs/control_flow.first_index_none.expected.npz
# RUN: kiln run %s --entry loops_over_containers --input %S/Inputs/control_flow.containers.in0.npy --output %t.control_flow.containers.npz
# RUN: npcompare %t.control_flow.containers.npz %S/Inputs/control_flow.containers.expected.npz
# RUN: kiln run %s --entry conditional_expressions --input %S/Inputs/control_flow.cond_expr.in0.npy --input %S/Inputs/control_flow.cond_expr.in1.npy --output %t.control_flow.cond_expr.npz
# RUN: npcompare %t.control_flow.cond_expr.npz %S/Inputs/control_flow.cond_expr.expected.npz
# RUN: kiln run %s --entry conditional_expressions --input %S/Inputs/control_flow.cond_expr_neg.in0.npy --input %S/Inputs/control_flow.cond_expr_neg.in1.npy --output %t.control_flow.cond_expr_neg.npz
# RUN: npcompare %t.control_flow.cond_expr_neg.npz %S/Inputs/control_flow.cond_expr_neg.expected.npz
# RUN: kiln run %s --entry nested_loops --input %S/Inputs/control_flow.nested_loops.in0.npy --input %S/Inputs/control_flow.nested_loops.in1.npy --output %t.control_flow.nested_loops.npz
# RUN: npcompare %t.control_flow.nested_loops.npz %S/Inputs/control_flow.nested_loops.expected.npz
# RUN: kiln run %s --entry early_return_loop --input %S/Inputs/control_flow.early_return.in0.npy --input %S/Inputs/control_flow.early_return.in1.npy --output %t.control_flow.early_return.npz
# RUN: npcompare %t.control_flow.early_return.npz %S/Inputs/control_flow.early_return.expected.npz
# RUN: kiln run %s --entry scalar_math --input %S/Inputs/control_flow.scalar_math.in0.npy --input %S/Inputs/control_flow.scalar_math.in1.npy --input %S/Inputs/control_flow.scalar_math.in2.npy --output %t.control_flow.scalar_math.npz
# RUN: npcompare %t.control_flow.scalar_math.npz %S/Inputs/control_flow.scalar_math.expected.npz
# RUN: kiln run %s --entry scalar_math --input %S/Inputs/control_flow.scalar_math_pos.in0.npy --input %S/Inputs/control_flow.scalar_math_pos.in1.npy --input %S/Inputs/control_flow.scalar_math_pos.in2.npy --output %t.control_flow.scalar_math_pos.npz
# RUN: npcompare %t.control_flow.scalar_math_pos.npz %S/Inputs/control_flow.scalar_math_pos.expected.npz
import math
from typing import List, Optional, Tuple

import torch
from torch import Tensor


def nested_if(x: Tensor, n: int) -> Tuple[Tensor, int, float]:
    scale = 1.0
    count = 0
    if n > 3:
        if n % 2 == 0:
            x = x * 2
            count = n // 2
        elif n % 3 == 0:
            x = x - 1
            scale = 0.5
        else:
            count = -n
    elif n < -3:
        x = x.abs()
        scale = -1.5
    else:
        if n == 0:
            return x, 0, 0.0
        count = n * n
    return x * scale, count, scale + count


def while_break_continue(x: Tensor, limit: int) -> Tuple[Tensor, int, int]:
    i = 0
    total = 0
    acc = torch.zeros_like(x)
    while True:
        i += 1
        if i > limit:
            break
        if i % 3 == 0:
            continue
        total += i
        acc = acc + x * i
        if total > 20:
            break
    return acc, i, total


def first_index_above(xs: Tensor, threshold: float) -> int:
    n = xs.size(0)
    for i in range(n):
        if float(xs[i]) > threshold:
            if i == 0:
                return -100
            return i
    return -1


def loops_over_containers(x: Tensor) -> Tuple[Tensor, int, float]:
    weights: List[float] = [0.5, -1.0, 2.0]
    out = torch.zeros_like(x)
    for w in weights:
        out = out + w * x
    pairs = (1, 2)
    s = 0
    for p in pairs:
        s += p * 10
    scale = 0.0
    for i, w in enumerate(weights):
        scale += i * w
    for a, b in zip(weights, [3, 4, 5, 6]):
        scale += a * b
    for t in [x, -x, x * x]:
        out = out + t.sum()
    return out, s, scale


def conditional_expressions(x: Tensor, n: int) -> Tuple[Tensor, int, bool, bool]:
    y = x.relu() if n > 0 else x.neg()
    k = n * 2 if 0 < n <= 5 else -1
    inside = 0 <= n < 10 != n
    outside = not (-2 < n < 2) or n == 7
    return y, k, inside, outside


def nested_loops(n: int, m: int) -> Tuple[int, int, int, int]:
    total = 0
    rows: List[int] = []
    for i in range(n):
        row = 0
        j = 0
        while j < m:
            if (i + j) % 4 == 3:
                j += 1
                continue
            row += i * j
            if row > 30:
                break
            j += 1
        rows.append(row)
        total += row
    return total, len(rows), rows[-1], rows[1]


def early_return_loop(x: Tensor, steps: int) -> Tensor:
    for i in range(steps):
        x = x * 0.5 + 1.0
        if bool(x.max() > 10.0):
            return x
        elif i > 3:
            if bool(x.min() < 0.0):
                return -x
    return x + 100.0


def scalar_math(a: int, b: int, f: float) -> Tuple[int, int, float, float, float, float, float, int]:
    q = a // b
    r = a % b
    p = a ** 2
    fp = f ** -1
    fl = math.floor(f) + math.ceil(-f)
    h = math.sqrt(abs(f)) + math.exp(-abs(f)) + math.log(abs(f) + 1.0)
    mx = max(a, b) - min(a, b) + abs(-a)
    return q, r, p, fp, float(fl), h, math.pi * f, mx
