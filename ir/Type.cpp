//===- Type.cpp -----------------------------------------------------------===//
#include "ir/Type.h"

#include "support/Error.h"

#include <sstream>

namespace kiln {

namespace {
bool allEqual(const std::vector<TypePtr> &a, const std::vector<TypePtr> &b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!a[i]->equals(*b[i]))
      return false;
  return true;
}

std::string joinTypes(const std::vector<TypePtr> &types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i)
      out += ", ";
    out += types[i]->str();
  }
  return out;
}

// List and dict contents are invariant, except that a refined tensor stands
// for a Tensor (TorchScript never prints refined list elements).
bool containedSubtype(const Type &actual, const Type &formal) {
  if (actual.equals(formal))
    return true;
  return actual.isa<TensorType>() && formal.isa<TensorType>() &&
         actual.isSubtypeOf(formal);
}

bool tensorRefines(const TensorType &t, const TensorType &by) {
  if (by.dtype() && t.dtype() != by.dtype())
    return false;
  if (by.sizes()) {
    if (!t.sizes() || t.sizes()->size() != by.sizes()->size())
      return false;
    for (size_t i = 0; i < by.sizes()->size(); ++i)
      if ((*by.sizes())[i] && (*t.sizes())[i] != (*by.sizes())[i])
        return false;
  }
  if (by.strides() && t.strides() != by.strides())
    return false;
  if (by.requiresGrad() && t.requiresGrad() != by.requiresGrad())
    return false;
  if (by.device() && t.device() != by.device())
    return false;
  return true;
}
} // namespace

//===--- Type -------------------------------------------------------------===//

bool Type::equals(const Type &other) const { return kind_ == other.kind_; }

bool Type::hasTypeVars() const {
  if (isa<TypeVarType>())
    return true;
  for (const TypePtr &t : containedTypes())
    if (t->hasTypeVars())
      return true;
  return false;
}

bool Type::isSubtypeOf(const Type &other) const {
  if (other.isa<AnyType>() || equals(other))
    return true;
  switch (other.kind()) {
  case TypeKind::Number:
    return isa<IntType>() || isa<FloatType>();
  case TypeKind::Optional: {
    const TypePtr &elem = other.cast<OptionalType>()->element();
    if (isa<NoneType>() || isSubtypeOf(*elem))
      return true;
    if (auto opt = cast<OptionalType>())
      return opt->element()->isSubtypeOf(*elem);
    return false;
  }
  case TypeKind::Union: {
    const auto &members = other.cast<UnionType>()->members();
    if (auto u = cast<UnionType>()) {
      for (const TypePtr &m : u->members())
        if (!m->isSubtypeOf(other))
          return false;
      return true;
    }
    for (const TypePtr &m : members)
      if (isSubtypeOf(*m))
        return true;
    return false;
  }
  case TypeKind::Tensor:
    return isa<TensorType>() &&
           tensorRefines(*cast<TensorType>(), *other.cast<TensorType>());
  case TypeKind::List:
    return isa<ListType>() &&
           containedSubtype(*cast<ListType>()->element(),
                            *other.cast<ListType>()->element());
  case TypeKind::Dict: {
    auto d = cast<DictType>();
    auto o = other.cast<DictType>();
    return d && d->key()->equals(*o->key()) &&
           containedSubtype(*d->value(), *o->value());
  }
  case TypeKind::Tuple: {
    auto t = cast<TupleType>();
    const auto &formal = other.cast<TupleType>()->elements();
    if (!t || t->elements().size() != formal.size())
      return false;
    for (size_t i = 0; i < formal.size(); ++i)
      if (!t->elements()[i]->isSubtypeOf(*formal[i]))
        return false;
    return true;
  }
  default:
    return false;
  }
}

//===--- Singletons -------------------------------------------------------===//

template <TypeKind K> TypePtr SingletonType<K>::get() {
  static const TypePtr instance(new SingletonType<K>());
  return instance;
}

template <TypeKind K> std::string SingletonType<K>::str() const {
  switch (K) {
  case TypeKind::Any:
    return "Any";
  case TypeKind::Int:
    return "int";
  case TypeKind::Float:
    return "float";
  case TypeKind::Bool:
    return "bool";
  case TypeKind::Str:
    return "str";
  case TypeKind::None:
    return "NoneType";
  case TypeKind::Number:
    return "Scalar";
  case TypeKind::Device:
    return "Device";
  case TypeKind::Generator:
    return "Generator";
  case TypeKind::Function:
    return "Function";
  default:
    KILN_INTERNAL_ASSERT(false, "not a singleton type kind");
  }
}

template class SingletonType<TypeKind::Any>;
template class SingletonType<TypeKind::Int>;
template class SingletonType<TypeKind::Float>;
template class SingletonType<TypeKind::Bool>;
template class SingletonType<TypeKind::Str>;
template class SingletonType<TypeKind::None>;
template class SingletonType<TypeKind::Number>;
template class SingletonType<TypeKind::Device>;
template class SingletonType<TypeKind::Generator>;
template class SingletonType<TypeKind::Function>;

//===--- TensorType -------------------------------------------------------===//

TypePtr TensorType::get() {
  static const TypePtr instance(new TensorType());
  return instance;
}

TypePtr TensorType::create(std::optional<ScalarType> dtype,
                           std::optional<Sizes> sizes,
                           std::optional<std::vector<int64_t>> strides,
                           std::optional<bool> requiresGrad,
                           std::optional<std::string> device) {
  KILN_INTERNAL_ASSERT(!strides || (sizes && strides->size() == sizes->size()),
                       "tensor strides without matching sizes");
  auto *t = new TensorType();
  t->dtype_ = dtype;
  t->sizes_ = std::move(sizes);
  t->strides_ = std::move(strides);
  t->requiresGrad_ = requiresGrad;
  t->device_ = std::move(device);
  return TypePtr(t);
}

TypePtr TensorType::createContiguous(ScalarType dtype,
                                     const std::vector<int64_t> &sizes) {
  Sizes known(sizes.begin(), sizes.end());
  std::vector<int64_t> strides(sizes.size());
  int64_t stride = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= std::max<int64_t>(sizes[i], 1);
  }
  return create(dtype, std::move(known), std::move(strides), false, "cpu");
}

std::optional<size_t> TensorType::rank() const {
  if (!sizes_)
    return std::nullopt;
  return sizes_->size();
}

bool TensorType::hasCompleteSizes() const {
  if (!sizes_)
    return false;
  for (const auto &s : *sizes_)
    if (!s)
      return false;
  return true;
}

bool TensorType::isUnrefined() const {
  return !dtype_ && !sizes_ && !strides_ && !requiresGrad_ && !device_;
}

// Follows PyTorch's operator<<(std::ostream&, const Type&) for tensors.
std::string TensorType::str() const {
  std::ostringstream out;
  if (dtype_) {
    out << scalarTypeName(*dtype_);
    if (!sizes_)
      out << "Tensor";
  } else {
    out << "Tensor";
  }
  if (sizes_) {
    out << "(";
    size_t n = sizes_->size();
    for (size_t i = 0; i < n; ++i) {
      if (i)
        out << ", ";
      if ((*sizes_)[i])
        out << *(*sizes_)[i];
      else
        out << "*";
    }
    if (n > 0 && strides_) {
      out << ", strides=[";
      for (size_t i = 0; i < n; ++i)
        out << (i ? ", " : "") << (*strides_)[i];
      out << "]";
    }
    size_t printed = n;
    if (requiresGrad_)
      out << (printed++ ? ", " : "") << "requires_grad=" << *requiresGrad_;
    if (device_)
      out << (printed++ ? ", " : "") << "device=" << *device_;
    out << ")";
  } else {
    size_t printed = 0;
    if (requiresGrad_) {
      out << "(requires_grad=" << *requiresGrad_;
      ++printed;
    }
    if (device_)
      out << (printed++ ? ", " : "(") << "device=" << *device_;
    if (printed)
      out << ")";
  }
  return out.str();
}

bool TensorType::equals(const Type &other) const {
  auto o = other.cast<TensorType>();
  return o && dtype_ == o->dtype_ && sizes_ == o->sizes_ &&
         strides_ == o->strides_ && requiresGrad_ == o->requiresGrad_ &&
         device_ == o->device_;
}

//===--- Containers -------------------------------------------------------===//

TypePtr ListType::create(TypePtr element) {
  KILN_INTERNAL_ASSERT(element, "list of null type");
  return TypePtr(new ListType(std::move(element)));
}
TypePtr ListType::ofInts() {
  static const TypePtr instance = create(IntType::get());
  return instance;
}
TypePtr ListType::ofTensors() {
  static const TypePtr instance = create(TensorType::get());
  return instance;
}
std::string ListType::str() const { return element_->str() + "[]"; }
bool ListType::equals(const Type &other) const {
  auto o = other.cast<ListType>();
  return o && element_->equals(*o->element_);
}

TypePtr OptionalType::create(TypePtr element) {
  KILN_INTERNAL_ASSERT(element, "optional of null type");
  return TypePtr(new OptionalType(std::move(element)));
}
std::string OptionalType::str() const { return element_->str() + "?"; }
bool OptionalType::equals(const Type &other) const {
  auto o = other.cast<OptionalType>();
  return o && element_->equals(*o->element_);
}

TypePtr TupleType::create(std::vector<TypePtr> elements) {
  return TypePtr(new TupleType(std::move(elements)));
}
std::string TupleType::str() const { return "(" + joinTypes(elements_) + ")"; }
bool TupleType::equals(const Type &other) const {
  auto o = other.cast<TupleType>();
  return o && allEqual(elements_, o->elements_);
}

TypePtr DictType::create(TypePtr key, TypePtr value) {
  return TypePtr(new DictType(std::move(key), std::move(value)));
}
std::string DictType::str() const {
  return "Dict(" + key_->str() + ", " + value_->str() + ")";
}
bool DictType::equals(const Type &other) const {
  auto o = other.cast<DictType>();
  return o && key_->equals(*o->key_) && value_->equals(*o->value_);
}

TypePtr UnionType::create(std::vector<TypePtr> members) {
  return TypePtr(new UnionType(std::move(members)));
}
std::string UnionType::str() const {
  return "Union(" + joinTypes(members_) + ")";
}
bool UnionType::equals(const Type &other) const {
  auto o = other.cast<UnionType>();
  return o && allEqual(members_, o->members_);
}

TypePtr ClassType::create(std::string qualifiedName) {
  return TypePtr(new ClassType(std::move(qualifiedName)));
}
bool ClassType::equals(const Type &other) const {
  auto o = other.cast<ClassType>();
  return o && name_ == o->name_;
}

TypePtr TypeVarType::create(std::string name) {
  return TypePtr(new TypeVarType(std::move(name)));
}
bool TypeVarType::equals(const Type &other) const {
  auto o = other.cast<TypeVarType>();
  return o && name_ == o->name_;
}

} // namespace kiln
