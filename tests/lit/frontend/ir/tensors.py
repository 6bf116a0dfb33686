# Tensor methods, indexing and in-place augmented assignment.
# RUN: kiln compile %s --entry index | FileCheck %s --check-prefix=INDEX
# RUN: kiln compile %s --entry methods | FileCheck %s --check-prefix=METHODS
# RUN: kiln compile %s --entry in_place | FileCheck %s --check-prefix=INPLACE
import torch
from torch import Tensor


# INDEX-LABEL: graph(%x : Tensor):
# INDEX: aten::select(%x, %{{.*}}, %{{.*}})
# INDEX: aten::slice(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
# INDEX: %[[U:.*]] : Tensor = aten::unsqueeze(%x, %{{.*}})
# INDEX: aten::select(%[[U]], %{{.*}}, %{{.*}})
def index(x: Tensor):
    a = x[0, 1:3]
    b = x[..., None, -1]
    return a, b


# METHODS-LABEL: graph(%x : Tensor):
# METHODS: aten::size(%x, %{{.*}})
# METHODS: %[[S:.*]] : int[] = prim::ListConstruct(
# METHODS: aten::view(%x, %[[S]])
# METHODS: aten::to(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
# METHODS: aten::sum(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
def methods(x: Tensor) -> Tensor:
    n = x.size(0)
    y = x.view(n, -1).float()
    return y.sum(dim=1, keepdim=True)


# INPLACE-LABEL: graph(%x : Tensor,
# INPLACE: aten::add_(%x, %y, %{{.*}})
# INPLACE: return (%x)
def in_place(x: Tensor, y: Tensor) -> Tensor:
    x += y
    return x
