# enumerate and zip over ModuleLists unroll, like a plain loop over one.
# RUN: kiln compile %s | FileCheck %s
import torch
import torch.nn as nn
from torch import Tensor


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.convs = nn.ModuleList([nn.Linear(3, 3) for _ in range(2)])
        self.norms = nn.ModuleList([nn.LayerNorm(3), nn.LayerNorm(3)])

    def forward(self, x: Tensor) -> Tensor:
        for i, layer in enumerate(self.convs):
            x = layer(x) * float(i + 1)
        for conv, norm in zip(self.convs, self.norms):
            x = norm(conv(x))
        return x


# CHECK-LABEL: graph(%self : __torch__.Net,
# CHECK-NOT: prim::Loop
# CHECK: %[[I0:.*]] : int = prim::Constant[value=0]()
# CHECK: %[[I1:.*]] : int = prim::Constant[value=1]()
# CHECK: aten::linear
# CHECK: aten::add(%[[I0]], %{{.*}})
# CHECK: aten::linear
# CHECK: aten::add(%[[I1]], %{{.*}})
# CHECK: aten::linear
# CHECK: aten::layer_norm
# CHECK: aten::linear
# CHECK: aten::layer_norm
# CHECK-NOT: prim::Loop
# CHECK: return
