"""Ordinary TorchScript functions that `kiln run` must run as PyTorch does.

make_cases.py scripts each one, prints its graph into <case>.ir (a lit test
that runs it with kiln and compares with PyTorch's results) and writes the
inputs and PyTorch's outputs under Inputs/.
"""
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def gelu_tanh(x: Tensor) -> Tensor:
    return 0.5 * x * (1 + torch.tanh(0.79788 * (x + 0.044715 * x * x * x)))


def elementwise_mix(x: Tensor, y: Tensor) -> Tensor:
    z = torch.sigmoid(x) * torch.exp(-y.abs()) + torch.where(x > y, x, y)
    return torch.clamp(z, min=-1.0, max=2.0) - z.pow(2) / (1 + y * y)


def activations(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:
    return F.gelu(x), F.silu(x), F.leaky_relu(x, 0.1), F.softplus(x)


def softmax_rows(x: Tensor) -> Tuple[Tensor, Tensor]:
    return torch.softmax(x, dim=1), F.log_softmax(x, dim=-1)


def reductions(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    values, indices = x.max(dim=1)
    centered = x.sum(dim=1, keepdim=True) - x.mean(0)
    return centered, values, indices, x.var(dim=0), torch.logsumexp(x, 1)


def matmul_broadcast(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
    return x @ w + b


def linear_relu(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
    return torch.relu(F.linear(x, w, b))


def views(x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    a = x.view(2, -1).t().contiguous().reshape(-1)[::2]
    b = x.permute(2, 0, 1).unsqueeze(0).flatten(1)
    c = torch.cat([x, x * 2], dim=1)
    return a, b, c


def stack_chunks(x: Tensor) -> Tensor:
    parts = x.chunk(3, dim=1)
    return torch.stack([parts[2], parts[0], parts[1]], dim=0).sum(0)


def list_of_tensors(x: Tensor, n: int) -> Tuple[Tensor, int]:
    outs: List[Tensor] = []
    for i in range(n):
        outs.append(x * float(i))
    total = len(outs) * 10
    return torch.stack(outs), total


def for_loop(x: Tensor, n: int) -> Tensor:
    for i in range(n):
        x = x * 0.5 + i
    return x


def while_loop(x: Tensor, limit: float) -> Tuple[Tensor, int]:
    steps = 0
    while float(x.sum()) < limit:
        x = x * 2.0
        steps += 1
    return x, steps


def if_else(x: Tensor, flag: bool) -> Tensor:
    if flag:
        y = x.relu()
    elif bool(x.sum() > 0):
        y = -x
    else:
        y = x * 3
    return y


def optional_bias(x: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    y = x * 2
    if bias is not None:
        y = y + bias
    return y


def scalars(x: Tensor, n: int, scale: float) -> Tuple[Tensor, int, float]:
    m = n * 3 // 2 + x.size(0)
    s = scale * 2.0 + float(n)
    return x * s + m, m, s


def mlp(x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) -> Tensor:
    h = torch.relu(x @ w1.t() + b1)
    return F.log_softmax(h @ w2.t() + b2, dim=1)


def conv_pool(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
    y = F.conv2d(x, w, b, stride=1, padding=1)
    y = F.max_pool2d(F.relu(y), 2)
    return torch.flatten(y, 1)


def layer_norm_gelu(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
    return F.gelu(F.layer_norm(x, [x.size(-1)], w, b, 1e-5))


def indexing(x: Tensor, idx: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:
    a = x[:, 1:3]
    b = x[..., 0]
    c = x.index_select(0, idx)
    d = x.masked_fill(x < 0, 0.0)
    return a, b, c, d


def creation(x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    z = torch.zeros_like(x) + torch.ones(x.size(1))
    r = torch.arange(0, 10, 3)
    f = torch.full([2, 2], 1.5)
    return z, r, f


def lstm_cell(x: Tensor, h: Tensor, c: Tensor, w_ih: Tensor, w_hh: Tensor,
              b: Tensor) -> Tuple[Tensor, Tensor]:
    gates = x @ w_ih.t() + h @ w_hh.t() + b
    i, f, g, o = gates.chunk(4, 1)
    c2 = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h2 = torch.sigmoid(o) * torch.tanh(c2)
    return h2, c2


def attention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor) -> Tensor:
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    scores = scores.masked_fill(mask, -1e9)
    return torch.softmax(scores, dim=-1) @ v


def cross_entropy(logits: Tensor, target: Tensor) -> Tensor:
    return F.cross_entropy(logits, target)


def batch_norm_eval(x: Tensor, mean: Tensor, var: Tensor, w: Tensor,
                    b: Tensor) -> Tensor:
    return F.batch_norm(x, mean, var, w, b, False, 0.1, 1e-5)


def recurrent(x: Tensor, w: Tensor, u: Tensor) -> Tensor:
    h = torch.zeros(x.size(1), w.size(1))
    for t in range(x.size(0)):
        h = torch.tanh(x[t] @ w + h @ u)
    return h


def dict_values(x: Tensor, y: Tensor) -> Tensor:
    d: Dict[str, Tensor] = {"a": x, "b": y}
    total = d["a"] + d["b"]
    for key in d.keys():
        total = total + d[key].mean()
    return total


def conversions(x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    return x.to(torch.float64) * 2, (x * 10).long(), (x > 0).int()


def integer_math(a: Tensor, b: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    return a // b, a % b, a * b + 1
