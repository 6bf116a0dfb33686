# Bad command line: two nn.Module classes and no --entry; the error lists
# both. (With --entry it compiles.)
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s
# RUN: not kiln run %s 2>&1 | FileCheck %s
# CHECK: error:
# CHECK-DAG: Encoder
# CHECK-DAG: Decoder
# RUN: kiln compile %s --entry Decoder --emit ir | FileCheck %s --check-prefix=OK
# OK: graph(%self{{.*}}Decoder
import torch
import torch.nn as nn
from torch import Tensor


class Encoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: Tensor) -> Tensor:
        return torch.relu(self.fc(x))


class Decoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(2, 4)

    def forward(self, x: Tensor) -> Tensor:
        return torch.sigmoid(self.fc(x))
