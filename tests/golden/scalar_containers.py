"""Cases of list ops (ContainerKernelsTest); dicts are in
scalar_dicts.py."""
from typing import List, Optional, Tuple

import torch

from scalarcases import Cases

containers = Cases("containers.txt")
case = containers.case

# --- reading ----------------------------------------------------------------


@case()
def list_len_getitem():
    v = [5, 12, 18]
    e: List[int] = []
    return len(v), len(e), v[0], v[2], v[-1], v[-3]


@case()
def list_getitem_out_of_range():
    v = [5, 12, 18]
    return v[3]


@case()
def list_getitem_negative_out_of_range():
    v = [5, 12, 18]
    return v[-4]


@case()
def list_of_floats_strs_bools():
    f = [1.5, -2.0]
    s = ["a", "b"]
    b = [True, False]
    return f[1], s[-1], b[1], len(s)


@case()
def list_slice():
    v = [0, 1, 2, 3, 4, 5]
    return v[1:4], v[:2], v[3:], v[-2:], v[:-2], v[::2], v[1::3], v[4:1], v[10:]


@case()
def list_slice_negative_steps():
    v = [0, 1, 2, 3, 4, 5]
    return v[::-1], v[4:1:-1], v[::-2], v[-1:-4:-1], v[1:4:-1], v[-100:100]


@case()
def str_slice_step_zero():
    s = ["abc"]
    z = [0]
    return s[0][::z[0]]


@case()
def list_slice_step_zero():
    v = [0, 1, 2]
    s = [0]
    return v[::s[0]]


@case()
def list_nested():
    e: List[int] = []
    m = [[1, 2], [3], e]
    return m[0][1], len(m[2]), m[-1], m[1] + m[0]


@case()
def list_contains():
    v = [5, 12, 18]
    f = [0.5, float("nan")]
    s = ["a", "bc"]
    return 12 in v, 7 in v, 7 not in v, 0.5 in f, float("nan") in f, "bc" in s, "b" in s


@case()
def list_index_count():
    v = [5, 12, 5, 18]
    s = ["x", "y", "x"]
    f = [0.5, 1.5, 0.5]
    b = [True, False, True]
    return (v.index(12), v.index(5), v.count(5), v.count(7), s.index("x"),
            s.count("x"), f.index(1.5), f.count(0.5), b.index(False), b.count(True))


@case()
def list_index_not_found():
    v = [1, 2]
    return v.index(5)


@case()
def list_index_not_found_float():
    v = [1.5, 2.0]
    return v.index(2.5)


@case()
def list_index_not_found_str():
    v = ["a"]
    return v.index("b")


@case()
def list_equality():
    a = [1, 2, 3]
    b = [1, 2, 3]
    c = [1, 2]
    f = [1.0, float("nan")]
    s = ["a", "b"]
    return (a == b, a != b, a == c, a != c, f == f, [1.0] == [1.0], s == ["a", "b"],
            s != ["a"], [True] == [True], [True] != [False])


@case()
def list_sum():
    i = [1, 2, 3, -10]
    f = [0.5, 0.25, 0.125]
    b = [True, False, True]
    e: List[int] = []
    return sum(i), sum(f), sum(b), sum(e)


# PyTorch sums List[int] in 32 bits.
@case()
def list_sum_truncates_to_32_bits():
    i = [9223372036854775807, 1]
    j = [2147483648, 5]
    k = [4294967303, 8589934592]
    return sum(i), sum(j), sum(k)


@case()
def list_min_max():
    i = [3, -1, 7, -1]
    f = [0.5, -2.5, 1.0]
    b = [True, False]
    return min(i), max(i), min(f), max(f), min(b), max(b)


@case()
def list_min_max_nan():
    f = [1.0, float("nan"), 0.5]
    g = [float("nan"), 1.0]
    return min(f), max(f), min(g), max(g)


@case()
def list_min_empty():
    e: List[int] = []
    return min(e)


@case()
def list_max_empty():
    e: List[float] = []
    return max(e)


@case()
def list_min_max_of_two_lists():
    a = [1, 2, 3]
    b = [1, 2]
    c = [1, 3]
    return min(a, b), max(a, b), min(a, c), max(a, c), min(b, b), max([0.5], [0.25])


@case()
def list_any_all():
    i = [0, 0, 3]
    f = [0.0, 0.5]
    b = [True, True]
    s = ["", "x"]
    e: List[int] = []
    return (any(i), all(i), any(f), all(f), any(b), all(b), any(s), any(e),
            all(e), any([""]))


# --- building ---------------------------------------------------------------


@case()
def list_concat_repeat():
    a = [1, 2]
    b = [3]
    n = [3, 0]
    return a + b, a * n[0], n[0] * b, a * n[1], b + b


# PyTorch fails in vector::reserve for a negative count: Python's answer.
@case(oracle="python")
def list_repeat_negative():
    a = [1, 2]
    n = [-1]
    return a * n[0], n[0] * a


@case()
def list_copy_is_new():
    a = [1, 2]
    b = a.copy()
    c = list(a)
    d = a[:]
    a.append(3)
    return a, b, c, d


@case()
def list_aliasing():
    a = [1, 2]
    b = a
    b.append(3)
    c = [a, a]
    a.append(4)
    return a, b, c


@case()
def list_of_strs_from_str():
    s = ["abc"]
    return list(s[0])


@case()
def list_comprehension():
    v = [1, 2, 3, 4]
    return [x * x for x in v], [str(x) for x in v]


@case()
def list_enumerate_zip():
    v = [10, 20]
    w = ["a", "b", "c"]
    out: List[Tuple[int, int, str]] = []
    for i, (x, y) in enumerate(zip(v, w)):
        out.append((i, x, y))
    return out


# --- mutating ---------------------------------------------------------------


@case()
def list_append_extend():
    v = [1]
    v.append(2)
    v.extend([3, 4])
    e: List[str] = []
    e.append("x")
    return v, e


# PyTorch loops forever extending a list with itself: Python's answer.
@case(oracle="python")
def list_extend_itself():
    v = [1, 2]
    v.extend(v)
    return v


@case()
def list_insert():
    v = [1, 2, 3]
    v.insert(1, 9)
    v.insert(-1, 8)
    v.insert(100, 7)
    v.insert(-100, 6)
    v.insert(0, 5)
    return v


@case()
def list_setitem():
    v = [1, 2, 3]
    v[0] = 10
    v[-1] = 30
    s = ["a", "b"]
    s[1] = "z"
    return v, s


@case()
def list_setitem_out_of_range():
    v = [1, 2, 3]
    v[3] = 0
    return v


@case()
def list_pop():
    v = [1, 2, 3, 4, 5]
    a = v.pop()
    b = v.pop(0)
    c = v.pop(-2)
    return a, b, c, v


@case()
def list_pop_empty():
    v: List[int] = []
    return v.pop()


@case()
def list_pop_out_of_range():
    v = [1, 2]
    return v.pop(5)


@case()
def list_del():
    v = [1, 2, 3, 4]
    del v[1]
    del v[-1]
    return v


@case()
def list_del_out_of_range():
    v = [1, 2]
    del v[2]
    return v


@case()
def list_remove():
    v = [1, 2, 3, 2]
    v.remove(2)
    s = ["a", "b"]
    s.remove("a")
    f = [0.5, 1.5]
    f.remove(1.5)
    b = [True, False]
    b.remove(False)
    return v, s, f, b


@case()
def list_remove_missing():
    v = [1, 2]
    v.remove(3)
    return v


@case()
def list_clear_reverse():
    v = [1, 2, 3]
    w = [4, 5]
    v.reverse()
    w.clear()
    return v, w


@case()
def list_inplace_add_mul():
    v = [1, 2]
    w = v
    v += [3]
    v *= 2
    u = [7]
    u *= 0
    return v, w, u


# --- sorting ----------------------------------------------------------------


@case()
def list_sort():
    i = [3, 1, 2, -5]
    f = [2.5, -1.0, 0.0, -0.0]
    s = ["b", "a", "C", "aa"]
    b = [True, False, True]
    i.sort()
    f.sort()
    s.sort()
    b.sort()
    return i, f, s, b


@case()
def list_sort_reverse():
    i = [3, 1, 2, -5]
    f = [2.5, -1.0, 0.0]
    s = ["b", "a", "c"]
    i.sort(reverse=True)
    f.sort(reverse=True)
    s.sort(reverse=True)
    return i, f, s


@case()
def list_sorted():
    i = [3, 1, 2]
    s = ["b", "a"]
    f = [0.5, -0.5]
    return sorted(i), i, sorted(s), sorted(f)


# --- tensors in lists -------------------------------------------------------


@case(torch.tensor(2.0), torch.tensor(1.0), torch.tensor(3.0))
def tensor_list_sort(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor):
    v = [a, b, c]
    v.sort()
    w = [a, b, c]
    w.sort(reverse=True)
    return [float(x) for x in v], [float(x) for x in w], [float(x) for x in sorted([c, a])]


@case(torch.tensor(2.0), torch.tensor(1.0), torch.tensor(2.0))
def tensor_list_index_count_remove(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor):
    v = [a, b, c]
    i = v.index(b)
    n = v.count(c)
    v.remove(c)
    return i, n, len(v), float(v[0]), float(v[1])


@case(torch.tensor(2.0), torch.tensor(1.0))
def tensor_list_equality(a: torch.Tensor, b: torch.Tensor):
    return [a, b] == [a, b], [a, b] == [b, a], [a] != [b], [a] == [a, b]


@case(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0]))
def tensor_list_equality_ambiguous(a: torch.Tensor, b: torch.Tensor):
    return [a] == [b]


@case(torch.tensor(2.0), torch.tensor(1.0))
def tensor_list_ops(a: torch.Tensor, b: torch.Tensor):
    v = [a]
    v.append(b)
    v.insert(0, b)
    w = v[1:]
    return len(v), len(w), float(v[0]), float(w[-1])


# --- more -------------------------------------------------------------------


@case()
def list_sort_tuples():
    k = [3, 1, 2]
    t = [(k[0], "c"), (k[1], "b"), (k[1], "a"), (k[2], "z")]
    u = sorted(t)
    t.sort(reverse=True)
    return t, u


@case()
def list_of_lists_ops():
    a = [1]
    b = [2, 3]
    m = [a, b]
    m.append([4])
    x = m.pop(0)
    m.insert(1, x)
    c = m.copy()
    c[0].append(9)
    return m, c, len(m)


@case()
def list_empty_ops():
    e: List[int] = []
    e.insert(5, 1)
    f: List[float] = []
    return e, f.count(1.0), 1.0 in f, sum(f), f + f, f[1:]


@case()
def list_remove_nan():
    f = [float("nan"), 1.0]
    f.remove(float("nan"))
    return f


@case()
def list_strs_ops():
    s = ["b", "a", "b"]
    s.remove("b")
    s.insert(0, "c")
    return s, s.index("b"), "a" in s, sorted(s), s * 2
