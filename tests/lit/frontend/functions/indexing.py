# indexing of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/indexing.in0.npy --input %S/../../run/Inputs/indexing.in1.npy --output %t.indexing.npz
# RUN: npcompare %t.indexing.npz %S/../../run/Inputs/indexing.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def indexing(x: Tensor, idx: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:
    a = x[:, 1:3]
    b = x[..., 0]
    c = x.index_select(0, idx)
    d = x.masked_fill(x < 0, 0.0)
    return a, b, c, d
