# torch.nn.modules.conv
#
# kernel_size, stride, padding and dilation are tuples, as in PyTorch;
# padding may instead be the string 'same' or 'valid'.
import math
import torch
from torch import Tensor
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.init as init


def _ntuple(x, n: int):
    if isinstance(x, int):
        return tuple([x] * n)
    return tuple(x)


def _init_conv(self, dims: int, in_channels: int, out_channels: int,
               kernel_size, stride, padding, dilation, groups: int,
               bias: bool, padding_mode: str, dtype) -> None:
    # What _ConvNd.__init__ does for the non-transposed convolutions.
    kernel_size = _ntuple(kernel_size, dims)
    stride = _ntuple(stride, dims)
    if not isinstance(padding, str):
        padding = _ntuple(padding, dims)
    dilation = _ntuple(dilation, dims)
    if groups <= 0:
        raise ValueError('groups must be a positive integer')
    if in_channels % groups != 0:
        raise ValueError('in_channels must be divisible by groups')
    if out_channels % groups != 0:
        raise ValueError('out_channels must be divisible by groups')
    if isinstance(padding, str):
        if padding != 'same' and padding != 'valid':
            raise ValueError(f"Invalid padding string '{padding}', should be one of 'same', 'valid'")
        if padding == 'same':
            for s in stride:
                if s != 1:
                    raise ValueError("padding='same' is not supported for strided convolutions")
    if padding_mode not in ['zeros', 'reflect', 'replicate', 'circular']:
        raise ValueError(f"padding_mode must be one of 'zeros', 'reflect', 'replicate', 'circular', but got padding_mode='{padding_mode}'")
    self.in_channels = in_channels
    self.out_channels = out_channels
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.transposed = False
    self.output_padding = _ntuple(0, dims)
    self.groups = groups
    self.padding_mode = padding_mode
    # F.pad's order: last dimension first, (left, right) for each.
    reversed_padding = [0, 0] * dims
    for i in range(dims):
        d = dims - 1 - i
        if isinstance(padding, str):
            if padding == 'same':
                total = dilation[d] * (kernel_size[d] - 1)
                reversed_padding[2 * i] = total // 2
                reversed_padding[2 * i + 1] = total - total // 2
        else:
            reversed_padding[2 * i] = padding[d]
            reversed_padding[2 * i + 1] = padding[d]
    # PyTorch keeps a list for string paddings and a tuple otherwise.
    if isinstance(padding, str):
        self._reversed_padding_repeated_twice = reversed_padding
    else:
        self._reversed_padding_repeated_twice = tuple(reversed_padding)
    self.weight = nn.Parameter(torch.empty(
        [out_channels, in_channels // groups] + list(kernel_size), dtype=dtype))
    if bias:
        self.bias = nn.Parameter(torch.empty([out_channels], dtype=dtype))
    else:
        self.register_parameter('bias', None)
    _reset_conv_parameters(self)


def _reset_conv_parameters(self) -> None:
    init.kaiming_uniform_(self.weight, a=math.sqrt(5))
    if self.bias is not None:
        fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
        if fan_in != 0:
            bound = 1 / math.sqrt(fan_in)
            init.uniform_(self.bias, -bound, bound)


class Conv1d(nn.Module):
    __constants__ = ['stride', 'padding', 'dilation', 'groups',
                     'padding_mode', 'output_padding', 'in_channels',
                     'out_channels', 'kernel_size']

    def __init__(self, in_channels: int, out_channels: int, kernel_size,
                 stride=1, padding=0, dilation=1, groups: int = 1,
                 bias: bool = True, padding_mode: str = 'zeros', device=None,
                 dtype=None) -> None:
        super().__init__()
        _init_conv(self, 1, in_channels, out_channels, kernel_size, stride,
                   padding, dilation, groups, bias, padding_mode, dtype)

    def reset_parameters(self) -> None:
        _reset_conv_parameters(self)

    def forward(self, input: Tensor) -> Tensor:
        if self.padding_mode != 'zeros':
            return F.conv1d(F.pad(input, self._reversed_padding_repeated_twice,
                                  mode=self.padding_mode),
                            self.weight, self.bias, self.stride, [0],
                            self.dilation, self.groups)
        return F.conv1d(input, self.weight, self.bias, self.stride,
                        self.padding, self.dilation, self.groups)


class Conv2d(nn.Module):
    __constants__ = ['stride', 'padding', 'dilation', 'groups',
                     'padding_mode', 'output_padding', 'in_channels',
                     'out_channels', 'kernel_size']

    def __init__(self, in_channels: int, out_channels: int, kernel_size,
                 stride=1, padding=0, dilation=1, groups: int = 1,
                 bias: bool = True, padding_mode: str = 'zeros', device=None,
                 dtype=None) -> None:
        super().__init__()
        _init_conv(self, 2, in_channels, out_channels, kernel_size, stride,
                   padding, dilation, groups, bias, padding_mode, dtype)

    def reset_parameters(self) -> None:
        _reset_conv_parameters(self)

    def forward(self, input: Tensor) -> Tensor:
        if self.padding_mode != 'zeros':
            return F.conv2d(F.pad(input, self._reversed_padding_repeated_twice,
                                  mode=self.padding_mode),
                            self.weight, self.bias, self.stride, [0, 0],
                            self.dilation, self.groups)
        return F.conv2d(input, self.weight, self.bias, self.stride,
                        self.padding, self.dilation, self.groups)
