import torch
from torch import Tensor


def copy(x: Tensor) -> Tensor:
    return x.clone()
