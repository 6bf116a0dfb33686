"""Writes <model>.expected.txt for each model script here: what PyTorch's
module tree holds after __init__ (torch 1.13), which ModuleBuilderTest
compares with what Kiln builds.

  state NAME DTYPE SHAPE      one line per state_dict() entry, in order
  attr MODULE NAME REPR       plain attributes of each module (MODULE is
                              the dotted path, "." for the root)

Run: /usr/bin/python3 tests/data/module-builder/make_expected.py
"""
import importlib.util
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = {
    "digits": (os.path.join(HERE, "..", "..", "..", "examples", "digits",
                            "model.py"), "DigitsCNN"),
    "resnet": (os.path.join(HERE, "resnet.py"), "ResNet"),
    "zoo": (os.path.join(HERE, "zoo.py"), "Zoo"),
}
DTYPES = {torch.float32: "Float", torch.int64: "Long", torch.bool: "Bool"}


def plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (tuple, list)):
        return all(plain(v) for v in value)
    return False


def describe(model):
    lines = []
    for name, t in model.state_dict().items():
        shape = ",".join(str(s) for s in t.shape)
        lines.append(f"state {name} {DTYPES[t.dtype]} [{shape}]")
    for path, module in model.named_modules():
        for name, value in module.__dict__.items():
            if name == "training" or (name.startswith("_") and
                                      name != "_reversed_padding_repeated_twice"):
                continue
            if plain(value):
                lines.append(f"attr {path or '.'} {name} {value!r}")
    return lines


for key, (path, cls) in MODELS.items():
    spec = importlib.util.spec_from_file_location(key, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    torch.manual_seed(0)
    lines = describe(getattr(module, cls)())
    with open(os.path.join(HERE, key + ".expected.txt"), "w") as out:
        out.write("\n".join(lines) + "\n")
    print(key, len(lines), "lines")
