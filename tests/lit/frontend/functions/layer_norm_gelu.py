# layer_norm_gelu of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/layer_norm_gelu.in0.npy --input %S/../../run/Inputs/layer_norm_gelu.in1.npy --input %S/../../run/Inputs/layer_norm_gelu.in2.npy --output %t.layer_norm_gelu.npz
# RUN: npcompare %t.layer_norm_gelu.npz %S/../../run/Inputs/layer_norm_gelu.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def layer_norm_gelu(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
    return F.gelu(F.layer_norm(x, [x.size(-1)], w, b, 1e-5))
