"""Cases of str ops: str(), format, % and the str methods
(ScalarKernelsTest)."""
from typing import Dict, List, Optional, Tuple

from scalarcases import Cases

strings = Cases("strings.txt")
case = strings.case

# --- str() and formatting ---------------------------------------------------


@case()
def str_of_numbers():
    i = [42, -7]
    b = [True, False]
    return str(i[0]), str(i[1]), str(b[0]), str(b[1])


# str() of a float is c10's printer, not Python's repr: 17 digits, and
# integral values as "2.".
@case()
def str_of_floats():
    f = [0.1, 2.0, 1e-05, 1e16, -0.0, 2.5e-7, 123456789.123, 1e20]
    return (str(f[0]), str(f[1]), str(f[2]), str(f[3]), str(f[4]), str(f[5]),
            str(f[6]), str(f[7]))


@case()
def str_of_special_floats():
    f = [float("inf"), float("nan"), -float("inf"), 3e10, 1.5e300]
    return str(f[0]), str(f[1]), str(f[2]), str(f[3]), str(f[4])


# Strings inside containers print without quotes.
@case()
def str_of_containers():
    s = ["a'b", "x\ny"]
    t = (1, "a")
    d = {"k": 1.0}
    n: List[List[int]] = [[1], [2, 3]]
    return str(s), str([1.5, 2.0]), str(t), str(d), str(n), str([True])


@case()
def str_of_none_and_tuples():
    x: Optional[int] = None
    one = (2.5,)
    empty: List[int] = []
    return str(x), str(one), str(empty)


@case()
def format_basic():
    v = [3, 2]
    s = ["{} + {} = {}", "x"]
    return s[0].format(v[0], v[1], v[0] + v[1]), "{}!".format(s[1])


@case()
def format_values():
    f = [2.5, 3.0]
    return "{}|{}|{}|{}".format(f[0], f[1], [f[0]], {"a": f[1]})


@case()
def format_extra_arguments_ignored():
    v = [1, 2]
    return "{}".format(v[0], v[1])


@case()
def format_too_few_arguments():
    s = ["{}-{}"]
    return s[0].format(1)


@case()
def format_f_string():
    s = ["x"]
    v = [7, 2]
    return f"{s[0]}={v[0] * v[1]}, {v[0] / v[1]}"


@case()
def percent_format():
    s = ["%d%%|%s|%s|%i", "%s"]
    v = [3, 7]
    return s[0] % (v[0], "ab", [1, 2], v[1]), s[1] % v[0]


# %f and %e format a float32 in PyTorch.
@case()
def percent_format_floats():
    s = ["%f|%e|%E|%F"]
    f = [2.5, 12345.678]
    return s[0] % (f[0], f[1], f[1], f[0])


@case()
def percent_format_char():
    s = ["%c%c"]
    v = [65]
    return s[0] % (v[0], "z")


@case()
def percent_format_too_few():
    s = ["%d %d"]
    v = [1]
    return s[0] % (v[0],)


@case()
def percent_format_too_many():
    s = ["%d"]
    v = [1, 2]
    return s[0] % (v[0], v[1])


# --- comparisons and concatenation ------------------------------------------


@case()
def str_compare():
    s = ["apple", "banana", "apple", "app"]
    return (s[0] == s[2], s[0] != s[1], s[0] < s[1], s[1] <= s[0],
            s[0] > s[3], s[3] >= s[0])


@case()
def str_add_len():
    s = ["ab", "cde", ""]
    return s[0] + s[1], len(s[1]), len(s[2]), s[2] + s[2]


@case()
def str_in():
    s = ["hello", "ll", "z"]
    return s[1] in s[0], s[2] in s[0], s[2] not in s[0]


# --- indexing and slicing ---------------------------------------------------


@case()
def str_index():
    s = ["hello"]
    return s[0][0], s[0][4], s[0][-1], s[0][-5]


# PyTorch's message is C++'s "basic_string::at: __n (which is 5) >= ...".
@case(error="IndexError: string index out of range")
def str_index_out_of_range():
    s = ["hello"]
    return s[0][5]


@case()
def str_slice():
    s = ["hello world"]
    t = s[0]
    return t[1:4], t[::-1], t[-3:], t[::2], t[:-6], t[4:1], t[20:], t[-100:2]


@case()
def str_slice_negative_steps():
    s = ["abcdef"]
    t = s[0]
    return t[5:1:-2], t[::-3], t[-2::-1], t[:2:-1]


@case()
def str_list_of_chars():
    s = ["abc", ""]
    return list(s[0]), list(s[1])


# --- searching --------------------------------------------------------------


@case()
def str_find_rfind():
    s = ["abcabc"]
    t = s[0]
    return (t.find("bc"), t.rfind("bc"), t.find("c", 3), t.rfind("c", 0, 4),
            t.find("z"), t.find(""), t.rfind(""), t.find("a", -3))


@case()
def str_index_rindex():
    s = ["abcabc"]
    return s[0].index("c"), s[0].rindex("a"), s[0].index("b", 2)


@case()
def str_index_not_found():
    s = ["abc"]
    return s[0].index("d")


@case()
def str_rindex_not_found():
    s = ["abc"]
    return s[0].rindex("d")


@case()
def str_count():
    s = ["abcabcab"]
    t = s[0]
    return t.count("ab"), t.count("ab", 1), t.count("ab", 0, 5), t.count("x"), t.count("ab", 10)


# PyTorch loops forever counting "": Python's answer.
@case(oracle="python")
def str_count_empty():
    s = ["abc"]
    return s[0].count("")


@case()
def str_startswith_endswith():
    s = ["abcabc"]
    t = s[0]
    return (t.startswith("ab"), t.startswith("bc"), t.startswith("bc", 1),
            t.endswith("bc"), t.endswith("ab"), t.endswith("ab", 0, -3),
            t.startswith(""), t.endswith("abcabcd"))


@case()
def str_replace():
    s = ["a-b-c-d"]
    t = s[0]
    return t.replace("-", "+"), t.replace("-", "", 2), t.replace("x", "y"), t.replace("-b-", "")


# PyTorch loops forever replacing "": Python's answer.
@case(oracle="python")
def str_replace_empty():
    s = ["abc"]
    return s[0].replace("", "-"), s[0].replace("", "-", 2)


# --- splitting and joining --------------------------------------------------


@case()
def str_split_whitespace():
    s = ["  a b\t c\n d  ", ""]
    return s[0].split(), s[1].split()


# PyTorch ignores maxsplit without a separator.
@case()
def str_split_whitespace_max():
    s = ["a b c"]
    return s[0].split(None, 1)


@case()
def str_split_separator():
    s = ["a,b,,c", ",a,"]
    return (s[0].split(","), s[0].split(",", 1), s[0].split(",,"),
            s[1].split(","), s[0].split(";"), s[0].split(",", 0))


@case()
def str_split_empty_separator():
    s = ["abc"]
    return s[0].split("")


@case()
def str_rsplit():
    s = ["a,b,,c", "a b c"]
    return s[0].rsplit(","), s[0].rsplit(",", 1), s[1].rsplit(), s[1].rsplit(" ", 1)


# PyTorch: every line break byte ends a line ("\r\n" gives an empty line),
# and keepends adds the breaks as items of their own.
@case()
def str_splitlines():
    s = ["a\nb\r\nc\rd", "x\n", ""]
    return s[0].splitlines(), s[0].splitlines(True), s[1].splitlines(), s[2].splitlines()


@case()
def str_join():
    s = ["-", ""]
    return s[0].join(["a", "b", "c"]), s[1].join(["x", "y"]), s[0].join(["z"]), s[0].join([])


@case()
def str_partition():
    s = ["key=value=x", "novalue"]
    return (s[0].partition("="), s[0].rpartition("="), s[1].partition("="),
            s[1].rpartition("="))


# --- case and padding -------------------------------------------------------


@case()
def str_case():
    s = ["Hello World 42", "hELLO wORLD", "hello wORLD 2x"]
    return (s[0].lower(), s[0].upper(), s[1].swapcase(), s[1].capitalize(),
            s[2].title(), s[0].title())


@case()
def str_strip():
    s = ["  hi there \n", "xxhixx", "abcba"]
    return (s[0].strip(), s[0].lstrip(), s[0].rstrip(), s[1].strip("x"),
            s[2].lstrip("ab"), s[2].rstrip("ab"), s[2].strip("abc"))


@case()
def str_padding():
    s = ["abc", "-42"]
    return (s[0].center(8, "*"), s[0].center(7), s[0].center(2),
            s[0].ljust(6, "."), s[0].rjust(5), s[0].ljust(1), s[1].zfill(6),
            s[0].zfill(2))


@case()
def str_padding_bad_fill():
    s = ["abc"]
    return s[0].center(8, "ab")


@case()
def str_expandtabs():
    s = ["a\tbc\td", "\t"]
    return s[0].expandtabs(), s[0].expandtabs(4), s[1].expandtabs(0)


# --- predicates -------------------------------------------------------------


@case()
def str_is_digit_alpha_space():
    s = ["123", "abc", " \t", "ab1", "", "a b"]
    return (s[0].isdigit(), s[1].isdigit(), s[1].isalpha(), s[3].isalpha(),
            s[2].isspace(), s[5].isspace(), s[3].isalnum(), s[5].isalnum(),
            s[4].isdigit(), s[4].isalpha(), s[0].isdecimal(), s[0].isnumeric())


@case()
def str_is_upper_lower_title():
    s = ["ABC1", "abc1", "Abc", "Hello World", "hello World", "123", ""]
    return (s[0].isupper(), s[1].isupper(), s[1].islower(), s[2].islower(),
            s[5].isupper(), s[3].istitle(), s[4].istitle(), s[5].istitle(),
            s[6].islower())


# PyTorch's isidentifier is Python 2's (no underscores).
@case()
def str_is_identifier_printable():
    s = ["abc1", "1abc", "_a", "a1!", "a\tb", ""]
    return (s[0].isidentifier(), s[1].isidentifier(), s[2].isidentifier(),
            s[3].isprintable(), s[4].isprintable(), s[5].isprintable())


# --- more edges -------------------------------------------------------------


# PyTorch: the window is empty, so "" is found at the start index.
@case()
def str_find_start_past_end():
    s = ["abc"]
    return s[0].find("", 5), s[0].find("a", 5), s[0].rfind("c", 2), s[0].find("c", -1)


# PyTorch's std::string::substr throws: Python's answer.
@case(oracle="python")
def str_startswith_start_past_end():
    s = ["abc"]
    return s[0].startswith("", 5), s[0].endswith("c", 4)


# PyTorch: an end before the start selects the rest of the string.
@case()
def str_startswith_end_before_start():
    s = ["abc"]
    return s[0].startswith("c", 2, 1), s[0].endswith("bc", 1, 0)


@case()
def format_without_placeholders():
    s = ["plain", "{x}"]
    return s[0].format(1), "{} {}".format(s[1], [s[0]])


@case()
def str_of_nested_containers():
    e: List[float] = []
    d = {"a": [1.5, 2.0], "b": e}
    v = [1, 2]
    f = [2.5]
    # Tuples of variables: literal tuples become tuple constants, which
    # Kiln's IR parser does not read.
    t = (d, ["x"], (v[0], (f[0], "y")))
    return str(t)


@case()
def percent_format_single_string():
    s = ["<%s>", "x"]
    return s[0] % s[1]


@case()
def percent_format_unsupported():
    s = ["%x"]
    v = [255]
    return s[0] % v[0]


@case()
def percent_format_incomplete():
    s = ["100%"]
    v = [1]
    return s[0] % v[0]


@case()
def str_title_apostrophes():
    s = ["they're bill's friends", "  x"]
    return s[0].title(), s[0].capitalize(), s[1].capitalize()


@case()
def str_padding_narrow():
    s = ["abc", "+5"]
    return s[0].ljust(-1), s[0].rjust(3), s[0].center(4), s[0].center(5, "-"), s[1].zfill(4)


@case()
def str_strip_default_chars():
    s = ["\f\v x \t\n", "\r x \r"]
    return s[0].strip(), s[1].strip(), s[1].lstrip(), s[0].rstrip()


@case()
def str_expandtabs_newline():
    s = ["a\nb\tc"]
    return s[0].expandtabs(4)


@case()
def str_join_single():
    s = [", "]
    return s[0].join(["only"])
