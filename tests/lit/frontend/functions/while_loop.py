# while_loop of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/while_loop.in0.npy --input %S/../../run/Inputs/while_loop.in1.npy --output %t.while_loop.npz
# RUN: npcompare %t.while_loop.npz %S/../../run/Inputs/while_loop.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def while_loop(x: Tensor, limit: float) -> Tuple[Tensor, int]:
    steps = 0
    while float(x.sum()) < limit:
        x = x * 2.0
        steps += 1
    return x, steps
