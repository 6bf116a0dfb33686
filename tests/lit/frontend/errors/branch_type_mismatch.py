# Bad script: a variable that is a Tensor in one branch and an int in the
# other, used after the if.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}branch_type_mismatch.py:15:5: error: {{.*(type|Tensor|int).*}}
# CHECK-NEXT: {{^}}    if flag:{{$}}
# CHECK-NEXT: {{^}}    ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def pick(x: Tensor, flag: bool) -> Tensor:
    if flag:
        y = x * 2
    else:
        y = 3
    return x + y
