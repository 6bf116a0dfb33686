import torch
import torch.nn as nn
from torch import Tensor
from typing import Tuple


class TwoOutputs(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 10)

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        y = self.fc(x.flatten(1))
        return y, y


def plain(x: Tensor) -> Tensor:
    return x * 2
