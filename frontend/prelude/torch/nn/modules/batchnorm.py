# torch.nn.modules.batchnorm
#
# BatchNorm1d and BatchNorm2d differ only in the input ranks they accept;
# both set their state as _NormBase.__init__ does, in its order.
import torch
from torch import Tensor
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.init as init
from typing import Optional


def _init_norm(self, num_features: int, eps: float,
               momentum: Optional[float], affine: bool,
               track_running_stats: bool, dtype) -> None:
    self.num_features = num_features
    self.eps = eps
    self.momentum = momentum
    self.affine = affine
    self.track_running_stats = track_running_stats
    if affine:
        self.weight = nn.Parameter(torch.empty([num_features], dtype=dtype))
        self.bias = nn.Parameter(torch.empty([num_features], dtype=dtype))
    else:
        self.register_parameter('weight', None)
        self.register_parameter('bias', None)
    if track_running_stats:
        self.register_buffer('running_mean',
                             torch.zeros([num_features], dtype=dtype))
        self.register_buffer('running_var',
                             torch.ones([num_features], dtype=dtype))
        self.register_buffer('num_batches_tracked',
                             torch.tensor(0, dtype=torch.long))
    else:
        self.register_buffer('running_mean', None)
        self.register_buffer('running_var', None)
        self.register_buffer('num_batches_tracked', None)
    if affine:
        init.ones_(self.weight)
        init.zeros_(self.bias)


class BatchNorm1d(nn.Module):
    __constants__ = ['track_running_stats', 'momentum', 'eps',
                     'num_features', 'affine']

    def __init__(self, num_features: int, eps: float = 1e-5,
                 momentum: Optional[float] = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None,
                 dtype=None) -> None:
        super().__init__()
        _init_norm(self, num_features, eps, momentum, affine,
                   track_running_stats, dtype)

    def forward(self, input: Tensor) -> Tensor:
        if input.dim() != 2 and input.dim() != 3:
            raise ValueError(f"expected 2D or 3D input (got {input.dim()}D input)")
        average_factor = 0.0
        if self.momentum is not None:
            average_factor = self.momentum
        if self.training and self.track_running_stats:
            if self.num_batches_tracked is not None:
                self.num_batches_tracked.add_(1)
                if self.momentum is None:
                    average_factor = 1.0 / float(self.num_batches_tracked)
        use_batch_stats = self.training or (self.running_mean is None and self.running_var is None)
        return F.batch_norm(
            input,
            self.running_mean if not self.training or self.track_running_stats else None,
            self.running_var if not self.training or self.track_running_stats else None,
            self.weight, self.bias, use_batch_stats, average_factor, self.eps)


class BatchNorm2d(nn.Module):
    __constants__ = ['track_running_stats', 'momentum', 'eps',
                     'num_features', 'affine']

    def __init__(self, num_features: int, eps: float = 1e-5,
                 momentum: Optional[float] = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None,
                 dtype=None) -> None:
        super().__init__()
        _init_norm(self, num_features, eps, momentum, affine,
                   track_running_stats, dtype)

    def forward(self, input: Tensor) -> Tensor:
        if input.dim() != 4:
            raise ValueError(f"expected 4D input (got {input.dim()}D input)")
        average_factor = 0.0
        if self.momentum is not None:
            average_factor = self.momentum
        if self.training and self.track_running_stats:
            if self.num_batches_tracked is not None:
                self.num_batches_tracked.add_(1)
                if self.momentum is None:
                    average_factor = 1.0 / float(self.num_batches_tracked)
        use_batch_stats = self.training or (self.running_mean is None and self.running_var is None)
        return F.batch_norm(
            input,
            self.running_mean if not self.training or self.track_running_stats else None,
            self.running_var if not self.training or self.track_running_stats else None,
            self.weight, self.bias, use_batch_stats, average_factor, self.eps)
