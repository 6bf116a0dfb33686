# Bad script: a returned value whose type is not the annotated one (an int for
# a Tensor); the error points at the value.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}return_type_mismatch.py:15:12: error: {{.*(return|int|Tensor).*}}
# CHECK-NEXT: {{^}}    return x.size(0){{$}}
# CHECK-NEXT: {{^}}           ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


def num_rows(x: Tensor) -> Tensor:
    return x.size(0)
