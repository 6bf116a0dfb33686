import torch
import torch.nn.functional as F
from torch import Tensor


def row_ops(x: Tensor) -> Tensor:
    a = torch.softmax(x, -1)
    b = torch.log_softmax(x, dim=-1)
    c = F.layer_norm(x, [x.size(-1)])
    return a + b + c
