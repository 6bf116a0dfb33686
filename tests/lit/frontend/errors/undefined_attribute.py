# Bad script: self.<name> that __init__ never set.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}undefined_attribute.py:19:34: error: {{.*(scale).*}}
# CHECK-NEXT: {{^}}        return self.fc(x) * self.scale{{$}}
# CHECK-NEXT: {{^}}                                 ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: Tensor) -> Tensor:
        return self.fc(x) * self.scale
