# Optional values are refined by `is None` / `is not None`.
# RUN: kiln compile %s --entry dense | FileCheck %s
import torch
import torch.nn.functional as F
from torch import Tensor
from typing import Optional


# CHECK-LABEL: graph(%x : Tensor,
# CHECK-NEXT:        %w : Tensor,
# CHECK-NEXT:        %b : Tensor?):
# CHECK: %[[C:.*]] : bool = aten::__isnot__(%b, %{{.*}})
# CHECK: prim::If(%[[C]])
# CHECK: %[[B:.*]] : Tensor = prim::unchecked_cast(%b)
# CHECK: aten::add(%{{.*}}, %[[B]], %{{.*}})
def dense(x: Tensor, w: Tensor, b: Optional[Tensor] = None) -> Tensor:
    y = torch.matmul(x, w)
    if b is not None:
        y = y + b
    return y
