# Bad script: a dedent to a column no enclosing block uses.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}unindent_mismatch.py:16:7: error: {{.*(indent).*}}
# CHECK-NEXT: {{^}}      return x{{$}}
# CHECK-NEXT: {{^}}      ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def clamp_positive(x: Tensor) -> Tensor:
    if bool(x.min() < 0):
        x = x.clamp(min=0.0)
      return x
