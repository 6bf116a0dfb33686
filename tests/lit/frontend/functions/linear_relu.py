# linear_relu of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/linear_relu.in0.npy --input %S/../../run/Inputs/linear_relu.in1.npy --input %S/../../run/Inputs/linear_relu.in2.npy --output %t.linear_relu.npz
# RUN: npcompare %t.linear_relu.npz %S/../../run/Inputs/linear_relu.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def linear_relu(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
    return torch.relu(F.linear(x, w, b))
