# Bad script: a class whose base is not nn.Module.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}class_base.py:13:13: error: {{.*(nn\.Module|object|base|inherit).*}}
# CHECK-NEXT: {{^}}class Scale(object):{{$}}
# CHECK-NEXT: {{^}}            ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


class Scale(object):
    def __init__(self, factor: float = 2.0) -> None:
        self.factor = factor

    def forward(self, x: Tensor) -> Tensor:
        return x * self.factor
