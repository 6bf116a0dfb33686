# conversions of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/conversions.in0.npy --output %t.conversions.npz
# RUN: npcompare %t.conversions.npz %S/../../run/Inputs/conversions.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def conversions(x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    return x.to(torch.float64) * 2, (x * 10).long(), (x > 0).int()
