# enumerate() and zip() over a ModuleList unroll as a plain loop over it
# does, the index a constant; __init__ indexes tensors as scripts do (slices
# with steps inside a tuple index, slice assignment).
# RUN: kiln compile %s --entry Gated | FileCheck %s
import torch
import torch.nn as nn
from torch import Tensor


# CHECK-LABEL: graph(%self
# CHECK-NOT: prim::Loop
# CHECK: %[[I0:.*]] : int = prim::Constant[value=0]()
# CHECK: %[[I1:.*]] : int = prim::Constant[value=1]()
# CHECK: aten::linear(
# CHECK: aten::select(%{{.*}}, %{{.*}}, %[[I0]])
# CHECK: aten::linear(
# CHECK: aten::select(%{{.*}}, %{{.*}}, %[[I1]])
# CHECK-NOT: prim::Loop
# CHECK: return
class Gated(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])
        self.norms = nn.ModuleList([nn.Identity(), nn.Identity()])
        table = torch.zeros(3, 4)
        table[:, 0::2] = 1.0
        table[1, 1::2] = torch.full([2], 2.0)
        self.register_buffer("table", table)

    def forward(self, x: Tensor) -> Tensor:
        for i, layer in enumerate(self.layers):
            x = layer(x) * self.table[i]
        for layer, norm in zip(self.layers, self.norms):
            x = norm(x)
        return x
