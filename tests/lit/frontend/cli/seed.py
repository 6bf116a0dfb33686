# Without --weights, parameters get PyTorch's default initialisation drawn
# from --seed: the same seed gives the same results, another seed others.
# RUN: kiln run %s --input %S/../../run/errors/Inputs/f32_4.npy --seed 1 --output %t.1.npy
# RUN: kiln run %s --input %S/../../run/errors/Inputs/f32_4.npy --seed 1 --output %t.1again.npy
# RUN: kiln run %s --input %S/../../run/errors/Inputs/f32_4.npy --seed 2 --output %t.2.npy
# RUN: npcompare %t.1again.npy %t.1.npy
# RUN: not npcompare %t.2.npy %t.1.npy
# The same with kiln bench's --seed accepted.
# RUN: kiln bench %s --input %S/../../run/errors/Inputs/f32_4.npy --seed 2 --warmup 0 --iters 1 | FileCheck %s
# CHECK: "iters": 1}
import torch
import torch.nn as nn
from torch import Tensor


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x: Tensor) -> Tensor:
        return self.fc(x)
