# torch.nn.modules.flatten
from torch import Tensor
import torch.nn as nn


class Flatten(nn.Module):
    __constants__ = ['start_dim', 'end_dim']

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:
        return input.flatten(self.start_dim, self.end_dim)
