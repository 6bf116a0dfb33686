# Bad script: a line indented deeper than the block it is in.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}unexpected_indent.py:15:9: error: {{.*([Uu]nexpected indent|indent).*}}
# CHECK-NEXT: {{^}}        return y{{$}}
# CHECK-NEXT: {{^}}        ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def add_one(x: Tensor) -> Tensor:
    y = x + 1
        return y
