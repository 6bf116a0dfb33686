# torch.nn.functional: the functions whose signature is not that of one
# aten op (optional arguments, `inplace` flags, reduction strings, another
# argument order). Any other F.name is aten::name itself (F.linear,
# F.conv2d, F.layer_norm, F.pad, F.tanh, ...).
#
# BroadcastingList2[int] is an int[2] parameter that also takes one int
# (the int is repeated) or a tuple, as in PyTorch's functional.py.
import math

import torch
from torch import Tensor
from typing import List, Optional


def _reduction_enum(reduction: str) -> int:
    # aten's loss ops take the reduction as an int (at::Reduction).
    if reduction == 'none':
        return 0
    if reduction == 'mean':
        return 1
    if reduction == 'sum':
        return 2
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _softmax_dim(ndim: int) -> int:
    # PyTorch's implicit choice when dim is not given (with a warning).
    if ndim == 0 or ndim == 1 or ndim == 3:
        return 0
    return 1


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.relu_(input)
    return torch.relu(input)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.hardtanh_(input, 0., 6.)
    return torch.hardtanh(input, 0., 6.)


def hardtanh(input: Tensor, min_val: float = -1., max_val: float = 1.,
             inplace: bool = False) -> Tensor:
    if inplace:
        return torch.hardtanh_(input, min_val, max_val)
    return torch.hardtanh(input, min_val, max_val)


def leaky_relu(input: Tensor, negative_slope: float = 0.01,
               inplace: bool = False) -> Tensor:
    if inplace:
        return torch.leaky_relu_(input, negative_slope)
    return torch.leaky_relu(input, negative_slope)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.elu_(input, alpha)
    return torch.elu(input, alpha)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.silu_(input)
    return torch.silu(input)


def gelu(input: Tensor, approximate: str = 'none') -> Tensor:
    return torch.gelu(input, approximate=approximate)


def softmax(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3,
            dtype: Optional[int] = None) -> Tensor:
    if dim is None:
        dim = _softmax_dim(input.dim())
    if dtype is None:
        return input.softmax(dim)
    return input.softmax(dim, dtype=dtype)


def log_softmax(input: Tensor, dim: Optional[int] = None,
                _stacklevel: int = 3, dtype: Optional[int] = None) -> Tensor:
    if dim is None:
        dim = _softmax_dim(input.dim())
    if dtype is None:
        return input.log_softmax(dim)
    return input.log_softmax(dim, dtype=dtype)


def dropout(input: Tensor, p: float = 0.5, training: bool = True,
            inplace: bool = False) -> Tensor:
    if p < 0. or p > 1.:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if inplace:
        return torch.dropout_(input, p, training)
    return torch.dropout(input, p, training)


def max_pool2d(input: Tensor, kernel_size: BroadcastingList2[int],
               stride: Optional[BroadcastingList2[int]] = None,
               padding: BroadcastingList2[int] = 0,
               dilation: BroadcastingList2[int] = 1, ceil_mode: bool = False,
               return_indices: bool = False) -> Tensor:
    if return_indices:
        raise ValueError("max_pool2d: return_indices=True is not supported")
    if stride is None:
        return torch.max_pool2d(input, kernel_size, kernel_size, padding,
                                dilation, ceil_mode)
    return torch.max_pool2d(input, kernel_size, stride, padding, dilation,
                            ceil_mode)


def avg_pool2d(input: Tensor, kernel_size: BroadcastingList2[int],
               stride: Optional[BroadcastingList2[int]] = None,
               padding: BroadcastingList2[int] = 0, ceil_mode: bool = False,
               count_include_pad: bool = True,
               divisor_override: Optional[int] = None) -> Tensor:
    if stride is None:
        return torch.avg_pool2d(input, kernel_size, kernel_size, padding,
                                ceil_mode, count_include_pad,
                                divisor_override)
    return torch.avg_pool2d(input, kernel_size, stride, padding, ceil_mode,
                            count_include_pad, divisor_override)


def adaptive_avg_pool2d(input: Tensor,
                        output_size: BroadcastingList2[int]) -> Tensor:
    return torch.adaptive_avg_pool2d(input, output_size)


def batch_norm(input: Tensor, running_mean: Optional[Tensor],
               running_var: Optional[Tensor], weight: Optional[Tensor] = None,
               bias: Optional[Tensor] = None, training: bool = False,
               momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    return torch.batch_norm(input, weight, bias, running_mean, running_var,
                            training, momentum, eps, False)


def embedding(input: Tensor, weight: Tensor, padding_idx: Optional[int] = None,
              max_norm: Optional[float] = None, norm_type: float = 2.,
              scale_grad_by_freq: bool = False,
              sparse: bool = False) -> Tensor:
    index = -1
    if padding_idx is not None:
        index = padding_idx
        if index < 0:
            index = weight.size(0) + index
    if max_norm is not None:
        raise ValueError("embedding: max_norm is not supported")
    return torch.embedding(weight, input, index, scale_grad_by_freq, sparse)


def cross_entropy(input: Tensor, target: Tensor,
                  weight: Optional[Tensor] = None,
                  size_average: Optional[bool] = None,
                  ignore_index: int = -100, reduce: Optional[bool] = None,
                  reduction: str = 'mean',
                  label_smoothing: float = 0.0) -> Tensor:
    return torch.cross_entropy_loss(input, target, weight,
                                    _reduction_enum(reduction), ignore_index,
                                    label_smoothing)


def nll_loss(input: Tensor, target: Tensor, weight: Optional[Tensor] = None,
             size_average: Optional[bool] = None, ignore_index: int = -100,
             reduce: Optional[bool] = None, reduction: str = 'mean') -> Tensor:
    return torch.nll_loss_nd(input, target, weight,
                             _reduction_enum(reduction), ignore_index)


def mse_loss(input: Tensor, target: Tensor,
             size_average: Optional[bool] = None,
             reduce: Optional[bool] = None, reduction: str = 'mean') -> Tensor:
    both = torch.broadcast_tensors([input, target])
    return torch.mse_loss(both[0], both[1], _reduction_enum(reduction))


def l1_loss(input: Tensor, target: Tensor,
            size_average: Optional[bool] = None,
            reduce: Optional[bool] = None, reduction: str = 'mean') -> Tensor:
    both = torch.broadcast_tensors([input, target])
    return torch.l1_loss(both[0], both[1], _reduction_enum(reduction))


def smooth_l1_loss(input: Tensor, target: Tensor,
                   size_average: Optional[bool] = None,
                   reduce: Optional[bool] = None, reduction: str = 'mean',
                   beta: float = 1.0) -> Tensor:
    both = torch.broadcast_tensors([input, target])
    return torch.smooth_l1_loss(both[0], both[1], _reduction_enum(reduction),
                                beta)


def binary_cross_entropy(input: Tensor, target: Tensor,
                         weight: Optional[Tensor] = None,
                         size_average: Optional[bool] = None,
                         reduce: Optional[bool] = None,
                         reduction: str = 'mean') -> Tensor:
    return torch.binary_cross_entropy(input, target, weight,
                                      _reduction_enum(reduction))


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor,
                                     weight: Optional[Tensor] = None,
                                     size_average: Optional[bool] = None,
                                     reduce: Optional[bool] = None,
                                     reduction: str = 'mean',
                                     pos_weight: Optional[Tensor] = None) -> Tensor:
    return torch.binary_cross_entropy_with_logits(
        input, target, weight, pos_weight, _reduction_enum(reduction))


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12,
              out: Optional[Tensor] = None) -> Tensor:
    if out is not None:
        raise ValueError("normalize: out= is not supported")
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.hardswish_(input)
    return torch.hardswish(input)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.hardsigmoid_(input)
    return torch.hardsigmoid(input)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.mish_(input)
    return torch.mish(input)


def logsigmoid(input: Tensor) -> Tensor:
    return -torch.softplus(-input, 1.0, 20.0)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return scale * torch.elu(input, alpha)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    return torch.elu(input, alpha, 1.0, 1.0 / alpha)


def softsign(input: Tensor) -> Tensor:
    return input / (input.abs() + 1)


def tanhshrink(input: Tensor) -> Tensor:
    return input - input.tanh()


def softmin(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3,
            dtype: Optional[int] = None) -> Tensor:
    if dim is None:
        dim = _softmax_dim(input.dim())
    if dtype is None:
        return (-input).softmax(dim)
    return (-input).softmax(dim, dtype=dtype)


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    if p < 0. or p > 1.:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training:
        return input
    return torch.feature_dropout(input, p, training)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    if p < 0. or p > 1.:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training:
        return input
    return torch.feature_dropout(input, p, training)


def interpolate(input: Tensor, size: Optional[BroadcastingList2[int]] = None,
                scale_factor: Optional[BroadcastingList2[float]] = None,
                mode: str = 'nearest', align_corners: Optional[bool] = None,
                recompute_scale_factor: Optional[bool] = None,
                antialias: bool = False) -> Tensor:
    # 4-d inputs (N, C, H, W), as PyTorch's functional.py computes them.
    if input.dim() != 4:
        raise ValueError("interpolate: Kiln supports 4-d inputs only")
    if antialias:
        raise ValueError("interpolate: antialias=True is not supported")
    corners = False
    if mode == 'nearest' or mode == 'area' or mode == 'nearest-exact':
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the "
                             "interpolating modes: linear | bilinear | "
                             "bicubic | trilinear")
    elif align_corners is not None:
        corners = align_corners
    output_size: Optional[List[int]] = None
    scale_factors: Optional[List[float]] = None
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    elif size is not None:
        output_size = size
    elif scale_factor is not None:
        scale_factors = scale_factor
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor is not None and recompute_scale_factor:
        if scale_factors is not None:
            output_size = [int(math.floor(float(input.size(i + 2)) *
                                          scale_factors[i]))
                           for i in range(2)]
            scale_factors = None
    if mode == 'nearest':
        return torch.upsample_nearest2d(input, output_size, scale_factors)
    if mode == 'bilinear':
        return torch.upsample_bilinear2d(input, output_size, corners,
                                         scale_factors)
    if mode == 'area':
        assert output_size is not None or scale_factors is not None
        if output_size is None:
            sf = scale_factors
            assert sf is not None
            output_size = [int(math.floor(float(input.size(i + 2)) * sf[i]))
                           for i in range(2)]
        return torch.adaptive_avg_pool2d(input, output_size)
    raise ValueError(f"interpolate: mode {mode} is not supported for 4-d "
                     "inputs")
