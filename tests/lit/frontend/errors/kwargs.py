# Bad script: a **kwargs parameter.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}kwargs.py:13:23: error: {{.*(\*\*|kwargs|keyword).*}}
# CHECK-NEXT: {{^}}def scaled(x: Tensor, **options: float) -> Tensor:{{$}}
# CHECK-NEXT: {{^}}                      ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def scaled(x: Tensor, **options: float) -> Tensor:
    return x * options["scale"]
