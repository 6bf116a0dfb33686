# Bad script: a global statement.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}global.py:17:5: error: {{.*([Gg]lobal).*}}
# CHECK-NEXT: {{^}}    global calls{{$}}
# CHECK-NEXT: {{^}}    ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


calls = 0


def counted(x: Tensor) -> Tensor:
    global calls
    calls += 1
    return x
