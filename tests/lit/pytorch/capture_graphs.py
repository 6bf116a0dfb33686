#!/usr/bin/python3
"""Capture TorchScript graphs printed by PyTorch as round-trip test inputs.

Usage (needs PyTorch; Debian's python3-torch 1.13 was used):

    cd tests/lit/pytorch && /usr/bin/python3 capture_graphs.py

Scripts every function in models/functions.py (FUNCTIONS) and every module in
models/modules.py (MODULES) with torch.jit.script and writes

    fn_<name>.ir            str(fn.graph)
    mod_<name>.ir           str(module.graph)          (forward)
    mod_<name>.inlined.ir   str(module.inlined_graph)  (forward, calls inlined)

Each file is a two-line header followed by the graph exactly as PyTorch
printed it.  The model files are compiled under the relative file names
"models/functions.py" / "models/modules.py" so that source-location comments
in the graphs do not depend on where the checkout lives.
"""
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)

import torch  # noqa: E402

RUN_LINE = "# RUN: %roundtrip %s %t\n"

# Functions whose .inlined_graph is captured as well (fn_<name>.inlined.ir).
INLINED_FUNCTIONS = {"calls_helpers"}


def load_model_file(name: str, path: str) -> types.ModuleType:
    """Import `path` as module `name`, keeping the relative path as filename.

    Python 3.11 makes __file__ / co_filename absolute for normal imports, and
    TorchScript takes source ranges from those; compiling the source by hand
    keeps them relative to this directory.
    """
    mod = types.ModuleType(name)
    mod.__file__ = path
    sys.modules[name] = mod
    with open(path, encoding="utf-8") as f:
        source = f.read()
    exec(compile(source, path, "exec"), mod.__dict__)
    return mod


def render(what: str, graph: torch._C.Graph) -> str:
    header = RUN_LINE + "# Captured by capture_graphs.py from PyTorch %s: %s\n" % (
        torch.__version__, what)
    return header + str(graph)


def main() -> int:
    functions = load_model_file("functions", "models/functions.py")
    modules = load_model_file("modules", "models/modules.py")

    # Script everything first so that a failure leaves the old files alone.
    outputs = []  # (filename, text), in capture order
    for fn in functions.FUNCTIONS:
        name = fn.__name__
        scripted = torch.jit.script(fn)
        outputs.append(("fn_%s.ir" % name, render("function %s (.graph)" % name, scripted.graph)))
        if name in INLINED_FUNCTIONS:
            outputs.append(("fn_%s.inlined.ir" % name,
                            render("function %s (.inlined_graph)" % name, scripted.inlined_graph)))

    for name, ctor in modules.MODULES:
        torch.manual_seed(0)
        scripted = torch.jit.script(ctor())
        cls = ctor.__name__
        outputs.append(("mod_%s.ir" % name, render("module %s forward (.graph)" % cls, scripted.graph)))
        outputs.append(("mod_%s.inlined.ir" % name,
                        render("module %s forward (.inlined_graph)" % cls, scripted.inlined_graph)))

    # Remove stale captures (e.g. of functions that were dropped), then write.
    for old in sorted(os.listdir(".")):
        if old.endswith(".ir") and (old.startswith("fn_") or old.startswith("mod_")):
            os.remove(old)
    for filename, text in outputs:
        with open(filename, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print(filename)
    print("wrote %d files" % len(outputs), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
