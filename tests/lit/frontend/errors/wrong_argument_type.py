# Bad script: a str where a Tensor op wants a Tensor.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}wrong_argument_type.py:14:26: error: {{.*(str|Tensor|sigmoid|argument).*}}
# CHECK-NEXT: {{^}}    return torch.sigmoid("x"){{$}}
# CHECK-NEXT: {{^}}                         ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def gate(x: Tensor) -> Tensor:
    return torch.sigmoid("x")
