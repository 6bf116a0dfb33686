# recurrent of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/recurrent.in0.npy --input %S/../../run/Inputs/recurrent.in1.npy --input %S/../../run/Inputs/recurrent.in2.npy --output %t.recurrent.npz
# RUN: npcompare %t.recurrent.npz %S/../../run/Inputs/recurrent.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def recurrent(x: Tensor, w: Tensor, u: Tensor) -> Tensor:
    h = torch.zeros(x.size(1), w.size(1))
    for t in range(x.size(0)):
        h = torch.tanh(x[t] @ w + h @ u)
    return h
