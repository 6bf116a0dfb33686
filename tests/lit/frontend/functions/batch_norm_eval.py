# batch_norm_eval of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/batch_norm_eval.in0.npy --input %S/../../run/Inputs/batch_norm_eval.in1.npy --input %S/../../run/Inputs/batch_norm_eval.in2.npy --input %S/../../run/Inputs/batch_norm_eval.in3.npy --input %S/../../run/Inputs/batch_norm_eval.in4.npy --output %t.batch_norm_eval.npz
# RUN: npcompare %t.batch_norm_eval.npz %S/../../run/Inputs/batch_norm_eval.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def batch_norm_eval(x: Tensor, mean: Tensor, var: Tensor, w: Tensor,
                    b: Tensor) -> Tensor:
    return F.batch_norm(x, mean, var, w, b, False, 0.1, 1e-5)
