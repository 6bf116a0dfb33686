# Bad script: a syntax error: `if` without its colon; the error points where
# the colon belongs (the end of the line).
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}missing_colon.py:15:25: error: {{.*(expected.*':'|':'.*expected|missing.*':'|':').*}}
# CHECK-NEXT: {{^}}    if bool(x.sum() > 0){{$}}
# CHECK-NEXT: {{^}}                        ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def relu_if_positive(x: Tensor) -> Tensor:
    if bool(x.sum() > 0)
        return x.relu()
    return x
