# scalars of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/scalars.in0.npy --input %S/../../run/Inputs/scalars.in1.npy --input %S/../../run/Inputs/scalars.in2.npy --output %t.scalars.npz
# RUN: npcompare %t.scalars.npz %S/../../run/Inputs/scalars.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def scalars(x: Tensor, n: int, scale: float) -> Tuple[Tensor, int, float]:
    m = n * 3 // 2 + x.size(0)
    s = scale * 2.0 + float(n)
    return x * s + m, m, s
