# Bad script: a function torch does not have.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}unknown_torch_function.py:14:18: error: {{.*(frobnicate).*}}
# CHECK-NEXT: {{^}}    return torch.frobnicate(x, 3){{$}}
# CHECK-NEXT: {{^}}                 ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def smooth(x: Tensor) -> Tensor:
    return torch.frobnicate(x, 3)
