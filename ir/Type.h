//===- Type.h - Types of IR values ------------------------------*- C++ -*-===//
//
// TorchScript's types, printed as PyTorch prints them: `Tensor`,
// `Float(2, 3, strides=[3, 1], requires_grad=0, device=cpu)`, `int`, `float`,
// `bool`, `str`, `NoneType`, `Scalar`, `Device`, `int[]`, `(Tensor, int)`,
// `Tensor?`, `Dict(str, Tensor)`, `Union(int, float)`, `__torch__.foo.Net`.
// Types are immutable and shared (TypePtr); compare them with equals().
// Schemas additionally use type variables (`t`, `t1`), which never appear as
// the type of a Value.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_TYPE_H
#define KILN_IR_TYPE_H

#include "runtime/tensor/ScalarType.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

enum class TypeKind : uint8_t {
  Any,
  Tensor,
  Int,
  Float,
  Bool,
  Str,
  None,
  Number, // TorchScript's `Scalar`: int or float
  Device,
  Generator,
  Function,
  List,
  Tuple,
  Optional,
  Dict,
  Union,
  Class,
  TypeVar,
};

class Type;
using TypePtr = std::shared_ptr<const Type>;

class Type : public std::enable_shared_from_this<Type> {
public:
  virtual ~Type() = default;
  TypeKind kind() const { return kind_; }

  /// The type as PyTorch prints it in graphs.
  virtual std::string str() const = 0;
  /// Structural equality.
  virtual bool equals(const Type &other) const;
  /// TorchScript subtyping: refined tensors are Tensors, int and float are
  /// Scalars, T and NoneType are T?, everything is Any, tuples covariant.
  bool isSubtypeOf(const Type &other) const;
  /// Contained types (list element, tuple elements, ...), empty for leaves.
  virtual std::vector<TypePtr> containedTypes() const { return {}; }
  /// True when the type contains a type variable (schemas only).
  bool hasTypeVars() const;

  template <typename T> const T *cast() const {
    return kind_ == T::Kind ? static_cast<const T *>(this) : nullptr;
  }
  template <typename T> bool isa() const { return kind_ == T::Kind; }
  TypePtr ptr() const { return shared_from_this(); }

protected:
  explicit Type(TypeKind kind) : kind_(kind) {}

private:
  TypeKind kind_;
};

bool operator==(const TypePtr &a, const TypePtr &b) = delete;

/// Types with no parameters: one shared instance each.
template <TypeKind K> class SingletonType final : public Type {
public:
  static constexpr TypeKind Kind = K;
  static TypePtr get();
  std::string str() const override;

private:
  SingletonType() : Type(K) {}
};

using AnyType = SingletonType<TypeKind::Any>;
using IntType = SingletonType<TypeKind::Int>;
using FloatType = SingletonType<TypeKind::Float>;
using BoolType = SingletonType<TypeKind::Bool>;
using StringType = SingletonType<TypeKind::Str>;
using NoneType = SingletonType<TypeKind::None>;
using NumberType = SingletonType<TypeKind::Number>;
using DeviceType = SingletonType<TypeKind::Device>;
using GeneratorType = SingletonType<TypeKind::Generator>;
using FunctionType = SingletonType<TypeKind::Function>;

/// A tensor, optionally refined with what is known about it. An unknown
/// property is nullopt; `sizes` may know the rank but not every dimension.
class TensorType final : public Type {
public:
  static constexpr TypeKind Kind = TypeKind::Tensor;
  using Sizes = std::vector<std::optional<int64_t>>;

  /// The unrefined `Tensor`.
  static TypePtr get();
  static TypePtr create(std::optional<ScalarType> dtype,
                        std::optional<Sizes> sizes,
                        std::optional<std::vector<int64_t>> strides,
                        std::optional<bool> requiresGrad,
                        std::optional<std::string> device);
  /// A fully known contiguous CPU tensor: `Float(2, 3, strides=[3, 1],
  /// requires_grad=0, device=cpu)`.
  static TypePtr createContiguous(ScalarType dtype,
                                  const std::vector<int64_t> &sizes);

  const std::optional<ScalarType> &dtype() const { return dtype_; }
  const std::optional<Sizes> &sizes() const { return sizes_; }
  const std::optional<std::vector<int64_t>> &strides() const {
    return strides_;
  }
  const std::optional<bool> &requiresGrad() const { return requiresGrad_; }
  const std::optional<std::string> &device() const { return device_; }
  std::optional<size_t> rank() const;
  /// Every size known (and the rank).
  bool hasCompleteSizes() const;
  bool isUnrefined() const;

  std::string str() const override;
  bool equals(const Type &other) const override;

private:
  TensorType() : Type(Kind) {}
  std::optional<ScalarType> dtype_;
  std::optional<Sizes> sizes_;
  std::optional<std::vector<int64_t>> strides_;
  std::optional<bool> requiresGrad_;
  std::optional<std::string> device_;
};

class ListType final : public Type {
public:
  static constexpr TypeKind Kind = TypeKind::List;
  static TypePtr create(TypePtr element);
  static TypePtr ofInts();
  static TypePtr ofTensors();
  const TypePtr &element() const { return element_; }
  std::string str() const override;
  bool equals(const Type &other) const override;
  std::vector<TypePtr> containedTypes() const override { return {element_}; }

private:
  explicit ListType(TypePtr element) : Type(Kind), element_(element) {}
  TypePtr element_;
};

class OptionalType final : public Type {
public:
  static constexpr TypeKind Kind = TypeKind::Optional;
  static TypePtr create(TypePtr element);
  const TypePtr &element() const { return element_; }
  std::string str() const override;
  bool equals(const Type &other) const override;
  std::vector<TypePtr> containedTypes() const override { return {element_}; }

private:
  explicit OptionalType(TypePtr element) : Type(Kind), element_(element) {}
  TypePtr element_;
};

class TupleType final : public Type {
public:
  static constexpr TypeKind Kind = TypeKind::Tuple;
  static TypePtr create(std::vector<TypePtr> elements);
  const std::vector<TypePtr> &elements() const { return elements_; }
  std::string str() const override;
  bool equals(const Type &other) const override;
  std::vector<TypePtr> containedTypes() const override { return elements_; }

private:
  explicit TupleType(std::vector<TypePtr> elements)
      : Type(Kind), elements_(std::move(elements)) {}
  std::vector<TypePtr> elements_;
};

class DictType final : public Type {
public:
  static constexpr TypeKind Kind = TypeKind::Dict;
  static TypePtr create(TypePtr key, TypePtr value);
  const TypePtr &key() const { return key_; }
  const TypePtr &value() const { return value_; }
  std::string str() const override;
  bool equals(const Type &other) const override;
  std::vector<TypePtr> containedTypes() const override {
    return {key_, value_};
  }

private:
  DictType(TypePtr key, TypePtr value)
      : Type(Kind), key_(std::move(key)), value_(std::move(value)) {}
  TypePtr key_, value_;
};

class UnionType final : public Type {
public:
  static constexpr TypeKind Kind = TypeKind::Union;
  static TypePtr create(std::vector<TypePtr> members);
  const std::vector<TypePtr> &members() const { return members_; }
  std::string str() const override;
  bool equals(const Type &other) const override;
  std::vector<TypePtr> containedTypes() const override { return members_; }

private:
  explicit UnionType(std::vector<TypePtr> members)
      : Type(Kind), members_(std::move(members)) {}
  std::vector<TypePtr> members_;
};

/// A named class: a scripted nn.Module or other TorchScript class, e.g.
/// `__torch__.torch.nn.modules.conv.Conv2d`. Identified by its name.
class ClassType final : public Type {
public:
  static constexpr TypeKind Kind = TypeKind::Class;
  static TypePtr create(std::string qualifiedName);
  const std::string &name() const { return name_; }
  std::string str() const override { return name_; }
  bool equals(const Type &other) const override;

private:
  explicit ClassType(std::string name) : Type(Kind), name_(std::move(name)) {}
  std::string name_;
};

/// A schema type variable (`t`, `t1`, `t2`); bound during overload matching.
class TypeVarType final : public Type {
public:
  static constexpr TypeKind Kind = TypeKind::TypeVar;
  static TypePtr create(std::string name);
  const std::string &name() const { return name_; }
  std::string str() const override { return name_; }
  bool equals(const Type &other) const override;

private:
  explicit TypeVarType(std::string name) : Type(Kind), name_(std::move(name)) {}
  std::string name_;
};

/// Both types equal (convenience for TypePtrs).
inline bool typesEqual(const TypePtr &a, const TypePtr &b) {
  return a == nullptr ? b == nullptr : (b != nullptr && a->equals(*b));
}

} // namespace kiln

#endif // KILN_IR_TYPE_H
