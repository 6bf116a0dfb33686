# A function entry. kiln compile prints its graph, to standard output or to
# -o FILE, which kiln-opt reads back; kiln run and kiln bench run it; a
# function has no module, so --weights is an error.
# RUN: kiln compile %s | FileCheck %s
# RUN: kiln compile %s --emit ir -o %t.ir
# RUN: kiln-opt %t.ir | FileCheck %s
# CHECK-LABEL: graph(%x{{.*}} : Tensor,
# CHECK-NEXT: %n{{.*}} : int):
# CHECK: aten::mul
# CHECK: return
# RUN: kiln run %s --input %S/../../run/errors/Inputs/f32_4.npy --input %S/../../run/errors/Inputs/i64_scalar.npy | FileCheck %s --check-prefix=RESULT
# RESULT: tensor([0., 3., 6., 9.])
# RUN: kiln run %s --entry scale --input %S/../../run/errors/Inputs/f32_4.npy --input %S/../../run/errors/Inputs/i64_scalar.npy | FileCheck %s --check-prefix=RESULT
# RUN: kiln bench %s --input %S/../../run/errors/Inputs/f32_4.npy --input %S/../../run/errors/Inputs/i64_scalar.npy --warmup 0 --iters 2 | FileCheck %s --check-prefix=BENCH
# BENCH: {"compile_ms": {{[0-9.]+}}, "median_ms": {{[0-9.]+}}, "min_ms": {{[0-9.]+}}, "iters": 2}
# RUN: not kiln run %s --weights %S/../errors/Inputs/weights_good.safetensors --input %S/../../run/errors/Inputs/f32_4.npy --input %S/../../run/errors/Inputs/i64_scalar.npy 2>&1 | FileCheck %s --check-prefix=WEIGHTS
# RUN: not kiln compile %s --weights %S/../errors/Inputs/weights_good.safetensors 2>&1 | FileCheck %s --check-prefix=WEIGHTS
# WEIGHTS: kiln: error: --weights: the entry 'scale' is a function, so it has no weights
# kiln compile needs no --input (see the first RUN line), but checks the
# ones given against the entry's parameters.
# RUN: not kiln compile %s --input %S/../../run/errors/Inputs/f32_4.npy --input %S/../../run/errors/Inputs/i64_scalar.npy --input %S/../../run/errors/Inputs/i64_scalar.npy 2>&1 | FileCheck %s --check-prefix=COUNT
# COUNT: kiln: error: the graph takes 2 inputs ({{.*}}) but 3 were given
# RUN: not kiln compile %s --input %S/../../run/errors/Inputs/f32_4.npy --input %S/../../run/errors/Inputs/f64_scalar.npy 2>&1 | FileCheck %s --check-prefix=TYPE
# TYPE: kiln: error: input 2 ({{.*}} : int) from {{.*}}f64_scalar.npy is an int and needs a 0-d integer array
import torch
from torch import Tensor


def scale(x: Tensor, n: int) -> Tensor:
    return x * n
