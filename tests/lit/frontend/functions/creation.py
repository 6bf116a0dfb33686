# creation of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/creation.in0.npy --output %t.creation.npz
# RUN: npcompare %t.creation.npz %S/../../run/Inputs/creation.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def creation(x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    z = torch.zeros_like(x) + torch.ones(x.size(1))
    r = torch.arange(0, 10, 3)
    f = torch.full([2, 2], 1.5)
    return z, r, f
