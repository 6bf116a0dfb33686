# Bad script: a try statement (exceptions cannot be caught).
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}try.py:14:5: error: {{.*([Tt]ry|except).*}}
# CHECK-NEXT: {{^}}    try:{{$}}
# CHECK-NEXT: {{^}}    ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def safe_div(x: Tensor, y: Tensor) -> Tensor:
    try:
        return x / y
    except RuntimeError:
        return x
