"""Writes the data of the differential tests (dev time only; needs torch).

    /usr/bin/python3 tests/lit/frontend/differential/make_differential.py [NAME...]

(/usr/bin/python3 is Debian's python with python3-torch.) The scripts here
are small but real TorchScript programs — control flow, containers, Optional
refinement, indexing, keyword arguments, module attributes, classic blocks —
and each case below runs one entry of one script. For every case it:

  - checks that torch.jit.script accepts the entry (TorchScript's boundary
    is Kiln's) and that the scripted entry gives the eager results;
  - for a module: builds it with a fixed seed, switches it to eval() and
    perturbs every parameter and batch-norm buffer, then writes
    Inputs/<case>.safetensors (its state_dict, PyTorch's names);
  - writes Inputs/<case>.in<i>.npy (a Python int, float or bool as a 0-d
    int64, float64 or bool array) and Inputs/<case>.expected.npz with keys
    out0, out1, ... as `kiln run --output X.npz` writes them;
  - rewrites the script's generated '# RUN:' lines (those that name
    Inputs/): one `kiln run` and one `npcompare` per case. Other RUN and
    CHECK lines are kept.

Case names are <script>.<what>. With NAMEs only those scripts' cases are
written. The output is deterministic.
"""
import collections
import glob
import importlib.util
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)


class Gen:
    """A seeded generator per case, so that cases do not shift each other."""

    def __init__(self, name):
        self.g = torch.Generator().manual_seed(
            sum(ord(c) * (i + 1) for i, c in enumerate(name)))

    def randn(self, *shape):
        return torch.randn(*shape, generator=self.g)

    def rand(self, *shape):
        return torch.rand(*shape, generator=self.g)

    def randint(self, low, high, *shape):
        return torch.randint(low, high, shape, generator=self.g)


def load_script(name):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # TorchScript resolves names through it
    spec.loader.exec_module(module)
    return module


DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}


def write_safetensors(path, tensors):
    """8-byte little-endian header size, JSON header, data."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


def as_array(value):
    if isinstance(value, torch.Tensor):
        return value.detach().contiguous().numpy()
    if isinstance(value, bool):
        return np.array(value, dtype=np.bool_)
    if isinstance(value, int):
        return np.array(value, dtype=np.int64)
    if isinstance(value, float):
        return np.array(value, dtype=np.float64)
    if isinstance(value, list) and all(type(v) is int for v in value):
        return np.array(value, dtype=np.int64)
    if isinstance(value, list) and all(type(v) is float for v in value):
        return np.array(value, dtype=np.float64)
    raise TypeError(f"cannot store {value!r}")


def flatten(results):
    """The results as kiln writes them: a tuple's or list's items."""
    if isinstance(results, (tuple, list)):
        return list(results)
    return [results]


def assert_same(name, got, want):
    got, want = flatten(got), flatten(want)
    assert len(got) == len(want), name
    for i, (a, b) in enumerate(zip(got, want)):
        if isinstance(b, torch.Tensor):
            assert a.dtype == b.dtype and a.shape == b.shape, (name, i)
            assert torch.allclose(a, b, rtol=1e-5, atol=1e-6, equal_nan=True), (
                f"{name}: out{i} differs by {(a - b).abs().max().item()}")
        else:
            assert a == b, (name, i, a, b)


def perturb(model, gen):
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm):
                module.running_mean.copy_(0.3 * gen.randn(module.num_features))
                module.running_var.copy_(0.5 + gen.rand(module.num_features))
                module.num_batches_tracked.fill_(17)
        for _, p in model.named_parameters():
            scale = max(p.abs().mean().item(), 0.05) * 0.5
            p.add_(scale * gen.randn(*p.shape))


# A case: its name (Inputs/<name>.*), the script, the entry (a function, or
# a class: its forward), and the inputs (a function of a Gen).
Case = collections.namedtuple("Case", "name script entry inputs")

CASES = []


def case(name, script, entry, inputs):
    CASES.append(Case(name, script, entry, inputs))


def write_case(c):
    gen = Gen(c.name)
    script = load_script(c.script)
    target = getattr(script, c.entry)
    weights = None
    if isinstance(target, type):
        torch.manual_seed(0)
        model = target()
        model.eval()
        perturb(model, gen)
        weights = model.state_dict()
        eager, scripted = model, torch.jit.script(model)
    else:
        eager, scripted = target, torch.jit.script(target)
    inputs = c.inputs(gen)
    with torch.no_grad():
        results = scripted(*inputs)
        assert_same(c.name, results, eager(*inputs))
    files = []
    if weights is not None:
        write_safetensors(f"Inputs/{c.name}.safetensors", weights)
        files += ["--weights", f"%S/Inputs/{c.name}.safetensors"]
    for i, value in enumerate(inputs):
        np.save(f"Inputs/{c.name}.in{i}.npy", as_array(value))
        files += ["--input", f"%S/Inputs/{c.name}.in{i}.npy"]
    np.savez(f"Inputs/{c.name}.expected.npz",
             **{f"out{j}": as_array(r) for j, r in enumerate(flatten(results))})
    return [f"# RUN: kiln run %s --entry {c.entry} {' '.join(files)}"
            f" --output %t.{c.name}.npz",
            f"# RUN: npcompare %t.{c.name}.npz"
            f" %S/Inputs/{c.name}.expected.npz"]


def rewrite_run_lines(script, lines):
    """Replaces the script's generated RUN lines (those naming Inputs/) with
    `lines`, where the first of them stood (else after the leading
    comment)."""
    path = f"{script}.py"
    text = open(path).read().splitlines()
    generated = [i for i, line in enumerate(text)
                 if line.startswith("# RUN:") and "Inputs/" in line]
    at = generated[0] if generated else next(
        i for i, line in enumerate(text) if not line.startswith("#"))
    kept = [line for i, line in enumerate(text) if i not in generated]
    at -= sum(1 for i in generated if i < at)
    kept[at:at] = lines
    with open(path, "w") as f:
        f.write("\n".join(kept) + "\n")


def main():
    only = set(sys.argv[1:])
    os.makedirs("Inputs", exist_ok=True)
    scripts = collections.OrderedDict()
    for c in CASES:
        assert c.name.startswith(c.script + "."), c.name
        scripts.setdefault(c.script, []).append(c)
    for script, cases in scripts.items():
        if only and script not in only:
            continue
        for old in glob.glob(f"Inputs/{script}.*"):
            os.remove(old)
        lines = []
        for c in cases:
            lines += write_case(c)
            print(f"wrote {c.name}")
        rewrite_run_lines(script, lines)
    total = sum(os.path.getsize(p) for p in glob.glob("Inputs/*"))
    print(f"Inputs/: {total} bytes")


# --- the cases --------------------------------------------------------------

case("control_flow.nested_if_even", "control_flow", "nested_if",
     lambda g: [g.randn(2, 3), 8])
case("control_flow.nested_if_three", "control_flow", "nested_if",
     lambda g: [g.randn(2, 3), 9])
case("control_flow.nested_if_neg", "control_flow", "nested_if",
     lambda g: [g.randn(2, 3), -7])
case("control_flow.nested_if_zero", "control_flow", "nested_if",
     lambda g: [g.randn(2, 3), 0])
case("control_flow.nested_if_small", "control_flow", "nested_if",
     lambda g: [g.randn(2, 3), 2])
case("control_flow.while", "control_flow", "while_break_continue",
     lambda g: [g.randn(4), 12])
case("control_flow.first_index", "control_flow", "first_index_above",
     lambda g: [torch.tensor([0.1, -0.5, 0.7, 2.0, 3.0]), 0.5])
case("control_flow.first_index_none", "control_flow", "first_index_above",
     lambda g: [torch.tensor([0.1, -0.5, 0.7]), 5.0])
case("control_flow.containers", "control_flow", "loops_over_containers",
     lambda g: [g.randn(3)])
case("control_flow.cond_expr", "control_flow", "conditional_expressions",
     lambda g: [g.randn(5), 3])
case("control_flow.cond_expr_neg", "control_flow", "conditional_expressions",
     lambda g: [g.randn(5), -7])
case("control_flow.nested_loops", "control_flow", "nested_loops",
     lambda g: [5, 6])
case("control_flow.early_return", "control_flow", "early_return_loop",
     lambda g: [g.randn(4) * 4, 8])
case("control_flow.scalar_math", "control_flow", "scalar_math",
     lambda g: [-17, 5, -2.75])
case("control_flow.scalar_math_pos", "control_flow", "scalar_math",
     lambda g: [23, -4, 0.3])
case("containers.list_ops", "containers", "list_ops",
     lambda g: [g.randn(2, 3), 7])
case("containers.tuple_unpack", "containers", "tuple_unpack",
     lambda g: [g.randn(3, 4)])
case("containers.dict_ops", "containers", "dict_ops",
     lambda g: [g.randn(2, 3)])
case("containers.optional_all", "containers", "optional_and",
     lambda g: [g.randn(2, 3), 1.5, g.randn(2, 3) > 0, 4])
case("containers.optional_mask", "containers", "optional_and",
     lambda g: [g.randn(2, 3), -2.0, g.randn(2, 3) > 0])
case("containers.optional_none", "containers", "optional_and",
     lambda g: [g.randn(2, 3)])
case("containers.comprehension", "containers", "comprehension_nested",
     lambda g: [3, 4])
case("containers.cat_stack", "containers", "cat_stack",
     lambda g: [g.randn(2, 6), g.randn(2, 4)])
case("tensors.indexing", "tensors", "indexing",
     lambda g: [g.randn(3, 4), torch.tensor([2, 0, 2])])
case("tensors.index_assign", "tensors", "index_assign",
     lambda g: [g.randn(3, 3), torch.tensor([3, 0])])
case("tensors.reductions", "tensors", "reductions",
     lambda g: [g.randn(2, 3, 4)])
case("tensors.views", "tensors", "views",
     lambda g: [g.randn(2, 3, 4)])
case("tensors.elementwise_kw", "tensors", "elementwise_kw",
     lambda g: [g.randn(3, 5), g.rand(3, 5)])
case("tensors.functional_kw", "tensors", "functional_kw",
     lambda g: [g.randn(4, 5), torch.tensor([1, 0, 4, 2]), g.rand(5) + 0.5])
case("tensors.functional_more", "tensors", "functional_more",
     lambda g: [g.randn(4, 5)])
case("tensors.activations", "tensors", "activations",
     lambda g: [g.randn(3, 6) * 2])
case("tensors.resize", "tensors", "resize",
     lambda g: [g.randn(1, 2, 4, 6)])
case("modules.gru", "modules", "GRUCell", lambda g: [g.randn(4, 2, 6)])
case("modules.gru_h0", "modules", "GRUCell",
     lambda g: [g.randn(3, 2, 6), g.randn(2, 5)])
case("modules.transformer", "modules", "TinyTransformer",
     lambda g: [g.randint(0, 20, 5, 2)])
case("modules.mobilenet", "modules", "MobileNetish",
     lambda g: [g.randn(2, 3, 12, 12)])
case("modules.mixer", "modules", "MixerBlock", lambda g: [g.randn(2, 6, 8)])
case("modules.residual_mlp", "modules", "ResidualMLP",
     lambda g: [g.randn(3, 6)])
case("ops.shapes", "ops", "shapes", lambda g: [g.randn(2, 3, 4)])
case("ops.creation", "ops", "creation", lambda g: [g.randn(3, 4), 4])
case("ops.conversions", "ops", "conversions", lambda g: [g.randn(3, 4) * 3])
case("ops.int_math", "ops", "int_math", lambda g: [-7, 2])
case("ops.reverse_loop", "ops", "reverse_loop", lambda g: [[3, 1, 2]])
case("ops.ops", "ops", "ops",
     lambda g: [g.randn(3, 4), torch.tensor([[0, 3], [1, 1], [2, 0]])])
case("ops.masks", "ops", "masks", lambda g: [g.randn(3, 3)])


main()
