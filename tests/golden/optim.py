"""Golden runs of torch.optim for Kiln's optimizers (dev time only; needs torch).

    /usr/bin/python3 tests/golden/optim.py

For each configuration, tests/golden/optim/<name>.npz holds two parameters'
initial values (p0_init, p1_init), the gradients of 5 steps (g<step>_<i>)
and the parameters after each step (p<i>_after<step>), from PyTorch's
single-tensor (foreach=False) implementations. tests/unit/runtime/
OptimizerTest.cpp replays them with kiln::Optimizer. Deterministic: rewrites
the directory from scratch.
"""
import os
import shutil

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "optim")
STEPS = 5

CONFIGS = {
    "sgd": (torch.optim.SGD, dict(lr=0.1)),
    "sgd_momentum": (torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
    "sgd_dampening": (torch.optim.SGD,
                      dict(lr=0.05, momentum=0.8, dampening=0.3)),
    "sgd_nesterov_decay": (torch.optim.SGD,
                           dict(lr=0.1, momentum=0.9, nesterov=True,
                                weight_decay=0.01)),
    "adam": (torch.optim.Adam, dict(lr=0.01)),
    "adam_decay_betas": (torch.optim.Adam,
                         dict(lr=0.003, betas=(0.8, 0.99), eps=1e-6,
                              weight_decay=0.1)),
    "adamw": (torch.optim.AdamW, dict(lr=0.01)),
    "adamw_decay": (torch.optim.AdamW, dict(lr=0.02, weight_decay=0.3)),
}


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    for name, (cls, kwargs) in CONFIGS.items():
        gen = torch.Generator().manual_seed(0)
        params = [torch.randn(3, 4, generator=gen),
                  torch.randn(5, generator=gen)]
        arrays = {"p%d_init" % i: p.numpy().copy()
                  for i, p in enumerate(params)}
        params = [torch.nn.Parameter(p) for p in params]
        opt = cls(params, foreach=False, **kwargs)
        for step in range(1, STEPS + 1):
            for i, p in enumerate(params):
                p.grad = torch.randn(p.shape, generator=gen)
                arrays["g%d_%d" % (step, i)] = p.grad.numpy().copy()
            opt.step()
            for i, p in enumerate(params):
                arrays["p%d_after%d" % (i, step)] = p.detach().numpy().copy()
        np.savez(os.path.join(OUT, name + ".npz"), **arrays)


if __name__ == "__main__":
    main()
