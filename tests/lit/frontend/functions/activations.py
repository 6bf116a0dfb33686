# activations of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/activations.in0.npy --output %t.activations.npz
# RUN: npcompare %t.activations.npz %S/../../run/Inputs/activations.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def activations(x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:
    return F.gelu(x), F.silu(x), F.leaky_relu(x, 0.1), F.softplus(x)
