# mlp of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/mlp.in0.npy --input %S/../../run/Inputs/mlp.in1.npy --input %S/../../run/Inputs/mlp.in2.npy --input %S/../../run/Inputs/mlp.in3.npy --input %S/../../run/Inputs/mlp.in4.npy --output %t.mlp.npz
# RUN: npcompare %t.mlp.npz %S/../../run/Inputs/mlp.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def mlp(x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) -> Tensor:
    h = torch.relu(x @ w1.t() + b1)
    return F.log_softmax(h @ w2.t() + b2, dim=1)
