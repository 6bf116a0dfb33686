# Bad script: a generator expression (a list comprehension works).
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}generator_expression.py:14:15: error: {{.*([Gg]enerator).*}}
# CHECK-NEXT: {{^}}    squares = (v * v for v in xs){{$}}
# CHECK-NEXT: {{^}}              ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def total(xs: List[Tensor]) -> Tensor:
    squares = (v * v for v in xs)
    return torch.stack(list(squares)).sum()
