# Bad script: a method Tensor does not have (a typo of unsqueeze).
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}tensor_no_method.py:14:14: error: {{.*(unsqeeze).*}}
# CHECK-NEXT: {{^}}    return x.unsqeeze(0){{$}}
# CHECK-NEXT: {{^}}             ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def add_axis(x: Tensor) -> Tensor:
    return x.unsqeeze(0)
