# LeNet-5 (LeCun et al. 1998) on 1x32x32 images: conv/avg-pool/conv/max-pool
# and three fully connected layers.
# RUN: kiln run %s --weights %S/Inputs/lenet5.safetensors --input %S/Inputs/lenet5.in0.npy --output %t.npz
# RUN: npcompare %t.npz %S/Inputs/lenet5.expected.npz
# RUN: kiln compile %s --emit ir | FileCheck %s
# CHECK: graph(%self{{.*}} : __torch__.{{.*}}LeNet5,
# CHECK-NEXT: %x{{.*}} : Tensor):
# CHECK-DAG: prim::GetAttr[name="conv1"]
# CHECK-DAG: prim::GetAttr[name="fc3"]
# CHECK-DAG: aten::conv2d
# CHECK-DAG: aten::avg_pool2d
# CHECK-DAG: aten::max_pool2d
# CHECK-DAG: aten::tanh
# CHECK-DAG: aten::view
# CHECK-DAG: aten::linear
# CHECK: return
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


class LeNet5(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, kernel_size=5)
        self.pool1 = nn.AvgPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        x = self.pool1(torch.tanh(self.conv1(x)))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)
