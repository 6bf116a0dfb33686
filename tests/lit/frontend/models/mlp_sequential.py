# An MLP held in one nn.Sequential: Flatten, Linear, BatchNorm1d, ReLU,
# Dropout, Tanh, LeakyReLU; softmax over the classes.
# RUN: kiln run %s --weights %S/Inputs/mlp_sequential.safetensors --input %S/Inputs/mlp_sequential.in0.npy --output %t.npz
# RUN: npcompare %t.npz %S/Inputs/mlp_sequential.expected.npz
# The Sequential's layers are named by their index, as in PyTorch.
# RUN: kiln compile %s --emit ir | FileCheck %s
# CHECK: graph(%self{{.*}} : __torch__.{{.*}}MLP,
# CHECK-DAG: prim::GetAttr[name="net"]
# CHECK-DAG: prim::GetAttr[name="1"]
# CHECK-DAG: aten::linear
# CHECK-DAG: aten::batch_norm
# CHECK-DAG: aten::softmax
# CHECK: return
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


class MLP(nn.Module):
    def __init__(self, in_features: int = 20, hidden: int = 32,
                 num_classes: int = 5, p: float = 0.2) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(in_features, hidden),
            nn.BatchNorm1d(hidden),
            nn.ReLU(),
            nn.Dropout(p),
            nn.Linear(hidden, hidden),
            nn.Tanh(),
            nn.Dropout(p),
            nn.Linear(hidden, hidden // 2),
            nn.LeakyReLU(0.1),
            nn.Linear(hidden // 2, num_classes),
        )

    def forward(self, x: Tensor) -> Tensor:
        return F.softmax(self.net(x), dim=-1)
