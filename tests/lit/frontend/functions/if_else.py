# if_else of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/if_else_else.in0.npy --input %S/../../run/Inputs/if_else_else.in1.npy --output %t.if_else_else.npz
# RUN: npcompare %t.if_else_else.npz %S/../../run/Inputs/if_else_else.expected.npz
# RUN: kiln run %s --input %S/../../run/Inputs/if_else_flag.in0.npy --input %S/../../run/Inputs/if_else_flag.in1.npy --output %t.if_else_flag.npz
# RUN: npcompare %t.if_else_flag.npz %S/../../run/Inputs/if_else_flag.expected.npz
# RUN: kiln run %s --input %S/../../run/Inputs/if_else_sign.in0.npy --input %S/../../run/Inputs/if_else_sign.in1.npy --output %t.if_else_sign.npz
# RUN: npcompare %t.if_else_sign.npz %S/../../run/Inputs/if_else_sign.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def if_else(x: Tensor, flag: bool) -> Tensor:
    if flag:
        y = x.relu()
    elif bool(x.sum() > 0):
        y = -x
    else:
        y = x * 3
    return y
