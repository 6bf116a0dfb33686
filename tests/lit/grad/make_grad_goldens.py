"""Writes the expected gradients of the `kiln grad` tests (dev time only;
needs torch).

    /usr/bin/python3 tests/lit/grad/make_grad_goldens.py

For every case below it loads the model script of tests/lit/frontend/models
(or examples/digits), the weights and inputs that the frontend's model tests
already use, runs the model in evaluation mode, sums its floating-point
tensor outputs, and writes Inputs/<case>.grads.npz: the gradient of that sum
with respect to each floating-point tensor input (keyed by the forward
parameter's name) and each parameter (keyed by its state_dict name; zeros
for a parameter the forward pass does not read), as `kiln grad` writes them.
The tests compare with npcompare at rtol 1e-4 and do not need torch.
"""
import importlib.util
import inspect
import json
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODELS = os.path.join(ROOT, "tests", "lit", "frontend", "models")
DIGITS = os.path.join(ROOT, "examples", "digits")


def load_script(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def read_safetensors(path):
    types = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=types[info["dtype"]])
        out[name] = torch.from_numpy(array.reshape(info["shape"]).copy())
    return out


def flat_outputs(results):
    if isinstance(results, torch.Tensor):
        return [results]
    if isinstance(results, (tuple, list)):
        return [t for r in results for t in flat_outputs(r)]
    return []


def gradients(forward, params, names, inputs):
    leaves = []
    for x in inputs:
        if isinstance(x, torch.Tensor) and x.is_floating_point():
            x.requires_grad_(True)
    outputs = [t for t in flat_outputs(forward(*inputs))
               if t.is_floating_point()]
    total = sum(t.sum() for t in outputs)
    grads = {}
    wrt = [x for x in inputs
           if isinstance(x, torch.Tensor) and x.requires_grad]
    wrt_params = [p for _, p in params]
    got = torch.autograd.grad(total, wrt + wrt_params, allow_unused=True)
    i = 0
    for name, x in zip(names, inputs):
        if isinstance(x, torch.Tensor) and x.requires_grad:
            grads[name] = got[i]
            i += 1
    for (name, p), g in zip(params, got[len(wrt):]):
        grads[name] = torch.zeros_like(p) if g is None else g
    return {k: v.detach().numpy() for k, v in grads.items()}


def model_case(case, script, cls_name, weights, input_files):
    module = load_script(script, case)
    torch.manual_seed(0)
    model = getattr(module, cls_name)()
    model.load_state_dict(read_safetensors(weights))
    model.eval()
    inputs = [torch.from_numpy(np.load(f)) for f in input_files]
    names = list(inspect.signature(model.forward).parameters)
    grads = gradients(model, list(model.named_parameters()), names, inputs)
    np.savez(os.path.join(HERE, "Inputs", f"{case}.grads.npz"), **grads)
    print(f"wrote {case}: {', '.join(grads)}")


def function_case(case, script, entry, input_files):
    module = load_script(script, case)
    fn = getattr(module, entry)
    inputs = [torch.from_numpy(np.load(f)) for f in input_files]
    names = list(inspect.signature(fn).parameters)
    grads = gradients(fn, [], names, inputs)
    np.savez(os.path.join(HERE, "Inputs", f"{case}.grads.npz"), **grads)
    print(f"wrote {case}: {', '.join(grads)}")


def inputs_of(name, count):
    return [os.path.join(MODELS, "Inputs", f"{name}.in{i}.npy")
            for i in range(count)]


def main():
    model_case("digits_cnn", os.path.join(DIGITS, "model.py"), "DigitsCNN",
               os.path.join(DIGITS, "digits_cnn.safetensors"),
               [os.path.join(DIGITS, "test_digits.npy")])
    for name, cls_name, count in [
            ("lenet5", "LeNet5", 1), ("resnet_block", "TinyResNet", 1),
            ("lstm_cell", "LSTMCell", 3), ("attention", "TransformerBlock", 1),
            ("mlp_sequential", "MLP", 1), ("mlp_modulelist", "ResidualMLP", 1),
            ("embedding_bag", "BagOfWords", 1)]:
        model_case(name, os.path.join(MODELS, f"{name}.py"), cls_name,
                   os.path.join(MODELS, "Inputs", f"{name}.safetensors"),
                   inputs_of(name, count))
    function_case("functional.encoder_layer",
                  os.path.join(MODELS, "functional.py"), "encoder_layer",
                  inputs_of("functional.encoder_layer", 4))
    # A loop with a constant trip count, unrolled before autodiff.
    np.save(os.path.join(HERE, "Inputs", "x.npy"),
            np.linspace(-1, 1, 6).reshape(2, 3).astype(np.float32))
    np.save(os.path.join(HERE, "Inputs", "three.npy"),
            np.array(3, dtype=np.int64))
    function_case("unrolled", os.path.join(HERE, "Inputs", "errors.py"),
                  "unrolled", [os.path.join(HERE, "Inputs", "x.npy")])
    function_case("functional.dense_bias",
                  os.path.join(MODELS, "functional.py"), "dense",
                  inputs_of("functional.dense_bias", 3))


if __name__ == "__main__":
    main()
