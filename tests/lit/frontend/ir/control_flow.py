# The emitter's SSA through control flow: if/elif/else outputs, loop-carried
# values, break and early return (continuations), static ifs.
# RUN: kiln compile %s --entry branches | FileCheck %s --check-prefix=IF
# RUN: kiln compile %s --entry count_down | FileCheck %s --check-prefix=WHILE
# RUN: kiln compile %s --entry accumulate | FileCheck %s --check-prefix=FOR
# RUN: kiln compile %s --entry early_return | FileCheck %s --check-prefix=RET
# RUN: kiln compile %s --entry first_negative | FileCheck %s --check-prefix=BREAK
# RUN: kiln compile %s --entry static_if | FileCheck %s --check-prefix=STATIC
import torch
from torch import Tensor
from typing import List, Optional


# IF-LABEL: graph(%x : Tensor,
# IF-NEXT:        %n : int):
# IF:  %[[Y:.*]] : Tensor = prim::If(%{{.*}})
# IF-NEXT:    block0():
# IF-NEXT:      %{{.*}} : Tensor = aten::relu(%x)
# IF-NEXT:      -> (%{{.*}})
# IF-NEXT:    block1():
# IF:           %{{.*}} : Tensor = prim::If(%{{.*}})
# IF:       return (%[[Y]])
def branches(x: Tensor, n: int) -> Tensor:
    if n > 0:
        y = torch.relu(x)
    elif n == 0:
        y = x
    else:
        y = -x
    return y


# WHILE-LABEL: graph(
# WHILE-SAME: %[[N0:.*]] : int):
# WHILE: %{{.*}} : int = prim::Loop(%{{.*}}, %{{.*}}, %[[N0]])
# WHILE-NEXT: block0(%{{.*}} : int, %[[N:.*]] : int):
# WHILE: aten::sub(%[[N]], %{{.*}})
# WHILE: aten::gt(
# WHILE: -> (%{{.*}}, %{{.*}})
def count_down(n: int) -> int:
    while n > 0:
        n = n - 1
    return n


# FOR-LABEL: graph(
# FOR-SAME: %[[X:.*]] : Tensor,
# FOR: %[[OUT:.*]] : Tensor = prim::Loop(%steps, %{{.*}}, %[[X]])
# FOR-NEXT: block0(%[[I:.*]] : int, %[[ACC:.*]] : Tensor):
# FOR: aten::mul(%[[ACC]], %{{.*}})
# FOR: return (%[[OUT]])
def accumulate(x: Tensor, steps: int) -> Tensor:
    for i in range(steps):
        x = x * 2.0
    return x


# The statements after an if whose branch returns go to its other branch.
# RET-LABEL: graph(%x : Tensor,
# RET: %[[R:.*]] : Tensor = prim::If(%flag)
# RET-NEXT: block0():
# RET-NEXT: -> (%x)
# RET-NOT: prim::Uninitialized
# RET-NEXT: block1():
# RET: aten::neg(%x)
# RET: return (%[[R]])
def early_return(x: Tensor, flag: bool) -> Tensor:
    if flag:
        return x
    y = -x
    return y


# BREAK-LABEL: graph(%xs : int[]):
# BREAK: prim::Loop(
# BREAK: prim::If(
# BREAK: -> (%{{.*}}, %{{.*}})
def first_negative(xs: List[int]) -> int:
    found = -1
    for i in range(len(xs)):
        if xs[i] < 0:
            found = i
            break
    return found


# STATIC-LABEL: graph(%x : Tensor):
# STATIC-NOT: prim::If
# STATIC: aten::sigmoid
# STATIC-NOT: aten::tanh
def static_if(x: Tensor) -> Tensor:
    b = None
    if b is None:
        return torch.sigmoid(x)
    return torch.tanh(x)

