//===- Scalar.h - A boxed int, float or bool --------------------*- C++ -*-===//
#ifndef KILN_RUNTIME_TENSOR_SCALAR_H
#define KILN_RUNTIME_TENSOR_SCALAR_H

#include <cstdint>

namespace kiln {

/// A number as TorchScript's `Scalar` holds it: int64, double or bool.
class Scalar {
public:
  enum class Kind : uint8_t { Int, Float, Bool };

  Scalar(int64_t v) : kind_(Kind::Int), i_(v) {}
  Scalar(int v) : Scalar(static_cast<int64_t>(v)) {}
  Scalar(double v) : kind_(Kind::Float), d_(v) {}
  Scalar(bool v) : kind_(Kind::Bool), i_(v) {}

  Kind kind() const { return kind_; }
  bool isInt() const { return kind_ == Kind::Int; }
  bool isFloat() const { return kind_ == Kind::Float; }
  bool isBool() const { return kind_ == Kind::Bool; }

  double toDouble() const { return isFloat() ? d_ : static_cast<double>(i_); }
  int64_t toInt() const { return isFloat() ? static_cast<int64_t>(d_) : i_; }
  bool toBool() const { return isFloat() ? d_ != 0 : i_ != 0; }

private:
  Kind kind_;
  union {
    int64_t i_;
    double d_;
  };
};

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_SCALAR_H
