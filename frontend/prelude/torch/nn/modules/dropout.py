# torch.nn.modules.dropout
from torch import Tensor
import torch.nn as nn
import torch.nn.functional as F


class Dropout(nn.Module):
    __constants__ = ['p', 'inplace']

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout(input, self.p, self.training, self.inplace)
