# elementwise_mix of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/elementwise_mix.in0.npy --input %S/../../run/Inputs/elementwise_mix.in1.npy --output %t.elementwise_mix.npz
# RUN: npcompare %t.elementwise_mix.npz %S/../../run/Inputs/elementwise_mix.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def elementwise_mix(x: Tensor, y: Tensor) -> Tensor:
    z = torch.sigmoid(x) * torch.exp(-y.abs()) + torch.where(x > y, x, y)
    return torch.clamp(z, min=-1.0, max=2.0) - z.pow(2) / (1 + y * y)
