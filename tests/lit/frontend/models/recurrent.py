# An Elman RNN whose forward loops over time, `for t in range(x.size(0))`,
# updating a hidden state and collecting per-step outputs in a list.
# RUN: kiln run %s --weights %S/Inputs/recurrent.safetensors --input %S/Inputs/recurrent.in0.npy --output %t.npz
# RUN: npcompare %t.npz %S/Inputs/recurrent.expected.npz
from typing import List, Tuple

import torch
import torch.nn as nn
from torch import Tensor


class ElmanRNN(nn.Module):
    def __init__(self, input_size: int = 4, hidden_size: int = 8,
                 output_size: int = 3) -> None:
        super().__init__()
        self.hidden_size = hidden_size
        self.input_to_hidden = nn.Linear(input_size, hidden_size)
        self.hidden_to_hidden = nn.Linear(hidden_size, hidden_size, bias=False)
        self.output = nn.Linear(hidden_size, output_size)

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        # x: (time, batch, features)
        h = torch.zeros(x.size(1), self.hidden_size)
        outputs: List[Tensor] = []
        for t in range(x.size(0)):
            h = torch.tanh(self.input_to_hidden(x[t]) + self.hidden_to_hidden(h))
            outputs.append(self.output(h))
        return torch.stack(outputs, dim=0), h
