# Bad --weights: the file lacks fc.bias, has fc.weight of shape [3, 5]
# where the model wants [3, 4], and has head.weight, which the model does
# not have; the error lists all three.
# RUN: not kiln run %s --weights %S/Inputs/weights_bad.safetensors --input %S/Inputs/x_2x4.npy 2>&1 | FileCheck %s
# RUN: not kiln compile %s --weights %S/Inputs/weights_bad.safetensors --emit ir 2>&1 | FileCheck %s
# CHECK: error:
# CHECK-DAG: fc.bias
# CHECK-DAG: fc.weight
# CHECK-DAG: head.weight
# A weights file that does not exist is an error naming it.
# RUN: not kiln run %s --weights %t.missing.safetensors --input %S/Inputs/x_2x4.npy 2>&1 | FileCheck %s --check-prefix=MISSING
# MISSING: {{.*}}missing.safetensors{{.*}}error: {{.*}}
# With the right weights it runs.
# RUN: kiln run %s --weights %S/Inputs/weights_good.safetensors --input %S/Inputs/x_2x4.npy --output %t.npz
import torch
import torch.nn as nn
from torch import Tensor


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.bn = nn.BatchNorm1d(3)

    def forward(self, x: Tensor) -> Tensor:
        return self.bn(self.fc(x))
