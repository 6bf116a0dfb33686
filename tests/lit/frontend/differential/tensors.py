# Tensor indexing and methods with keyword arguments as model code writes
# them: slices, ellipsis, None, integer-tensor and boolean-mask indices,
# slice assignment, reductions with dim/keepdim, max(dim) returning values
# and indices, views, expand, masked_fill, clamp, and F.* with keywords.
# RUN: kiln run %s --entry indexing --input %S/Inputs/tensors.indexing.in0.npy --input %S/Inputs/tensors.indexing.in1.npy --output %t.tensors.indexing.npz
# RUN: npcompare %t.tensors.indexing.npz %S/Inputs/tensors.indexing.expected.npz
# RUN: kiln run %s --entry index_assign --input %S/Inputs/tensors.index_assign.in0.npy --input %S/Inputs/tensors.index_assign.in1.npy --output %t.tensors.index_assign.npz
# RUN: npcompare %t.tensors.index_assign.npz %S/Inputs/tensors.index_assign.expected.npz
# RUN: kiln run %s --entry reductions --input %S/Inputs/tensors.reductions.in0.npy --output %t.tensors.reductions.npz
# RUN: npcompare %t.tensors.reductions.npz %S/Inputs/tensors.reductions.expected.npz
# RUN: kiln run %s --entry views --input %S/Inputs/tensors.views.in0.npy --output %t.tensors.views.npz
# RUN: npcompare %t.tensors.views.npz %S/Inputs/tensors.views.expected.npz
# RUN: kiln run %s --entry elementwise_kw --input %S/Inputs/tensors.elementwise_kw.in0.npy --input %S/Inputs/tensors.elementwise_kw.in1.npy --output %t.tensors.elementwise_kw.npz
# RUN: npcompare %t.tensors.elementwise_kw.npz %S/Inputs/tensors.elementwise_kw.expected.npz
# RUN: kiln run %s --entry functional_kw --input %S/Inputs/tensors.functional_kw.in0.npy --input %S/Inputs/tensors.functional_kw.in1.npy --input %S/Inputs/tensors.functional_kw.in2.npy --output %t.tensors.functional_kw.npz
# RUN: npcompare %t.tensors.functional_kw.npz %S/Inputs/tensors.functional_kw.expected.npz
# RUN: kiln run %s --entry functional_more --input %S/Inputs/tensors.functional_more.in0.npy --output %t.tensors.functional_more.npz
# RUN: npcompare %t.tensors.functional_more.npz %S/Inputs/tensors.functional_more.expected.npz
# RUN: kiln run %s --entry activations --input %S/Inputs/tensors.activations.in0.npy --output %t.tensors.activations.npz
# RUN: npcompare %t.tensors.activations.npz %S/Inputs/tensors.activations.expected.npz
# RUN: kiln run %s --entry resize --input %S/Inputs/tensors.resize.in0.npy --output %t.tensors.resize.npz
# RUN: npcompare %t.tensors.resize.npz %S/Inputs/tensors.resize.expected.npz
from typing import List, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def indexing(x: Tensor, idx: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
    a = x[:, 1:3]
    b = x[..., -1]
    c = x[None]
    d = x[idx]
    e = x[x > 0]
    f = x[1, ::2]
    g = x[:, None, -2:]
    return a, b, c, d, e, f, g


def index_assign(x: Tensor, idx: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    y = x.clone()
    y[:, 0] = 0
    y[1] = y[1] * 2.0
    z = x.clone()
    z[z < 0] = -1.0
    w = torch.zeros(4, 3)
    w[idx] = x[:2]
    w[-1, 1:] = 7.0
    return y, z, w


def reductions(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
    s = x.sum(dim=1, keepdim=True)
    m = x.mean(dim=(0, 2))
    values, indices = x.max(dim=1)
    mn = torch.min(x, dim=-1, keepdim=True)[0]
    am = x.argmax(dim=2)
    st = x.std(dim=0, unbiased=False)
    return s, m, values, indices, mn, am, st + x.amax(dim=(1, 2)).sum()


def views(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
    b = x.size(0)
    t = x.transpose(1, 2)
    p = x.permute(2, 0, 1).contiguous()
    r = x.reshape(-1, 4)
    v = x.view(b, -1)
    e = x[:, :1, :].expand(-1, 3, -1)
    u = x.flatten(1).unsqueeze(-1).squeeze(2)
    return t, p, r, v, e + 1.0, u


def elementwise_kw(x: Tensor, y: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    c = x.clamp(min=-0.5)
    c2 = torch.clamp(x, max=0.25)
    c3 = x.clamp(-0.1, 0.1)
    m = x.masked_fill(y > 0.5, float("-inf")).softmax(dim=-1)
    w = torch.where(x > y, x, y * 2)
    return c, c2, c3, m, w.pow(2).add(x, alpha=0.5)


def functional_kw(x: Tensor, target: Tensor, w: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
    a = F.softmax(x, dim=-1)
    b = F.log_softmax(x, dim=1)
    c = F.dropout(x, p=0.3, training=False)
    d = F.cross_entropy(x, target, reduction="sum")
    e = F.cross_entropy(x, target, weight=w, label_smoothing=0.1)
    f = F.layer_norm(x, [x.size(-1)], eps=1e-3)
    g = F.gelu(x, approximate="tanh")
    h = F.pad(x, [1, 2], mode="constant", value=0.5)
    return a, b, c, d, e, f, g, h


def functional_more(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
    n = F.normalize(x, p=2.0, dim=1)
    l = F.leaky_relu(x, negative_slope=0.2)
    s = F.silu(x) + F.elu(x, alpha=0.5) + F.softplus(x, beta=2.0)
    h = F.hardtanh(x, min_val=-0.3, max_val=0.3)
    mse = F.mse_loss(x, n, reduction="mean")
    oh = F.one_hot(torch.argmax(x, dim=1), num_classes=x.size(1))
    return n, l, s, h, mse, oh


def activations(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
    a = F.hardswish(x) + F.hardsigmoid(x)
    b = F.mish(x)
    c = F.logsigmoid(x)
    d = F.selu(x)
    e = F.celu(x, alpha=0.7)
    f = F.softsign(x) + F.tanhshrink(x)
    g = F.softmin(x, dim=1)
    h = F.dropout2d(x, p=0.4, training=False)
    i = F.glu(x, dim=-1)
    return a, b, c, d, e, f, g, h, i


def resize(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    a = F.interpolate(x, scale_factor=2.0, mode="nearest")
    b = F.interpolate(x, size=(5, 7), mode="bilinear", align_corners=False)
    c = F.interpolate(x, size=6, mode="bilinear", align_corners=True)
    d = F.interpolate(x, scale_factor=(1.5, 0.5), mode="bilinear",
                      align_corners=False, recompute_scale_factor=True)
    e = F.interpolate(x, size=[2, 3], mode="area")
    return a, b, c, d, e
