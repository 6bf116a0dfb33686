# __init__ indexes tensors as scripts do: slices with steps inside a tuple
# index, slice assignment (copy_/fill_), used by forward through a buffer;
# enumerate() over a ModuleList unrolls with a constant index.
# RUN: kiln compile %s --entry Gated | FileCheck %s
# RUN: kiln run %s --entry Table | FileCheck %s --check-prefix=TABLE
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


# The values __init__ wrote: ones in the even columns, twos in row 1's odd
# columns, a mask-indexed write of -1 and an int-tensor-indexed row of 5s.
# TABLE: tensor({{\[}}[ 1.,  0.,  1.,  0.],
# TABLE-NEXT: [ 1.,  2.,  1.,  2.],
# TABLE-NEXT: [ 5.,  5.,  5.,  5.],
# TABLE-NEXT: [-1., -1., -1., -1.]])
class Table(nn.Module):
    def __init__(self):
        super().__init__()
        table = torch.zeros(4, 4)
        table[:, 0::2] = 1.0
        table[1, 1::2] = torch.full([2], 2.0)
        table[3] = 7.0
        table[table > 6.0] = -1.0
        table[torch.tensor([2])] = 5.0
        self.register_buffer("table", table)

    def forward(self) -> Tensor:
        return self.table
