# A hand-written input run through kiln-script-fuzzer (ASan) found: a tensor larger than the machine's memory in
# __init__ is an error at the call, not an out-of-memory kill (or, under
# AddressSanitizer, an allocation-size-too-big abort).
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s
# CHECK: huge_tensor.py:[[@LINE+7]]:35: error: out of memory: a tensor of 4000000000000 bytes is larger than {{.*}}memory
import torch
from torch import nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer('b', torch.zeros(10**12))

    def forward(self, x):
        return x + self.b
