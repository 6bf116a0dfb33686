# Returns, breaks and continues nested deeper than the last statement of a
# branch: the statements after each enclosing if continue only the paths
# that did not leave; a return inside a loop breaks out of every loop and
# the function returns its value after the outermost one.
# RUN: kiln compile %s --entry nested_return | FileCheck %s --check-prefix=NESTED
# RUN: kiln compile %s --entry nested_continue | FileCheck %s --check-prefix=CONT
# RUN: kiln compile %s --entry return_in_loop | FileCheck %s --check-prefix=LOOP
# RUN: kiln compile %s --entry return_in_nested_loops | FileCheck %s --check-prefix=NESTLOOP
# RUN: not kiln compile %s --entry unannotated 2>&1 | FileCheck %s --check-prefix=UNANNOTATED
import torch
from torch import Tensor
from typing import List


# The outer else branch returns only when n == 0; `y = x * 2.0` and the
# final return follow the inner if's false branch and the outer true branch,
# each once.
# NESTED-LABEL: graph(
# NESTED-SAME: %[[X:.*]] : Tensor,
# NESTED: %[[R:.*]] : Tensor = prim::If(
# NESTED-NEXT: block0():
# NESTED-NEXT: aten::neg(%[[X]])
# NESTED-NEXT: prim::Constant[value=2.
# NESTED-NEXT: aten::mul(
# NESTED-NEXT: -> (
# NESTED-NEXT: block1():
# NESTED: prim::If(
# NESTED-NEXT: block0():
# NESTED-NEXT: -> (%[[X]])
# NESTED-NEXT: block1():
# NESTED-NEXT: aten::abs(%[[X]])
# NESTED-NEXT: prim::Constant[value=2.
# NESTED-NEXT: aten::mul(
# NESTED-NEXT: -> (
# NESTED: return (%[[R]])
def nested_return(x: Tensor, n: int) -> Tensor:
    if n > 0:
        x = -x
    else:
        if n == 0:
            return x
        x = x.abs()
    y = x * 2.0
    return y


# A continue two ifs deep skips the rest of the iteration: the add follows
# the paths that do not continue.
# CONT-LABEL: graph(%n : int):
# CONT: prim::Loop(
# CONT: prim::If(
# CONT: prim::If(
# CONT-NEXT: block0():
# CONT-NEXT: -> (%total
# CONT-NEXT: block1():
# CONT-NEXT: aten::add(
# CONT: block1():
# CONT-NEXT: aten::add(
# CONT: return
def nested_continue(n: int) -> int:
    total = 0
    for i in range(n):
        if i > 2:
            if i % 2 == 0:
                continue
        total = total + i
    return total


# LOOP-LABEL: graph(%xs : int[]):
# LOOP: %[[DONE:.*]] : bool, %[[VALUE:.*]] : int = prim::Loop(
# LOOP: %[[R:.*]] : int = prim::If(%[[DONE]])
# LOOP-NEXT: block0():
# LOOP-NEXT: -> (%[[VALUE]])
# LOOP-NEXT: block1():
# LOOP-NEXT: prim::Constant[value=-1]()
# LOOP: return (%[[R]])
def return_in_loop(xs: List[int]) -> int:
    for i in range(len(xs)):
        if xs[i] < 0:
            return i
    return -1


# The inner loop's return breaks the outer loop too.
# NESTLOOP-LABEL: graph(%n : int):
# NESTLOOP: %[[DONE:.*]] : bool, %[[VALUE:.*]] : int = prim::Loop(
# NESTLOOP: prim::Loop(
# NESTLOOP: %[[R:.*]] : int = prim::If(%[[DONE]])
# NESTLOOP-NEXT: block0():
# NESTLOOP-NEXT: -> (%[[VALUE]])
# NESTLOOP: return (%[[R]])
def return_in_nested_loops(n: int) -> int:
    for i in range(n):
        j = 0
        while j < i:
            if i * j == 12:
                return i + j
            j += 1
    return 0


# UNANNOTATED: early_exits.py:[[@LINE+3]]:5: error: a loop that returns needs the function's return type
def unannotated(n: int):
    total = 0
    for i in range(n):
        if i == 3:
            return i
        total += i
    return total
