# dict_values of tests/lit/run/functions.py as a script: kiln compiles it and gives
# PyTorch's results (tests/lit/run/Inputs). Written by make_scripts.py.
# RUN: kiln run %s --input %S/../../run/Inputs/dict_values.in0.npy --input %S/../../run/Inputs/dict_values.in1.npy --output %t.dict_values.npz
# RUN: npcompare %t.dict_values.npz %S/../../run/Inputs/dict_values.expected.npz
import math
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor


def dict_values(x: Tensor, y: Tensor) -> Tensor:
    d: Dict[str, Tensor] = {"a": x, "b": y}
    total = d["a"] + d["b"]
    for key in d.keys():
        total = total + d[key].mean()
    return total
