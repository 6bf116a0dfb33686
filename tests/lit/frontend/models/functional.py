# No module: several functions calling each other, a module-level constant,
# Optional parameters refined with `is not None` / `is None`, a default left
# out. The entry is chosen with --entry.
# RUN: kiln run %s --entry encoder_layer --input %S/Inputs/functional.encoder_layer.in0.npy --input %S/Inputs/functional.encoder_layer.in1.npy --input %S/Inputs/functional.encoder_layer.in2.npy --input %S/Inputs/functional.encoder_layer.in3.npy --output %t.layer.npz
# RUN: npcompare %t.layer.npz %S/Inputs/functional.encoder_layer.expected.npz
# The bias given, and left out (it defaults to None).
# RUN: kiln run %s --entry dense --input %S/Inputs/functional.dense_bias.in0.npy --input %S/Inputs/functional.dense_bias.in1.npy --input %S/Inputs/functional.dense_bias.in2.npy --output %t.bias.npz
# RUN: npcompare %t.bias.npz %S/Inputs/functional.dense_bias.expected.npz
# RUN: kiln run %s --entry dense --input %S/Inputs/functional.dense_nobias.in0.npy --input %S/Inputs/functional.dense_nobias.in1.npy --output %t.nobias.npz
# RUN: npcompare %t.nobias.npz %S/Inputs/functional.dense_nobias.expected.npz
# Several functions and no --entry: an error listing them.
# RUN: not kiln run %s --input %S/Inputs/functional.dense_nobias.in0.npy 2>&1 | FileCheck %s --check-prefix=CHOICES
# CHOICES: error:
# CHOICES-DAG: encoder_layer
# CHOICES-DAG: dense
# Everything is inlined into the entry's graph.
# RUN: kiln compile %s --entry encoder_layer --emit ir | FileCheck %s
# CHECK: graph(
# CHECK-NOT: prim::CallFunction
# CHECK: aten::erf
# CHECK-NOT: prim::CallFunction
# CHECK: return
import math
from typing import Optional, Tuple

import torch
from torch import Tensor

EPS = 1e-5


def layer_norm(x: Tensor, eps: float = EPS) -> Tensor:
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps)


def gelu(x: Tensor) -> Tensor:
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def dense(x: Tensor, weight: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    y = torch.matmul(x, weight.t())
    if bias is not None:
        y = y + bias
    return y


def softmax(x: Tensor, dim: Optional[int] = None) -> Tensor:
    if dim is None:
        d = -1
    else:
        d = dim
    e = torch.exp(x - x.max(dim=d, keepdim=True)[0])
    return e / e.sum(dim=d, keepdim=True)


def encoder_layer(x: Tensor, w1: Tensor, b1: Tensor,
                  w2: Tensor) -> Tuple[Tensor, Tensor]:
    h = gelu(dense(layer_norm(x), w1, b1))
    y = x + dense(h, w2)
    return y, softmax(y)
