//===- ValueArrays.cpp ----------------------------------------------------===//
#include "runtime/ValueArrays.h"

#include "support/Error.h"

namespace kiln {

namespace {
std::string describe(const Tensor &a) {
  return std::string(scalarTypeName(a.dtype())) + " array of shape " +
         a.shapeString();
}

IValue scalarFromArray(const Tensor &array, const Type &type,
                       const std::string &what) {
  KILN_USER_CHECK(array.dim() == 0, what, " is a ", type.str(),
                  " and needs a 0-d array, not a ", describe(array));
  ScalarType dt = array.dtype();
  if (type.isa<BoolType>()) {
    KILN_USER_CHECK(dt == ScalarType::Bool, what,
                    " is a bool and needs a 0-d bool array, not a ",
                    describe(array));
    return IValue(array.item().toBool());
  }
  if (type.isa<IntType>()) {
    KILN_USER_CHECK(isIntegralType(dt, false), what,
                    " is an int and needs a 0-d integer array (int64), not a ",
                    describe(array));
    return IValue(array.item().toInt());
  }
  KILN_USER_CHECK(isFloatingType(dt), what,
                  " is a float and needs a 0-d float64 array, not a ",
                  describe(array));
  return IValue(array.item().toDouble());
}
} // namespace

IValue valueFromArray(const Tensor &array, const Type &type,
                      const std::string &what) {
  if (auto opt = type.cast<OptionalType>())
    return valueFromArray(array, *opt->element(), what);
  if (type.isa<TensorType>() || type.isa<AnyType>())
    return IValue(array);
  if (type.isa<IntType>() || type.isa<FloatType>() || type.isa<BoolType>())
    return scalarFromArray(array, type, what);
  if (type.isa<NumberType>()) {
    KILN_USER_CHECK(array.dim() == 0, what,
                    " is a Scalar and needs a 0-d array, not a ",
                    describe(array));
    return IValue(array.item());
  }
  if (auto list = type.cast<ListType>()) {
    const Type &elem = *list->element();
    if (elem.isa<IntType>() || elem.isa<FloatType>() || elem.isa<BoolType>()) {
      KILN_USER_CHECK(array.dim() == 1, what, " is a ", type.str(),
                      " and needs a 1-d array, not a ", describe(array));
      std::vector<IValue> items;
      for (int64_t i = 0; i < array.numel(); ++i)
        items.push_back(scalarFromArray(
            array.asStrided({}, {},
                            array.storageOffset() + i * array.strides()[0]),
            elem, what + "[" + std::to_string(i) + "]"));
      return IValue::list(std::move(items));
    }
  }
  throw UserError(what + " is a " + type.str() +
                  ", which an array cannot pass (arrays pass Tensor, int, "
                  "float, bool and lists of numbers)");
}

Tensor arrayFromValue(const IValue &value, const std::string &what) {
  switch (value.tag()) {
  case IValue::Tag::Tensor:
    return value.toTensor();
  case IValue::Tag::Int:
    return Tensor::scalar(Scalar(value.toInt()), ScalarType::Long);
  case IValue::Tag::Double:
    return Tensor::scalar(Scalar(value.toDouble()), ScalarType::Double);
  case IValue::Tag::Bool:
    return Tensor::scalar(Scalar(value.toBool()), ScalarType::Bool);
  default:
    throw UserError(what + " is a " + value.typeName() +
                    ", which cannot be written as an array");
  }
}

std::vector<IValue> flattenResults(const std::vector<IValue> &results) {
  if (results.size() == 1 && results[0].isTuple())
    return results[0].toTupleItems();
  if (results.size() == 1 && results[0].isList())
    return results[0].toList().items;
  return results;
}

} // namespace kiln
