# As in TorchScript, a name may be bound to a value of another type in the
# block that defined it (SSA renames it), but not from inside an if or a
# loop, whose paths must agree on its type. A dict iterates over its keys.
# RUN: kiln compile %s --entry retype | FileCheck %s --check-prefix=RETYPE
# RUN: not kiln compile %s --entry retype_in_branch 2>&1 | FileCheck %s --check-prefix=BRANCH
# RUN: not kiln compile %s --entry retype_in_loop 2>&1 | FileCheck %s --check-prefix=LOOP
# RUN: kiln compile %s --entry dict_keys | FileCheck %s --check-prefix=DICT
from typing import Dict

import torch
from torch import Tensor


# RETYPE-LABEL: graph(%x : Tensor,
# RETYPE-NEXT: %n : int):
# RETYPE: %[[Y:.*]] : Tensor = aten::mul(%x, %n)
# RETYPE: return (%[[Y]])
def retype(x: Tensor, n: int) -> Tensor:
    y = n
    y = x * y
    return y


# BRANCH: rebinding.py:[[@LINE+4]]:9: error: variable 'y' has type int but is assigned a value of type Tensor inside an if or loop
def retype_in_branch(x: Tensor, n: int) -> int:
    y = n
    if n > 0:
        y = x * 2
    return n


# LOOP: rebinding.py:[[@LINE+4]]:9: error: variable 'k' has type int but is assigned a value of type Tensor inside an if or loop
def retype_in_loop(x: Tensor, n: int) -> int:
    k = 0
    for i in range(n):
        k = x
    return 0


# DICT-LABEL: graph(%d : Dict(str, Tensor)):
# DICT: %[[K:.*]] : str[] = aten::keys(%d)
# DICT: prim::Loop(
# DICT: aten::__getitem__(%[[K]],
def dict_keys(d: Dict[str, Tensor]) -> Tensor:
    out = torch.zeros(1)
    for k in d:
        out = out + d[k]
    return out
