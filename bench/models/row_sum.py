import torch
from torch import Tensor


def row_sum(x: Tensor) -> Tensor:
    return torch.sum(x, dim=1)
