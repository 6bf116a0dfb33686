# reductions of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/reductions.in0.npy --output %t.reductions.npz
# RUN: npcompare %t.reductions.npz %S/../../run/Inputs/reductions.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def reductions(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    values, indices = x.max(dim=1)
    centered = x.sum(dim=1, keepdim=True) - x.mean(0)
    return centered, values, indices, x.var(dim=0), torch.logsumexp(x, 1)
