# matmul_broadcast of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/matmul_broadcast.in0.npy --input %S/../../run/Inputs/matmul_broadcast.in1.npy --input %S/../../run/Inputs/matmul_broadcast.in2.npy --output %t.matmul_broadcast.npz
# RUN: npcompare %t.matmul_broadcast.npz %S/../../run/Inputs/matmul_broadcast.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def matmul_broadcast(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
    return x @ w + b
