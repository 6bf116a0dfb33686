# Bad script: a function that calls itself.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}recursion.py:16:16: error: {{.*([Rr]ecursi|power).*}}
# CHECK-NEXT: {{^}}    return x * power(x, n - 1){{$}}
# CHECK-NEXT: {{^}}               ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def power(x: Tensor, n: int) -> Tensor:
    if n == 0:
        return torch.ones_like(x)
    return x * power(x, n - 1)
