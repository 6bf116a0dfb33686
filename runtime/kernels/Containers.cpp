//===- Containers.cpp - Kernels of list ops -------------------------------===//
//
// len, indexing, slicing, append/insert/pop/remove, sort, +, *, `in`,
// index/count, sum/min/max/any/all of TorchScript lists, as PyTorch 1.13
// implements them (register_prim_ops.cpp, register_ops_utils.cpp). Lists are
// shared and mutable: the in-place ops change the ListImpl every IValue
// naming it sees. Dicts are in Dicts.cpp.
//
// Messages are PyTorch's, prefixed with the Python exception Python would
// raise ("IndexError: list index out of range").
//
//===----------------------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/kernels/ScalarFamily.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <sstream>

namespace kiln {

namespace {

// Lists longer than this are refused rather than allocated.
constexpr int64_t kMaxListItems = int64_t{1} << 26;

std::vector<IValue> &itemsOf(IValue &list) { return list.toList().items; }

size_t checkedIndex(int64_t index, size_t size, const char *message) {
  int64_t n = static_cast<int64_t>(size);
  int64_t i = index < 0 ? index + n : index;
  KILN_USER_CHECK(i >= 0 && i < n, message);
  return static_cast<size_t>(i);
}

//===--- Element comparison -----------------------------------------------===//

// The value of a one-element tensor compared as a list element (PyTorch
// uses bool(a == b) and bool(a < b), which need one element).
Scalar tensorElement(const Tensor &t, const char *op) {
  KILN_USER_CHECK(t.numel() == 1, op,
                  ": Boolean value of Tensor with more than one value is "
                  "ambiguous (shape ",
                  t.shapeString(), ")");
  return t.item();
}

bool tensorsEqual(const Tensor &a, const Tensor &b, const char *op) {
  Scalar x = tensorElement(a, op), y = tensorElement(b, op);
  if (x.isFloat() || y.isFloat())
    return x.toDouble() == y.toDouble();
  return x.toInt() == y.toInt();
}

bool tensorLess(const Tensor &a, const Tensor &b, const char *op) {
  Scalar x = tensorElement(a, op), y = tensorElement(b, op);
  if (x.isFloat() || y.isFloat())
    return x.toDouble() < y.toDouble();
  return x.toInt() < y.toInt();
}

// `a == b` of two list elements: tensors by value (one element each), the
// rest as Python compares them.
bool elementsEqual(const IValue &a, const IValue &b, const char *op) {
  if (a.isTensor() && b.isTensor())
    return tensorsEqual(a.toTensor(), b.toTensor(), op);
  return a.equals(b);
}

int64_t findElement(IValue &list, const IValue &el, const char *op) {
  const auto &items = itemsOf(list);
  for (size_t i = 0; i < items.size(); ++i)
    if (elementsEqual(items[i], el, op))
      return static_cast<int64_t>(i);
  return -1;
}

// How PyTorch prints the element in "'x' is not in list": C++'s ostream for
// numbers (bools as 1 and 0, floats with 6 digits), strings as they are.
std::string elementText(const IValue &el) {
  std::ostringstream os;
  if (el.isBool())
    os << (el.toBool() ? 1 : 0);
  else if (el.isInt())
    os << el.toInt();
  else if (el.isDouble())
    os << el.toDouble();
  else
    os << torchStr(el);
  return os.str();
}

//===--- Reading ----------------------------------------------------------===//

IValue getItem(IValue &list, int64_t index) {
  auto &items = itemsOf(list);
  return items[checkedIndex(index, items.size(),
                            "IndexError: list index out of range")];
}

int64_t length(IValue &list) {
  return static_cast<int64_t>(itemsOf(list).size());
}

IValue slice(IValue &list, std::optional<int64_t> start,
             std::optional<int64_t> end, int64_t step) {
  const auto &items = itemsOf(list);
  SliceRange r =
      sliceRange(static_cast<int64_t>(items.size()), start, end, step);
  std::vector<IValue> out;
  out.reserve(static_cast<size_t>(r.count));
  for (int64_t k = 0; k < r.count; ++k)
    out.push_back(items[static_cast<size_t>(r.first + k * r.step)]);
  return IValue::list(std::move(out));
}

IValue copy(IValue &list) { return IValue::list(itemsOf(list)); }

IValue concat(IValue &a, IValue &b) {
  std::vector<IValue> out = itemsOf(a);
  const auto &more = itemsOf(b);
  out.insert(out.end(), more.begin(), more.end());
  return IValue::list(std::move(out));
}

std::vector<IValue> repeated(const std::vector<IValue> &items, int64_t n) {
  std::vector<IValue> out;
  if (n <= 0 || items.empty())
    return out;
  KILN_USER_CHECK(n <= kMaxListItems / static_cast<int64_t>(items.size()),
                  "aten::mul: a list of ", items.size(), " items repeated ", n,
                  " times is too large");
  out.reserve(items.size() * static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    out.insert(out.end(), items.begin(), items.end());
  return out;
}

bool contains(IValue &list, IValue &el) {
  return findElement(list, el, "aten::__contains__") >= 0;
}

template <const char *Op> int64_t indexOf(IValue &list, IValue &el) {
  int64_t i = findElement(list, el, Op);
  KILN_USER_CHECK(i >= 0, "ValueError: '", elementText(el), "' is not in list");
  return i;
}

template <const char *Op> int64_t countOf(IValue &list, IValue &el) {
  int64_t n = 0;
  for (const IValue &item : itemsOf(list))
    n += elementsEqual(item, el, Op);
  return n;
}

// `l == r` compares elements as `a is b or a == b`, and in PyTorch a float
// `is` any float with the same bits: [nan] == [nan] is True.
template <const char *Op> bool listsEqual(IValue &a, IValue &b) {
  const auto &x = itemsOf(a), &y = itemsOf(b);
  if (x.size() != y.size())
    return false;
  for (size_t i = 0; i < x.size(); ++i) {
    bool sameFloat = x[i].isDouble() && y[i].isDouble() &&
                     std::bit_cast<uint64_t>(x[i].toDouble()) ==
                         std::bit_cast<uint64_t>(y[i].toDouble());
    if (!sameFloat && !elementsEqual(x[i], y[i], Op))
      return false;
  }
  return true;
}

//===--- Mutating ---------------------------------------------------------===//

IValue setItem(IValue &list, int64_t index, IValue &el) {
  auto &items = itemsOf(list);
  items[checkedIndex(index, items.size(),
                     "IndexError: list index out of range")] = el;
  return list;
}

IValue append(IValue &list, IValue &el) {
  auto &items = itemsOf(list);
  KILN_USER_CHECK(static_cast<int64_t>(items.size()) < kMaxListItems,
                  "aten::append: the list has too many items");
  items.push_back(el);
  return list;
}

void extend(IValue &list, IValue &other) {
  std::vector<IValue> more = itemsOf(other); // a copy: l.extend(l)
  auto &items = itemsOf(list);
  KILN_USER_CHECK(items.size() + more.size() <=
                      static_cast<size_t>(kMaxListItems),
                  "aten::extend: the list would have too many items");
  items.insert(items.end(), more.begin(), more.end());
}

// PyTorch's insert: an index past either end inserts at that end.
void insert(IValue &list, int64_t index, IValue &el) {
  auto &items = itemsOf(list);
  int64_t n = static_cast<int64_t>(items.size());
  int64_t i = index < 0 ? index + n : index;
  i = std::clamp<int64_t>(i, 0, n);
  items.insert(items.begin() + i, el);
}

IValue pop(IValue &list, int64_t index) {
  auto &items = itemsOf(list);
  KILN_USER_CHECK(!items.empty(), "IndexError: pop from empty list");
  size_t i =
      checkedIndex(index, items.size(), "IndexError: list index out of range");
  IValue el = std::move(items[i]);
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
  return el;
}

// del l[i]
void erase(IValue &list, int64_t index) {
  auto &items = itemsOf(list);
  KILN_USER_CHECK(!items.empty(), "IndexError: pop index out of range");
  size_t i =
      checkedIndex(index, items.size(), "IndexError: list index out of range");
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
}

template <const char *Op> void remove(IValue &list, IValue &el) {
  int64_t i = findElement(list, el, Op);
  KILN_USER_CHECK(i >= 0, "ValueError: list.remove(x): x not in list");
  auto &items = itemsOf(list);
  items.erase(items.begin() + i);
}

IValue addInPlace(IValue &list, IValue &other) {
  extend(list, other);
  return list;
}

IValue repeatInPlace(IValue &list, int64_t n) {
  auto &items = itemsOf(list);
  items = repeated(items, n);
  return list;
}

//===--- Sorting ----------------------------------------------------------===//

// Stable, as Python's sort (equal floats such as 0.0 and -0.0 keep their
// order), and safe with NaN, which breaks strict weak ordering.
template <typename Less> void sortItems(IValue &list, bool reverse, Less less) {
  auto &items = itemsOf(list);
  if (reverse)
    std::stable_sort(
        items.begin(), items.end(),
        [&](const IValue &a, const IValue &b) { return less(b, a); });
  else
    std::stable_sort(items.begin(), items.end(), less);
}

void sortValues(IValue &list, bool reverse) {
  sortItems(list, reverse, [](const IValue &a, const IValue &b) {
    return pythonLess(a, b, "aten::sort");
  });
}

void sortTensors(IValue &list, bool reverse) {
  sortItems(list, reverse, [](const IValue &a, const IValue &b) {
    return tensorLess(a.toTensor(), b.toTensor(), "aten::sort");
  });
}

IValue sortedValues(IValue &list) {
  IValue out = copy(list);
  sortValues(out, false);
  return out;
}

IValue sortedTensors(IValue &list) {
  IValue out = copy(list);
  sortTensors(out, false);
  return out;
}

//===--- Reductions -------------------------------------------------------===//

// PyTorch 1.13 accumulates sum(List[int]) in a C++ `int`: each partial sum
// is truncated to 32 bits (sum([2**31, 5]) is -2147483643). Kiln does the
// same so that its results are PyTorch's.
int64_t sumInts(const std::vector<int64_t> &v) {
  int32_t sum = 0;
  for (int64_t x : v)
    sum = static_cast<int32_t>(
        static_cast<uint32_t>(static_cast<uint64_t>(static_cast<int64_t>(sum)) +
                              static_cast<uint64_t>(x)));
  return sum;
}

double sumFloats(const std::vector<double> &v) {
  double sum = 0;
  for (double x : v)
    sum += x;
  return sum;
}

int64_t sumBools(const std::vector<bool> &v) {
  return std::count(v.begin(), v.end(), true);
}

// min(l) / max(l) of a list of numbers.
template <bool Max> IValue extremum(IValue &list) {
  const auto &items = itemsOf(list);
  KILN_USER_CHECK(!items.empty(), "ValueError: ", Max ? "max" : "min",
                  "() arg is an empty sequence");
  IValue best = items[0];
  for (size_t i = 1; i < items.size(); ++i) {
    bool better = Max ? pythonLess(best, items[i], "aten::max")
                      : pythonLess(items[i], best, "aten::min");
    if (better)
      best = items[i];
  }
  return best;
}

// min(l, r) / max(l, r) of two lists: lexicographic, as PyTorch compares
// them (for equal lists, the second).
template <bool Max> IValue extremeList(IValue &l, IValue &r) {
  const auto &a = itemsOf(l), &b = itemsOf(r);
  size_t common = std::min(a.size(), b.size());
  for (size_t i = 0; i < common; ++i) {
    if (a[i].equals(b[i]))
      continue;
    bool rWins = Max ? pythonLess(a[i], b[i], "prim::max")
                     : pythonLess(b[i], a[i], "prim::min");
    return rWins ? r : l;
  }
  if (Max)
    return a.size() > b.size() ? l : r;
  return a.size() < b.size() ? l : r;
}

bool anyTrue(IValue &list) {
  for (const IValue &v : itemsOf(list))
    if (v.isString() ? !v.toStringRef().empty() : v.toDouble() != 0)
      return true;
  return false;
}

bool allTrue(IValue &list) {
  for (const IValue &v : itemsOf(list))
    if (v.toDouble() == 0)
      return false;
  return true;
}

// Names of ops in messages, as template arguments.
constexpr char kIndex[] = "aten::index";
constexpr char kCount[] = "aten::count";
constexpr char kRemove[] = "aten::remove";
constexpr char kEq[] = "aten::eq";

} // namespace

SliceRange sliceRange(int64_t size, std::optional<int64_t> start,
                      std::optional<int64_t> end, int64_t step) {
  KILN_USER_CHECK(step != 0,
                  "ValueError: List slice should have non-zero step");
  auto clamp = [&](std::optional<int64_t> v, int64_t dflt) {
    if (!v)
      return dflt;
    int64_t x = *v;
    if (x < 0)
      x = std::max<int64_t>(x + size, step < 0 ? -1 : 0);
    else if (x >= size)
      x = step < 0 ? size - 1 : size;
    return x;
  };
  int64_t lo = clamp(start, step < 0 ? size - 1 : 0);
  int64_t hi = clamp(end, step < 0 ? -1 : size);
  // In uint64: -step overflows for INT64_MIN.
  uint64_t stride = step > 0 ? static_cast<uint64_t>(step)
                             : uint64_t{0} - static_cast<uint64_t>(step);
  int64_t count = 0;
  if (step > 0 && lo < hi)
    count =
        static_cast<int64_t>(static_cast<uint64_t>(hi - lo - 1) / stride) + 1;
  else if (step < 0 && lo > hi)
    count =
        static_cast<int64_t>(static_cast<uint64_t>(lo - hi - 1) / stride) + 1;
  return {lo, step, count};
}

bool pythonLess(const IValue &a, const IValue &b, const char *op) {
  if (a.isScalar() && b.isScalar()) {
    if (a.isDouble() || b.isDouble())
      return a.toDouble() < b.toDouble();
    return a.toInt() < b.toInt();
  }
  if (a.isString() && b.isString())
    return a.toStringRef() < b.toStringRef();
  if (a.isTensor() && b.isTensor())
    return tensorLess(a.toTensor(), b.toTensor(), op);
  if ((a.isTuple() && b.isTuple()) || (a.isList() && b.isList())) {
    const auto &x = a.isTuple() ? a.toTupleItems() : a.toList().items;
    const auto &y = b.isTuple() ? b.toTupleItems() : b.toList().items;
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (x[i].equals(y[i]))
        continue;
      return pythonLess(x[i], y[i], op);
    }
    return x.size() < y.size();
  }
  KILN_USER_CHECK(false, op, ": cannot compare a ", a.typeName(), " with a ",
                  b.typeName());
  return false;
}

void registerContainerKernels(KernelTable &t) {
  bind<length>(t, OpId::aten_len_t);
  bind<length>(t, OpId::aten_len_any);
  bind<getItem>(t, OpId::aten___getitem___t);
  bind<getItem>(t, OpId::aten_select_t);
  bind<slice>(t, OpId::aten_slice_t);
  bind<copy>(t, OpId::aten_copy_t);
  bind<copy>(t, OpId::aten_list_t);
  bind<concat>(t, OpId::aten_add_t);
  bind<[](IValue &l, int64_t n) {
    return IValue::list(repeated(itemsOf(l), n));
  }>(t, OpId::aten_mul_left_t);
  bind<[](int64_t n, IValue &l) {
    return IValue::list(repeated(itemsOf(l), n));
  }>(t, OpId::aten_mul_right_);

  bind<setItem>(t, OpId::aten__set_item_t);
  bind<append>(t, OpId::aten_append_t);
  bind<extend>(t, OpId::aten_extend_t);
  bind<insert>(t, OpId::aten_insert_t);
  bind<pop>(t, OpId::aten_pop_t);
  bind<erase>(t, OpId::aten_Delete_t);
  bind<[](IValue &l) { itemsOf(l).clear(); }>(t, OpId::aten_clear_t);
  bind<[](IValue &l) {
    auto &items = itemsOf(l);
    std::reverse(items.begin(), items.end());
  }>(t, OpId::aten_reverse_t);
  bind<addInPlace>(t, OpId::aten_add__t);
  bind<repeatInPlace>(t, OpId::aten_mul__t);

  for (OpId op :
       {OpId::aten_remove_int, OpId::aten_remove_float, OpId::aten_remove_bool,
        OpId::aten_remove_str, OpId::aten_remove_Tensor})
    bind<remove<kRemove>>(t, op);
  for (OpId op : {OpId::aten_index_list_int, OpId::aten_index_list_float,
                  OpId::aten_index_list_bool, OpId::aten_index_list_str,
                  OpId::aten_index_list_Tensor})
    bind<indexOf<kIndex>>(t, op);
  for (OpId op :
       {OpId::aten_count_int, OpId::aten_count_float, OpId::aten_count_bool,
        OpId::aten_count_str, OpId::aten_count_Tensor})
    bind<countOf<kCount>>(t, op);
  for (OpId op :
       {OpId::aten___contains___int_list, OpId::aten___contains___float_list,
        OpId::aten___contains___str_list})
    bind<contains>(t, op);
  for (OpId op : {OpId::aten_eq_int_list, OpId::aten_eq_float_list,
                  OpId::aten_eq_bool_list, OpId::aten_eq_str_list,
                  OpId::aten_eq_Tensor_list})
    bind<listsEqual<kEq>>(t, op);
  for (OpId op : {OpId::aten_ne_int_list, OpId::aten_ne_float_list,
                  OpId::aten_ne_bool_list, OpId::aten_ne_str_list,
                  OpId::aten_ne_Tensor_list})
    bind<[](IValue &a, IValue &b) { return !listsEqual<kEq>(a, b); }>(t, op);

  for (OpId op :
       {OpId::aten_sort_int, OpId::aten_sort_float, OpId::aten_sort_bool,
        OpId::aten_sort_str, OpId::aten_sort_any})
    bind<sortValues>(t, op);
  bind<sortTensors>(t, OpId::aten_sort_Tensor);
  for (OpId op :
       {OpId::aten_sorted_int, OpId::aten_sorted_float, OpId::aten_sorted_bool,
        OpId::aten_sorted_str, OpId::aten_sorted_any})
    bind<sortedValues>(t, op);
  bind<sortedTensors>(t, OpId::aten_sorted_Tensor);

  bind<sumInts>(t, OpId::aten_sum_int);
  bind<sumFloats>(t, OpId::aten_sum_float);
  bind<sumBools>(t, OpId::aten_sum_bool);
  for (OpId op : {OpId::aten_any_int, OpId::aten_any_float, OpId::aten_any_bool,
                  OpId::aten_any_str})
    bind<anyTrue>(t, op);
  for (OpId op :
       {OpId::aten_all_int, OpId::aten_all_float, OpId::aten_all_bool})
    bind<allTrue>(t, op);
  for (OpId op : {OpId::prim_min_self_int, OpId::prim_min_self_float,
                  OpId::prim_min_self_bool})
    bind<extremum<false>>(t, op);
  for (OpId op : {OpId::prim_max_self_int, OpId::prim_max_self_float,
                  OpId::prim_max_self_bool})
    bind<extremum<true>>(t, op);
  for (OpId op : {OpId::prim_min_int_list, OpId::prim_min_float_list,
                  OpId::prim_min_bool_list})
    bind<extremeList<false>>(t, op);
  for (OpId op : {OpId::prim_max_int_list, OpId::prim_max_float_list,
                  OpId::prim_max_bool_list})
    bind<extremeList<true>>(t, op);

  registerDictKernels(t);
}

} // namespace kiln
