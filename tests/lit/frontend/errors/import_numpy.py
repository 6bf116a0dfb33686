# Bad script: an import of a module other than torch, typing and math.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace
# CHECK: {{^.*}}import_numpy.py:13:8: error: {{.*(numpy).*}}
# CHECK-NEXT: {{^}}import numpy as np{{$}}
# CHECK-NEXT: {{^}}       ^
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple


import numpy as np


def as_tensor(x: Tensor) -> Tensor:
    return x * 2
