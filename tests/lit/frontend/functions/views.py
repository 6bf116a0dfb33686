# views of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/views.in0.npy --output %t.views.npz
# RUN: npcompare %t.views.npz %S/../../run/Inputs/views.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def views(x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    a = x.view(2, -1).t().contiguous().reshape(-1)[::2]
    b = x.permute(2, 0, 1).unsqueeze(0).flatten(1)
    c = torch.cat([x, x * 2], dim=1)
    return a, b, c
