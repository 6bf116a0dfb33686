# Bad script: a yield: functions are not generators.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}yield.py:16:9: error: {{.*([Yy]ield).*}}
# CHECK-NEXT: {{^}}        yield x{{$}}
# CHECK-NEXT: {{^}}        ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def halves(x: Tensor, n: int) -> Tensor:
    for i in range(n):
        x = x / 2
        yield x
    return x
