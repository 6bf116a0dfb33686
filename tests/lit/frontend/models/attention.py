# A pre-norm transformer block (minGPT style): LayerNorm, q/k/v projections,
# heads split with view/transpose, scores scaled by 1/math.sqrt(head_dim),
# a causal mask kept as a buffer, softmax, a GELU MLP in its own module
# class, and residual connections.
# RUN: kiln run %s --entry TransformerBlock --weights %S/Inputs/attention.safetensors --input %S/Inputs/attention.in0.npy --output %t.npz
# RUN: npcompare %t.npz %S/Inputs/attention.expected.npz
# The entry may also name the method.
# RUN: kiln run %s --entry TransformerBlock.forward --weights %S/Inputs/attention.safetensors --input %S/Inputs/attention.in0.npy --output %t.method.npz
# RUN: npcompare %t.method.npz %S/Inputs/attention.expected.npz
# The sub-module alone (its __init__ needs arguments, so it is no entry).
# RUN: not kiln run %s --entry MLP --input %S/Inputs/attention.in0.npy 2>&1 | FileCheck %s --check-prefix=ARGS
# ARGS: error: {{.*(MLP|dim|hidden|argument).*}}
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


class MLP(nn.Module):
    def __init__(self, dim: int, hidden: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: Tensor) -> Tensor:
        return self.drop(self.fc2(F.gelu(self.fc1(x))))


class TransformerBlock(nn.Module):
    def __init__(self, dim: int = 16, num_heads: int = 2,
                 max_len: int = 8) -> None:
        super().__init__()
        assert dim % num_heads == 0
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.ln1 = nn.LayerNorm(dim)
        self.query = nn.Linear(dim, dim)
        self.key = nn.Linear(dim, dim)
        self.value = nn.Linear(dim, dim)
        self.proj = nn.Linear(dim, dim)
        self.ln2 = nn.LayerNorm(dim)
        self.mlp = MLP(dim, 4 * dim)
        self.register_buffer(
            "mask", torch.tril(torch.ones(max_len, max_len))
            .view(1, 1, max_len, max_len))

    def attend(self, x: Tensor) -> Tensor:
        B, T, C = x.size()
        q = self.query(x).view(B, T, self.num_heads, self.head_dim).transpose(1, 2)
        k = self.key(x).view(B, T, self.num_heads, self.head_dim).transpose(1, 2)
        v = self.value(x).view(B, T, self.num_heads, self.head_dim).transpose(1, 2)
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.head_dim))
        scores = scores.masked_fill(self.mask[:, :, :T, :T] == 0, float("-inf"))
        weights = F.softmax(scores, dim=-1)
        y = weights @ v
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.proj(y)

    def forward(self, x: Tensor) -> Tensor:
        x = x + self.attend(self.ln1(x))
        x = x + self.mlp(self.ln2(x))
        return x
