//===- PointwiseLoops.h - What elementwise ops are built from ---*- C++ -*-===//
//
// Internal to the pointwise family (the .cpp files of runtime/tensor/ops/
// that Pointwise.h and its sibling headers declare): dispatch over the dtype
// sets the ops accept, unary/binary/ternary maps over broadcast operands, the
// write-back that makes an in-place variant of an op, and integer arithmetic
// that wraps around as PyTorch's does instead of overflowing (undefined in
// C++).
//
// A map converts its operands to the dtype the op computes in (found with
// resultType), so the function it applies sees one element type T:
//
//   return binaryMap<Dtypes::Numeric>(
//       "aten::mul", a, b, resultType({a, b}),
//       []<typename T>(T x, T y) { return wrappingMul(x, y); });
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_POINTWISELOOPS_H
#define KILN_RUNTIME_TENSOR_OPS_POINTWISELOOPS_H

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"

#include <cmath>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace kiln::ops::pointwise {

/// The dtype sets an op may accept; a dtype outside the set is a UserError
/// naming the op.
enum class Dtypes { Floating, Integral, IntegralAndBool, Numeric, All };

template <Dtypes D, typename Fn>
decltype(auto) dispatchDtypes(ScalarType t, std::string_view op, Fn &&fn) {
  if constexpr (D == Dtypes::Floating)
    return dispatchFloating(t, op, fn);
  else if constexpr (D == Dtypes::Integral)
    return dispatchIntegral(t, op, fn);
  else if constexpr (D == Dtypes::Numeric)
    return dispatchNumeric(t, op, fn);
  else if constexpr (D == Dtypes::All)
    return dispatchAll(t, op, fn);
  else if (t == ScalarType::Bool)
    return fn.template operator()<bool>();
  else
    return dispatchIntegral(t, op, fn);
}

//===--- Rank 0 -----------------------------------------------------------===//
//
// Written while Elementwise.h's loops mishandled 0-d outputs (now fixed):
// these run the loops on 0-d tensors viewed as 1-element 1-d tensors, which
// is no longer needed but still correct.

/// mapInto for outputs of any rank (a 0-d output has 0-d inputs).
template <typename Out, typename... In, typename F>
void mapAnyRank(const Tensor &out, const F &f,
                const kiln::detail::TensorFor<In> &...in) {
  if (out.dim() == 0)
    mapInto<Out, In...>(atLeast1d(out), f, atLeast1d(in)...);
  else
    mapInto<Out, In...>(out, f, in...);
}

/// copyInto for destinations of any rank.
inline void copyAnyRank(const Tensor &dst, const Tensor &src) {
  if (dst.dim() == 0)
    copyInto(atLeast1d(dst), atLeast1d(src));
  else
    copyInto(dst, src);
}

/// t.to(dtype) for tensors of any rank.
inline Tensor convert(const Tensor &t, ScalarType dtype) {
  if (t.dtype() == dtype)
    return t;
  Tensor out = Tensor::empty(t.sizes(), dtype);
  copyAnyRank(out, t);
  return out;
}

/// The dtype floating-point math computes in: a floating dtype as it is,
/// integers and bool as float32 (PyTorch's default dtype).
inline ScalarType floatingResult(ScalarType t) {
  return isFloatingType(t) ? t : ScalarType::Float;
}

/// A Python number operand as a 0-d tensor of the dtype the op computes in
/// (converted as C++ converts: 300 wraps to 44 in uint8, as in PyTorch).
inline Tensor numberOperand(Scalar s, ScalarType compute) {
  return Tensor::scalar(s, compute);
}

/// `self` after an in-place op: `result` (the op's out-of-place answer)
/// written into it. As in ATen, result's dtype must cast to self's (no
/// floats into integers, only bool into bool), self does not broadcast, and
/// no two elements of self may share memory.
Tensor &assignInPlace(std::string_view op, Tensor &self, const Tensor &result);

/// out[i] = f(in[i]), `in` read as `compute` (one of the set D); the result
/// has dtype `compute`.
template <Dtypes D, typename F>
Tensor unaryMap(std::string_view op, const Tensor &in, ScalarType compute,
                const F &f) {
  return dispatchDtypes<D>(compute, op, [&]<typename T>() {
    Tensor x = convert(in, compute);
    Tensor out = Tensor::empty(in.sizes(), compute);
    mapAnyRank<T, T>(
        out, [&](T v) { return static_cast<T>(f(v)); }, x);
    return out;
  });
}

/// out[i] = pred(in[i]) as a bool tensor, `in` read in its own dtype.
template <Dtypes D, typename F>
Tensor unaryPredicate(std::string_view op, const Tensor &in, const F &pred) {
  return dispatchDtypes<D>(in.dtype(), op, [&]<typename T>() {
    Tensor out = Tensor::empty(in.sizes(), ScalarType::Bool);
    mapAnyRank<bool, T>(
        out, [&](T v) { return static_cast<bool>(pred(v)); }, in);
    return out;
  });
}

/// out = f(a, b) broadcast, both read as `compute`; the result has dtype
/// `compute`.
template <Dtypes D, typename F>
Tensor binaryMap(std::string_view op, const Tensor &a, const Tensor &b,
                 ScalarType compute, const F &f) {
  auto shape = broadcastShapes(op, {a.sizes(), b.sizes()});
  return dispatchDtypes<D>(compute, op, [&]<typename T>() {
    Tensor x = convert(a, compute), y = convert(b, compute);
    Tensor out = Tensor::empty(shape, compute);
    mapAnyRank<T, T, T>(
        out, [&](T u, T v) { return static_cast<T>(f(u, v)); }, x, y);
    return out;
  });
}

/// out = pred(a, b) broadcast as a bool tensor, both read as `compute`.
template <Dtypes D, typename F>
Tensor binaryPredicate(std::string_view op, const Tensor &a, const Tensor &b,
                       ScalarType compute, const F &pred) {
  auto shape = broadcastShapes(op, {a.sizes(), b.sizes()});
  return dispatchDtypes<D>(compute, op, [&]<typename T>() {
    Tensor x = convert(a, compute), y = convert(b, compute);
    Tensor out = Tensor::empty(shape, ScalarType::Bool);
    mapAnyRank<bool, T, T>(
        out, [&](T u, T v) { return static_cast<bool>(pred(u, v)); }, x, y);
    return out;
  });
}

/// out = f(a, b, c) broadcast, all read as `compute`; the result has dtype
/// `compute`.
template <Dtypes D, typename F>
Tensor ternaryMap(std::string_view op, const Tensor &a, const Tensor &b,
                  const Tensor &c, ScalarType compute, const F &f) {
  auto shape = broadcastShapes(op, {a.sizes(), b.sizes(), c.sizes()});
  return dispatchDtypes<D>(compute, op, [&]<typename T>() {
    Tensor x = convert(a, compute), y = convert(b, compute),
           z = convert(c, compute);
    Tensor out = Tensor::empty(shape, compute);
    mapAnyRank<T, T, T, T>(
        out, [&](T u, T v, T w) { return static_cast<T>(f(u, v, w)); }, x, y,
        z);
    return out;
  });
}

/// A Scalar as the element type T an op computes in.
template <typename T> T scalarAs(Scalar s) {
  if constexpr (std::is_same_v<T, bool>)
    return s.toBool();
  else if constexpr (std::is_floating_point_v<T>)
    return static_cast<T>(s.toDouble());
  else
    return static_cast<T>(s.toInt());
}

template <typename T> bool isNan(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return std::isnan(v);
  else
    return false;
}

//===--- Integer arithmetic that wraps around -----------------------------===//
//
// Integer tensors overflow modulo 2^bits in PyTorch. C++ leaves signed
// overflow undefined, so integers are computed as unsigned (at least 32
// bits wide, so that small types do not promote to int and overflow there).
// Floats compute as they are; bool as logic (+ is or, * is and).

namespace detail {
template <typename T>
using Wide = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;
} // namespace detail

template <typename T> T wrappingAdd(T a, T b) {
  if constexpr (std::is_same_v<T, bool>)
    return a || b;
  else if constexpr (std::is_floating_point_v<T>)
    return a + b;
  else
    return static_cast<T>(static_cast<detail::Wide<T>>(a) +
                          static_cast<detail::Wide<T>>(b));
}

template <typename T> T wrappingSub(T a, T b) {
  if constexpr (std::is_floating_point_v<T>)
    return a - b;
  else
    return static_cast<T>(static_cast<detail::Wide<T>>(a) -
                          static_cast<detail::Wide<T>>(b));
}

template <typename T> T wrappingMul(T a, T b) {
  if constexpr (std::is_same_v<T, bool>)
    return a && b;
  else if constexpr (std::is_floating_point_v<T>)
    return a * b;
  else
    return static_cast<T>(static_cast<detail::Wide<T>>(a) *
                          static_cast<detail::Wide<T>>(b));
}

template <typename T> T wrappingNeg(T a) {
  return wrappingSub(static_cast<T>(0), a);
}

} // namespace kiln::ops::pointwise

#endif // KILN_RUNTIME_TENSOR_OPS_POINTWISELOOPS_H
