"""Cases of dict ops (ContainerKernelsTest)."""
from typing import Dict, List, Optional, Tuple

import torch

from scalar_containers import containers

case = containers.case


@case()
def dict_getitem_setitem():
    d = {"a": 1, "b": 2}
    d["c"] = 3
    d["a"] = 10
    return d["a"], d["c"], len(d), d


@case()
def dict_missing_str_key():
    d = {"a": 1}
    return d["zz"]


@case()
def dict_missing_int_key():
    d = {3: "x"}
    return d[4]


@case()
def dict_int_float_bool_keys():
    i = {3: "x", -1: "y"}
    f = {0.5: 1, 2.0: 2}
    b = {True: 1.5, False: 2.5}
    i[7] = "z"
    f[0.5] = 5
    return i[-1], i, f[0.5], f, b[False], b


@case()
def dict_get():
    d = {"a": 1}
    e = {1: [1, 2]}
    return d.get("a"), d.get("b"), d.get("b", 7), d.get("a", 7), e.get(2), e.get(1)


@case()
def dict_contains_len():
    d = {"a": 1, "b": 2}
    i = {1: 1.5}
    return "a" in d, "c" in d, "c" not in d, 1 in i, 2 in i, len(d), len(i)


@case()
def dict_keys_values_items():
    d = {"b": 2, "a": 1, "c": 3}
    return list(d.keys()), list(d.values()), list(d.items())


@case()
def dict_iteration():
    d = {"b": 2, "a": 1}
    out: List[str] = []
    for k in d:
        out.append(k + str(d[k]))
    for k, v in d.items():
        out.append(str(v) + k)
    return out


@case()
def dict_pop():
    d = {"a": 1, "b": 2, "c": 3}
    x = d.pop("b")
    y = d.pop("zz", 9)
    z = d.pop("a", 9)
    return x, y, z, d


@case()
def dict_pop_missing():
    d = {1.5: 1}
    return d.pop(2.5)


# PyTorch's popitem removes the first entry (Python's the last).
@case()
def dict_popitem():
    d = {"a": 1, "b": 2, "c": 3}
    x = d.popitem()
    y = d.popitem()
    return x, y, d


@case()
def dict_popitem_empty():
    d: Dict[int, int] = {}
    return d.popitem()


@case()
def dict_del():
    d = {"a": 1, "b": 2, "c": 3}
    del d["b"]
    d["b"] = 4
    return d, list(d.keys())


@case()
def dict_del_missing():
    d = {True: 1}
    del d[False]
    return d


@case()
def dict_setdefault():
    d = {"a": 1}
    x = d.setdefault("a", 5)
    y = d.setdefault("b", 6)
    return x, y, d


@case()
def dict_update_clear():
    d = {"a": 1, "b": 2}
    d.update({"b": 20, "c": 30})
    e = {1: 1}
    e.update(e)
    f = {"x": 1.5}
    f.clear()
    return d, e, f, len(f)


@case()
def dict_copy_is_new():
    d = {"a": [1]}
    c = d.copy()
    e = dict(d)
    d["b"] = [2]
    d["a"].append(3)
    return d, c, e


@case()
def dict_from_items():
    k = ["a", "b"]
    v = [1, 2, 3]
    f = [0.5, 1.5]
    # Tuples of variables: literal tuples become tuple constants, which
    # Kiln's IR parser does not read.
    pairs = [(k[0], v[0]), (k[1], v[1]), (k[0], v[2])]
    ipairs = [(v[1], f[0]), (v[0], f[1])]
    return dict(pairs), dict(ipairs)


@case()
def dict_empty_constructor():
    d = dict()
    return len(d), d


@case()
def dict_aliasing():
    d = {"a": 1}
    e = d
    e["b"] = 2
    return d, e


@case()
def dict_of_lists():
    d: Dict[str, List[int]] = {}
    for k in ["x", "y", "x"]:
        if k not in d:
            e: List[int] = []
            d[k] = e
        d[k].append(len(d))
    return d


@case()
def dict_comprehension():
    v = [1, 2, 3]
    return {str(x): x * x for x in v}


@case(torch.tensor(1.0), torch.tensor(1.0))
def dict_tensor_keys(a: torch.Tensor, b: torch.Tensor):
    d = {a: 1}
    d[b] = 2
    x = d[a]
    y = d.get(b)
    z = a in d
    n = len(d)
    del d[a]
    return x, y, z, n, len(d), b in d


# PyTorch's message prints the tensor over several lines.
@case(torch.tensor(1.0), torch.tensor(2.0), error="KeyError: ")
def dict_tensor_key_missing(a: torch.Tensor, b: torch.Tensor):
    d = {a: 1}
    return d[b]


@case()
def dict_int_key_ops():
    d = {1: "a", 2: "b", 3: "c"}
    del d[2]
    x = d.pop(3)
    y = d.setdefault(4, "d")
    d.update({1: "z"})
    return d, x, y, d.popitem(), d.get(4, "?"), d.get(9, "?")


@case()
def dict_float_key_ops():
    d = {0.5: 1, 1.5: 2}
    del d[0.5]
    x = d.pop(1.5, 0)
    d[2.5] = 3
    return d, x, 2.5 in d, d.get(0.5, -1), list(d.items()), d.copy()


@case()
def dict_bool_key_ops():
    d = {True: "t"}
    d[False] = "f"
    x = d.pop(True)
    return d, x, True in d, list(d.keys()), list(d.values()), dict(d)


@case()
def dict_del_missing_int():
    d = {1: 1}
    del d[2]
    return d


@case()
def dict_setdefault_aliases_value():
    d: Dict[str, List[int]] = {}
    e: List[int] = []
    v = d.setdefault("k", e)
    v.append(1)
    return d, e
