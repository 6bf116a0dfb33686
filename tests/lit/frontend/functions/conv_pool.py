# conv_pool of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/conv_pool.in0.npy --input %S/../../run/Inputs/conv_pool.in1.npy --input %S/../../run/Inputs/conv_pool.in2.npy --output %t.conv_pool.npz
# RUN: npcompare %t.conv_pool.npz %S/../../run/Inputs/conv_pool.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def conv_pool(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
    y = F.conv2d(x, w, b, stride=1, padding=1)
    y = F.max_pool2d(F.relu(y), 2)
    return torch.flatten(y, 1)
