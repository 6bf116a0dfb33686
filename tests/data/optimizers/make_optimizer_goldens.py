"""Writes the optimizer tests' data (dev time only; needs torch).

    /usr/bin/python3 tests/data/optimizers/make_optimizer_goldens.py

For each configuration of torch.optim.SGD and torch.optim.Adam/AdamW below
it takes one float32 parameter and four steps of fixed gradients and writes
<name>.npz: `param` (initial), `grad0`..`grad3`, and `after0`..`after3`
(the parameter after each step), for tests/unit/runtime/OptimizerTest.cpp.
"""
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))

CONFIGS = {
    "sgd": (torch.optim.SGD, dict(lr=0.1)),
    "sgd_momentum": (torch.optim.SGD,
                     dict(lr=0.05, momentum=0.9, dampening=0.1,
                          weight_decay=0.01)),
    "sgd_nesterov": (torch.optim.SGD,
                     dict(lr=0.05, momentum=0.8, nesterov=True,
                          weight_decay=0.02)),
    "sgd_maximize": (torch.optim.SGD, dict(lr=0.1, momentum=0.5,
                                           maximize=True)),
    "adam": (torch.optim.Adam, dict(lr=0.01)),
    "adam_decay_amsgrad": (torch.optim.Adam,
                           dict(lr=0.02, betas=(0.8, 0.95), eps=1e-6,
                                weight_decay=0.1, amsgrad=True)),
    "adamw": (torch.optim.AdamW, dict(lr=0.01, weight_decay=0.05)),
}


def main():
    g = torch.Generator().manual_seed(7)
    for name, (cls, options) in CONFIGS.items():
        param = torch.randn(3, 4, generator=g)
        grads = [torch.randn(3, 4, generator=g) for _ in range(4)]
        p = torch.nn.Parameter(param.clone())
        opt = cls([p], **options)
        arrays = {"param": param.numpy()}
        for i, grad in enumerate(grads):
            p.grad = grad.clone()
            opt.step()
            arrays[f"grad{i}"] = grad.numpy()
            arrays[f"after{i}"] = p.detach().numpy().copy()
        np.savez(os.path.join(HERE, f"{name}.npz"), **arrays)
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
