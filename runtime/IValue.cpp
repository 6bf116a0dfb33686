//===- IValue.cpp ---------------------------------------------------------===//
#include "runtime/IValue.h"

#include "runtime/tensor/Print.h"
#include "support/Error.h"
#include "support/StringUtil.h"

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace kiln {

//===--- Containers -------------------------------------------------------===//

ListImpl::ListImpl(std::vector<IValue> v) : items(std::move(v)) {}
TupleImpl::TupleImpl(std::vector<IValue> v) : items(std::move(v)) {}
ListImpl::~ListImpl() = default;
TupleImpl::~TupleImpl() = default;
DictImpl::~DictImpl() = default;
ObjectImpl::~ObjectImpl() = default;
size_t DictImpl::size() const { return entries_.size(); }
ObjectImpl::ObjectImpl(Ref<ClassInfo> c, size_t n)
    : cls(std::move(c)), slots(n) {}

int64_t ClassInfo::slotOf(std::string_view attribute) const {
  for (size_t i = 0; i < attributes.size(); ++i)
    if (attributes[i] == attribute)
      return static_cast<int64_t>(i);
  return -1;
}

size_t ClassInfo::addAttribute(std::string_view attribute) {
  int64_t slot = slotOf(attribute);
  if (slot >= 0)
    return static_cast<size_t>(slot);
  attributes.emplace_back(attribute);
  return attributes.size() - 1;
}

namespace {
// A string that identifies a dict key's value (keys of one dict share a
// type, as TorchScript's Dict[K, V] requires).
std::string keyOf(const IValue &key) {
  switch (key.tag()) {
  case IValue::Tag::String:
    return "s" + key.toStringRef();
  case IValue::Tag::Int:
    return "i" + std::to_string(key.toInt());
  case IValue::Tag::Bool:
    return key.toBool() ? "b1" : "b0";
  case IValue::Tag::Double: {
    double d = key.toDouble();
    if (d == 0)
      d = 0; // -0.0 and 0.0 are one key, as in Python
    return "f" + std::to_string(std::bit_cast<uint64_t>(d));
  }
  case IValue::Tag::Tensor:
    return "t" +
           std::to_string(reinterpret_cast<uintptr_t>(key.toTensor().impl()));
  default:
    throw UserError(
        detail::concat("a ", key.typeName(), " cannot be a dict key"));
  }
}
} // namespace

const IValue *DictImpl::find(const IValue &key) const {
  auto it = index_.find(keyOf(key));
  return it == index_.end() ? nullptr : &entries_[it->second].second;
}

void DictImpl::set(const IValue &key, IValue value) {
  std::string k = keyOf(key);
  auto it = index_.find(k);
  if (it != index_.end()) {
    entries_[it->second].second = std::move(value);
    return;
  }
  index_.emplace(std::move(k), entries_.size());
  entries_.emplace_back(key, std::move(value));
}

bool DictImpl::erase(const IValue &key) {
  auto it = index_.find(keyOf(key));
  if (it == index_.end())
    return false;
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(it->second));
  index_.clear();
  for (size_t i = 0; i < entries_.size(); ++i)
    index_.emplace(keyOf(entries_[i].first), i);
  return true;
}

void DictImpl::clear() {
  entries_.clear();
  index_.clear();
}

//===--- IValue -----------------------------------------------------------===//

IValue::IValue(Scalar s) {
  if (s.isBool()) {
    tag_ = Tag::Bool;
    payload_.i = s.toBool();
  } else if (s.isInt()) {
    tag_ = Tag::Int;
    payload_.i = s.toInt();
  } else {
    tag_ = Tag::Double;
    payload_.d = s.toDouble();
  }
}

IValue::IValue(Tensor t) : tag_(Tag::Tensor) {
  new (&payload_.t) Tensor(std::move(t));
}

IValue::IValue(std::string s)
    : IValue(Tag::String, Ref<StringImpl>::make(std::move(s)).leak()) {}

IValue IValue::device(std::string name) {
  return IValue(Tag::Device, Ref<StringImpl>::make(std::move(name)).leak());
}

IValue IValue::function(std::string qualifiedName) {
  return IValue(Tag::Function,
                Ref<StringImpl>::make(std::move(qualifiedName)).leak());
}

IValue IValue::list(std::vector<IValue> items) {
  return IValue(Ref<ListImpl>::make(std::move(items)));
}

IValue IValue::tuple(std::vector<IValue> items) {
  return IValue(Ref<TupleImpl>::make(std::move(items)));
}

void IValue::destroy() {
  if (tag_ == Tag::Tensor)
    payload_.t.~Tensor();
  else if (isHeap())
    Ref<RefCounted>::adopt(payload_.p); // releases on scope exit
  tag_ = Tag::None;
  payload_.i = 0;
}

void IValue::copyFrom(const IValue &o) {
  tag_ = o.tag_;
  if (o.tag_ == Tag::Tensor)
    new (&payload_.t) Tensor(o.payload_.t);
  else if (o.isHeap())
    payload_.p = Ref<RefCounted>(o.payload_.p).leak();
  else
    payload_.i = o.payload_.i;
}

void IValue::wrongTag(const char *expected) const {
  KILN_INTERNAL_ASSERT(false, "expected ", expected, " but the value is a ",
                       typeName());
}

#define KILN_IVALUE_EXPECT(cond, what)                                         \
  KILN_INTERNAL_ASSERT(cond, "expected ", what, " but the value is a ",        \
                       typeName())

Scalar IValue::toScalar() const {
  switch (tag_) {
  case Tag::Int:
    return Scalar(payload_.i);
  case Tag::Double:
    return Scalar(payload_.d);
  case Tag::Bool:
    return Scalar(payload_.i != 0);
  default:
    KILN_IVALUE_EXPECT(false, "a number");
  }
  return Scalar(int64_t{0});
}

const Tensor &IValue::toTensor() const {
  KILN_IVALUE_EXPECT(tag_ == Tag::Tensor, "a Tensor");
  return payload_.t;
}

Tensor &IValue::toTensor() {
  KILN_IVALUE_EXPECT(tag_ == Tag::Tensor, "a Tensor");
  return payload_.t;
}

const std::string &IValue::toStringRef() const {
  KILN_IVALUE_EXPECT(tag_ == Tag::String, "a str");
  return static_cast<StringImpl *>(payload_.p)->value;
}

const std::string &IValue::toDeviceName() const {
  KILN_IVALUE_EXPECT(tag_ == Tag::Device, "a Device");
  return static_cast<StringImpl *>(payload_.p)->value;
}

const std::string &IValue::toFunctionName() const {
  KILN_IVALUE_EXPECT(tag_ == Tag::Function, "a Function");
  return static_cast<StringImpl *>(payload_.p)->value;
}

ListImpl &IValue::toList() const {
  KILN_IVALUE_EXPECT(tag_ == Tag::List, "a list");
  return *static_cast<ListImpl *>(payload_.p);
}

Ref<ListImpl> IValue::toListRef() const { return Ref<ListImpl>(&toList()); }

const std::vector<IValue> &IValue::toTupleItems() const {
  KILN_IVALUE_EXPECT(tag_ == Tag::Tuple, "a tuple");
  return static_cast<TupleImpl *>(payload_.p)->items;
}

DictImpl &IValue::toDict() const {
  KILN_IVALUE_EXPECT(tag_ == Tag::Dict, "a dict");
  return *static_cast<DictImpl *>(payload_.p);
}

ObjectImpl &IValue::toObject() const {
  KILN_IVALUE_EXPECT(tag_ == Tag::Object, "an object");
  return *static_cast<ObjectImpl *>(payload_.p);
}

Ref<ObjectImpl> IValue::toObjectRef() const {
  return Ref<ObjectImpl>(&toObject());
}

#undef KILN_IVALUE_EXPECT

bool IValue::is(const IValue &other) const {
  if (tag_ != other.tag_)
    return false;
  switch (tag_) {
  case Tag::None:
    return true;
  case Tag::Bool:
  case Tag::Int:
    return payload_.i == other.payload_.i;
  case Tag::Double: // by bits, as PyTorch compares: nan is nan
    return std::bit_cast<uint64_t>(payload_.d) ==
           std::bit_cast<uint64_t>(other.payload_.d);
  case Tag::Tensor:
    return payload_.t.isSame(other.payload_.t);
  default:
    return payload_.p == other.payload_.p;
  }
}

bool IValue::equals(const IValue &other) const {
  if (isScalar() && other.isScalar()) {
    if (isDouble() || other.isDouble())
      return toDouble() == other.toDouble();
    return payload_.i == other.payload_.i;
  }
  if (tag_ != other.tag_)
    return false;
  switch (tag_) {
  case Tag::None:
    return true;
  case Tag::String:
  case Tag::Device:
  case Tag::Function:
    return static_cast<StringImpl *>(payload_.p)->value ==
           static_cast<StringImpl *>(other.payload_.p)->value;
  case Tag::List:
  case Tag::Tuple: {
    const auto &a = isList() ? toList().items : toTupleItems();
    const auto &b = isList() ? other.toList().items : other.toTupleItems();
    if (a.size() != b.size())
      return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!a[i].equals(b[i]))
        return false;
    return true;
  }
  case Tag::Dict: {
    const DictImpl &a = toDict(), &b = other.toDict();
    if (a.size() != b.size())
      return false;
    for (const auto &[k, v] : a.entries()) {
      const IValue *w = b.find(k);
      if (!w || !v.equals(*w))
        return false;
    }
    return true;
  }
  default:
    return is(other);
  }
}

const char *IValue::typeName() const {
  switch (tag_) {
  case Tag::None:
    return "NoneType";
  case Tag::Bool:
    return "bool";
  case Tag::Int:
    return "int";
  case Tag::Double:
    return "float";
  case Tag::Tensor:
    return "Tensor";
  case Tag::String:
    return "str";
  case Tag::Device:
    return "Device";
  case Tag::List:
    return "list";
  case Tag::Tuple:
    return "tuple";
  case Tag::Dict:
    return "dict";
  case Tag::Object:
    return "object";
  case Tag::Function:
    return "Function";
  }
  return "value";
}

namespace {
// Python's repr of a float: the shortest digits that read back, in fixed
// notation when the decimal exponent is in [-4, 16), else scientific
// ("0.1", "100.0", "1e-05", "1e+16", "inf").
std::string pythonFloat(double d) {
  if (std::isnan(d))
    return "nan";
  if (std::isinf(d))
    return d < 0 ? "-inf" : "inf";
  if (d == 0)
    return std::signbit(d) ? "-0.0" : "0.0";
  char buf[64];
  int precision = 1;
  for (; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*e", precision - 1, d);
    if (std::strtod(buf, nullptr) == d)
      break;
  }
  // buf is "-d.ddde+XX": split into sign, digits and exponent.
  std::string text = buf;
  bool negative = text[0] == '-';
  if (negative)
    text.erase(0, 1);
  size_t e = text.find('e');
  int exponent = std::atoi(text.c_str() + e + 1);
  std::string digits;
  for (size_t i = 0; i < e; ++i)
    if (text[i] != '.')
      digits += text[i];
  std::string out = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out +=
          "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    } else if (static_cast<size_t>(exponent) + 1 >= digits.size()) {
      out +=
          digits +
          std::string(static_cast<size_t>(exponent) + 1 - digits.size(), '0') +
          ".0";
    } else {
      out += digits.substr(0, static_cast<size_t>(exponent) + 1) + "." +
             digits.substr(static_cast<size_t>(exponent) + 1);
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1)
    out += "." + digits.substr(1);
  char exp[16];
  std::snprintf(exp, sizeof(exp), "e%c%02d", exponent < 0 ? '-' : '+',
                std::abs(exponent));
  return out + exp;
}

std::string pythonStringRepr(const std::string &s) {
  // Python prefers single quotes unless the text contains one.
  bool useDouble =
      s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
  char q = useDouble ? '"' : '\'';
  std::string out(1, q);
  for (unsigned char c : s) {
    if (c == static_cast<unsigned char>(q) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + q;
}
} // namespace

std::string IValue::repr() const {
  switch (tag_) {
  case Tag::None:
    return "None";
  case Tag::Bool:
    return payload_.i ? "True" : "False";
  case Tag::Int:
    return std::to_string(payload_.i);
  case Tag::Double:
    return pythonFloat(payload_.d);
  case Tag::String:
    return pythonStringRepr(toStringRef());
  case Tag::Device: {
    // "cuda:1" prints as device(type='cuda', index=1).
    const std::string &name = toDeviceName();
    size_t colon = name.find(':');
    if (colon == std::string::npos)
      return "device(type='" + name + "')";
    return "device(type='" + name.substr(0, colon) +
           "', index=" + name.substr(colon + 1) + ")";
  }
  case Tag::Tensor:
    return formatTensor(payload_.t);
  case Tag::List:
  case Tag::Tuple: {
    const auto &items = isList() ? toList().items : toTupleItems();
    std::string out = isList() ? "[" : "(";
    for (size_t i = 0; i < items.size(); ++i)
      out += (i ? ", " : "") + items[i].repr();
    if (isTuple() && items.size() == 1)
      out += ",";
    return out + (isList() ? "]" : ")");
  }
  case Tag::Dict: {
    std::string out = "{";
    bool first = true;
    for (const auto &[k, v] : toDict().entries()) {
      out += (first ? "" : ", ") + k.repr() + ": " + v.repr();
      first = false;
    }
    return out + "}";
  }
  case Tag::Object:
    return "<" + toObject().cls->name + " object>";
  case Tag::Function:
    return "<function " + toFunctionName() + ">";
  }
  return "?";
}

std::string IValue::str() const {
  if (isString())
    return toStringRef();
  return repr();
}

} // namespace kiln
