# Bad script: a call with too few arguments.
# RUN: not kiln compile %s --entry double --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}wrong_argument_count.py:18:12: error: {{.*(scale|argument|factor).*}}
# CHECK-NEXT: {{^}}    return scale(x){{$}}
# CHECK-NEXT: {{^}}           ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def scale(x: Tensor, factor: float) -> Tensor:
    return x * factor


def double(x: Tensor) -> Tensor:
    return scale(x)
