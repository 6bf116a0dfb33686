# An LSTM cell written out by hand, as PyTorch's custom_lstms.py does:
# parameters made with nn.Parameter, initialised by a method __init__ calls,
# gates split with chunk(4, 1); it returns the (h, c) pair.
# RUN: kiln run %s --weights %S/Inputs/lstm_cell.safetensors --input %S/Inputs/lstm_cell.in0.npy --input %S/Inputs/lstm_cell.in1.npy --input %S/Inputs/lstm_cell.in2.npy --output %t.npz
# RUN: npcompare %t.npz %S/Inputs/lstm_cell.expected.npz
# Three inputs are needed; two are an error that names the parameters.
# RUN: not kiln run %s --weights %S/Inputs/lstm_cell.safetensors --input %S/Inputs/lstm_cell.in0.npy --input %S/Inputs/lstm_cell.in1.npy 2>&1 | FileCheck %s --check-prefix=FEW
# FEW: error: {{.*(3.*2|2.*3|cx).*}}
# RUN: kiln compile %s --emit ir | FileCheck %s
# CHECK: graph(%self{{.*}} : __torch__.{{.*}}LSTMCell,
# CHECK-DAG: prim::GetAttr[name="weight_ih"]
# CHECK-DAG: aten::chunk
# CHECK-DAG: aten::sigmoid
# CHECK-DAG: prim::TupleConstruct
# CHECK: return
import math
from typing import Tuple

import torch
import torch.nn as nn
from torch import Tensor


class LSTMCell(nn.Module):
    def __init__(self, input_size: int = 6, hidden_size: int = 8) -> None:
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.weight_ih = nn.Parameter(torch.randn(4 * hidden_size, input_size))
        self.weight_hh = nn.Parameter(torch.randn(4 * hidden_size, hidden_size))
        self.bias_ih = nn.Parameter(torch.randn(4 * hidden_size))
        self.bias_hh = nn.Parameter(torch.randn(4 * hidden_size))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        stdv = 1.0 / math.sqrt(self.hidden_size)
        nn.init.uniform_(self.weight_ih, -stdv, stdv)
        nn.init.uniform_(self.weight_hh, -stdv, stdv)
        nn.init.uniform_(self.bias_ih, -stdv, stdv)
        nn.init.uniform_(self.bias_hh, -stdv, stdv)

    def forward(self, input: Tensor, hx: Tensor,
                cx: Tensor) -> Tuple[Tensor, Tensor]:
        gates = (torch.mm(input, self.weight_ih.t()) + self.bias_ih +
                 torch.mm(hx, self.weight_hh.t()) + self.bias_hh)
        ingate, forgetgate, cellgate, outgate = gates.chunk(4, 1)

        ingate = torch.sigmoid(ingate)
        forgetgate = torch.sigmoid(forgetgate)
        cellgate = torch.tanh(cellgate)
        outgate = torch.sigmoid(outgate)

        cy = (forgetgate * cx) + (ingate * cellgate)
        hy = outgate * torch.tanh(cy)

        return hy, cy
