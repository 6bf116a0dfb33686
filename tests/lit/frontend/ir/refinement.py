# Optional refinement through and/or/not and conditional expressions, as
# TorchScript refines: `x is not None and f(x)` refines x in f(x) and in the
# true branch, `x is None or f(x)` in f(x) and in the false branch; a false
# `and` or a true `or` proves nothing.
# RUN: kiln compile %s --entry and_rhs | FileCheck %s --check-prefix=AND
# RUN: kiln compile %s --entry or_rhs | FileCheck %s --check-prefix=OR
# RUN: kiln compile %s --entry or_else | FileCheck %s --check-prefix=ORELSE
# RUN: kiln compile %s --entry if_expression | FileCheck %s --check-prefix=IFEXP
# RUN: kiln compile %s --entry asserted | FileCheck %s --check-prefix=ASSERT
# RUN: not kiln compile %s --entry and_else 2>&1 | FileCheck %s --check-prefix=UNSOUND
from typing import Optional

import torch
from torch import Tensor


# AND-LABEL: graph(%x.1 : Tensor,
# AND-NEXT: %scale : float?):
# AND: prim::If(
# AND-NEXT: block0():
# AND-NEXT: %[[S:.*]] : float = prim::unchecked_cast(%scale)
# AND: aten::gt(%[[S]],
def and_rhs(x: Tensor, scale: Optional[float]) -> Tensor:
    if scale is not None and scale > 0.0:
        x = x * scale
    return x


# OR-LABEL: graph(%x : Tensor,
# OR: prim::If(
# OR-NEXT: block0():
# OR-NEXT: prim::Constant[value=1]()
# OR: block1():
# OR-NEXT: %[[M:.*]] : Tensor = prim::unchecked_cast(%mask)
# OR: aten::any(%[[M]])
def or_rhs(x: Tensor, mask: Optional[Tensor]) -> bool:
    return mask is None or bool(mask.any())


# ORELSE-LABEL: graph(%x : Tensor,
# ORELSE: : Tensor = prim::If(
# ORELSE-NEXT: block0():
# ORELSE-NEXT: -> (%x)
# ORELSE-NEXT: block1():
# ORELSE-NEXT: %[[B:.*]] : Tensor = prim::unchecked_cast(%b)
# ORELSE: aten::add(%x, %[[B]],
def or_else(x: Tensor, a: Optional[Tensor], b: Optional[Tensor]) -> Tensor:
    if a is None or b is None:
        return x
    return x + b


# IFEXP-LABEL: graph(%x : Tensor,
# IFEXP: prim::If(
# IFEXP-NEXT: block0():
# IFEXP-NEXT: %[[B:.*]] : Tensor = prim::unchecked_cast(%bias)
# IFEXP: aten::add(%x, %[[B]],
def if_expression(x: Tensor, bias: Optional[Tensor]) -> Tensor:
    return x + bias if bias is not None else x


# A false `x is None and ...` does not make x non-None.
# UNSOUND: refinement.py:[[@LINE+5]]:20: error: {{.*}}may be None
def and_else(x: Tensor, bias: Optional[Tensor], flag: bool) -> Tensor:
    if bias is None and flag:
        return x
    else:
        return x + bias


# After `assert x is not None`, x is refined.
# ASSERT-LABEL: graph(%x : Tensor,
# ASSERT: prim::If(
# ASSERT: prim::RaiseException(
# ASSERT: %[[S:.*]] : float = prim::unchecked_cast(%scale)
# ASSERT: aten::mul(%x, %[[S]])
def asserted(x: Tensor, scale: Optional[float]) -> Tensor:
    assert scale is not None, "needs a scale"
    return x * scale
