# torch.nn.modules.sparse
import torch
from torch import Tensor
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.init as init
from typing import Optional


class Embedding(nn.Module):
    __constants__ = ['num_embeddings', 'embedding_dim', 'padding_idx',
                     'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse']

    def __init__(self, num_embeddings: int, embedding_dim: int,
                 padding_idx: Optional[int] = None,
                 max_norm: Optional[float] = None, norm_type: float = 2.,
                 scale_grad_by_freq: bool = False, sparse: bool = False,
                 _weight: Optional[Tensor] = None, device=None,
                 dtype=None) -> None:
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        if padding_idx is not None:
            if padding_idx > 0:
                if padding_idx >= num_embeddings:
                    raise ValueError('Padding_idx must be within num_embeddings')
            elif padding_idx < 0:
                if padding_idx < -num_embeddings:
                    raise ValueError('Padding_idx must be within num_embeddings')
                padding_idx = num_embeddings + padding_idx
        self.padding_idx = padding_idx
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        if _weight is None:
            self.weight = nn.Parameter(
                torch.empty([num_embeddings, embedding_dim], dtype=dtype))
            init.normal_(self.weight)
            if padding_idx is not None:
                self.weight[padding_idx].fill_(0)
        else:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise ValueError('Shape of weight does not match num_embeddings and embedding_dim')
            self.weight = nn.Parameter(_weight)
        self.sparse = sparse

    def forward(self, input: Tensor) -> Tensor:
        return F.embedding(input, self.weight, self.padding_idx,
                           self.max_norm, self.norm_type,
                           self.scale_grad_by_freq, self.sparse)
