# A bag-of-words classifier: nn.Embedding with a padding index, the mean of
# the non-padding embeddings, a linear layer; int64 token ids in.
# RUN: kiln run %s --weights %S/Inputs/embedding_bag.safetensors --input %S/Inputs/embedding_bag.in0.npy --output %t.npz
# RUN: npcompare %t.npz %S/Inputs/embedding_bag.expected.npz
from typing import Tuple

import torch
import torch.nn as nn
from torch import Tensor


class BagOfWords(nn.Module):
    def __init__(self, vocab_size: int = 50, dim: int = 8,
                 num_classes: int = 4, padding_idx: int = 0) -> None:
        super().__init__()
        self.padding_idx = padding_idx
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=padding_idx)
        self.classifier = nn.Linear(dim, num_classes)

    def forward(self, tokens: Tensor) -> Tuple[Tensor, Tensor]:
        emb = self.embedding(tokens)  # (batch, length, dim)
        mask = (tokens != self.padding_idx).unsqueeze(-1).to(emb.dtype)
        counts = mask.sum(dim=1).clamp(min=1.0)
        pooled = (emb * mask).sum(dim=1) / counts
        return self.classifier(pooled), emb.mean(dim=1)
