# The README's main job from the script itself: examples/digits' CNN (this
# class is examples/digits/model.py's, which make_goldens.py checks), run on
# the bundled weights and held-out digits, gives PyTorch's log-probabilities.
# RUN: kiln run %s --weights %S/../../../../examples/digits/digits_cnn.safetensors --input %S/../../../../examples/digits/test_digits.npy --output %t.npz
# RUN: npcompare %t.npz %S/../../../../examples/digits/expected.npz
# The example's own model.py, as its README runs it.
# RUN: kiln run %S/../../../../examples/digits/model.py --weights %S/../../../../examples/digits/digits_cnn.safetensors --input %S/../../../../examples/digits/test_digits.npy --output %t.model.npz
# RUN: npcompare %t.model.npz %S/../../../../examples/digits/expected.npz
# Without --output the ten rows of log-probabilities are printed.
# RUN: kiln run %s --weights %S/../../../../examples/digits/digits_cnn.safetensors --input %S/../../../../examples/digits/test_digits.npy | FileCheck %s --check-prefix=PRINT
# PRINT: tensor({{\[\[}}
# PRINT-COUNT-9: ],
# The module's graph, calls inlined: parameters are read off self.
# RUN: kiln compile %s --emit ir | FileCheck %s
# CHECK: graph(%self{{.*}} : __torch__.{{.*}}DigitsCNN,
# CHECK-DAG: prim::GetAttr[name="conv1"]
# CHECK-DAG: prim::GetAttr[name="fc2"]
# CHECK-DAG: aten::conv2d
# CHECK-DAG: aten::max_pool2d
# CHECK-DAG: aten::linear
# CHECK-DAG: aten::log_softmax
# CHECK: return
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


class DigitsCNN(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.dropout = nn.Dropout(0.25)
        self.fc1 = nn.Linear(32 * 2 * 2, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x: Tensor) -> Tensor:
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = self.dropout(F.relu(self.fc1(x)))
        return F.log_softmax(self.fc2(x), dim=1)
