"""Writes the function-script tests (dev time only; needs torch).

    /usr/bin/python3 tests/lit/frontend/functions/make_scripts.py

tests/lit/run holds, for each function of tests/lit/run/functions.py, the
graph PyTorch printed (<case>.ir) with PyTorch's inputs and results
(tests/lit/run/Inputs, written by tests/lit/run/make_cases.py). Here the same
functions are scripts that kiln must compile itself:

  - <function>.py: the function alone, under functions.py's imports, with
    RUN lines for each of its cases (if_else and optional_bias have
    several);
  - all_functions.test: tests/lit/run/functions.py itself, every case picked
    with --entry.

Both read the data in tests/lit/run/Inputs; nothing is copied. The script
checks that torch.jit.script accepts every generated script and that it
reproduces the stored results.
"""
import ast
import glob
import importlib.util
import os
import re
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.normpath(os.path.join(HERE, "..", "..", "run"))
INPUTS = "%S/../../run/Inputs"
os.chdir(HERE)


def cases():
    """{function: [(case, number of inputs)]} from tests/lit/run/*.ir."""
    out = {}
    for path in sorted(glob.glob(os.path.join(RUN, "*.ir"))):
        case = os.path.basename(path)[:-3]
        text = open(path).read()
        match = re.search(r"^#   def (\w+)\(", text, re.M)
        if not match:
            continue
        count = len(glob.glob(os.path.join(RUN, "Inputs", f"{case}.in*.npy")))
        out.setdefault(match.group(1), []).append((case, count))
    return out


def run_lines(case, count, script="%s", entry=None):
    inputs = " ".join(f"--input {INPUTS}/{case}.in{i}.npy"
                      for i in range(count))
    pick = f" --entry {entry}" if entry else ""
    return (f"# RUN: kiln run {script}{pick} {inputs} --output %t.{case}.npz\n"
            f"# RUN: npcompare %t.{case}.npz {INPUTS}/{case}.expected.npz\n")


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def to_value(array):
    if array.ndim == 0 and array.dtype in (np.int64, np.float64, np.bool_):
        return array.item()
    return torch.from_numpy(array)


def check(fn, case, count):
    scripted = torch.jit.script(fn)
    inputs = [to_value(np.load(os.path.join(RUN, "Inputs",
                                            f"{case}.in{i}.npy")))
              for i in range(count)]
    results = scripted(*inputs)
    if not isinstance(results, tuple):
        results = (results,)
    expected = np.load(os.path.join(RUN, "Inputs", f"{case}.expected.npz"))
    assert len(expected.files) == len(results), case
    for j, r in enumerate(results):
        want = expected[f"out{j}"]
        got = r.numpy() if isinstance(r, torch.Tensor) else np.array(r)
        assert got.shape == want.shape, case
        assert np.allclose(got, want, rtol=1e-5, atol=1e-6,
                           equal_nan=True), case


def main():
    source = open(os.path.join(RUN, "functions.py")).read()
    tree = ast.parse(source)
    lines = source.splitlines()
    # functions.py's imports: from the first import to the first def.
    first_def = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    first_import = next(n for n in tree.body
                        if isinstance(n, (ast.Import, ast.ImportFrom)))
    imports = "\n".join(lines[first_import.lineno - 1:
                              first_def.lineno - 1]).strip()
    defs = {n.name: "\n".join(lines[n.lineno - 1:n.end_lineno])
            for n in tree.body if isinstance(n, ast.FunctionDef)}
    table = cases()
    assert set(table) == set(defs), set(table) ^ set(defs)

    for old in glob.glob("*.py") + glob.glob("*.test"):
        if old != os.path.basename(__file__):
            os.remove(old)
    for name, body in defs.items():
        header = (f"# {name} of tests/lit/run/functions.py as a script: kiln "
                  "compiles it and gives\n# PyTorch's results "
                  "(tests/lit/run/Inputs). Written by make_scripts.py.\n")
        for case, count in table[name]:
            header += run_lines(case, count)
        with open(f"{name}.py", "w") as f:
            f.write(f"{header}{imports}\n\n\n{body}\n")
        module = load(f"{name}.py", f"fn_{name}")
        for case, count in table[name]:
            check(getattr(module, name), case, count)
        print("wrote", name)

    with open("all_functions.test", "w") as f:
        f.write(f"# tests/lit/run/functions.py, all {len(defs)} functions "
                "in one script: each case picks\n# its function with "
                "--entry. Written by make_scripts.py.\n")
        for name in defs:
            for case, count in table[name]:
                f.write(run_lines(case, count, "%S/../../run/functions.py",
                                  name))
    print("wrote all_functions.test")


main()
