# Bad script: a torch.nn.functional function that does not exist (a typo of
# leaky_relu).
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}unknown_functional.py:15:14: error: {{.*(leaky_rellu).*}}
# CHECK-NEXT: {{^}}    return F.leaky_rellu(x, 0.1){{$}}
# CHECK-NEXT: {{^}}             ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def activate(x: Tensor) -> Tensor:
    return F.leaky_rellu(x, 0.1)
