"""Writes golden files for Kiln's per-op tests (dev time only; needs torch).

Each family script (tests/golden/<family>.py) does

    from golden import Goldens
    g = Goldens("pointwise")
    g.case("add_broadcast", lambda a, b: torch.add(a, b),
           g.randn(2, 3), g.randn(3))
    g.save()

and the C++ test tests/unit/ops/<Family>GoldenTest.cpp computes the same
case from <case>.in<i>.npy and compares with <case>.out<j>.npy. Run a
family script with Debian's python (`/usr/bin/python3 tests/golden/x.py`);
it rewrites tests/golden/<family>/ from scratch, deterministically.
"""
import os
import shutil

import numpy as np
import torch


class Goldens:
    def __init__(self, family):
        self.family = family
        self.dir = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                family)
        self.cases = {}
        self.generator = torch.Generator().manual_seed(0)

    # Inputs, drawn from one seeded generator in call order.
    def randn(self, *shape, dtype=torch.float32):
        return torch.randn(*shape, generator=self.generator).to(dtype)

    def rand(self, *shape, dtype=torch.float32):
        return torch.rand(*shape, generator=self.generator).to(dtype)

    def randint(self, low, high, *shape, dtype=torch.int64):
        return torch.randint(low, high, shape, generator=self.generator,
                             dtype=dtype)

    def case(self, name, fn, *inputs):
        """Records fn(*inputs); inputs are tensors, outputs a tensor or a
        tuple/list of tensors."""
        assert name not in self.cases, f"duplicate case {name}"
        out = fn(*inputs)
        if isinstance(out, torch.Tensor):
            out = (out,)
        self.cases[name] = ([t.detach() for t in inputs],
                            [t.detach() for t in out])

    def save(self):
        if os.path.isdir(self.dir):
            shutil.rmtree(self.dir)
        os.makedirs(self.dir)
        for name, (inputs, outputs) in sorted(self.cases.items()):
            for i, t in enumerate(inputs):
                np.save(os.path.join(self.dir, f"{name}.in{i}.npy"),
                        t.contiguous().numpy())
            for j, t in enumerate(outputs):
                np.save(os.path.join(self.dir, f"{name}.out{j}.npy"),
                        t.contiguous().numpy())
        print(f"{self.family}: {len(self.cases)} cases in {self.dir}")
