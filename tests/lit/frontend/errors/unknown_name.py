# Bad script: a name bound nowhere (a typo of bias).
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}unknown_name.py:14:16: error: {{.*(bais).*}}
# CHECK-NEXT: {{^}}    return x + bais{{$}}
# CHECK-NEXT: {{^}}               ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def shift(x: Tensor, bias: Tensor) -> Tensor:
    return x + bais
