# A module entry runs in evaluation mode on the instance __init__ built:
# self.training is False in forward and in the submodule's forward; plain
# attributes and submodules come from the module tree (no --weights: the
# module has no parameters).
# RUN: kiln run %s --entry Net --input %S/../../run/errors/Inputs/f32_4.npy | FileCheck %s --check-prefix=EVAL
# EVAL: tensor([1., 2., 3., 4.])
# RUN: kiln bench %s --entry Net --input %S/../../run/errors/Inputs/f32_4.npy --warmup 0 --iters 1 | FileCheck %s --check-prefix=BENCH
# BENCH: {"compile_ms": {{[0-9.]+}}, "median_ms": {{[0-9.]+}}, "min_ms": {{[0-9.]+}}, "iters": 1}
# kiln compile prints the graph, which takes the module as %self.
# RUN: kiln compile %s --entry Net | FileCheck %s
# CHECK-LABEL: graph(%self{{.*}} : {{.*}}Net,
# CHECK: prim::GetAttr[name="training"]
# CHECK: return
# Two module classes and no --entry: the choices are listed.
# RUN: not kiln run %s --input %S/../../run/errors/Inputs/f32_4.npy 2>&1 | FileCheck %s --check-prefix=CHOICES
# CHOICES: error:
# CHOICES-DAG: Net
# CHOICES-DAG: Inner
import torch
import torch.nn as nn
from torch import Tensor


class Inner(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.offset = 1.0

    def forward(self, x: Tensor) -> Tensor:
        if self.training:
            return x - 100.0
        return x + self.offset


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.scale = 2.0
        self.inner = Inner()

    def forward(self, x: Tensor) -> Tensor:
        if self.training:
            return x * self.scale
        return self.inner(x)
