# Bad script: a statement at the top level other than an import, a def, a class
# or a constant.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}toplevel_statement.py:23:1: error: {{.*(print|statement|top).*}}
# CHECK-NEXT: {{^}}print(Net()){{$}}
# CHECK-NEXT: {{^}}^
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
        return self.fc(x)


print(Net())
