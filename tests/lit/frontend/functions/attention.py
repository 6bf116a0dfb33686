# attention of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/attention.in0.npy --input %S/../../run/Inputs/attention.in1.npy --input %S/../../run/Inputs/attention.in2.npy --input %S/../../run/Inputs/attention.in3.npy --output %t.attention.npz
# RUN: npcompare %t.attention.npz %S/../../run/Inputs/attention.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def attention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor) -> Tensor:
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    scores = scores.masked_fill(mask, -1e9)
    return torch.softmax(scores, dim=-1) @ v
