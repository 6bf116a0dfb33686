# A constant inside a loop body is loaded once per run, so its register must
# not be cleared after its last use in the body: the next iteration reads it
# again (a str or tensor constant used to become None on iteration two).
# RUN: kiln compile %s --entry count_other_keys | FileCheck %s --check-prefix=IR
# RUN: kiln run %s --entry count_other_keys | FileCheck %s --check-prefix=OUT
from typing import Dict

import torch
from torch import Tensor


# IR: prim::Loop(
# IR: prim::Constant[value="neg"]()
# IR: aten::ne(
# OUT: 2
def count_other_keys() -> int:
    feats: Dict[str, Tensor] = {}
    feats["double"] = torch.ones(2)
    feats["neg"] = torch.zeros(2)
    feats["square"] = torch.ones(2)
    n = 0
    for k in feats.keys():
        if k != "neg":
            n += 1
    return n
