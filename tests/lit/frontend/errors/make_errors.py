"""Writes the bad-script corpus (dev time only; torch only for the report).

    /usr/bin/python3 tests/lit/frontend/errors/make_errors.py

Each case below is a small script with one mistake; `@` marks where the
error must point (the first character of the offending token; `@` is
removed). The script becomes <name>.py, a lit test whose RUN line compiles
it with kiln and whose CHECK lines want

    <file>:<line>:<col>: error: <message matching the case's pattern>
    <the source line>
    <spaces up to col>^

(columns 1-based; the message is matched loosely, the location exactly).
Files that cannot hold their own RUN lines (empty, binary) live in Inputs/
with a .test beside them. The weights and input cases use Inputs/ files
this script writes too.

The script also asks PyTorch what it thinks of each bad script (Python's
parser, then torch.jit.script) and writes the verdicts to README.md: where
TorchScript accepts something Kiln refuses, it says so.
"""
import json
import os
import random
import struct
import sys
import textwrap
import types

HERE = os.path.dirname(os.path.abspath(__file__))
os.chdir(HERE)

IMPORTS = """\
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from typing import List, Optional, Tuple
"""

COMPILE = "not kiln compile %s --emit ir 2>&1 | FileCheck %s --strict-whitespace"

# name, what is wrong, source (with @), pattern for the message (a FileCheck
# regex), entry to hand torch.jit.script (None: the whole module object),
# and whether the script needs functions.py-style imports.
CASES = [
    ("missing_colon", "a syntax error: `if` without its colon; the error "
     "points where the colon belongs (the end of the line)", """
def relu_if_positive(x: Tensor) -> Tensor:
    if bool(x.sum() > 0)@
        return x.relu()
    return x
""", "expected.*':'|':'.*expected|missing.*':'|':'", "relu_if_positive"),

    ("unexpected_indent", "a line indented deeper than the block it is in",
     """
def add_one(x: Tensor) -> Tensor:
    y = x + 1
        @return y
""", "[Uu]nexpected indent|indent", "add_one"),

    ("unindent_mismatch", "a dedent to a column no enclosing block uses",
     """
def clamp_positive(x: Tensor) -> Tensor:
    if bool(x.min() < 0):
        x = x.clamp(min=0.0)
      @return x
""", "indent", "clamp_positive"),

    ("unterminated_string", "a string literal that runs to the end of the "
     "line", """
def describe(x: Tensor) -> str:
    name = @"tensor of size
    return name
""", "[Uu]nterminated|string", "describe"),

    ("lambda", "a lambda expression", """
def double_all(xs: List[Tensor]) -> List[Tensor]:
    f = @lambda v: v * 2
    return [f(v) for v in xs]
""", "[Ll]ambda", "double_all"),

    ("try", "a try statement (exceptions cannot be caught)", """
def safe_div(x: Tensor, y: Tensor) -> Tensor:
    @try:
        return x / y
    except RuntimeError:
        return x
""", "[Tt]ry|except", "safe_div"),

    ("with", "a with statement", """
def frozen(x: Tensor, w: Tensor) -> Tensor:
    @with torch.no_grad():
        y = x @ w
    return y
""", "[Ww]ith", "frozen"),

    ("generator_expression", "a generator expression (a list comprehension "
     "works)", """
def total(xs: List[Tensor]) -> Tensor:
    squares = @(v * v for v in xs)
    return torch.stack(list(squares)).sum()
""", "[Gg]enerator", "total"),

    ("yield", "a yield: functions are not generators", """
def halves(x: Tensor, n: int) -> Tensor:
    for i in range(n):
        x = x / 2
        @yield x
    return x
""", "[Yy]ield", "halves"),

    ("star_args", "a *args parameter", """
def add_all(@*tensors: Tensor) -> Tensor:
    out = tensors[0]
    for t in tensors[1:]:
        out = out + t
    return out
""", r"\*args|\*tensors|variadic|variable|\*", "add_all"),

    ("kwargs", "a **kwargs parameter", """
def scaled(x: Tensor, @**options: float) -> Tensor:
    return x * options["scale"]
""", r"\*\*|kwargs|keyword", "scaled"),

    ("global", "a global statement", """
calls = 0


def counted(x: Tensor) -> Tensor:
    @global calls
    calls += 1
    return x
""", "[Gg]lobal", "counted"),

    ("nested_def", "a function defined inside a function", """
def outer(x: Tensor) -> Tensor:
    @def inner(y: Tensor) -> Tensor:
        return y * 2
    return inner(x) + 1
""", "nested|inner|def", "outer"),

    ("class_base", "a class whose base is not nn.Module", """
class Scale(@object):
    def __init__(self, factor: float = 2.0) -> None:
        self.factor = factor

    def forward(self, x: Tensor) -> Tensor:
        return x * self.factor
""", r"nn\.Module|object|base|inherit", "Scale()"),

    ("unknown_torch_function", "a function torch does not have", """
def smooth(x: Tensor) -> Tensor:
    return torch.@frobnicate(x, 3)
""", "frobnicate", "smooth"),

    ("unknown_functional", "a torch.nn.functional function that does not "
     "exist (a typo of leaky_relu)", """
def activate(x: Tensor) -> Tensor:
    return F.@leaky_rellu(x, 0.1)
""", "leaky_rellu", "activate"),

    ("unknown_name", "a name bound nowhere (a typo of bias)", """
def shift(x: Tensor, bias: Tensor) -> Tensor:
    return x + @bais
""", "bais", "shift"),

    ("undefined_attribute", "self.<name> that __init__ never set", """
class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: Tensor) -> Tensor:
        return self.fc(x) * self.@scale
""", "scale", "Net()"),

    ("wrong_argument_count", "a call with too few arguments", """
def scale(x: Tensor, factor: float) -> Tensor:
    return x * factor


def double(x: Tensor) -> Tensor:
    return @scale(x)
""", "scale|argument|factor", "double"),

    ("wrong_argument_type", "a str where a Tensor op wants a Tensor", """
def gate(x: Tensor) -> Tensor:
    return torch.sigmoid(@"x")
""", "str|Tensor|sigmoid|argument", "gate"),

    ("branch_type_mismatch", "a variable that is a Tensor in one branch "
     "and an int in the other, used after the if", """
def pick(x: Tensor, flag: bool) -> Tensor:
    @if flag:
        y = x * 2
    else:
        y = 3
    return x + y
""", "type|Tensor|int", "pick"),

    ("recursion", "a function that calls itself", """
def power(x: Tensor, n: int) -> Tensor:
    if n == 0:
        return torch.ones_like(x)
    return x * @power(x, n - 1)
""", "[Rr]ecursi|power", "power"),

    ("return_type_mismatch", "a returned value whose type is not the "
     "annotated one (an int for a Tensor); the error points at the value", """
def num_rows(x: Tensor) -> Tensor:
    return @x.size(0)
""", "return|int|Tensor", "num_rows"),

    ("optional_unrefined", "an Optional[Tensor] used without "
     "`if bias is not None:`", """
def add_bias(x: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    return x + @bias
""", "Optional|None|bias", "add_bias"),

    ("tensor_no_method", "a method Tensor does not have (a typo of "
     "unsqueeze)", """
def add_axis(x: Tensor) -> Tensor:
    return x.@unsqeeze(0)
""", "unsqeeze", "add_axis"),

    ("import_numpy", "an import of a module other than torch, typing and "
     "math", """
import @numpy as np


def as_tensor(x: Tensor) -> Tensor:
    return x * 2
""", "numpy", "as_tensor"),

    ("toplevel_statement", "a statement at the top level other than an "
     "import, a def, a class or a constant", """
class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: Tensor) -> Tensor:
        return self.fc(x)


@print(Net())
""", "print|statement|top", None),
]


def marked(source):
    """(source without the marker, 1-based line, 1-based column)."""
    lines = source.split("\n")
    for number, text in enumerate(lines, 1):
        if "@" in text and not text.lstrip().startswith("#"):
            # `x @ w` is matmul: the marker is an '@' at the end of the
            # line or right before a non-space character.
            for col, ch in enumerate(text):
                if ch == "@" and (col + 1 == len(text) or text[col + 1] != " "):
                    lines[number - 1] = text[:col] + text[col + 1:]
                    return "\n".join(lines), number, col + 1
    raise ValueError("no marker")


def fc_escape(text):
    assert "{{" not in text and "[[" not in text, text
    return text


def write_case(name, what, source, pattern, entry, with_imports=True):
    source, line, col = marked(textwrap.dedent(source).lstrip("\n"))
    header = textwrap.wrap(f"Bad script: {what}.", 77)
    # A script with several functions names the one to compile.
    run = COMPILE
    if (entry and not entry.endswith("()") and
            source.count("\ndef ") + source.startswith("def ") > 1):
        run = COMPILE.replace("%s --emit", f"%s --entry {entry} --emit")
    header = [f"# {text}" for text in header] + [f"# RUN: {run}"]
    header += [None, None, None]
    body = (IMPORTS + "\n\n" if with_imports and "import @" not in source
            else "") + source
    # The marked line moves down by the header and the imports.
    line += len(header) + (body.count("\n", 0, len(body) - len(source)))
    text_line = (body.split("\n"))[line - len(header) - 1]
    header[-3] = (f"# CHECK: {{{{^.*}}}}{name}.py:{line}:{col}: error: "
                 f"{{{{.*({pattern}).*}}}}")
    header[-2] = f"# CHECK-NEXT: {{{{^}}}}{fc_escape(text_line)}{{{{$}}}}"
    header[-1] = f"# CHECK-NEXT: {{{{^}}}}{' ' * (col - 1)}^"
    text = "\n".join(header) + "\n" + body
    with open(f"{name}.py", "w") as f:
        f.write(text)
    return text, line, col


def torchscript_verdict(name, text, entry):
    """What Python and TorchScript say about the bad script."""
    try:
        code = compile(text, f"{name}.py", "exec")
    except SyntaxError as e:
        return f"Python: SyntaxError: {e.msg} ({e.lineno}:{e.offset})"
    import torch
    path = os.path.join(HERE, f"{name}.py")
    module = types.ModuleType(f"bad_{name}")
    module.__file__ = path
    sys.modules[module.__name__] = module
    try:
        exec(code, module.__dict__)
    except Exception as e:  # noqa: BLE001
        return f"Python: {type(e).__name__}: {e}"
    if entry is None:
        return "Python runs it (the print executes at import)"
    try:
        if entry.endswith("()"):
            torch.jit.script(module.__dict__[entry[:-2]]())
        else:
            torch.jit.script(module.__dict__[entry])
    except Exception as e:  # noqa: BLE001
        first = str(e).strip().splitlines()[0].rstrip(":")
        return f"TorchScript rejects it: {first}"
    return "TorchScript ACCEPTS it"


# --- files the CLI cases read -----------------------------------------------

def write_safetensors(path, tensors):
    """tensors: name -> (dtype, shape, bytes)."""
    header, blobs, offset = {}, [], 0
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape,
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


def f32(*shape):
    n = 1
    for s in shape:
        n *= s
    return ("F32", list(shape), struct.pack(f"<{n}f", *[0.5] * n))


def write_inputs():
    os.makedirs("Inputs", exist_ok=True)
    # Net of weights.py: fc = Linear(4, 3), bn = BatchNorm1d(3).
    good = {"fc.weight": f32(3, 4), "fc.bias": f32(3),
            "bn.weight": f32(3), "bn.bias": f32(3),
            "bn.running_mean": f32(3), "bn.running_var": f32(3),
            "bn.num_batches_tracked": ("I64", [], struct.pack("<q", 0))}
    write_safetensors("Inputs/weights_good.safetensors", good)
    bad = dict(good)
    del bad["fc.bias"]                      # missing
    bad["fc.weight"] = f32(3, 5)            # misshapen
    bad["head.weight"] = f32(2, 3)          # unexpected
    write_safetensors("Inputs/weights_bad.safetensors", bad)
    # Two inputs of shape [2, 4] for the input-count case.
    import numpy as np
    np.save("Inputs/x_2x4.npy", np.ones((2, 4), dtype=np.float32))
    # Binary garbage: an invalid UTF-8 byte first, NULs and random bytes.
    rng = random.Random(7)
    data = bytes([0x93, 0x00]) + bytes(rng.randrange(256) for _ in range(200))
    data = data.replace(b"\n", b"\x00")  # all of it on line 1
    with open("Inputs/garbage.py", "wb") as f:
        f.write(data)
    open("Inputs/empty.py", "w").close()


# Hand-written cases: (file, text). They are kept here so that regenerating
# writes everything.
HANDWRITTEN = {
    "garbage.test": """\
# Bad script: binary garbage (an invalid UTF-8 byte, NULs); the error is at
# its first byte, and nothing crashes.
# RUN: not kiln compile %S/Inputs/garbage.py --emit ir 2>&1 | FileCheck %s
# CHECK: {{^.*}}garbage.py:1:1: error:
# RUN: not kiln run %S/Inputs/garbage.py 2>&1 | FileCheck %s
""",
    "empty.test": """\
# Bad script: an empty file has nothing to compile or run.
# RUN: not kiln compile %S/Inputs/empty.py --emit ir 2>&1 | FileCheck %s
# RUN: not kiln run %S/Inputs/empty.py 2>&1 | FileCheck %s
# CHECK: {{^.*}}empty.py{{(:1:1)?}}: error: {{.*(no function|no class|nothing|empty).*}}
""",
    "comment_only.py": """\
# Bad script: a file holding only comments (these lines) has no function or
# class to compile or run.
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s
# RUN: not kiln run %s 2>&1 | FileCheck %s
# CHECK: {{^.*}}comment_only.py{{(:1:1)?}}: error: {{.*(no function|no class|nothing|empty).*}}
""",
    "entry_missing.py": """\
# Bad command line: --entry names nothing in the script; the error lists
# what it could name (the class and the function).
# RUN: not kiln compile %s --entry Nope --emit ir 2>&1 | FileCheck %s
# RUN: not kiln run %s --entry Nope 2>&1 | FileCheck %s
# CHECK: error:
# CHECK-DAG: Nope
# CHECK-DAG: Net
# CHECK-DAG: helper
# A method the class does not have.
# RUN: not kiln compile %s --entry Net.nope --emit ir 2>&1 | FileCheck %s --check-prefix=METHOD
# METHOD: error: {{.*}}nope
import torch
import torch.nn as nn
from torch import Tensor


def helper(x: Tensor) -> Tensor:
    return x * 2


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: Tensor) -> Tensor:
        return helper(self.fc(x))
""",
    "two_modules.py": """\
# Bad command line: two nn.Module classes and no --entry; the error lists
# both. (With --entry it compiles.)
# RUN: not kiln compile %s --emit ir 2>&1 | FileCheck %s
# RUN: not kiln run %s 2>&1 | FileCheck %s
# CHECK: error:
# CHECK-DAG: Encoder
# CHECK-DAG: Decoder
# RUN: kiln compile %s --entry Decoder --emit ir | FileCheck %s --check-prefix=OK
# OK: graph(%self{{.*}}Decoder
import torch
import torch.nn as nn
from torch import Tensor


class Encoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: Tensor) -> Tensor:
        return torch.relu(self.fc(x))


class Decoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(2, 4)

    def forward(self, x: Tensor) -> Tensor:
        return torch.sigmoid(self.fc(x))
""",
    "weights.py": """\
# Bad --weights: the file lacks fc.bias, has fc.weight of shape [3, 5]
# where the model wants [3, 4], and has head.weight, which the model does
# not have; the error lists all three.
# RUN: not kiln run %s --weights %S/Inputs/weights_bad.safetensors --input %S/Inputs/x_2x4.npy 2>&1 | FileCheck %s
# RUN: not kiln compile %s --weights %S/Inputs/weights_bad.safetensors --emit ir 2>&1 | FileCheck %s
# CHECK: error:
# CHECK-DAG: fc.bias
# CHECK-DAG: fc.weight
# CHECK-DAG: head.weight
# A weights file that does not exist is an error naming it.
# RUN: not kiln run %s --weights %t.missing.safetensors --input %S/Inputs/x_2x4.npy 2>&1 | FileCheck %s --check-prefix=MISSING
# MISSING: {{.*}}missing.safetensors{{.*}}error: {{.*}}
# With the right weights it runs.
# RUN: kiln run %s --weights %S/Inputs/weights_good.safetensors --input %S/Inputs/x_2x4.npy --output %t.npz
import torch
import torch.nn as nn
from torch import Tensor


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.bn = nn.BatchNorm1d(3)

    def forward(self, x: Tensor) -> Tensor:
        return self.bn(self.fc(x))
""",
    "input_count.py": """\
# Bad --input count: forward takes one tensor; two, or none, are an error
# that names the count.
# RUN: not kiln run %s --weights %S/Inputs/weights_good.safetensors --input %S/Inputs/x_2x4.npy --input %S/Inputs/x_2x4.npy 2>&1 | FileCheck %s
# CHECK: error: {{.*(1|one).*2|2.*(1|one)}}
# RUN: not kiln run %s --weights %S/Inputs/weights_good.safetensors 2>&1 | FileCheck %s --check-prefix=NONE
# NONE: error: {{.*(1|one).*0|0.*(1|one)|input}}
import torch
import torch.nn as nn
from torch import Tensor


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.bn = nn.BatchNorm1d(3)

    def forward(self, x: Tensor) -> Tensor:
        return self.bn(self.fc(x))
""",
}


def main():
    for old in os.listdir("."):
        if old.endswith((".py", ".test")) and old != os.path.basename(
                __file__):
            os.remove(old)
    write_inputs()
    rows = []
    for name, what, source, pattern, entry in CASES:
        text, line, col = write_case(name, what, source, pattern, entry)
        verdict = torchscript_verdict(name, text, entry)
        print(f"{name}.py:{line}:{col}  {verdict}")
        rows.append((name, line, col, pattern, verdict))
    for name, text in HANDWRITTEN.items():
        with open(name, "w") as f:
            f.write(text)
    with open("README.md", "w") as f:
        f.write("# Bad scripts\n\n"
                "Written by make_errors.py (see its docstring). Each must "
                "fail with the error at\nthe location shown (line:col, "
                "1-based, the offending token); the message\nis matched "
                "loosely. PyTorch 1.13's verdict on the same script:\n\n"
                "| file | location | message pattern | Python / TorchScript |\n"
                "|---|---|---|---|\n")
        for name, line, col, pattern, verdict in rows:
            cell = pattern.replace("|", "\\|")
            verdict = verdict.replace("|", "\\|")
            f.write(f"| {name}.py | {line}:{col} | `{cell}` | {verdict} |\n")
        f.write("\nAlso: garbage.test (binary file, 1:1), empty.test and "
                "comment_only.py (no\nfunction or class), entry_missing.py "
                "and two_modules.py (--entry; the\nchoices are listed), "
                "weights.py (missing, misshapen and unexpected\nweights "
                "listed), input_count.py (--input count).\n")


main()
