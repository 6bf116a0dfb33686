//===- Strings.cpp - Kernels of str methods and operators -----------------===//
//
// len, indexing, slicing, +, comparisons and the str methods, as PyTorch 1.13
// implements them (register_prim_ops.cpp); str(), format and % are in
// Formatting.cpp.
// TorchScript strings are byte strings: len() counts bytes, indexing and the
// case and is*() methods work on ASCII bytes, as in PyTorch. Where PyTorch
// would loop forever or read out of bounds (an empty search string in
// count/replace/rsplit, an index past the end) Kiln follows Python.
//
//===----------------------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/ScalarFamily.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <tuple>

namespace kiln {

namespace {

// Strings longer than this are refused rather than allocated.
constexpr int64_t kMaxStringBytes = int64_t{1} << 30;

void checkStringSize(const char *op, int64_t bytes) {
  KILN_USER_CHECK(bytes <= kMaxStringBytes, op, ": a string of ", bytes,
                  " bytes is too large");
}

// <cctype> on a char is undefined for negative values: go through unsigned.
bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }
bool isAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)); }
bool isAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)); }
bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)); }
bool isUpper(char c) { return std::isupper(static_cast<unsigned char>(c)); }
bool isLower(char c) { return std::islower(static_cast<unsigned char>(c)); }
bool isPunct(char c) { return std::ispunct(static_cast<unsigned char>(c)); }
char toUpper(char c) {
  return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}
char toLower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

//===--- Indexing and slicing ---------------------------------------------===//

std::string charAt(const std::string &s, int64_t index) {
  int64_t n = static_cast<int64_t>(s.size());
  int64_t i = index < 0 ? index + n : index;
  KILN_USER_CHECK(i >= 0 && i < n, "IndexError: string index out of range");
  return std::string(1, s[static_cast<size_t>(i)]);
}

std::string sliceString(const std::string &s, std::optional<int64_t> start,
                        std::optional<int64_t> end, int64_t step) {
  SliceRange r = sliceRange(static_cast<int64_t>(s.size()), start, end, step);
  std::string out;
  out.reserve(static_cast<size_t>(r.count));
  for (int64_t k = 0; k < r.count; ++k)
    out += s[static_cast<size_t>(r.first + k * r.step)];
  return out;
}

//===--- Searching --------------------------------------------------------===//

// PyTorch's bounds of a search: a negative start counts from the end;
// end=-1 (the default) is the end of the string, and a negative end counts
// from one past the end. Where PyTorch's std::string::substr would throw (a
// start past the end), Kiln answers as Python does.
void normalizeBounds(int64_t n, int64_t &start, int64_t &end) {
  if (start < 0)
    start = std::max<int64_t>(0, n + start);
  if (end < 0)
    end = std::max<int64_t>(0, n + end + 1);
}

int64_t findImpl(const std::string &s, const std::string &sub, int64_t start,
                 int64_t end, bool reverse) {
  int64_t n = static_cast<int64_t>(s.size());
  normalizeBounds(n, start, end);
  std::string_view window;
  if (end > start) {
    if (start > n)
      return -1;
    window = std::string_view(s).substr(static_cast<size_t>(start),
                                        static_cast<size_t>(end - start));
  }
  if (window.size() < sub.size())
    return -1;
  size_t pos = reverse ? window.rfind(sub) : window.find(sub);
  return pos == std::string_view::npos ? -1 : static_cast<int64_t>(pos) + start;
}

int64_t indexImpl(const std::string &s, const std::string &sub, int64_t start,
                  int64_t end, bool reverse) {
  int64_t pos = findImpl(s, sub, start, end, reverse);
  KILN_USER_CHECK(pos >= 0, "ValueError: substring not found");
  return pos;
}

int64_t count(const std::string &s, const std::string &sub, int64_t start,
              int64_t end) {
  int64_t n = static_cast<int64_t>(s.size());
  if (start > n)
    return 0;
  normalizeBounds(n, start, end);
  end = std::min(end, n);
  if (sub.empty()) // PyTorch loops forever; Python counts every position
    return end >= start ? end - start + 1 : 0;
  int64_t occurrences = 0;
  size_t pos = static_cast<size_t>(start);
  // PyTorch counts the occurrences that start before `end`.
  while ((pos = s.find(sub, pos)) != std::string::npos &&
         pos < static_cast<size_t>(end)) {
    ++occurrences;
    pos += sub.size();
  }
  return occurrences;
}

bool startsOrEndsWith(const std::string &s, const std::string &sub,
                      int64_t start, int64_t end, bool atEnd) {
  int64_t n = static_cast<int64_t>(s.size());
  normalizeBounds(n, start, end);
  if (start > n)
    return false;
  // An end before the start selects the rest of the string, as in PyTorch.
  std::string_view window = std::string_view(s).substr(
      static_cast<size_t>(start), static_cast<size_t>(end - start));
  return atEnd ? window.ends_with(sub) : window.starts_with(sub);
}

std::string replace(std::string s, const std::string &old,
                    const std::string &replacement, int64_t max) {
  std::string out;
  int64_t done = 0;
  if (old.empty()) { // Python: insert before each byte and at the end
    for (size_t i = 0; i <= s.size(); ++i) {
      if (max < 0 || done < max) {
        out += replacement;
        ++done;
      }
      if (i < s.size())
        out += s[i];
      checkStringSize("aten::replace", static_cast<int64_t>(out.size()));
    }
    return out;
  }
  size_t pos = 0;
  while (max < 0 || done < max) {
    size_t next = s.find(old, pos);
    if (next == std::string::npos)
      break;
    out.append(s, pos, next - pos);
    out += replacement;
    checkStringSize("aten::replace", static_cast<int64_t>(out.size()));
    pos = next + old.size();
    ++done;
  }
  out.append(s, pos, std::string::npos);
  return out;
}

//===--- Splitting and joining --------------------------------------------===//

// PyTorch's whitespace for split() (ASCII; PyTorch also splits at the bytes
// of U+0085, U+2028 and U+2029, which breaks UTF-8 text; Kiln does not).
constexpr const char *kSplitWhitespace = " \t\n\r\v\f\x1c\x1d\x1e";

// s.split(): runs of whitespace separate; no empty strings. PyTorch ignores
// maxsplit here.
std::vector<std::string> splitWhitespace(const std::string &s) {
  std::vector<std::string> out;
  size_t prev = 0, pos = 0;
  while ((pos = s.find_first_of(kSplitWhitespace, pos)) != std::string::npos) {
    if (pos > prev)
      out.push_back(s.substr(prev, pos - prev));
    prev = ++pos;
  }
  if (prev != s.size())
    out.push_back(s.substr(prev));
  return out;
}

std::vector<std::string>
split(const std::string &s, std::optional<std::string> separator, int64_t max) {
  if (!separator)
    return splitWhitespace(s);
  const std::string &sep = *separator;
  KILN_USER_CHECK(!sep.empty(), "ValueError: empty separator");
  std::vector<std::string> out;
  size_t prev = 0, pos = 0;
  int64_t splits = 0;
  while ((max < 0 || splits < max) &&
         (pos = s.find(sep, prev)) != std::string::npos) {
    out.push_back(s.substr(prev, pos - prev));
    prev = pos + sep.size();
    ++splits;
  }
  out.push_back(s.substr(prev));
  return out;
}

std::vector<std::string> rsplit(const std::string &s, const std::string &sep,
                                int64_t max) {
  KILN_USER_CHECK(!sep.empty(), "ValueError: empty separator");
  std::vector<std::string> out;
  size_t end = s.size();
  int64_t splits = 0;
  while (max < 0 || splits < max) {
    if (end < sep.size())
      break;
    size_t pos = s.rfind(sep, end - sep.size());
    if (pos == std::string::npos)
      break;
    out.push_back(s.substr(pos + sep.size(), end - pos - sep.size()));
    end = pos;
    ++splits;
  }
  out.push_back(s.substr(0, end));
  std::reverse(out.begin(), out.end());
  return out;
}

// PyTorch's splitlines: every line-break byte ends a line (so "\r\n" gives an
// empty line between), and keepends appends each break as its own item.
std::vector<std::string> splitlines(const std::string &s, bool keepends) {
  constexpr const char *kBreaks = "\n\r\v\f\x1c\x1d\x1e";
  std::vector<std::string> out;
  size_t prev = 0, pos = 0;
  while ((pos = s.find_first_of(kBreaks, pos)) != std::string::npos) {
    out.push_back(s.substr(prev, pos - prev));
    if (keepends)
      out.push_back(s.substr(pos, 1));
    prev = ++pos;
  }
  if (prev != s.size())
    out.push_back(s.substr(prev));
  return out;
}

std::string join(const std::string &sep, const std::vector<std::string> &v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i)
      out += sep;
    out += v[i];
    checkStringSize("aten::join", static_cast<int64_t>(out.size()));
  }
  return out;
}

std::tuple<std::string, std::string, std::string>
partition(const std::string &s, const std::string &sep, bool fromEnd) {
  size_t pos = fromEnd ? s.rfind(sep) : s.find(sep);
  if (pos == std::string::npos)
    return fromEnd ? std::make_tuple(std::string(), std::string(), s)
                   : std::make_tuple(s, std::string(), std::string());
  return {s.substr(0, pos), sep, s.substr(pos + sep.size())};
}

//===--- Case, padding, stripping -----------------------------------------===//

template <char (*F)(char)> std::string mapChars(const std::string &s) {
  std::string out = s;
  for (char &c : out)
    c = F(c);
  return out;
}

char swapCase(char c) { return isUpper(c) ? toLower(c) : toUpper(c); }

std::string capitalize(const std::string &s) {
  std::string out = mapChars<toLower>(s);
  if (!out.empty())
    out[0] = toUpper(s[0]);
  return out;
}

std::string title(const std::string &s) {
  std::string out = s;
  bool previousIsAlpha = false;
  for (char &c : out) {
    c = previousIsAlpha ? toLower(c) : toUpper(c);
    previousIsAlpha = isAlpha(c);
  }
  return out;
}

char fillChar(const char *op, const std::string &fill) {
  KILN_USER_CHECK(fill.size() == 1, op,
                  ": TypeError: The fill character must be exactly one "
                  "character long");
  return fill[0];
}

std::string pad(const char *op, const std::string &s, char fill, int64_t left,
                int64_t right) {
  checkStringSize(op, static_cast<int64_t>(s.size()) + left + right);
  return std::string(static_cast<size_t>(left), fill) + s +
         std::string(static_cast<size_t>(right), fill);
}

std::string center(const std::string &s, int64_t width,
                   const std::string &fill) {
  char c = fillChar("aten::center", fill);
  int64_t n = static_cast<int64_t>(s.size());
  if (n >= width)
    return s;
  int64_t padding = width - n;
  int64_t left = padding / 2, right = (padding + 1) / 2;
  if (width % 2) // PyTorch puts the odd padding byte on the left then
    std::swap(left, right);
  return pad("aten::center", s, c, left, right);
}

std::string ljust(const std::string &s, int64_t width,
                  const std::string &fill) {
  char c = fillChar("aten::ljust", fill);
  int64_t extra = std::max<int64_t>(0, width - static_cast<int64_t>(s.size()));
  return pad("aten::ljust", s, c, 0, extra);
}

std::string rjust(const std::string &s, int64_t width,
                  const std::string &fill) {
  char c = fillChar("aten::rjust", fill);
  int64_t extra = std::max<int64_t>(0, width - static_cast<int64_t>(s.size()));
  return pad("aten::rjust", s, c, extra, 0);
}

// PyTorch pads with zeros on the left, ignoring a sign.
std::string zfill(const std::string &s, int64_t width) {
  int64_t extra = std::max<int64_t>(0, width - static_cast<int64_t>(s.size()));
  return pad("aten::zfill", s, '0', extra, 0);
}

std::string expandtabs(const std::string &s, int64_t tabsize) {
  std::string out;
  size_t column = 0;
  for (char c : s) {
    if (c != '\t') {
      out += c;
      ++column;
      continue;
    }
    if (tabsize <= 0)
      continue;
    checkStringSize("aten::expandtabs",
                    static_cast<int64_t>(out.size()) + tabsize);
    do {
      out += ' ';
      ++column;
    } while (column % static_cast<size_t>(tabsize));
  }
  return out;
}

std::string strip(const std::string &s, const std::string &chars, bool left,
                  bool right) {
  size_t begin = 0, end = s.size();
  if (left) {
    size_t first = s.find_first_not_of(chars);
    begin = first == std::string::npos ? s.size() : first;
  }
  if (right) {
    size_t last = s.find_last_not_of(chars);
    end = last == std::string::npos ? 0 : last + 1;
  }
  return begin < end ? s.substr(begin, end - begin) : std::string();
}

//===--- Predicates -------------------------------------------------------===//

template <bool (*F)(char)> bool allChars(const std::string &s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), F);
}

// isupper/islower: at least one cased byte, and no byte of the other case.
template <bool (*Cased)(char), bool (*Other)(char)>
bool allCased(const std::string &s) {
  bool found = false;
  for (char c : s) {
    if (Other(c))
      return false;
    found |= Cased(c);
  }
  return found;
}

bool isTitle(const std::string &s) {
  bool result = false, previousIsAlpha = false;
  for (char c : s) {
    if (previousIsAlpha ? isUpper(c) : isLower(c))
      return false;
    result |= !previousIsAlpha && isAlpha(c);
    previousIsAlpha = isAlpha(c);
  }
  return result;
}

// PyTorch's (Python 2's) isidentifier: no underscore allowed.
bool isIdentifier(const std::string &s) {
  return !s.empty() && !isDigit(s[0]) &&
         std::all_of(s.begin(), s.end(), isAlnum);
}

bool isPrintable(const std::string &s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return isAlnum(c) || isPunct(c) || c == ' ';
  });
}

std::vector<std::string> characters(const std::string &s) {
  std::vector<std::string> out;
  out.reserve(s.size());
  for (char c : s)
    out.emplace_back(1, c);
  return out;
}

} // namespace

void registerStringKernels(KernelTable &t) {
  // Comparisons: bytewise, which is code point order for UTF-8.
  bind<[](const std::string &a, const std::string &b) { return a == b; }>(
      t, OpId::aten_eq_str);
  bind<[](const std::string &a, const std::string &b) { return a != b; }>(
      t, OpId::aten_ne_str);
  bind<[](const std::string &a, const std::string &b) { return a < b; }>(
      t, OpId::aten_lt_str);
  bind<[](const std::string &a, const std::string &b) { return a <= b; }>(
      t, OpId::aten_le_str);
  bind<[](const std::string &a, const std::string &b) { return (a > b); }>(
      t, OpId::aten_gt_str);
  bind<[](const std::string &a, const std::string &b) { return (a >= b); }>(
      t, OpId::aten_ge_str);

  bind<[](const std::string &a, const std::string &b) {
    checkStringSize("aten::add", static_cast<int64_t>(a.size() + b.size()));
    return a + b;
  }>(t, OpId::aten_add_str);
  bind<[](const std::string &s) { return static_cast<int64_t>(s.size()); }>(
      t, OpId::aten_len_str);
  bind<charAt>(t, OpId::aten___getitem___str);
  bind<sliceString>(t, OpId::aten_slice_str);
  bind<characters>(t, OpId::aten_list);

  bind<[](const std::string &s, const std::string &sub, int64_t start,
          int64_t end) { return findImpl(s, sub, start, end, false); }>(
      t, OpId::aten_find);
  bind<[](const std::string &s, const std::string &sub, int64_t start,
          int64_t end) { return findImpl(s, sub, start, end, true); }>(
      t, OpId::aten_rfind);
  bind<[](const std::string &s, const std::string &sub, int64_t start,
          int64_t end) { return indexImpl(s, sub, start, end, false); }>(
      t, OpId::aten_index_str);
  bind<[](const std::string &s, const std::string &sub, int64_t start,
          int64_t end) { return indexImpl(s, sub, start, end, true); }>(
      t, OpId::aten_rindex);
  bind<count>(t, OpId::aten_count);
  bind<[](const std::string &s, const std::string &sub, int64_t start,
          int64_t end) { return startsOrEndsWith(s, sub, start, end, false); }>(
      t, OpId::aten_startswith);
  bind<[](const std::string &s, const std::string &sub, int64_t start,
          int64_t end) { return startsOrEndsWith(s, sub, start, end, true); }>(
      t, OpId::aten_endswith);
  bind<replace>(t, OpId::aten_replace);

  bind<split>(t, OpId::aten_split_str);
  bind<rsplit>(t, OpId::aten_rsplit);
  bind<splitlines>(t, OpId::aten_splitlines);
  bind<join>(t, OpId::aten_join);
  bind<[](const std::string &s, const std::string &sep) {
    return partition(s, sep, false);
  }>(t, OpId::aten_partition);
  bind<[](const std::string &s, const std::string &sep) {
    return partition(s, sep, true);
  }>(t, OpId::aten_rpartition);

  bind<mapChars<toLower>>(t, OpId::aten_lower);
  bind<mapChars<toUpper>>(t, OpId::aten_upper);
  bind<mapChars<swapCase>>(t, OpId::aten_swapcase);
  bind<capitalize>(t, OpId::aten_capitalize);
  bind<title>(t, OpId::aten_title);
  bind<center>(t, OpId::aten_center);
  bind<ljust>(t, OpId::aten_ljust);
  bind<rjust>(t, OpId::aten_rjust);
  bind<zfill>(t, OpId::aten_zfill);
  bind<expandtabs>(t, OpId::aten_expandtabs);
  bind<[](const std::string &s, const std::string &chars) {
    return strip(s, chars, true, true);
  }>(t, OpId::aten_strip);
  bind<[](const std::string &s, const std::string &chars) {
    return strip(s, chars, true, false);
  }>(t, OpId::aten_lstrip);
  bind<[](const std::string &s, const std::string &chars) {
    return strip(s, chars, false, true);
  }>(t, OpId::aten_rstrip);

  bind<allChars<isDigit>>(t, OpId::aten_isdigit);
  bind<allChars<isDigit>>(t, OpId::aten_isdecimal);
  bind<allChars<isDigit>>(t, OpId::aten_isnumeric);
  bind<allChars<isAlpha>>(t, OpId::aten_isalpha);
  bind<allChars<isAlnum>>(t, OpId::aten_isalnum);
  bind<allChars<isSpace>>(t, OpId::aten_isspace);
  bind<allCased<isUpper, isLower>>(t, OpId::aten_isupper);
  bind<allCased<isLower, isUpper>>(t, OpId::aten_islower);
  bind<isTitle>(t, OpId::aten_istitle);
  bind<isIdentifier>(t, OpId::aten_isidentifier);
  bind<isPrintable>(t, OpId::aten_isprintable);
}

} // namespace kiln
