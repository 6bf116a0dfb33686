"""Writes the data of the frontend's model tests (dev time only; needs torch).

    /usr/bin/python3 tests/lit/frontend/models/make_goldens.py

(/usr/bin/python3 is Debian's python with python3-torch.) For every model
script here (<name>.py, whose '# RUN:' lines are its lit test) it:

  - loads the script as a Python module and checks that torch.jit.script
    accepts the model (TorchScript's boundary is Kiln's);
  - builds the model with a fixed seed, switches it to eval(), and perturbs
    its parameters and buffers (batch-norm running statistics, biases that
    start at zero, ...) so that a wrong or skipped parameter changes the
    result;
  - writes Inputs/<name>.safetensors (the state_dict, PyTorch's names;
    written by hand as examples/digits/train_in_pytorch.py does),
    Inputs/<name>.in<i>.npy, and Inputs/<name>.expected.npz with keys out0,
    out1, ... as `kiln run --output X.npz` writes them;
  - checks that the scripted model gives the eager model's results, and that
    the float32 results are within a tenth of npcompare's tolerance of the
    same model run in float64 (so the expected values are not fragile).

digits_cnn.py reuses examples/digits (its class must be model.py's; the
bundled weights, digits and expected results are checked, not rewritten).
The output is deterministic. At the end every '%S/...' file named by a RUN
line under tests/lit/frontend must exist.
"""
import copy
import glob
import importlib.util
import json
import os
import re
import struct
import sys

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
FRONTEND = os.path.dirname(HERE)
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
DIGITS = os.path.join(ROOT, "examples", "digits")
os.chdir(HERE)

g = torch.Generator().manual_seed(1234)


def randn(*shape):
    return torch.randn(*shape, generator=g)


def rand(*shape):
    return torch.rand(*shape, generator=g)


def load_script(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # TorchScript resolves names through it
    spec.loader.exec_module(module)
    return module


# --- files ------------------------------------------------------------------

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


def read_safetensors(path):
    names = {v: k for k, v in DTYPES.items()}
    np_types = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=np_types[info["dtype"]])
        out[name] = torch.from_numpy(array.reshape(info["shape"]).copy())
        assert out[name].dtype == names[info["dtype"]]
    return out


def as_array(value):
    if isinstance(value, torch.Tensor):
        return value.detach().contiguous().numpy()
    if isinstance(value, bool):
        return np.array(value, dtype=np.bool_)
    if isinstance(value, int):
        return np.array(value, dtype=np.int64)
    if isinstance(value, float):
        return np.array(value, dtype=np.float64)
    raise TypeError(f"cannot store {value!r}")


def as_tuple(results):
    return results if isinstance(results, tuple) else (results,)


# --- checks -----------------------------------------------------------------

def assert_same(name, got, want, rtol=1e-5, atol=1e-6):
    got, want = as_tuple(got), as_tuple(want)
    assert len(got) == len(want), name
    for i, (a, b) in enumerate(zip(got, want)):
        if isinstance(b, torch.Tensor):
            assert a.dtype == b.dtype and a.shape == b.shape, (name, i)
            assert torch.allclose(a, b, rtol=rtol, atol=atol), (
                f"{name}: out{i} differs by {(a - b).abs().max().item()}")
        else:
            assert a == b, (name, i, a, b)


def assert_well_conditioned(name, out32, out64):
    """float32 results within a tenth of npcompare's tolerance (rtol 1e-4,
    atol 1e-5) of float64 ones: kiln's float32 kernels, which sum in other
    orders, will pass."""
    for i, (a, b) in enumerate(zip(as_tuple(out32), as_tuple(out64))):
        if not (isinstance(a, torch.Tensor) and a.is_floating_point()):
            continue
        a, b = a.double(), b.double()
        slack = 0.1 * (1e-5 + 1e-4 * b.abs())
        worst = ((a - b).abs() / slack).max().item()
        assert worst <= 1.0, f"{name}: out{i} is {worst:.2f}x over budget"


def in_double(fn, inputs):
    """fn on the inputs in float64 (tensors it creates too)."""
    torch.set_default_dtype(torch.float64)
    try:
        return fn(*[to_double(x) for x in inputs])
    finally:
        torch.set_default_dtype(torch.float32)


def to_double(value):
    if isinstance(value, torch.Tensor) and value.is_floating_point():
        return value.double()
    return value


def perturb(model):
    """Moves every parameter and batch-norm buffer away from its default so
    that the results depend on every entry of the weights file."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm):
                module.running_mean.copy_(0.3 * randn(module.num_features))
                module.running_var.copy_(0.5 + rand(module.num_features))
                module.num_batches_tracked.fill_(17)
        for _, p in model.named_parameters():
            scale = max(p.abs().mean().item(), 0.05) * 0.5
            p.add_(scale * randn(*p.shape))


# --- the models -------------------------------------------------------------

# name, class to construct (the script's entry), inputs.
MODELS = [
    ("lenet5", "LeNet5", lambda: [randn(2, 1, 32, 32)]),
    ("resnet_block", "TinyResNet", lambda: [randn(2, 3, 16, 16)]),
    ("lstm_cell", "LSTMCell", lambda: [randn(3, 6), randn(3, 8),
                                       randn(3, 8)]),
    ("attention", "TransformerBlock", lambda: [randn(2, 6, 16)]),
    ("mlp_sequential", "MLP", lambda: [randn(4, 4, 5)]),
    ("mlp_modulelist", "ResidualMLP", lambda: [randn(5, 8)]),
    ("recurrent", "ElmanRNN", lambda: [randn(6, 3, 4)]),
    ("embedding_bag", "BagOfWords",
     lambda: [torch.tensor([[3, 17, 42, 0, 0, 0, 0],
                            [5, 5, 9, 11, 49, 1, 0],
                            [0, 0, 0, 0, 0, 0, 0]])]),
]

# Function scripts: name, script, entry function, inputs.
FUNCTIONS = [
    ("functional.encoder_layer", "functional", "encoder_layer",
     lambda: [randn(3, 8), 0.35 * randn(16, 8), randn(16),
             0.25 * randn(8, 16)]),
    ("functional.dense_bias", "functional", "dense",
     lambda: [randn(2, 5), randn(4, 5), randn(4)]),
    ("functional.dense_nobias", "functional", "dense",
     lambda: [randn(2, 5), randn(4, 5)]),
]


def write_case(name, inputs, results):
    for i, value in enumerate(inputs):
        np.save(f"Inputs/{name}.in{i}.npy", as_array(value))
    np.savez(f"Inputs/{name}.expected.npz",
             **{f"out{j}": as_array(r) for j, r in enumerate(as_tuple(results))})


def make_model(name, cls_name, make_inputs):
    script = load_script(f"{name}.py", name)
    torch.manual_seed(0)
    model = getattr(script, cls_name)()
    model.eval()
    perturb(model)
    scripted = torch.jit.script(model)
    inputs = make_inputs()
    with torch.no_grad():
        eager = model(*inputs)
        results = scripted(*inputs)
        assert_same(name, results, eager)
        model64 = copy.deepcopy(model).double()
        assert_well_conditioned(name, results, in_double(model64, inputs))
        # Training mode must give other results where it matters (dropout,
        # batch norm), so that running in eval mode is part of the test.
        trained = copy.deepcopy(model).train()
        torch.manual_seed(0)
        differs = any(not torch.equal(a, b) for a, b in
                      zip(as_tuple(trained(*inputs)), as_tuple(eager)))
    write_safetensors(f"Inputs/{name}.safetensors", model.state_dict())
    write_case(name, inputs, results)
    print(f"wrote {name}: {len(model.state_dict())} weights"
          f"{'; train mode differs' if differs else ''}")


def make_function(name, script_name, entry, make_inputs):
    script = load_script(f"{script_name}.py", script_name)
    fn = getattr(script, entry)
    scripted = torch.jit.script(fn)
    inputs = make_inputs()
    results = scripted(*inputs)
    assert_same(name, results, fn(*inputs))
    assert_well_conditioned(name, results, in_double(fn, inputs))
    write_case(name, inputs, results)
    print(f"wrote {name}")


def check_digits():
    """digits_cnn.py holds examples/digits/model.py's class, and the bundled
    weights give the bundled expected results."""
    def class_text(path):
        text = open(path).read()
        return text[text.index("class DigitsCNN"):]
    assert class_text("digits_cnn.py") == class_text(
        os.path.join(DIGITS, "model.py")), "digits_cnn.py != model.py"
    script = load_script("digits_cnn.py", "digits_cnn")
    model = script.DigitsCNN()
    model.load_state_dict(read_safetensors(
        os.path.join(DIGITS, "digits_cnn.safetensors")))
    model.eval()
    scripted = torch.jit.script(model)
    x = torch.from_numpy(np.load(os.path.join(DIGITS, "test_digits.npy")))
    expected = torch.from_numpy(
        np.load(os.path.join(DIGITS, "expected.npz"))["out0"])
    with torch.no_grad():
        assert_same("digits_cnn", scripted(x), expected, rtol=1e-4, atol=1e-5)
    print("checked digits_cnn against examples/digits")


def check_run_lines():
    """Every %S/... file a RUN line names exists."""
    for path in sorted(glob.glob(os.path.join(FRONTEND, "**", "*.*"),
                                 recursive=True)):
        if not path.endswith((".py", ".test")) or "/Inputs/" in path:
            continue
        for line in open(path, errors="replace"):
            if not line.startswith("# RUN:"):
                continue
            for ref in re.findall(r"%S/(\S+)", line):
                target = os.path.normpath(
                    os.path.join(os.path.dirname(path), ref))
                assert os.path.exists(target), f"{path}: {ref} is missing"


def main():
    os.makedirs("Inputs", exist_ok=True)
    for old in glob.glob("Inputs/*"):
        os.remove(old)
    for name, cls_name, make_inputs in MODELS:
        make_model(name, cls_name, make_inputs)
    for name, script_name, entry, make_inputs in FUNCTIONS:
        make_function(name, script_name, entry, make_inputs)
    check_digits()
    check_run_lines()
    total = sum(os.path.getsize(p) for p in glob.glob("Inputs/*"))
    print(f"Inputs/: {total} bytes")


main()
