//===- IValue.h - The interpreter's values ----------------------*- C++ -*-===//
//
// An IValue holds any value a graph computes: None, bool, int, float, a
// Tensor, a str, a Device, a list, a tuple, a dict, a module object, or a
// function reference. It is 16 bytes: a tag and an 8-byte payload (a
// number, or one reference-counted pointer), so registers are cheap to copy
// and numbers never touch the heap.
//
// Lists, dicts and objects are shared and mutable, as in Python: two
// IValues can name one list, and aten::append through either is seen by
// both. Tuples and strings are immutable.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_IVALUE_H
#define KILN_RUNTIME_IVALUE_H

#include "runtime/tensor/Tensor.h"
#include "support/RefCounted.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kiln {

class IValue;
struct ClassInfo;

struct StringImpl : RefCounted {
  explicit StringImpl(std::string s) : value(std::move(s)) {}
  const std::string value;
};

// The containers' destructors are defined in IValue.cpp, where IValue is
// complete: clang defines an implicit virtual destructor where the class
// ends, which would destroy a vector of an incomplete type.
struct ListImpl : RefCounted {
  ListImpl() = default;
  explicit ListImpl(std::vector<IValue> v);
  ~ListImpl() override;
  std::vector<IValue> items;
};

struct TupleImpl : RefCounted {
  explicit TupleImpl(std::vector<IValue> v);
  ~TupleImpl() override;
  const std::vector<IValue> items;
};

/// A dict that keeps insertion order, as Python's does. Keys are str, int,
/// float, bool or Tensor (by identity).
class DictImpl : public RefCounted {
public:
  const IValue *find(const IValue &key) const;
  /// Inserts or overwrites.
  void set(const IValue &key, IValue value);
  bool erase(const IValue &key);
  void clear();
  ~DictImpl() override;
  size_t size() const;
  const std::vector<std::pair<IValue, IValue>> &entries() const {
    return entries_;
  }

private:
  std::vector<std::pair<IValue, IValue>> entries_;
  std::unordered_map<std::string, size_t> index_;
};

/// A module or class instance: a slot per attribute, named by its class.
struct ObjectImpl : RefCounted {
  ObjectImpl(Ref<ClassInfo> cls, size_t slots);
  ~ObjectImpl() override;
  Ref<ClassInfo> cls;
  std::vector<IValue> slots;
};

/// The attributes of a class, in slot order.
struct ClassInfo : RefCounted {
  explicit ClassInfo(std::string n) : name(std::move(n)) {}
  std::string name;
  std::vector<std::string> attributes;
  /// The slot of `attribute`, or -1.
  int64_t slotOf(std::string_view attribute) const;
  /// The slot of `attribute`, added when new.
  size_t addAttribute(std::string_view attribute);
};

class IValue {
public:
  enum class Tag : uint8_t {
    None,
    Bool,
    Int,
    Double,
    Tensor,
    String,
    Device,
    List,
    Tuple,
    Dict,
    Object,
    Function,
  };

  IValue() : tag_(Tag::None) { payload_.i = 0; }
  IValue(bool b) : tag_(Tag::Bool) { payload_.i = b; }
  IValue(int64_t i) : tag_(Tag::Int) { payload_.i = i; }
  IValue(int i) : IValue(static_cast<int64_t>(i)) {}
  IValue(double d) : tag_(Tag::Double) { payload_.d = d; }
  IValue(Scalar s);
  IValue(Tensor t);
  IValue(std::string s);
  IValue(const char *s) : IValue(std::string(s)) {}
  IValue(Ref<ListImpl> l) : IValue(Tag::List, l.leak()) {}
  IValue(Ref<TupleImpl> t) : IValue(Tag::Tuple, t.leak()) {}
  IValue(Ref<DictImpl> d) : IValue(Tag::Dict, d.leak()) {}
  IValue(Ref<ObjectImpl> o) : IValue(Tag::Object, o.leak()) {}
  static IValue device(std::string name);
  static IValue function(std::string qualifiedName);
  static IValue list(std::vector<IValue> items);
  static IValue tuple(std::vector<IValue> items);

  IValue(const IValue &o) {
    if (o.isTrivial()) {
      tag_ = o.tag_;
      payload_.i = o.payload_.i;
    } else {
      copyFrom(o);
    }
  }
  IValue(IValue &&o) noexcept {
    tag_ = o.tag_;
    if (o.tag_ == Tag::Tensor) {
      new (&payload_.t) Tensor(std::move(o.payload_.t));
      o.payload_.t.~Tensor();
    } else {
      payload_.i = o.payload_.i; // a number, or a pointer with its reference
    }
    o.tag_ = Tag::None;
    o.payload_.i = 0;
  }
  IValue &operator=(const IValue &o) {
    if (isTrivial() && o.isTrivial()) {
      tag_ = o.tag_;
      payload_.i = o.payload_.i;
      return *this;
    }
    if (this != &o) {
      IValue copy(o);
      *this = std::move(copy);
    }
    return *this;
  }
  IValue &operator=(IValue &&o) noexcept {
    if (this == &o)
      return *this;
    if (isTrivial()) {
      new (this) IValue(std::move(o));
      return *this;
    }
    // `o` may live inside what this value owns (an element of this list):
    // take it before releasing.
    IValue taken(std::move(o));
    destroy();
    new (this) IValue(std::move(taken));
    return *this;
  }
  ~IValue() {
    if (!isTrivial())
      destroy();
  }

  Tag tag() const { return tag_; }
  bool isNone() const { return tag_ == Tag::None; }
  bool isBool() const { return tag_ == Tag::Bool; }
  bool isInt() const { return tag_ == Tag::Int; }
  bool isDouble() const { return tag_ == Tag::Double; }
  bool isTensor() const { return tag_ == Tag::Tensor; }
  bool isString() const { return tag_ == Tag::String; }
  bool isDevice() const { return tag_ == Tag::Device; }
  bool isList() const { return tag_ == Tag::List; }
  bool isTuple() const { return tag_ == Tag::Tuple; }
  bool isDict() const { return tag_ == Tag::Dict; }
  bool isObject() const { return tag_ == Tag::Object; }
  bool isFunction() const { return tag_ == Tag::Function; }
  /// An int, float or bool.
  bool isScalar() const {
    return tag_ == Tag::Int || tag_ == Tag::Double || tag_ == Tag::Bool;
  }

  /// Overwrite with a number in place (the interpreter's hot path: no
  /// temporary, no move).
  void setInt(int64_t i) {
    if (!isTrivial())
      destroy();
    tag_ = Tag::Int;
    payload_.i = i;
  }
  void setDouble(double d) {
    if (!isTrivial())
      destroy();
    tag_ = Tag::Double;
    payload_.d = d;
  }
  void setBool(bool b) {
    if (!isTrivial())
      destroy();
    tag_ = Tag::Bool;
    payload_.i = b;
  }

  // Accessors check the tag; a mismatch is an internal error (the verifier
  // has checked the graph's types).
  bool toBool() const {
    if (tag_ != Tag::Bool) [[unlikely]]
      wrongTag("a bool");
    return payload_.i != 0;
  }
  int64_t toInt() const {
    if (tag_ != Tag::Int && tag_ != Tag::Bool) [[unlikely]]
      wrongTag("an int");
    return payload_.i;
  }
  /// A float; ints and bools convert, as Scalars mix freely.
  double toDouble() const {
    if (tag_ == Tag::Double) [[likely]]
      return payload_.d;
    if (tag_ != Tag::Int && tag_ != Tag::Bool) [[unlikely]]
      wrongTag("a float");
    return static_cast<double>(payload_.i);
  }
  Scalar toScalar() const;
  const Tensor &toTensor() const;
  Tensor &toTensor();
  const std::string &toStringRef() const;
  /// The device name of a Device.
  const std::string &toDeviceName() const;
  const std::string &toFunctionName() const;
  ListImpl &toList() const;
  Ref<ListImpl> toListRef() const;
  const std::vector<IValue> &toTupleItems() const;
  DictImpl &toDict() const;
  ObjectImpl &toObject() const;
  Ref<ObjectImpl> toObjectRef() const;

  /// `a is b`: the same object, or equal None/bool/int/float values.
  bool is(const IValue &other) const;
  /// Python's `==` for the types TorchScript compares (numbers, str, None,
  /// Device, and lists/tuples/dicts of those); tensors by identity.
  bool equals(const IValue &other) const;
  /// "int", "Tensor", "str", ... for messages.
  const char *typeName() const;
  /// The value as Python prints it: `[1, 2]`, `(1, 'a')`, `1.5`, `True`.
  std::string repr() const;
  /// What Python's print()/str() gives (strings unquoted at top level).
  std::string str() const;

private:
  IValue(Tag tag, RefCounted *p) : tag_(tag) { payload_.p = p; }
  /// No reference to count: None, bool, int, float.
  bool isTrivial() const { return tag_ < Tag::Tensor; }
  bool isHeap() const { return tag_ >= Tag::String; }
  void destroy();
  void copyFrom(const IValue &o);
  [[noreturn]] void wrongTag(const char *expected) const;

  union Payload {
    Payload() : i(0) {}
    ~Payload() {}
    int64_t i;
    double d;
    RefCounted *p;
    Tensor t;
  } payload_;
  Tag tag_;
};

} // namespace kiln

#endif // KILN_RUNTIME_IVALUE_H
