# Modules: attributes are prim::GetAttr, submodule calls are inlined,
# ModuleList and Sequential loops are unrolled, instances of one class with
# different attribute types get mangled class names, and a None submodule
# decides its `is not None` test at compile time.
# RUN: kiln compile %s --entry Net | FileCheck %s
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import Final, Optional


class Block(nn.Module):
    def __init__(self, n: int, project: bool) -> None:
        super().__init__()
        self.fc = nn.Linear(n, n, bias=project)
        self.proj: Optional[nn.Module] = nn.Linear(n, n) if project else None

    def forward(self, x: Tensor) -> Tensor:
        y = self.fc(x)
        if self.proj is not None:
            y = y + self.proj(x)
        return F.relu(y)


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.blocks = nn.ModuleList([Block(4, i == 0) for i in range(2)])
        self.head = nn.Sequential(nn.Linear(4, 2), nn.Tanh())
        self.scale = 0.5

    def forward(self, x: Tensor) -> Tensor:
        for block in self.blocks:
            x = block(x)
        return self.head(x) * self.scale


# CHECK-LABEL: graph(%self : __torch__.Net,
# CHECK-NEXT:        %x{{.*}} : Tensor):
# CHECK: %blocks : __torch__.torch.nn.modules.container.ModuleList = prim::GetAttr[name="blocks"](%self)
# CHECK: %[[B0:.*]] : __torch__.Block = prim::GetAttr[name="0"](%blocks)
# CHECK: %[[B1:.*]] : __torch__.___torch_mangle_{{[0-9]+}}.Block = prim::GetAttr[name="1"](%blocks)
# CHECK: prim::GetAttr[name="fc"](%[[B0]])
# CHECK: aten::linear
# CHECK: prim::GetAttr[name="proj"](%[[B0]])
# CHECK: aten::linear
# CHECK: aten::add
# CHECK: aten::relu
# CHECK: prim::GetAttr[name="fc"](%[[B1]])
# CHECK-NOT: name="proj"
# CHECK: aten::relu
# CHECK: prim::GetAttr[name="head"](%self)
# CHECK: aten::linear
# CHECK: aten::tanh
# CHECK: %[[S:.*]] : float = prim::GetAttr[name="scale"](%self)
# CHECK: aten::mul(%{{.*}}, %[[S]])
# CHECK: return


# hasattr and getattr on modules are answered from the module tree.
# RUN: kiln compile %s --entry Probe | FileCheck %s --check-prefix=PROBE
# PROBE-LABEL: graph(%self : __torch__.Probe,
# PROBE-NOT: prim::If
# PROBE: aten::sigmoid
# PROBE-NOT: aten::tanh
# PROBE: prim::GetAttr[name="gain"](%self)
class Probe(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.gain = 2.0

    def forward(self, x: Tensor) -> Tensor:
        if hasattr(self, "gain") and not hasattr(self, "bias"):
            y = torch.sigmoid(x)
        else:
            y = torch.tanh(x)
        return y * getattr(self, "gain")


# Attributes in __constants__ (or Final) compile to constants; instances
# whose constants differ get different class types, each with its own code;
# comparisons of constants pick their branch at compile time.
# RUN: kiln compile %s --entry Convs | FileCheck %s --check-prefix=CONSTS
# CONSTS-LABEL: graph(%self : __torch__.Convs,
# CONSTS-DAG: prim::GetAttr[name="a"](%self)
# CONSTS-DAG: %b : __torch__.torch.nn.modules.conv.___torch_mangle_{{[0-9]+}}.Conv2d = prim::GetAttr[name="b"](%self)
# CONSTS-NOT: prim::GetAttr[name="stride"]
# CONSTS-NOT: prim::GetAttr[name="padding_mode"]
# CONSTS: aten::conv2d
# CONSTS: prim::Constant[value=2]()
# CONSTS: aten::conv2d
# CONSTS: %[[K:.*]] : int = prim::Constant[value=2]()
# CONSTS-NEXT: aten::mul(%{{.*}}, %[[K]])
# CONSTS-NOT: prim::If
# CONSTS: return
class Convs(nn.Module):
    __constants__ = ["mode"]
    k: Final[int]

    def __init__(self) -> None:
        super().__init__()
        self.a = nn.Conv2d(1, 1, 3, stride=1)
        self.b = nn.Conv2d(1, 1, 3, stride=2)
        self.mode = "double"
        self.k = 2

    def forward(self, x: Tensor) -> Tensor:
        y = self.b(self.a(x))
        if self.mode == "double":
            y = y * self.k
        return y
