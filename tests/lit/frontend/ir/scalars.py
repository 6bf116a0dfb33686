# Python's int and float semantics, comparisons, strings, assert and raise.
# RUN: kiln compile %s --entry arith | FileCheck %s --check-prefix=ARITH
# RUN: kiln compile %s --entry checks | FileCheck %s --check-prefix=CHECKS
from typing import List


# ARITH-LABEL: graph(%a : int,
# ARITH: aten::floordiv(%a, %b)
# ARITH: aten::remainder(%a, %b)
# ARITH: aten::pow(%a, %{{.*}})
# ARITH: aten::div(%a, %b)
# ARITH: prim::If(
def arith(a: int, b: int) -> float:
    q = a // b
    r = a % b
    p = a ** 2
    t = a / b
    if 0 < a <= b and not q == r:
        return t + p
    return t - p


# CHECKS-LABEL: graph(%n : int):
# CHECKS: prim::RaiseException(%{{.*}}, %{{.*}})
# CHECKS: aten::format(
# CHECKS: prim::Print(
def checks(n: int) -> List[int]:
    assert n >= 0, "n must not be negative"
    if n > 100:
        raise ValueError("too large")
    print(f"n is {n}")
    return [i * i for i in range(n) if i % 2 == 0]
