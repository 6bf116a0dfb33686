# Calls are inlined; keyword arguments, defaults and conversions follow the
# schemas; module constants and math constants are constants.
# RUN: kiln compile %s --entry outer | FileCheck %s
import math
import torch
import torch.nn.functional as F
from torch import Tensor

SCALE = 0.5


def inner(x: Tensor, k: int = 3, alpha: float = 1.0) -> Tensor:
    return x * alpha + k


# CHECK-LABEL: graph(%x : Tensor):
# CHECK-NOT: prim::CallFunction
# CHECK-DAG: prim::Constant[value=0.5]()
# CHECK-DAG: prim::Constant[value=3.1415926535897931]()
# CHECK-DAG: aten::softmax(%{{.*}}, %{{.*}}, %{{.*}})
# CHECK-DAG: aten::max_pool2d(%{{.*}}, %[[K:.*]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
# CHECK-DAG: %[[K]] : int[] = prim::ListConstruct(%{{.*}}, %{{.*}})
# CHECK: return
def outer(x: Tensor) -> Tensor:
    y = inner(x, alpha=SCALE) + math.pi
    y = F.max_pool2d(y, 2)
    return F.softmax(y, dim=-1)
