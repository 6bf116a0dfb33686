# lstm_cell of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/lstm_cell.in0.npy --input %S/../../run/Inputs/lstm_cell.in1.npy --input %S/../../run/Inputs/lstm_cell.in2.npy --input %S/../../run/Inputs/lstm_cell.in3.npy --input %S/../../run/Inputs/lstm_cell.in4.npy --input %S/../../run/Inputs/lstm_cell.in5.npy --output %t.lstm_cell.npz
# RUN: npcompare %t.lstm_cell.npz %S/../../run/Inputs/lstm_cell.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def lstm_cell(x: Tensor, h: Tensor, c: Tensor, w_ih: Tensor, w_hh: Tensor,
              b: Tensor) -> Tuple[Tensor, Tensor]:
    gates = x @ w_ih.t() + h @ w_hh.t() + b
    i, f, g, o = gates.chunk(4, 1)
    c2 = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h2 = torch.sigmoid(o) * torch.tanh(c2)
    return h2, c2
