import torch.nn.functional as F
from torch import Tensor


def avg_pool(x: Tensor) -> Tensor:
    return F.avg_pool2d(x, 2)
