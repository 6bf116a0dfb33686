# for_loop of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/for_loop.in0.npy --input %S/../../run/Inputs/for_loop.in1.npy --output %t.for_loop.npz
# RUN: npcompare %t.for_loop.npz %S/../../run/Inputs/for_loop.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def for_loop(x: Tensor, n: int) -> Tensor:
    for i in range(n):
        x = x * 0.5 + i
    return x
