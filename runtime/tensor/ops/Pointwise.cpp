//===- Pointwise.cpp - Elementwise tensor ops -----------------------------===//
#include "runtime/tensor/ops/Pointwise.h"

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"
#include "support/Error.h"

namespace kiln::ops {

namespace {

/// A Python number as a 0-d tensor of the dtype an op computes in.
Tensor scalarOperand(Scalar s, ScalarType dtype) {
  return Tensor::scalar(s, dtype);
}

/// out = f(a, b) with broadcasting, both computed in `compute`, the result
/// of dtype `result` (bool for comparisons).
template <typename F>
Tensor binaryOp(std::string_view op, const Tensor &a, const Tensor &b,
                ScalarType compute, ScalarType result, F f) {
  auto shape = broadcastShapes(op, {a.sizes(), b.sizes()});
  Tensor out = Tensor::empty(shape, result);
  Tensor ca = a.to(compute), cb = b.to(compute);
  dispatchAll(compute, op, [&]<typename T>() {
    dispatchAll(result, op, [&]<typename R>() {
      mapInto<R, T, T>(
          out, [&](T x, T y) { return static_cast<R>(f(x, y)); }, ca, cb);
    });
  });
  return out;
}

} // namespace

Tensor add(const Tensor &self, const Tensor &other, Scalar alpha) {
  ScalarType t = resultType({self, other});
  return binaryOp(
      "aten::add", self, other, t, t, [a = alpha]<typename T>(T x, T y) {
        return static_cast<T>(
            x + static_cast<T>(a.isFloat() ? a.toDouble() : a.toInt()) * y);
      });
}

Tensor add(const Tensor &self, Scalar other, Scalar alpha) {
  ScalarType t = resultType({self, other});
  return add(self, scalarOperand(other, t), alpha);
}

Tensor &add_(Tensor &self, const Tensor &other, Scalar alpha) {
  Tensor sum = add(self, other, alpha);
  KILN_USER_CHECK(sum.sizes() == self.sizes(), "aten::add_: output with shape ",
                  self.shapeString(), " doesn't match the broadcast shape ",
                  sum.shapeString());
  copyInto(self, sum);
  return self;
}

Tensor mul(const Tensor &self, const Tensor &other) {
  ScalarType t = resultType({self, other});
  return binaryOp("aten::mul", self, other, t, t,
                  []<typename T>(T x, T y) { return static_cast<T>(x * y); });
}

Tensor mul(const Tensor &self, Scalar other) {
  return mul(self, scalarOperand(other, resultType({self, other})));
}

Tensor relu(const Tensor &self) {
  Tensor out = Tensor::empty(self.sizes(), self.dtype());
  dispatchNumeric(self.dtype(), "aten::relu", [&]<typename T>() {
    mapInto<T, T>(
        out, [](T x) { return x > T(0) ? x : T(0); }, self);
  });
  return out;
}

Tensor &relu_(Tensor &self) {
  copyInto(self, relu(self));
  return self;
}

} // namespace kiln::ops
