"""Recording TorchScript graphs and PyTorch's results for the scalar and
container kernel tests (used by scalar.py; dev time only, needs torch).

A case is a small function scripted with torch.jit.script: its graph (as
PyTorch prints it), the inputs it is run with, and what PyTorch's
interpreter returned, as Python's repr(), or the error it raised. Functions
take their numbers from list literals (`v = [7, -2]`, then `v[0]`): with
plain literals TorchScript's frontend would fold the whole function into one
constant before it is printed.

cases.txt format, one block per case:

    ### case <name>
    graph(...):
      ...
    ### input <dtype> <shape> <values>     (zero or more: tensor inputs)
    ### expect <repr of the result>       (or)
    ### expect_tensor <dtype> <shape> <values repr>
    ### error <text the error message contains>
    ### end

Where TorchScript 1.13 has no defined answer (int % 0 kills the process
with SIGFPE, int(nan) is undefined behaviour, a string index past the end
reads out of bounds) the case says oracle="python" and the expectation comes
from running the same function as plain Python instead. Each use is
commented in scalar.py.
"""
import os
import re

import torch

HERE = os.path.dirname(os.path.abspath(__file__))

# Run graphs as they are printed: the graph executor's optimizations would
# otherwise rewrite them first (CSE merges two reads of one list element,
# then the peephole pass folds `x == x` to True, even for NaN).
torch._C._set_graph_executor_optimize(False)

DTYPE_NAMES = {
    torch.float32: "Float", torch.float64: "Double", torch.int64: "Long",
    torch.int32: "Int", torch.bool: "Bool", torch.uint8: "Byte",
}


def _error_text(e):
    """The message of a TorchScript error: its last line without Python's
    exception class, e.g. "list index out of range"."""
    last = str(e).strip().splitlines()[-1]
    return re.sub(r"^(RuntimeError|torch\.jit\.Error|Error): ", "", last)


def _python_error(e):
    return f"{type(e).__name__}: {e}"


def _expect_failure(run, name):
    try:
        run()
    except Exception:  # noqa: BLE001
        return
    raise AssertionError(f"{name} did not fail in TorchScript")


def _tensor_line(t):
    values = t.flatten().tolist()
    return f"{DTYPE_NAMES[t.dtype]} {list(t.shape)} {values!r}"


class Cases:
    def __init__(self, filename):
        self.path = os.path.join(HERE, "scalar", filename)
        self.blocks = {}

    def _graph_text(self, graph):
        text = str(graph)
        # Source locations relative to this folder: "# scalar.py:12:8".
        return text.replace(HERE + os.sep, "")

    def _record(self, name, graph, inputs, outcome):
        assert name not in self.blocks, f"duplicate case {name}"
        lines = [f"### case {name}", self._graph_text(graph).rstrip("\n")]
        for t in inputs:
            lines.append(f"### input {_tensor_line(t)}")
        lines.append(outcome)
        lines.append("### end")
        self.blocks[name] = "\n".join(lines)

    @staticmethod
    def _outcome(run):
        try:
            result = run()
        except Exception as e:  # noqa: BLE001 - any TorchScript error
            return f"### error {_error_text(e)}"
        if isinstance(result, torch.Tensor):
            return f"### expect_tensor {_tensor_line(result)}"
        text = repr(result)
        assert "\n" not in text
        return f"### expect {text}"

    def case(self, *inputs, oracle="torch", error=None, name=None):
        """Decorator: records the scripted function run on `inputs`.

        oracle="python": the expectation is plain Python's (its value, or
        "Type: message" for an error); TorchScript is not run.
        error="...": the case must fail, in TorchScript (unless the oracle
        is Python) and in plain Python, whose message must contain this
        text; it is recorded instead of TorchScript's message where that is
        an internal one (C++'s "basic_string::at") or differs from Python's
        ("division by 0").
        """
        def record(fn):
            scripted = torch.jit.script(fn)
            if error is not None:
                if oracle != "python":
                    _expect_failure(lambda: scripted(*inputs), fn.__name__)
                try:
                    fn(*inputs)
                except Exception as e:  # noqa: BLE001
                    assert error in _python_error(e), (error, e)
                else:
                    raise AssertionError(f"{fn.__name__} ran in Python")
                outcome = f"### error {error}"
            elif oracle == "python":
                try:
                    outcome = f"### expect {fn(*inputs)!r}"
                except Exception as e:  # noqa: BLE001
                    outcome = f"### error {_python_error(e)}"
            else:
                outcome = self._outcome(lambda: scripted(*inputs))
            self._record(name or fn.__name__, scripted.graph, inputs, outcome)
            return fn
        return record

    def ir(self, name, text, *inputs, error=None):
        """Records a graph written as IR text (for ops and types the frontend
        does not emit from plain Python, e.g. Scalar-typed values). With
        `error`, PyTorch must fail and that text is recorded."""
        graph = torch._C.parse_ir(text)
        fn = torch._C._create_function_from_graph(name, graph)
        if error is not None:
            _expect_failure(lambda: fn(*inputs), name)
            outcome = f"### error {error}"
        else:
            outcome = self._outcome(lambda: fn(*inputs))
        self._record(name, graph, inputs, outcome)

    def save(self):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path, "w") as f:
            for name in sorted(self.blocks):
                f.write(self.blocks[name] + "\n")
        print(f"{os.path.relpath(self.path, HERE)}: {len(self.blocks)} cases")
