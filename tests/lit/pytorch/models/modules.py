"""nn.Module classes for TorchScript graph capture (see ../capture_graphs.py).

Each entry of MODULES is (name, constructor).  The capture script builds the
module with a fixed seed, scripts it, and writes both `.graph` and
`.inlined_graph` to ../mod_<name>.ir and ../mod_<name>.inlined.ir.  Keep the
order of MODULES stable: PyTorch mangles repeated class names
(___torch_mangle_N) in scripting order.
"""
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


class MnistCNN(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x: Tensor) -> Tensor:
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


class LeNet5(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5, padding=2),
            nn.Tanh(),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.Conv2d(6, 16, kernel_size=5),
            nn.Tanh(),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )
        self.classifier = nn.Sequential(
            nn.Linear(16 * 5 * 5, 120),
            nn.Tanh(),
            nn.Linear(120, 84),
            nn.Tanh(),
            nn.Linear(84, num_classes),
        )

    def forward(self, x: Tensor) -> Tensor:
        x = self.features(x)
        x = x.view(x.size(0), -1)
        return self.classifier(x)


class BasicBlock(nn.Module):
    """ResNet basic block with a strided 1x1 projection shortcut."""

    def __init__(self, in_planes: int = 64, planes: int = 128, stride: int = 2) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = nn.Sequential(
            nn.Conv2d(in_planes, planes, kernel_size=1, stride=stride, bias=False),
            nn.BatchNorm2d(planes),
        )

    def forward(self, x: Tensor) -> Tensor:
        identity = x
        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)
        out = self.conv2(out)
        out = self.bn2(out)
        identity = self.downsample(x)
        out += identity
        out = self.relu(out)
        return out


class LSTMCell(nn.Module):
    def __init__(self, input_size: int = 16, hidden_size: int = 32) -> None:
        super().__init__()
        self.hidden_size = hidden_size
        self.ih = nn.Linear(input_size, 4 * hidden_size)
        self.hh = nn.Linear(hidden_size, 4 * hidden_size)

    def forward(self, x: Tensor, state: Optional[Tuple[Tensor, Tensor]] = None) -> Tuple[Tensor, Tensor]:
        if state is None:
            zeros = torch.zeros(x.size(0), self.hidden_size, dtype=x.dtype, device=x.device)
            hx, cx = zeros, zeros
        else:
            hx, cx = state
        gates = self.ih(x) + self.hh(hx)
        i, f, g, o = gates.chunk(4, 1)
        i = torch.sigmoid(i)
        f = torch.sigmoid(f)
        g = torch.tanh(g)
        o = torch.sigmoid(o)
        cy = f * cx + i * g
        hy = o * torch.tanh(cy)
        return hy, cy


class SelfAttention(nn.Module):
    """Pre-LN transformer block: multi-head self-attention + GELU MLP."""

    def __init__(self, dim: int = 64, heads: int = 4, dropout: float = 0.1) -> None:
        super().__init__()
        assert dim % heads == 0
        self.heads = heads
        self.head_dim = dim // heads
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.ln1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.ln2 = nn.LayerNorm(dim, eps=1e-6)
        self.fc1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(4 * dim, dim)
        self.drop = nn.Dropout(dropout)

    def attention(self, x: Tensor, mask: Optional[Tensor]) -> Tensor:
        b, t, c = x.shape
        qkv = self.qkv(x).reshape(b, t, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = torch.matmul(q, k.transpose(-2, -1)) * self.scale
        if mask is not None:
            att = att.masked_fill(mask[:, None, None, :] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        att = self.drop(att)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, c)
        return self.proj(y)

    def forward(self, x: Tensor, mask: Optional[Tensor] = None) -> Tensor:
        x = x + self.attention(self.ln1(x), mask)
        x = x + self.drop(self.fc2(self.act(self.fc1(self.ln2(x)))))
        return x


class SequentialMLP(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(32, 64),
            nn.ReLU(),
            nn.Dropout(0.2),
            nn.Linear(64, 64),
            nn.SiLU(),
            nn.Linear(64, 10),
            nn.LogSoftmax(dim=-1),
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.net(x)


class ModuleListMLP(nn.Module):
    def __init__(self, sizes: List[int] = [8, 16, 16, 4]) -> None:
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.norms = nn.ModuleList([nn.LayerNorm(b) for b in sizes[1:-1]])

    def forward(self, x: Tensor) -> Tensor:
        n = len(self.layers)
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < n - 1:
                x = F.gelu(x)
        for norm in self.norms:
            x = x + 0.0 * norm.weight.sum()
        return x


class ElmanRNN(nn.Module):
    def __init__(self, input_size: int = 8, hidden_size: int = 16) -> None:
        super().__init__()
        self.hidden_size = hidden_size
        self.w_ih = nn.Linear(input_size, hidden_size)
        self.w_hh = nn.Linear(hidden_size, hidden_size, bias=False)

    def forward(self, x: Tensor, h0: Optional[Tensor] = None) -> Tuple[Tensor, Tensor]:
        # x: [seq, batch, input]
        if h0 is None:
            h = torch.zeros(x.size(1), self.hidden_size)
        else:
            h = h0
        outputs: List[Tensor] = []
        for t in range(x.size(0)):
            h = torch.tanh(self.w_ih(x[t]) + self.w_hh(h))
            outputs.append(h)
        return torch.stack(outputs, dim=0), h


class BufferAndParam(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(4, 4))
        self.bias = nn.Parameter(torch.zeros(4))
        self.register_buffer("running_mean", torch.zeros(4))
        self.register_buffer("steps", torch.tensor(0, dtype=torch.long))
        self.momentum = 0.1

    def forward(self, x: Tensor) -> Tensor:
        if self.training:
            mean = x.mean(0)
            self.running_mean.mul_(1 - self.momentum).add_(mean, alpha=self.momentum)
            self.steps += 1
        y = x - self.running_mean
        return F.linear(y, self.weight, self.bias)


class Attributes(nn.Module):
    maybe: Optional[int]

    def __init__(self) -> None:
        super().__init__()
        self.n: int = 3
        self.alpha: float = 0.25
        self.enabled: bool = True
        self.dims: List[int] = [1, 2]
        self.names: List[str] = ["a", "b"]
        self.table: Dict[str, int] = {"x": 1, "y": 2}
        self.tag: str = "attr\tmodule"
        self.maybe = None

    def forward(self, x: Tensor) -> Tensor:
        y = x * self.alpha
        for _ in range(self.n):
            y = y + 1
        if self.enabled:
            y = y.sum(self.dims, keepdim=True)
        maybe = self.maybe  # attributes are not refined; copy to a local first
        if maybe is not None:
            y = y + maybe
        total = 0
        for name in self.names:
            total += self.table[name]
        if self.tag == "attr\tmodule":
            y = y * total
        return y


class HelperMethod(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(8, 8)
        self.eps = 1e-5

    def normalize(self, x: Tensor, dim: int = -1) -> Tensor:
        mu = x.mean(dim, keepdim=True)
        var = x.var(dim, unbiased=False, keepdim=True)
        return (x - mu) / torch.sqrt(var + self.eps)

    def helper(self, x: Tensor) -> Tensor:
        return F.relu(self.linear(self.normalize(x)))

    def forward(self, x: Tensor) -> Tensor:
        return self.helper(x) + self.helper(x * 2)


class GruLikeGate(nn.Module):
    """Small module mixing submodule calls, chunk/split and a while loop."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = nn.Linear(6, 12)
        self.max_iters = 5

    def forward(self, x: Tensor) -> Tensor:
        r, z = self.gate(x).split(6, dim=-1)
        h = x
        i = 0
        while i < self.max_iters and bool((h.abs() > 1e-3).any()):
            h = torch.sigmoid(z) * h + (1 - torch.sigmoid(z)) * torch.tanh(r * h)
            i += 1
        return h


MODULES = [
    ("mnist_cnn", MnistCNN),
    ("lenet5", LeNet5),
    ("resnet_basic_block", BasicBlock),
    ("lstm_cell", LSTMCell),
    ("self_attention", SelfAttention),
    ("sequential_mlp", SequentialMLP),
    ("modulelist_mlp", ModuleListMLP),
    ("elman_rnn", ElmanRNN),
    ("buffer_and_param", BufferAndParam),
    ("attributes", Attributes),
    ("helper_method", HelperMethod),
    ("gru_like_gate", GruLikeGate),
]
