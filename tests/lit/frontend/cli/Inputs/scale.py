import torch
from torch import Tensor


def scale(x: Tensor, n: int) -> Tensor:
    return x * n
