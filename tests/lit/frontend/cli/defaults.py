# Parameters with defaults may be left out of --input; the script's defaults
# fill them (here k and alpha); giving them overrides the defaults.
# RUN: kiln run %s --input %S/../../run/errors/Inputs/f32_4.npy | FileCheck %s --check-prefix=DEFAULTS
# DEFAULTS: tensor([0.5000, 3.5000, 6.5000, 9.5000])
# RUN: kiln run %s --input %S/../../run/errors/Inputs/f32_4.npy --input %S/../../run/errors/Inputs/i64_scalar.npy | FileCheck %s --check-prefix=GIVEN
# GIVEN: tensor([0.5000, 3.5000, 6.5000, 9.5000])
# A parameter without a default must be given.
# RUN: not kiln run %s 2>&1 | FileCheck %s --check-prefix=MISSING
# MISSING: error: the graph takes 3 inputs ({{.*}}) but only 0 were given
import torch
from torch import Tensor


def affine(x: Tensor, k: int = 3, alpha: float = 0.5) -> Tensor:
    return x * k + alpha
