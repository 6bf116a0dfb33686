# Classic blocks written as people write them for torch.jit.script: module
# attributes of int/float/bool/list type used in forward, self.training
# branches, helper methods, submodule method calls, modules returning
# tuples, nested Sequential, ModuleList iteration, register_buffer.
# RUN: kiln run %s --entry GRUCell --weights %S/Inputs/modules.gru.safetensors --input %S/Inputs/modules.gru.in0.npy --output %t.modules.gru.npz
# RUN: npcompare %t.modules.gru.npz %S/Inputs/modules.gru.expected.npz
# RUN: kiln run %s --entry GRUCell --weights %S/Inputs/modules.gru_h0.safetensors --input %S/Inputs/modules.gru_h0.in0.npy --input %S/Inputs/modules.gru_h0.in1.npy --output %t.modules.gru_h0.npz
# RUN: npcompare %t.modules.gru_h0.npz %S/Inputs/modules.gru_h0.expected.npz
# RUN: kiln run %s --entry TinyTransformer --weights %S/Inputs/modules.transformer.safetensors --input %S/Inputs/modules.transformer.in0.npy --output %t.modules.transformer.npz
# RUN: npcompare %t.modules.transformer.npz %S/Inputs/modules.transformer.expected.npz
# RUN: kiln run %s --entry MobileNetish --weights %S/Inputs/modules.mobilenet.safetensors --input %S/Inputs/modules.mobilenet.in0.npy --output %t.modules.mobilenet.npz
# RUN: npcompare %t.modules.mobilenet.npz %S/Inputs/modules.mobilenet.expected.npz
# RUN: kiln run %s --entry MixerBlock --weights %S/Inputs/modules.mixer.safetensors --input %S/Inputs/modules.mixer.in0.npy --output %t.modules.mixer.npz
# RUN: npcompare %t.modules.mixer.npz %S/Inputs/modules.mixer.expected.npz
# RUN: kiln run %s --entry ResidualMLP --weights %S/Inputs/modules.residual_mlp.safetensors --input %S/Inputs/modules.residual_mlp.in0.npy --output %t.modules.residual_mlp.npz
# RUN: npcompare %t.modules.residual_mlp.npz %S/Inputs/modules.residual_mlp.expected.npz
import math
from typing import List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


class GRUCell(nn.Module):
    def __init__(self, input_size: int = 6, hidden_size: int = 5):
        super().__init__()
        self.hidden_size = hidden_size
        self.x2h = nn.Linear(input_size, 3 * hidden_size)
        self.h2h = nn.Linear(hidden_size, 3 * hidden_size)

    def step(self, x: Tensor, h: Tensor) -> Tensor:
        gx = self.x2h(x)
        gh = self.h2h(h)
        xr, xz, xn = gx.chunk(3, 1)
        hr, hz, hn = gh.chunk(3, 1)
        r = torch.sigmoid(xr + hr)
        z = torch.sigmoid(xz + hz)
        n = torch.tanh(xn + r * hn)
        return (1 - z) * n + z * h

    def forward(self, xs: Tensor, h: Optional[Tensor] = None) -> Tuple[Tensor, Tensor]:
        if h is None:
            h = torch.zeros(xs.size(1), self.hidden_size)
        outs: List[Tensor] = []
        for t in range(xs.size(0)):
            h = self.step(xs[t], h)
            outs.append(h)
        return torch.stack(outs), h


class PositionalEncoding(nn.Module):
    def __init__(self, d_model: int = 8, max_len: int = 16, dropout: float = 0.1):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer('pe', pe)

    def forward(self, x: Tensor) -> Tensor:
        x = x + self.pe[:x.size(0)]
        return self.dropout(x)


class EncoderLayer(nn.Module):
    def __init__(self, d_model: int = 8, nhead: int = 2, dim_ff: int = 16,
                 norm_first: bool = True):
        super().__init__()
        self.nhead = nhead
        self.head_dim = d_model // nhead
        self.scale = self.head_dim ** -0.5
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.ff = nn.Sequential(nn.Linear(d_model, dim_ff), nn.GELU(),
                                nn.Dropout(0.1), nn.Linear(dim_ff, d_model))
        self.norm1 = nn.LayerNorm(d_model)
        self.norm2 = nn.LayerNorm(d_model, eps=1e-6)
        self.norm_first = norm_first

    def _attention(self, x: Tensor, mask: Optional[Tensor]) -> Tuple[Tensor, Tensor]:
        s, b, d = x.shape
        q, k, v = self.qkv(x).reshape(s, b * self.nhead, 3 * self.head_dim).transpose(0, 1).chunk(3, dim=-1)
        attn = torch.bmm(q * self.scale, k.transpose(-2, -1))
        if mask is not None:
            attn = attn.masked_fill(mask, float("-inf"))
        attn = attn.softmax(dim=-1)
        out = torch.bmm(attn, v).transpose(0, 1).reshape(s, b, d)
        return self.proj(out), attn.view(b, self.nhead, s, s).mean(dim=1)

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        s = x.size(0)
        mask = torch.triu(torch.ones(s, s, dtype=torch.bool), diagonal=1)
        if self.norm_first:
            a, w = self._attention(self.norm1(x), mask)
            x = x + a
            x = x + self.ff(self.norm2(x))
        else:
            a, w = self._attention(x, mask)
            x = self.norm1(x + a)
            x = self.norm2(x + self.ff(x))
        return x, w


class TinyTransformer(nn.Module):
    def __init__(self, vocab: int = 20, d_model: int = 8):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model, padding_idx=0)
        self.pos = PositionalEncoding(d_model)
        self.layers = nn.ModuleList([EncoderLayer(d_model), EncoderLayer(d_model, norm_first=False)])
        self.head = nn.Linear(d_model, vocab)

    def forward(self, tokens: Tensor) -> Tuple[Tensor, Tensor]:
        x = self.pos(self.embed(tokens) * math.sqrt(self.embed.embedding_dim))
        weights: List[Tensor] = []
        for layer in self.layers:
            x, w = layer(x)
            weights.append(w)
        return self.head(x).log_softmax(-1), torch.stack(weights, 1)


class SqueezeExcite(nn.Module):
    def __init__(self, channels: int, reduction: int = 4):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, channels // reduction, 1)
        self.fc2 = nn.Conv2d(channels // reduction, channels, 1)

    def forward(self, x: Tensor) -> Tensor:
        s = F.adaptive_avg_pool2d(x, 1)
        s = F.relu(self.fc1(s), inplace=True)
        return x * torch.sigmoid(self.fc2(s))


class DepthwiseSeparable(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int = 1, use_se: bool = True):
        super().__init__()
        self.dw = nn.Sequential(
            nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False),
            nn.BatchNorm2d(cin),
            nn.ReLU6(inplace=True),
        )
        self.se = SqueezeExcite(cin) if use_se else nn.Identity()
        self.pw = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout))
        self.residual = stride == 1 and cin == cout

    def forward(self, x: Tensor) -> Tensor:
        y = self.pw(self.se(self.dw(x)))
        if self.residual:
            y = y + x
        return y


class MobileNetish(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), nn.BatchNorm2d(8), nn.Hardswish())
        self.blocks = nn.Sequential(
            DepthwiseSeparable(8, 8),
            nn.Sequential(DepthwiseSeparable(8, 12, stride=2, use_se=False),
                          DepthwiseSeparable(12, 12)),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.2), nn.Linear(12, 5))

    def forward(self, x: Tensor) -> Tensor:
        return self.classifier(self.pool(self.blocks(self.stem(x))))


class MixerBlock(nn.Module):
    def __init__(self, tokens: int = 6, channels: int = 8, expansion: List[int] = [2, 4]):
        super().__init__()
        self.norm1 = nn.LayerNorm(channels)
        self.token_mlp = nn.Sequential(nn.Linear(tokens, tokens * expansion[0]), nn.GELU(), nn.Linear(tokens * expansion[0], tokens))
        self.norm2 = nn.LayerNorm(channels)
        self.channel_mlp = nn.Sequential(nn.Linear(channels, channels * expansion[1]), nn.GELU(), nn.Linear(channels * expansion[1], channels))
        self.layer_scale = 0.5
        self.dims: List[int] = [0, 2, 1]

    def forward(self, x: Tensor) -> Tensor:
        y = self.norm1(x).permute(self.dims)
        x = x + self.layer_scale * self.token_mlp(y).permute(0, 2, 1)
        return x + self.layer_scale * self.channel_mlp(self.norm2(x))


class ResidualMLP(nn.Module):
    def __init__(self, width: int = 6, depth: int = 3, p: float = 0.25):
        super().__init__()
        self.blocks = nn.ModuleList()
        for i in range(depth):
            self.blocks.append(nn.Sequential(nn.LayerNorm(width), nn.Linear(width, width), nn.SiLU()))
        self.p = p
        self.depth = depth
        self.gates = [1.0 / (i + 1) for i in range(depth)]

    def forward(self, x: Tensor) -> Tuple[Tensor, int, float]:
        total = 0.0
        for i, block in enumerate(self.blocks):
            x = x + self.gates[i] * block(x)
            total += self.gates[i]
        if self.training:
            x = F.dropout(x, self.p)
        return x, self.depth, total
