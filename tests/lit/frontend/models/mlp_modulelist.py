# A residual MLP whose hidden layers are an nn.ModuleList built by a list
# comprehension over range(depth) with a module-level helper that builds
# each layer; forward iterates `for layer in self.layers:`.
# RUN: kiln run %s --weights %S/Inputs/mlp_modulelist.safetensors --input %S/Inputs/mlp_modulelist.in0.npy --output %t.npz
# RUN: npcompare %t.npz %S/Inputs/mlp_modulelist.expected.npz
# The loop over the ModuleList is unrolled: one linear per layer.
# RUN: kiln compile %s --emit ir | FileCheck %s
# CHECK: graph(%self{{.*}} : __torch__.{{.*}}ResidualMLP,
# CHECK-COUNT-6: aten::linear
# CHECK-NOT: aten::linear
# CHECK: return
# The layers are read from the list by their index.
# RUN: kiln compile %s --emit ir | FileCheck %s --check-prefix=ATTR
# ATTR-DAG: prim::GetAttr[name="layers"]
# ATTR-DAG: prim::GetAttr[name="0"]
# ATTR-DAG: prim::GetAttr[name="3"]
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


def make_layer(in_features: int, out_features: int,
               zero_bias: bool = True) -> nn.Linear:
    layer = nn.Linear(in_features, out_features)
    if zero_bias:
        nn.init.zeros_(layer.bias)
    return layer


class ResidualMLP(nn.Module):
    def __init__(self, in_features: int = 8, width: int = 16, depth: int = 4,
                 num_classes: int = 3) -> None:
        super().__init__()
        self.stem = make_layer(in_features, width, zero_bias=False)
        self.layers = nn.ModuleList([make_layer(width, width)
                                     for _ in range(depth)])
        self.norm = nn.LayerNorm(width)
        self.head = nn.Linear(width, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.stem(x))
        for layer in self.layers:
            h = h + F.relu(layer(h))
        return self.head(self.norm(h))
