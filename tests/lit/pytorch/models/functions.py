"""Free functions for TorchScript graph capture (see ../capture_graphs.py).

Each function here is scripted on its own with torch.jit.script and its
`.graph` is written to ../fn_<name>.ir.  The order of FUNCTIONS at the
bottom is the capture order; keep it stable.
"""
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


# ---------------------------------------------------------------------------
# Elementwise
# ---------------------------------------------------------------------------

def elementwise_chain(x: Tensor, y: Tensor) -> Tensor:
    a = x + y
    b = a * 2.0 - y / 3
    c = torch.exp(b) + torch.log(x.abs() + 1e-5)
    d = torch.sqrt(c) * torch.rsqrt(c + 1) - torch.sin(x) * torch.cos(y)
    return -d + 1


def gelu_tanh(x: Tensor) -> Tensor:
    return 0.5 * x * (1 + torch.tanh(0.79788 * (x + 0.044715 * x * x * x)))


def activations(x: Tensor) -> Tensor:
    a = F.relu(x)
    b = F.gelu(x)
    c = F.silu(x)
    d = torch.sigmoid(x)
    e = torch.tanh(x)
    f = F.leaky_relu(x, 0.01)
    g = F.softplus(x)
    h = F.elu(x)
    i = F.hardtanh(x, -2.0, 2.0)
    j = F.gelu(x, approximate="tanh")
    return a + b + c + d + e + f + g + h + i + j


def clamp_where_pow(x: Tensor, y: Tensor) -> Tensor:
    a = torch.clamp(x, -1.0, 1.0)
    b = x.clamp(min=0.0)
    c = torch.clamp(y, max=6)
    d = torch.where(x > y, x, y)
    e = torch.pow(x, 2) + x ** 3 + torch.pow(2.0, y)
    f = x.pow(y)
    return a + b + c + d + e + f


def comparisons_logical(x: Tensor, y: Tensor) -> Tensor:
    gt = x > y
    ge = x >= 0.5
    lt = x < y
    le = x <= y
    eq = x == y
    ne = x != 0
    a = torch.logical_and(gt, ge)
    b = torch.logical_or(lt, le)
    c = torch.logical_not(eq)
    d = (a & b) | (c ^ ne)
    e = ~d
    return e.any() | torch.isnan(x).all()


def type_conversions(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    a = x.float()
    b = x.to(torch.float64)
    c = x.long()
    d = x.to(dtype=torch.int32)
    e = (x > 0).to(x.dtype) * x.double().half().float()
    return a, b, c, d, e.type_as(x)


def inplace_ops(x: Tensor, y: Tensor) -> Tensor:
    z = x.clone()
    z += y
    z -= 1
    z *= 2.0
    z.relu_()
    z.mul_(y)
    z.add_(y, alpha=2)
    z.clamp_(0.0, 10.0)
    F.relu(z, inplace=True)
    z.zero_()
    z.fill_(3.5)
    z.copy_(y)
    return z


# ---------------------------------------------------------------------------
# Reductions
# ---------------------------------------------------------------------------

def reductions(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
    s = x.sum() + torch.sum(x, dim=1).sum() + x.sum([0, 1], keepdim=True).sum()
    m = x.mean(-1, keepdim=True)
    a = torch.amax(x, dim=(0, 1))
    values, indices = torch.max(x, dim=1)
    am = torch.argmax(x, dim=-1, keepdim=False)
    mn = x.min()
    return s, m, a, values + mn, indices + am, torch.argmin(x)


def statistics(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
    v = x.var(dim=0, unbiased=False)
    sd = torch.std(x)
    lse = torch.logsumexp(x, dim=1)
    n = torch.norm(x) + x.norm(p=2, dim=1).sum() + torch.linalg.norm(x)
    p = torch.prod(x, 0)
    c = torch.cumsum(x, dim=1)
    return v, sd, lse, n, p, c


def softmax_family(x: Tensor) -> Tensor:
    a = torch.softmax(x, dim=-1)
    b = F.softmax(x, dim=1)
    c = F.log_softmax(x, dim=-1)
    d = x.softmax(0, dtype=torch.float32)
    return a + b + c + d


# ---------------------------------------------------------------------------
# Matmul family
# ---------------------------------------------------------------------------

def matmul_family(a: Tensor, b: Tensor, c: Tensor, w: Tensor, bias: Tensor) -> Tensor:
    x = torch.mm(a, b)
    y = torch.matmul(a, b) + a @ b
    z = torch.addmm(bias, a, b, beta=0.5, alpha=2.0)
    l = F.linear(a, w, bias)
    l2 = F.linear(a, w)
    t = a.t()
    u = torch.transpose(c, 1, 2)
    v = torch.bmm(c, u)
    return x + y + z + l + l2 + t.t() + v.sum(0)


# ---------------------------------------------------------------------------
# Shapes, views, indexing
# ---------------------------------------------------------------------------

def view_ops(x: Tensor) -> Tensor:
    n = x.size(0)
    a = x.reshape(n, -1)
    b = a.view(-1)
    c = torch.flatten(x, 1)
    d = x.flatten(start_dim=0, end_dim=-2)
    e = x.unsqueeze(0).squeeze(0).squeeze()
    f = x.permute(2, 0, 1).contiguous()
    g = x[:, :1].expand(-1, 4, -1)
    h = g.repeat(1, 1, 2)
    i = x.view(x.shape[0], x.shape[1] * x.shape[2])
    return b.sum() + c.sum() + d.sum() + e.sum() + f.sum() + h.sum() + i.sum()


def cat_stack_split(x: Tensor, y: Tensor) -> List[Tensor]:
    c = torch.cat([x, y], dim=0)
    s = torch.stack((x, y), 1)
    a, b = torch.chunk(c, 2, dim=0)
    parts = torch.split(s, 1, dim=1)
    sizes = x.split([1, 2], dim=-1)
    out = [a, b]
    out.extend(parts)
    out += sizes
    return out


def slicing(x: Tensor) -> Tensor:
    a = x[1:]
    b = x[:-1]
    c = x[::2]
    d = x[1:-1:3]
    e = x[:, None]
    f = x[..., 0]
    g = x[-1]
    h = x[0, 2:, -1]
    i = x[:, :, None, 1:2]
    return a.sum() + b.sum() + c.sum() + d.sum() + e.sum() + f.sum() + g.sum() + h.sum() + i.sum()


def indexing_ops(x: Tensor, idx: Tensor, mask: Tensor, weight: Tensor) -> Tensor:
    a = x.select(1, 0)
    b = torch.narrow(x, 0, 1, 2)
    c = torch.index_select(x, 0, idx)
    d = torch.gather(x, 1, idx.unsqueeze(1).expand(-1, x.size(1)))
    e = x.masked_fill(mask, float("-inf"))
    f = F.embedding(idx, weight)
    g = x[idx]
    x[mask] = 0.0
    x[0] = a
    return a.sum() + b.sum() + c.sum() + d.sum() + e.sum() + f.sum() + g.sum()


def size_queries(x: Tensor) -> Tuple[int, int, int, int, List[int]]:
    d = x.dim()
    n = x.numel()
    s1 = x.shape[1]
    last = x.size(-1)
    return d, n, s1, last, x.size()


# ---------------------------------------------------------------------------
# Creation
# ---------------------------------------------------------------------------

def creation_ops(x: Tensor) -> Tensor:
    a = torch.zeros(2, 3)
    b = torch.ones([2, 3], dtype=torch.float64)
    c = torch.full((2, 3), 7.5)
    d = torch.empty(2, 3, device=x.device)
    e = torch.zeros_like(x)
    f = torch.ones_like(x, dtype=torch.int64)
    g = torch.full_like(x, -1)
    h = torch.empty_like(x)
    i = torch.arange(10)
    j = torch.arange(1, 10, 2, dtype=torch.float32)
    k = torch.rand(2, 3)
    l = torch.randn(2, 3, device=torch.device("cpu"))
    m = torch.tensor([1.0, 2.0, 3.0])
    n = torch.tensor([[1, 2], [3, 4]], dtype=torch.long)
    o = torch.eye(3) + torch.linspace(0.0, 1.0, 3)
    return (a.sum() + b.sum() + c.sum() + d.sum() + e.sum() + f.sum() + g.sum()
            + h.sum() + i.sum() + j.sum() + k.sum() + l.sum() + m.sum() + n.sum() + o.sum())


# ---------------------------------------------------------------------------
# Scalars
# ---------------------------------------------------------------------------

def int_arith(a: int, b: int) -> Tuple[int, int, int, float, int, float, bool]:
    c = a + b * 3 - 7
    d = a // b
    e = a % b
    f = a ** 2
    g = -a
    h = a / b
    cmp = 0 <= a < b <= 100
    return c, d, e, f, g, h, cmp


def float_math(x: float, y: float) -> Tuple[float, float, float, int, int, float]:
    a = math.sqrt(x) + math.exp(y) - math.log(x + 1.0)
    b = x // y + x % y + x ** 0.5
    c = math.pi * x * x
    d = math.floor(x)
    e = math.ceil(y)
    f = math.tanh(x) + math.cos(math.e)
    return a, b, c, d, e, f


def bool_logic(a: bool, b: bool, n: int) -> bool:
    c = a and b
    d = a or not b
    e = (n > 0 and n < 10) or n == -1
    f = not (c or d)
    return (c != d) or e and f


def builtins_conv(x: float, n: int, t: Tensor) -> Tuple[int, float, bool, float, int, int, float]:
    i = int(x)
    f = float(n)
    b = bool(n)
    a = abs(x)
    m = min(n, 3)
    mx = max(n, i, 10)
    s = float(t.sum()) + int(t.numel()) + t.item()
    return i, f, b, a, m, mx, s


def strings(name: str, n: int) -> str:
    a = "hello, " + name
    b = "{} has {} items".format(name, n)
    c = f"{name}={n}"
    same = a == b
    d = "yes" if same else "no"
    parts = "a,b,c".split(",")
    j = "-".join(parts)
    return a + b + c + d + j + name.upper() + str(n) + str(len(name))


# ---------------------------------------------------------------------------
# Containers
# ---------------------------------------------------------------------------

def list_ops(xs: List[int], t: Tensor) -> Tuple[List[int], int, int, List[float], List[Tensor]]:
    ys = [1, 2, 3]
    ys.append(len(xs))
    first = xs[0]
    last = xs[-1]
    mid = xs[1:3]
    squares = [v * v for v in xs]
    joined = ys + mid + squares
    empty: List[float] = []
    empty.append(1.5)
    ts = [t, t * 2]
    ts.insert(0, t + 1)
    ts.pop()
    joined.reverse()
    return joined, first, last, empty, ts


def tuple_ops(a: Tensor, b: Tensor) -> Tuple[Tensor, int, Tensor]:
    t = (a, 3, b)
    x, n, y = t
    z = t[0] + t[2]
    nested = ((x, n), y)
    (p, q), r = nested
    return p + r, q + len(t), z


def dict_ops(x: Tensor, key: str) -> Dict[str, Tensor]:
    d: Dict[str, Tensor] = {"a": x, "b": x * 2}
    d["c"] = d["a"] + d["b"]
    if key in d:
        d[key] = d[key] + 1
    total = torch.zeros_like(x)
    for k in d.keys():
        total = total + d[k]
    for v in d.values():
        total = total - v
    for k, v in d.items():
        if k != key:
            total = total + v
    d["total"] = total
    e = d.get("missing", x)
    d["e"] = e
    return d


def dict_int_keys(n: int) -> Dict[int, float]:
    d: Dict[int, float] = {}
    for i in range(n):
        d[i] = float(i) * 0.5
    if 3 in d:
        d.pop(3)
    return d


# ---------------------------------------------------------------------------
# Control flow
# ---------------------------------------------------------------------------

def if_elif_else(x: Tensor, n: int) -> Tensor:
    if n == 0:
        y = x + 1
    elif n == 1:
        y = x * 2
    elif n < 0:
        y = -x
    else:
        y = x - n
    z = y if n > 5 else y * 0.5
    if bool(x.sum() > 0):
        z = z.relu()
    return z


def while_loop(x: Tensor, n: int) -> Tensor:
    i = 0
    while i < n:
        x = x * 2
        i += 1
    while bool(x.sum() > 100.0):
        x = x / 2
    return x


def for_loops(x: Tensor, xs: List[Tensor]) -> Tensor:
    acc = x
    for i in range(3):
        acc = acc + i
    for i in range(2, 10, 3):
        acc = acc * i
    for t in xs:
        acc = acc + t
    for i, t in enumerate(xs):
        acc = acc + t * i
    for a, b in zip(xs, [1.0, 2.0]):
        acc = acc + a * b
    return acc


def break_continue(xs: List[int]) -> int:
    total = 0
    for v in xs:
        if v < 0:
            continue
        if v > 100:
            break
        total += v
    return total


def nested_loops(x: Tensor, n: int, m: int) -> Tensor:
    out = torch.zeros(n, m)
    for i in range(n):
        for j in range(m):
            if (i + j) % 2 == 0:
                out[i, j] = x[i] * j
            else:
                out[i, j] = float(i - j)
    return out


def early_return(x: Tensor, flag: bool) -> Tensor:
    if flag:
        return x
    for i in range(4):
        if i == 2:
            return x * i
    return x + 1


# ---------------------------------------------------------------------------
# Optionals, defaults, calls, exceptions
# ---------------------------------------------------------------------------

def optional_args(x: Tensor, bias: Optional[Tensor] = None, scale: Optional[float] = None,
                  dim: int = -1, eps: float = 1e-5) -> Tensor:
    y = x / (x.norm(p=2, dim=dim, keepdim=True) + eps)
    if bias is not None:
        y = y + bias
    if scale is None:
        scale = 1.0
    else:
        y = y * scale
    return y * scale


def _helper_scale(x: Tensor, factor: float = 2.0) -> Tensor:
    return x * factor + 1


def _helper_norm(x: Tensor) -> Tensor:
    return (x - x.mean()) / (x.std() + 1e-5)


def calls_helpers(x: Tensor) -> Tensor:
    y = _helper_scale(x)
    z = _helper_scale(y, 0.5)
    return _helper_norm(z)


def raise_assert(x: Tensor, n: int) -> Tensor:
    assert n >= 0, "n must be non-negative"
    assert x.dim() == 2
    if n > 10:
        raise ValueError("n too large: " + str(n))
    if x.size(0) == 0:
        raise RuntimeError("empty input")
    return x * n


# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

def int_constants(x: int) -> List[int]:
    return [x, -1, 0, -7, 2147483647, -2147483648, 9223372036854775807,
            -9223372036854775807 - 1, 4294967296]


def float_constants(x: float) -> List[float]:
    return [x, 1e-5, 1e300, 3e10, -0.0, 0.0, 1.0, -2.5, 0.1, 1.0 / 3.0, 123456789.125,
            6.02e23, 5e-324, 1.7976931348623157e308, float("inf"), float("-inf"), float("nan"),
            math.inf, -math.inf, math.nan, 1e-6, 1e-4, 9999999999.0, 1e10, 2.5e10, 1e16, 1e17,
            -12345678.0, 1e22, 2.0 ** 53, 1e-300]


def negative_zero(x: float) -> float:
    # Alone, -0.0 keeps its sign; in float_constants it is pooled with 0.0.
    return x * -0.0


def string_constants(s: str) -> List[str]:
    return [s, "", "plain", 'single "double" inside', "it's", "back\\slash",
            "tab\there", "new\nline", "cr\rlf", "ctrl\x01\x7f", "bell\a bs\b ff\f vt\v", "\\n literal",
            "trailing\\"]


def misc_constants(x: Tensor) -> Tuple[bool, bool, Optional[int], torch.device, torch.dtype, Tensor, str]:
    dev = torch.device("cpu")
    cuda = torch.device("cuda:0")
    dt = torch.float16
    y = x.to(device=dev, dtype=torch.bfloat16)
    n: Optional[int] = None
    return True, False, n, cuda, dt, y.to(torch.int8).to(torch.bool).to(torch.uint8), "done"


def tensor_constant_ops(x: Tensor) -> Tensor:
    # Tensors created from Python scalars inside ops (scalar_tensor / NumToTensor).
    n = x.size(0)
    t = torch.tensor(n)
    s = torch.scalar_tensor(3.0)
    return x + t + s + torch.tensor(2.5, dtype=torch.float64)


FUNCTIONS = [
    elementwise_chain,
    gelu_tanh,
    activations,
    clamp_where_pow,
    comparisons_logical,
    type_conversions,
    inplace_ops,
    reductions,
    statistics,
    softmax_family,
    matmul_family,
    view_ops,
    cat_stack_split,
    slicing,
    indexing_ops,
    size_queries,
    creation_ops,
    int_arith,
    float_math,
    bool_logic,
    builtins_conv,
    strings,
    list_ops,
    tuple_ops,
    dict_ops,
    dict_int_keys,
    if_elif_else,
    while_loop,
    for_loops,
    break_continue,
    nested_loops,
    early_return,
    optional_args,
    calls_helpers,
    raise_assert,
    int_constants,
    float_constants,
    negative_zero,
    string_constants,
    misc_constants,
    tensor_constant_ops,
]
