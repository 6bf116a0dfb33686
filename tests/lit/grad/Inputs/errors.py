import torch
from torch import Tensor


def indices(x: Tensor) -> Tensor:
    return torch.argmax(x, 1)


def repeated(x: Tensor, n: int) -> Tensor:
    for i in range(n):
        x = torch.sin(x)
    return x


def unrolled(x: Tensor) -> Tensor:
    for i in range(3):
        x = torch.sin(x) * x
    return x
