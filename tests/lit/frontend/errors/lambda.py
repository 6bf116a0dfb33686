# Bad script: a lambda expression.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}lambda.py:14:9: error: {{.*([Ll]ambda).*}}
# CHECK-NEXT: {{^}}    f = lambda v: v * 2{{$}}
# CHECK-NEXT: {{^}}        ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def double_all(xs: List[Tensor]) -> List[Tensor]:
    f = lambda v: v * 2
    return [f(v) for v in xs]
