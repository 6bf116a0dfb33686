# Bad script: a function defined inside a function.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}nested_def.py:14:5: error: {{.*(nested|inner|def).*}}
# CHECK-NEXT: {{^}}    def inner(y: Tensor) -> Tensor:{{$}}
# CHECK-NEXT: {{^}}    ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def outer(x: Tensor) -> Tensor:
    def inner(y: Tensor) -> Tensor:
        return y * 2
    return inner(x) + 1
