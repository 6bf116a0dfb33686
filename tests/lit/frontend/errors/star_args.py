# Bad script: a *args parameter.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}star_args.py:13:13: error: {{.*(\*args|\*tensors|variadic|variable|\*).*}}
# CHECK-NEXT: {{^}}def add_all(*tensors: Tensor) -> Tensor:{{$}}
# CHECK-NEXT: {{^}}            ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def add_all(*tensors: Tensor) -> Tensor:
    out = tensors[0]
    for t in tensors[1:]:
        out = out + t
    return out
