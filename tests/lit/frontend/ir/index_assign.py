# Assigning through an index: basic indexing (ints, slices, None, ...)
# writes into the view with copy_ or fill_; an index holding tensors (int
# tensors, boolean masks) selects a copy, so the write is an index_put_ on
# the view of the basic part, a number becoming a tensor of the target's
# dtype, as TorchScript emits it.
# RUN: kiln compile %s --entry basic | FileCheck %s --check-prefix=BASIC
# RUN: kiln compile %s --entry masked | FileCheck %s --check-prefix=MASK
# RUN: kiln compile %s --entry gathered | FileCheck %s --check-prefix=GATHER
import torch
from torch import Tensor


# BASIC-LABEL: graph(%x : Tensor):
# BASIC: %[[V:.*]] : Tensor = aten::select(%x,
# BASIC: aten::fill_(%[[V]],
# BASIC-NOT: index_put_
def basic(x: Tensor) -> Tensor:
    x[:, 0] = 0
    return x


# MASK-LABEL: graph(%x : Tensor):
# MASK: %[[M:.*]] : Tensor = aten::lt(%x,
# MASK: %[[I:.*]] : Tensor?[] = prim::ListConstruct(%[[M]])
# MASK: %[[D:.*]] : int = prim::dtype(%x)
# MASK: %[[DEV:.*]] : Device = prim::device(%x)
# MASK: %[[T:.*]] : Tensor = aten::tensor(%{{.*}}, %[[D]], %[[DEV]],
# MASK: aten::index_put_(%x, %[[I]], %[[T]],
# MASK-NOT: aten::fill_
def masked(x: Tensor) -> Tensor:
    x[x < 0] = -1.0
    return x


# The slice applies first; the tensor index skips its dimension with None.
# GATHER-LABEL: graph(%x : Tensor,
# GATHER: %[[S:.*]] : Tensor = aten::slice(%x,
# GATHER: %[[N:.*]] : Tensor? = prim::Constant()
# GATHER: %[[I:.*]] : Tensor?[] = prim::ListConstruct(%[[N]], %idx)
# GATHER: aten::index_put_(%[[S]], %[[I]], %y,
def gathered(x: Tensor, idx: Tensor, y: Tensor) -> Tensor:
    x[1:, idx] = y
    return x
