# Bad script: a string literal that runs to the end of the line.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}unterminated_string.py:14:12: error: {{.*([Uu]nterminated|string).*}}
# CHECK-NEXT: {{^}}    name = "tensor of size{{$}}
# CHECK-NEXT: {{^}}           ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def describe(x: Tensor) -> str:
    name = "tensor of size
    return name
