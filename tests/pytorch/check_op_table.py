#!/usr/bin/python3
"""Check Kiln's op table (ir/ops/*.def) against PyTorch's operator registry.

Dev-time only, not part of CI. Needs PyTorch 1.13 (Debian's python3-torch):

    /usr/bin/python3 tests/pytorch/check_op_table.py [--root REPO] [-v]

Every `KILN_OP(ident, "schema", traits)` line in ir/ops/*.def is checked:

  * the schema string (after C-string unescaping) is exactly one of the
    schemas torch registers (`str(s)` for s in torch._C._jit_get_all_schemas());
  * the identifier is `<ns>_<name>_<overload>` (or `<ns>_<name>` without an
    overload) with every char outside [A-Za-z0-9_] replaced by `_`;
  * identifiers are unique, and no `ns::name.overload` appears twice;
  * traits are `NoTraits` or a ` | `-joined set of Elementwise, Reduction,
    SideEffects, Nondeterministic;
  * table policy: no out= overloads, no complex/Dimname/Storage/Stream/QScheme/
    Capsule/AnyClassType/AnyEnumType/__torch__ schemas, no structural prim ops
    (those are declared by hand), each file starts with a `//` comment and its
    entries are sorted by schema string.

It also lists, as warnings, every op kind used by the captured graphs in
tests/lit/pytorch/*.ir that has no entry in the table (structural prim ops
excluded). The exit status is 1 if there are errors, 0 otherwise.
"""

import argparse
import glob
import os
import re
import sys

ALLOWED_TRAITS = {"NoTraits", "Elementwise", "Reduction", "SideEffects", "Nondeterministic", "Subgraph"}

# Declared by hand elsewhere in Kiln; never in the generated-style op table.
STRUCTURAL = {
    "prim::Constant", "prim::If", "prim::Loop", "prim::ListConstruct", "prim::ListUnpack",
    "prim::TupleConstruct", "prim::TupleUnpack", "prim::DictConstruct", "prim::GetAttr",
    "prim::SetAttr", "prim::CallMethod", "prim::CallFunction", "prim::Print", "prim::Param",
    "prim::Return", "prim::FusionGroup", "prim::unchecked_cast", "prim::Uninitialized",
    "prim::RaiseException", "prim::TupleIndex", "prim::Enter", "prim::Exit",
    "prim::CreateObject", "prim::isinstance",
}

# Types the table must not use (Dimname prints as `str` in 1.13; see dimname_overloads()).
FORBIDDEN_TYPES = ["complex", "Storage", "Stream", "QScheme", "Capsule", "AnyClassType",
                   "AnyEnumType", "__torch__"]

KILN_OP_RE = re.compile(
    r'^KILN_OP\(\s*([^,\s]*)\s*,\s*"((?:[^"\\]|\\.)*)"\s*,\s*([^)]*?)\s*\)\s*$')
NODE_KIND_RE = re.compile(r'=\s+([A-Za-z_][A-Za-z0-9_]*::[A-Za-z_][A-Za-z0-9_]*)\s*[\[(]')


def c_unescape(body):
    """Undo the C string escaping used in .def files (only \\\\ and \\" are expected)."""
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            nxt = body[i + 1] if i + 1 < len(body) else ""
            if nxt not in ('\\', '"'):
                raise ValueError("unsupported escape \\%s" % nxt)
            out.append(nxt)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def split_name(schema):
    """'aten::add.Tensor(Tensor self, ...) -> Tensor' -> ('aten', 'add', 'Tensor')."""
    qual = schema.split("(", 1)[0]
    if "::" not in qual:
        return None
    ns, rest = qual.split("::", 1)
    name, _, overload = rest.partition(".")
    return ns, name, overload


def expected_ident(ns, name, overload):
    raw = "%s_%s" % (ns, name) + ("_" + overload if overload else "")
    return re.sub(r"[^A-Za-z0-9_]", "_", raw)


def dimname_overloads(torch_dir):
    """Return {'aten::name.overload'} whose native_functions.yaml signature uses Dimname."""
    path = os.path.join(os.path.dirname(torch_dir), "torchgen", "packaged", "ATen", "native",
                        "native_functions.yaml")
    if not os.path.exists(path):
        return None
    result = set()
    with open(path) as f:
        for line in f:
            m = re.match(r"^- func:\s*([^(]+)\((.*)$", line)
            if m and "Dimname" in m.group(2):
                result.add("aten::" + m.group(1).strip())
    return result


def collect_corpus_kinds(corpus_dir):
    kinds = {}
    files = sorted(glob.glob(os.path.join(corpus_dir, "*.ir")))
    for path in files:
        with open(path) as f:
            for line in f:
                if line.lstrip().startswith("#"):
                    continue
                m = NODE_KIND_RE.search(line)
                if m:
                    kinds.setdefault(m.group(1), set()).add(os.path.basename(path))
    return files, kinds


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")),
                    help="repository root (default: two levels above this script)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print per-file counts")
    args = ap.parse_args()

    try:
        import torch
    except ImportError:
        sys.exit("error: this script needs PyTorch; run it with /usr/bin/python3")

    registry = {}
    for s in torch._C._jit_get_all_schemas():
        registry[str(s)] = s
    dimname = dimname_overloads(os.path.dirname(torch.__file__))

    errors, warnings = [], []
    idents = {}      # ident -> location
    qualnames = {}   # ns::name.overload -> location
    table_names = set()
    per_file = {}

    # Prim.def declares the structural ops by hand (varargs, and
    # prim::unchecked_cast typed Any -> Any because it casts Optional[T] to
    # T and NoneType to anything); AllOps.def only includes the others.
    def_files = sorted(f for f in glob.glob(os.path.join(args.root, "ir", "ops", "*.def"))
                       if os.path.basename(f) not in ("Prim.def", "AllOps.def"))
    if not def_files:
        errors.append("no ir/ops/*.def files under %s" % args.root)

    for path in def_files:
        rel = os.path.relpath(path, args.root)
        with open(path) as f:
            lines = f.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        else:
            errors.append("%s: does not end with a newline" % rel)
        if not lines or not lines[0].startswith("//"):
            errors.append("%s:1: first line must be a // comment saying what the file holds" % rel)
        schemas_in_order = []
        for lineno, line in enumerate(lines, 1):
            loc = "%s:%d" % (rel, lineno)
            stripped = line.strip()
            if not stripped or stripped.startswith("//") or stripped.startswith("#"):
                continue
            m = KILN_OP_RE.match(line)
            if not m:
                errors.append("%s: not a one-line KILN_OP(ident, \"schema\", traits) entry" % loc)
                continue
            ident, body, traits = m.groups()
            try:
                schema = c_unescape(body)
            except ValueError as e:
                errors.append("%s: %s" % (loc, e))
                continue
            schemas_in_order.append((schema, loc))

            # Traits.
            parts = [t.strip() for t in traits.split("|")]
            bad = [t for t in parts if t not in ALLOWED_TRAITS]
            if bad:
                errors.append("%s: unknown trait(s) %s" % (loc, ", ".join(bad)))
            if "NoTraits" in parts and len(parts) > 1:
                errors.append("%s: NoTraits combined with other traits" % loc)
            if len(set(parts)) != len(parts):
                errors.append("%s: duplicated trait" % loc)
            if traits != " | ".join(parts):
                errors.append("%s: traits must be joined with ' | '" % loc)

            # Schema / name / identifier.
            parsed = split_name(schema)
            if parsed is None:
                errors.append("%s: cannot find ns::name in schema %r" % (loc, schema))
                continue
            ns, name, overload = parsed
            qual = "%s::%s" % (ns, name) + ("." + overload if overload else "")
            table_names.add("%s::%s" % (ns, name))
            want = expected_ident(ns, name, overload)
            if ident != want:
                errors.append("%s: identifier %s should be %s" % (loc, ident, want))
            if ident in idents:
                errors.append("%s: identifier %s already used at %s" % (loc, ident, idents[ident]))
            else:
                idents[ident] = loc
            if qual in qualnames:
                errors.append("%s: %s already declared at %s" % (loc, qual, qualnames[qual]))
            else:
                qualnames[qual] = loc
            if ns == "kiln":
                # Kiln's own ops (Kiln.def): no PyTorch schema to match.
                continue
            reg = registry.get(schema)
            if reg is None:
                same = [k for k in registry if k.split("(", 1)[0] == schema.split("(", 1)[0]]
                hint = (" (torch has: %s)" % same[0]) if len(same) == 1 else ""
                errors.append("%s: schema is not registered in torch %s: %s%s"
                              % (loc, torch.__version__, schema, hint))
                continue

            # Table policy.
            if "%s::%s" % (ns, name) in STRUCTURAL:
                errors.append("%s: %s::%s is a structural op declared by hand" % (loc, ns, name))
            if any(a.is_out for a in reg.arguments):
                errors.append("%s: out= overload %s" % (loc, qual))
            sig = schema[schema.index("("):]
            for t in FORBIDDEN_TYPES:
                if re.search(r"(?<![A-Za-z0-9_])%s(?![A-Za-z0-9_])" % re.escape(t), sig):
                    errors.append("%s: %s uses excluded type %s" % (loc, qual, t))
            if dimname is not None and qual in dimname:
                errors.append("%s: %s takes a Dimname" % (loc, qual))

        keys = [s for s, _ in schemas_in_order]
        if keys != sorted(keys):
            for (a, _), (b, loc_b) in zip(schemas_in_order, schemas_in_order[1:]):
                if b < a:
                    errors.append("%s: entries not sorted by schema (this one sorts before the "
                                  "previous entry)" % loc_b)
                    break
        per_file[rel] = len(schemas_in_order)

    # Corpus coverage.
    corpus_dir = os.path.join(args.root, "tests", "lit", "pytorch")
    ir_files, kinds = collect_corpus_kinds(corpus_dir) if os.path.isdir(corpus_dir) else ([], {})
    registry_names = {k.split("(", 1)[0].split(".", 1)[0] for k in registry}
    missing = sorted(k for k in kinds if k not in table_names and k not in STRUCTURAL)
    for k in missing:
        why = "" if k in registry_names else " (no registry schema)"
        files = sorted(kinds[k])
        warnings.append("corpus op %s has no entry%s; used in %s%s"
                        % (k, why, ", ".join(files[:3]), " ..." if len(files) > 3 else ""))

    total = sum(per_file.values())
    if args.verbose:
        for rel, n in per_file.items():
            print("%-28s %4d entries" % (rel, n))
    print("op table: %d entries in %d files; torch %s registry has %d schemas"
          % (total, len(per_file), torch.__version__, len(registry)))
    if dimname is None:
        print("note: native_functions.yaml not found; Dimname overloads not checked")
    if ir_files:
        print("corpus: %d .ir files, %d distinct op kinds (%d structural, %d without entry)"
              % (len(ir_files), len(kinds), len([k for k in kinds if k in STRUCTURAL]),
                 len(missing)))
    else:
        print("corpus: no tests/lit/pytorch/*.ir files yet; coverage not checked")
    for w in warnings:
        print("warning: " + w)
    for e in errors:
        print("error: " + e)
    if errors:
        print("%d error(s)" % len(errors))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
