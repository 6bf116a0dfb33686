# integer_math of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/integer_math.in0.npy --input %S/../../run/Inputs/integer_math.in1.npy --output %t.integer_math.npz
# RUN: npcompare %t.integer_math.npz %S/../../run/Inputs/integer_math.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def integer_math(a: Tensor, b: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    return a // b, a % b, a * b + 1
