import torch
import torch.nn as nn
from torch import Tensor


class Detached(nn.Module):
    """A fixed random feature map (embed, detached) under a trained head:
    embed's parameters are read but get no gradient."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(64, 32)
        self.fc = nn.Linear(32, 10)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.tanh(self.embed(x.flatten(1))).detach()
        return self.fc(h)
