import torch
from torch import Tensor


def exp_chain(x: Tensor) -> Tensor:
    return torch.exp(x * 0.5) + x
