# Bad script: an Optional[Tensor] used without `if bias is not None:`.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}optional_unrefined.py:14:16: error: {{.*(Optional|None|bias).*}}
# CHECK-NEXT: {{^}}    return x + bias{{$}}
# CHECK-NEXT: {{^}}               ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def add_bias(x: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    return x + bias
