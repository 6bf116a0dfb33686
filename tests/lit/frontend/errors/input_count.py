# Bad --input count: forward takes one tensor; two, or none, are an error
# that names the count.
# RUN: not kiln run %s --weights %S/Inputs/weights_good.safetensors --input %S/Inputs/x_2x4.npy --input %S/Inputs/x_2x4.npy 2>&1 | FileCheck %s
# CHECK: error: {{.*(1|one).*2|2.*(1|one)}}
# RUN: not kiln run %s --weights %S/Inputs/weights_good.safetensors 2>&1 | FileCheck %s --check-prefix=NONE
# NONE: error: {{.*(1|one).*0|0.*(1|one)|input}}
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
