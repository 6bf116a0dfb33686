# Bad command line: --entry names nothing in the script; the error lists
# what it could name (the class and the function).
# RUN: not kiln compile %s --entry Nope --emit ir 2>&1 | FileCheck %s
# RUN: not kiln run %s --entry Nope 2>&1 | FileCheck %s
# CHECK: error:
# CHECK-DAG: Nope
# CHECK-DAG: Net
# CHECK-DAG: helper
# A method the class does not have.
# RUN: not kiln compile %s --entry Net.nope --emit ir 2>&1 | FileCheck %s --check-prefix=METHOD
# METHOD: error: {{.*}}nope
import torch
import torch.nn as nn
from torch import Tensor


def helper(x: Tensor) -> Tensor:
    return x * 2


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: Tensor) -> Tensor:
        return helper(self.fc(x))
