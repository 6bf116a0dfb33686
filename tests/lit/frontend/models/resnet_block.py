# ResNet basic blocks as torchvision writes them: BatchNorm (running
# statistics, eval mode), a strided 1x1-conv + BN downsample in an
# nn.Sequential, an Optional downsample that is None in the second block,
# in-place add and ReLU.
# RUN: kiln run %s --entry TinyResNet --weights %S/Inputs/resnet_block.safetensors --input %S/Inputs/resnet_block.in0.npy --output %t.npz
# RUN: npcompare %t.npz %S/Inputs/resnet_block.expected.npz
# Two nn.Module classes: without --entry the choice is an error naming both.
# RUN: not kiln run %s --weights %S/Inputs/resnet_block.safetensors --input %S/Inputs/resnet_block.in0.npy 2>&1 | FileCheck %s --check-prefix=CHOICES
# CHOICES: error:
# CHOICES-DAG: BasicBlock
# CHOICES-DAG: TinyResNet
# RUN: kiln compile %s --entry TinyResNet --emit ir | FileCheck %s
# CHECK: graph(%self{{.*}} : __torch__.{{.*}}TinyResNet,
# CHECK-DAG: prim::GetAttr[name="layer1"]
# CHECK-DAG: prim::GetAttr[name="downsample"]
# CHECK-DAG: aten::conv2d
# CHECK-DAG: aten::batch_norm
# CHECK-DAG: aten::relu
# CHECK-DAG: aten::adaptive_avg_pool2d
# CHECK: return
from typing import Optional

import torch
import torch.nn as nn
from torch import Tensor


def conv3x3(in_planes: int, out_planes: int, stride: int = 1) -> nn.Conv2d:
    """3x3 convolution with padding"""
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride,
                     padding=1, bias=False)


def conv1x1(in_planes: int, out_planes: int, stride: int = 1) -> nn.Conv2d:
    """1x1 convolution"""
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride,
                     bias=False)


class BasicBlock(nn.Module):
    expansion: int = 1

    def __init__(self, inplanes: int, planes: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample: Optional[nn.Module] = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(
                conv1x1(inplanes, planes, stride),
                nn.BatchNorm2d(planes),
            )
        self.stride = stride

    def forward(self, x: Tensor) -> Tensor:
        identity = x

        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)

        out = self.conv2(out)
        out = self.bn2(out)

        if self.downsample is not None:
            identity = self.downsample(x)

        out += identity
        out = self.relu(out)

        return out


class TinyResNet(nn.Module):
    def __init__(self, num_classes: int = 10, width: int = 8) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = nn.Sequential(
            BasicBlock(width, 2 * width, stride=2),
            BasicBlock(2 * width, 2 * width),
        )
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(2 * width * BasicBlock.expansion, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer1(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)
