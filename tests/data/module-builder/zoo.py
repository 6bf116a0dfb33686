"""Every prelude layer once, with constants, arithmetic, a ModuleList from
a comprehension, a helper that returns a layer, buffers and parameters
set by hand."""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

HIDDEN = 6 * 2 + 4          # 16
HEADS = HIDDEN // 5         # 3
SCALE = 1 / math.sqrt(HIDDEN)


def make_head(n_in: int, n_out: int, dropout: float = 0.1) -> nn.Module:
    return nn.Sequential(nn.Dropout(dropout), nn.Linear(n_in, n_out))


class Zoo(nn.Module):
    def __init__(self, vocab: int = 20, depth: int = 3) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, HIDDEN, padding_idx=0)
        self.norm = nn.LayerNorm(HIDDEN, eps=1e-6)
        self.blocks = nn.ModuleList(
            [nn.Linear(HIDDEN, HIDDEN, bias=i % 2 == 0) for i in range(depth)])
        self.blocks.append(nn.GELU(approximate='tanh'))
        self.conv = nn.Conv1d(HIDDEN, 2 * HIDDEN, kernel_size=3,
                              padding='same', groups=2)
        self.bn = nn.BatchNorm1d(2 * HIDDEN, momentum=None, affine=False)
        self.image = nn.Sequential(
            nn.Conv2d(1, 4, (3, 5), stride=(1, 2), padding=(1, 2),
                      dilation=1, padding_mode='reflect'),
            nn.BatchNorm2d(4),
            nn.LeakyReLU(0.2),
            nn.MaxPool2d(2),
            nn.AvgPool2d(kernel_size=2, stride=1, count_include_pad=False),
            nn.AdaptiveAvgPool2d(3),
            nn.Flatten(),
        )
        self.acts = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Sigmoid(),
                                   nn.SiLU(), nn.Identity()])
        self.acts.extend([nn.Softmax(dim=-1), nn.LogSoftmax(1)])
        self.head = make_head(HIDDEN, HEADS)
        self.scale = nn.Parameter(torch.ones(HEADS) * SCALE)
        self.offset = nn.Parameter(torch.zeros(2, HEADS), requires_grad=False)
        self.register_buffer('positions', torch.arange(0, 10).float())
        self.register_buffer('mask', torch.ones(4, 4).tril() > 0)
        self.register_parameter('unused', None)
        self.sizes = [HIDDEN * k for k in range(1, depth + 1) if k != 2]
        self.sizes.append(-1)
        self.names = ('a', 'b')
        self.ratio = HIDDEN / 3
        self.levels = 2 ** depth - 7 % 3
        self.flag = not (depth > 2 and vocab < 10)

    def forward(self, tokens: Tensor) -> Tensor:
        x = self.norm(self.embed(tokens))
        for block in self.blocks:
            x = block(x)
        return self.head(x) * self.scale
