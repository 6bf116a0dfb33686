import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


class ResidualLayerNormGelu(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(1024)

    def forward(self, x: Tensor, residual: Tensor) -> Tensor:
        return F.gelu(self.norm(x + residual))
