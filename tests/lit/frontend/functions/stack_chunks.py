# stack_chunks of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/stack_chunks.in0.npy --output %t.stack_chunks.npz
# RUN: npcompare %t.stack_chunks.npz %S/../../run/Inputs/stack_chunks.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def stack_chunks(x: Tensor) -> Tensor:
    parts = x.chunk(3, dim=1)
    return torch.stack([parts[2], parts[0], parts[1]], dim=0).sum(0)
