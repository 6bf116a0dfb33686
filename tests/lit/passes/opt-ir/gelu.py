# The GELU-tanh chain becomes exactly one fusion group (issue 5's done
# criterion), with and without input types; the group runs and gives the
# numbers the unfused graph gives.
# RUN: kiln compile %s --emit opt-ir | FileCheck %s
# RUN: kiln compile %s --emit opt-ir --input %S/Inputs/x_f32_4x8.npy | FileCheck %s --check-prefix=TYPED
# RUN: kiln run %s --input %S/Inputs/x_f32_4x8.npy --output %t.fused.npy
# RUN: kiln run %s --passes '' --input %S/Inputs/x_f32_4x8.npy --output %t.plain.npy
# RUN: npcompare %t.fused.npy %t.plain.npy
# CHECK-LABEL: graph(%x : Tensor):
# CHECK-NEXT: %[[R:.*]] : Tensor = prim::FusionGroup_0(%x)
# CHECK-NEXT: return (%[[R]])
# CHECK-LABEL: with prim::FusionGroup_0 = graph(%x : Tensor):
# CHECK: aten::tanh
# CHECK-NOT: FusionGroup
# TYPED-LABEL: graph(%x : Float(4, 8, strides=[8, 1], requires_grad=0, device=cpu)):
# TYPED-NEXT: %[[R:.*]] : Float(4, 8, requires_grad=0, device=cpu) = prim::FusionGroup_0(%x)
# TYPED-NEXT: return (%[[R]])
# TYPED-LABEL: with prim::FusionGroup_0 = graph(%x : Float(4, 8, strides=[8, 1], requires_grad=0, device=cpu)):
# TYPED-COUNT-9: Float(4, 8, requires_grad=0, device=cpu) = aten::
# TYPED-NEXT: return
import torch
from torch import Tensor


def gelu(x: Tensor) -> Tensor:
    return 0.5 * x * (1 + torch.tanh(0.79788 * (x + 0.044715 * x * x * x)))
