# Bad script: a with statement.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}with.py:14:5: error: {{.*([Ww]ith).*}}
# CHECK-NEXT: {{^}}    with torch.no_grad():{{$}}
# CHECK-NEXT: {{^}}    ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def frozen(x: Tensor, w: Tensor) -> Tensor:
    with torch.no_grad():
        y = x @ w
    return y
