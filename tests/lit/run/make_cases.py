"""Writes the `kiln run` acceptance tests (dev time only; needs torch).

For each case: <case>.ir is a lit test holding the graph PyTorch 1.13
printed for a function in functions.py, with RUN lines that run it with
kiln on Inputs/<case>.in<i>.npy and compare with PyTorch's own results,
Inputs/<case>.expected.npz (keys out0, out1, ...). Run from this folder
with Debian's python: /usr/bin/python3 make_cases.py
"""
import glob
import inspect
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)
# Load functions.py under a relative file name so that the graphs'
# '# file:line:col' comments do not depend on this machine.
namespace = {"__name__": "functions"}
source = open("functions.py").read()
exec(compile(source, "functions.py", "exec"), namespace)
import types
functions = types.ModuleType("functions")
functions.__dict__.update(namespace)
sys.modules["functions"] = functions

g = torch.Generator().manual_seed(0)


def randn(*shape):
    return torch.randn(*shape, generator=g)


def rand_int(low, high, *shape):
    return torch.randint(low, high, shape, generator=g)


CASES = [
    ("gelu_tanh", "gelu_tanh", [randn(4, 5)]),
    ("elementwise_mix", "elementwise_mix", [randn(3, 4), randn(4)]),
    ("activations", "activations", [randn(2, 6)]),
    ("softmax_rows", "softmax_rows", [randn(3, 7)]),
    ("reductions", "reductions", [randn(4, 5)]),
    ("matmul_broadcast", "matmul_broadcast",
     [randn(2, 3, 4), randn(4, 5), randn(5)]),
    ("linear_relu", "linear_relu", [randn(3, 4), randn(6, 4), randn(6)]),
    ("views", "views", [randn(2, 3, 4)]),
    ("stack_chunks", "stack_chunks", [randn(2, 6)]),
    ("list_of_tensors", "list_of_tensors", [randn(2, 2), 3]),
    ("for_loop", "for_loop", [randn(3), 5]),
    ("while_loop", "while_loop", [torch.rand(4, generator=g) + 0.1, 20.0]),
    ("if_else_flag", "if_else", [randn(5), True]),
    ("if_else_sign", "if_else", [randn(5).abs(), False]),
    ("if_else_else", "if_else", [-randn(5).abs(), False]),
    ("optional_bias_given", "optional_bias", [randn(2, 3), randn(3)]),
    ("optional_bias_omitted", "optional_bias", [randn(2, 3)]),
    ("scalars", "scalars", [randn(3), 7, 0.25]),
    ("mlp", "mlp", [randn(4, 8), randn(16, 8), randn(16), randn(3, 16),
                    randn(3)]),
    ("conv_pool", "conv_pool", [randn(2, 3, 6, 6), randn(4, 3, 3, 3),
                                randn(4)]),
    ("layer_norm_gelu", "layer_norm_gelu", [randn(2, 3, 8), randn(8),
                                            randn(8)]),
    ("indexing", "indexing", [randn(4, 5), torch.tensor([3, 0, 3])]),
    ("creation", "creation", [randn(2, 3)]),
    ("lstm_cell", "lstm_cell", [randn(2, 3), randn(2, 4), randn(2, 4),
                                randn(16, 3), randn(16, 4), randn(16)]),
    ("attention", "attention", [randn(2, 4, 3), randn(2, 5, 3),
                                randn(2, 5, 6),
                                torch.rand(2, 4, 5, generator=g) > 0.7]),
    ("cross_entropy", "cross_entropy", [randn(5, 4), rand_int(0, 4, 5)]),
    ("batch_norm_eval", "batch_norm_eval",
     [randn(4, 3, 2), randn(3), torch.rand(3, generator=g) + 0.5, randn(3),
      randn(3)]),
    ("recurrent", "recurrent", [randn(5, 2, 3), randn(3, 4), randn(4, 4)]),
    ("dict_values", "dict_values", [randn(2, 2), randn(2, 2)]),
    ("conversions", "conversions", [randn(3, 2)]),
    ("integer_math", "integer_math", [rand_int(-20, 20, 6),
                                      rand_int(1, 5, 6)]),
]


def inlined_graph(scripted):
    # What users print for a function that calls others (F.relu, ...):
    # its graph with the calls inlined, as a module's inlined_graph is.
    graph = scripted.graph.copy()
    torch._C._jit_pass_inline(graph)
    return graph


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


def main():
    os.makedirs("Inputs", exist_ok=True)
    for old in glob.glob("*.ir") + glob.glob("Inputs/*"):
        os.remove(old)
    for case, fn_name, inputs in CASES:
        fn = getattr(functions, fn_name)
        scripted = torch.jit.script(fn)
        results = scripted(*inputs)
        if not isinstance(results, tuple):
            results = (results,)
        args = []
        for i, value in enumerate(inputs):
            path = f"Inputs/{case}.in{i}.npy"
            np.save(path, as_array(value))
            args.append(f"--input %S/{path}")
        np.savez(f"Inputs/{case}.expected.npz",
                 **{f"out{j}": as_array(r) for j, r in enumerate(results)})
        src = inspect.getsource(fn).rstrip().splitlines()
        with open(f"{case}.ir", "w") as f:
            f.write(f"# RUN: kiln run %s {' '.join(args)} --output %t.npz\n")
            f.write(f"# RUN: npcompare %t.npz %S/Inputs/{case}.expected.npz\n")
            f.write("# PyTorch 1.13 printed this graph (calls inlined) for:\n")
            for line in src:
                f.write(f"#   {line}\n" if line else "#\n")
            f.write(str(inlined_graph(scripted)))
        print("wrote", case)


main()
