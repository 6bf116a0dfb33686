# optional_bias of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/optional_bias_given.in0.npy --input %S/../../run/Inputs/optional_bias_given.in1.npy --output %t.optional_bias_given.npz
# RUN: npcompare %t.optional_bias_given.npz %S/../../run/Inputs/optional_bias_given.expected.npz
# RUN: kiln run %s --input %S/../../run/Inputs/optional_bias_omitted.in0.npy --output %t.optional_bias_omitted.npz
# RUN: npcompare %t.optional_bias_omitted.npz %S/../../run/Inputs/optional_bias_omitted.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def optional_bias(x: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    y = x * 2
    if bias is not None:
        y = y + bias
    return y
