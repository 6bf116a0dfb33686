# torch.nn.init: the initialisation functions PyTorch's layers use, written
# over in-place tensor ops (aten::uniform_, aten::normal_, aten::fill_,
# aten::zero_) that draw from the module builder's seeded generator.
import math
import torch
from torch import Tensor
from typing import Optional, Tuple


def calculate_gain(nonlinearity: str, param: Optional[float] = None) -> float:
    if nonlinearity in ['linear', 'conv1d', 'conv2d', 'conv3d',
                        'conv_transpose1d', 'conv_transpose2d',
                        'conv_transpose3d', 'sigmoid']:
        return 1.0
    if nonlinearity == 'tanh':
        return 5.0 / 3
    if nonlinearity == 'relu':
        return math.sqrt(2.0)
    if nonlinearity == 'leaky_relu':
        slope = 0.01
        if param is not None:
            slope = param
        return math.sqrt(2.0 / (1 + slope * slope))
    if nonlinearity == 'selu':
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> Tuple[int, int]:
    if tensor.dim() < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor "
                         "with fewer than 2 dimensions")
    receptive = 1
    for extent in tensor.shape[2:]:
        receptive = receptive * extent
    return tensor.size(1) * receptive, tensor.size(0) * receptive


def _calculate_correct_fan(tensor: Tensor, mode: str) -> int:
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    if mode == 'fan_in':
        return fan_in
    if mode == 'fan_out':
        return fan_out
    raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")


def uniform_(tensor: Tensor, a: float = 0., b: float = 1.) -> Tensor:
    return tensor.uniform_(a, b)


def normal_(tensor: Tensor, mean: float = 0., std: float = 1.) -> Tensor:
    return tensor.normal_(mean, std)


def constant_(tensor: Tensor, val: float) -> Tensor:
    return tensor.fill_(val)


def ones_(tensor: Tensor) -> Tensor:
    return tensor.fill_(1.)


def zeros_(tensor: Tensor) -> Tensor:
    return tensor.zero_()


def xavier_uniform_(tensor: Tensor, gain: float = 1.) -> Tensor:
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = math.sqrt(3.0) * gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return tensor.uniform_(-bound, bound)


def xavier_normal_(tensor: Tensor, gain: float = 1.) -> Tensor:
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return tensor.normal_(0., gain * math.sqrt(2.0 / float(fan_in + fan_out)))


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = 'fan_in',
                     nonlinearity: str = 'leaky_relu') -> Tensor:
    fan = _calculate_correct_fan(tensor, mode)
    if fan == 0:
        return tensor  # PyTorch warns and leaves a zero-element tensor alone
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return tensor.uniform_(-bound, bound)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = 'fan_in',
                    nonlinearity: str = 'leaky_relu') -> Tensor:
    fan = _calculate_correct_fan(tensor, mode)
    if fan == 0:
        return tensor
    return tensor.normal_(0., calculate_gain(nonlinearity, a) / math.sqrt(fan))


def trunc_normal_(tensor: Tensor, mean: float = 0., std: float = 1.,
                  a: float = -2., b: float = 2.) -> Tensor:
    # Inverse-CDF sampling of the normal truncated to [a, b].
    lo = (1. + math.erf((a - mean) / std / math.sqrt(2.))) / 2.
    hi = (1. + math.erf((b - mean) / std / math.sqrt(2.))) / 2.
    tensor.uniform_(2 * lo - 1, 2 * hi - 1)
    tensor.erfinv_()
    tensor.mul_(std * math.sqrt(2.))
    tensor.add_(mean)
    return tensor.clamp_(a, b)
