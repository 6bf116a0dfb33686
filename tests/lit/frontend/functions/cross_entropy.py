# cross_entropy of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/cross_entropy.in0.npy --input %S/../../run/Inputs/cross_entropy.in1.npy --output %t.cross_entropy.npz
# RUN: npcompare %t.cross_entropy.npz %S/../../run/Inputs/cross_entropy.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def cross_entropy(logits: Tensor, target: Tensor) -> Tensor:
    return F.cross_entropy(logits, target)
