# torch.nn.modules.container
#
# The module builder constructs these two itself (their __init__ takes
# *args, which scripts cannot write): nn.Sequential(a, b, *layers) and
# nn.ModuleList(iterable) name their submodules "0", "1", ...; a
# ModuleList's append, extend, insert, len() and indexing run in the
# builder too. What is compiled is Sequential's forward, which iterates over
# the submodules in order (the emitter unrolls the loop).
from torch import Tensor
import torch.nn as nn


class Sequential(nn.Module):
    def forward(self, input):
        for module in self:
            input = module(input)
        return input


class ModuleList(nn.Module):
    pass
