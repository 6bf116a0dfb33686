# softmax_rows of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/softmax_rows.in0.npy --output %t.softmax_rows.npz
# RUN: npcompare %t.softmax_rows.npz %S/../../run/Inputs/softmax_rows.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def softmax_rows(x: Tensor) -> Tuple[Tensor, Tensor]:
    return torch.softmax(x, dim=1), F.log_softmax(x, dim=-1)
