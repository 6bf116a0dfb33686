# list_of_tensors of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/list_of_tensors.in0.npy --input %S/../../run/Inputs/list_of_tensors.in1.npy --output %t.list_of_tensors.npz
# RUN: npcompare %t.list_of_tensors.npz %S/../../run/Inputs/list_of_tensors.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def list_of_tensors(x: Tensor, n: int) -> Tuple[Tensor, int]:
    outs: List[Tensor] = []
    for i in range(n):
        outs.append(x * float(i))
    total = len(outs) * 10
    return torch.stack(outs), total
