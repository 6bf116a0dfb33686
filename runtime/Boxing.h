//===- Boxing.h - Ordinary C++ functions as kernels -------------*- C++ -*-===//
//
// Kernels are mostly plain functions of the tensor library, such as
//   Tensor ops::add(const Tensor &self, const Tensor &other, Scalar alpha);
// bind() turns one into a KernelFn that converts the registers to the
// parameter types and the result back:
//
//   bind<[](const Tensor &a, const Tensor &b, Scalar alpha) {
//     return ops::add(a, b, alpha);
//   }>(table, OpId::aten_add_Tensor);
//
// A `>` in the lambda's body must be in parentheses (`return (a > b);`):
// otherwise it ends the template argument list.
//
// Parameters follow the schema's arguments one to one (the table checks the
// count). Parameter types: Tensor, int64_t, double, bool, Scalar,
// std::string, ScalarType (a dtype code), IValue, std::optional of those,
// std::vector<int64_t>/<double>/<bool>/<Tensor>/<std::optional<Tensor>>.
// Results: void, Tensor, int64_t, double, bool, std::string, Scalar, IValue,
// std::vector<Tensor>/<int64_t>/<double>, or a std::tuple of them (one
// output each).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_BOXING_H
#define KILN_RUNTIME_BOXING_H

#include "runtime/Kernel.h"
#include "support/Error.h"

#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace kiln {

namespace boxing {

template <typename T> struct FromIValue;

template <> struct FromIValue<Tensor> {
  static const Tensor &get(IValue &v) { return v.toTensor(); }
};
template <> struct FromIValue<int64_t> {
  static int64_t get(IValue &v) { return v.toInt(); }
};
template <> struct FromIValue<double> {
  static double get(IValue &v) { return v.toDouble(); }
};
template <> struct FromIValue<bool> {
  static bool get(IValue &v) { return v.toBool(); }
};
template <> struct FromIValue<Scalar> {
  static Scalar get(IValue &v) { return v.toScalar(); }
};
template <> struct FromIValue<std::string> {
  static const std::string &get(IValue &v) { return v.toStringRef(); }
};
template <> struct FromIValue<IValue> {
  static IValue &get(IValue &v) { return v; }
};
template <> struct FromIValue<ScalarType> {
  static ScalarType get(IValue &v) {
    auto t = scalarTypeFromCode(v.toInt());
    KILN_USER_CHECK(t.has_value(), "dtype code ", v.toInt(),
                    " is not a dtype Kiln knows");
    return *t;
  }
};
template <typename T> struct FromIValue<std::optional<T>> {
  static std::optional<T> get(IValue &v) {
    if (v.isNone())
      return std::nullopt;
    return FromIValue<T>::get(v);
  }
};
template <typename T> struct FromIValue<std::vector<T>> {
  static std::vector<T> get(IValue &v) {
    std::vector<T> out;
    auto &items = v.toList().items;
    out.reserve(items.size());
    for (IValue &item : items)
      out.push_back(FromIValue<T>::get(item));
    return out;
  }
};

inline IValue toIValue(Tensor v) { return IValue(std::move(v)); }
inline IValue toIValue(int64_t v) { return IValue(v); }
inline IValue toIValue(double v) { return IValue(v); }
inline IValue toIValue(bool v) { return IValue(v); }
inline IValue toIValue(Scalar v) { return IValue(v); }
inline IValue toIValue(std::string v) { return IValue(std::move(v)); }
inline IValue toIValue(IValue v) { return v; }
template <typename T> IValue toIValue(std::vector<T> v) {
  std::vector<IValue> items;
  items.reserve(v.size());
  for (auto &x : v)
    items.push_back(toIValue(std::move(x)));
  return IValue::list(std::move(items));
}
inline IValue toIValue(std::vector<bool> v) {
  std::vector<IValue> items;
  for (bool b : v)
    items.emplace_back(b);
  return IValue::list(std::move(items));
}

template <typename T> struct IsTuple : std::false_type {};
template <typename... T> struct IsTuple<std::tuple<T...>> : std::true_type {};

template <typename R> void setOutputs(const KernelArgs &a, R &&r) {
  using D = std::decay_t<R>;
  // Numbers are written in place: the scalar ops are the interpreter's
  // hot path.
  if constexpr (std::is_same_v<D, int64_t>) {
    a.regs[a.outputs[0]].setInt(r);
  } else if constexpr (std::is_same_v<D, double>) {
    a.regs[a.outputs[0]].setDouble(r);
  } else if constexpr (std::is_same_v<D, bool>) {
    a.regs[a.outputs[0]].setBool(r);
  } else if constexpr (IsTuple<D>::value) {
    std::apply(
        [&](auto &&...items) {
          size_t i = 0;
          (a.setOut(i++, toIValue(std::move(items))), ...);
        },
        std::forward<R>(r));
  } else {
    a.setOut(0, toIValue(std::forward<R>(r)));
  }
}

template <typename F> struct Signature;
template <typename R, typename... A> struct Signature<R (*)(A...)> {
  using Result = R;
  using Args = std::tuple<std::decay_t<A>...>;
  static constexpr size_t arity = sizeof...(A);
};

template <auto Fn> constexpr auto asFunctionPointer() {
  if constexpr (std::is_pointer_v<decltype(Fn)>)
    return Fn;
  else
    return +Fn; // a captureless lambda
}

template <auto Fn> void boxed(const KernelArgs &a) {
  constexpr auto fp = asFunctionPointer<Fn>();
  using S = Signature<std::remove_cv_t<decltype(fp)>>;
  [&]<size_t... I>(std::index_sequence<I...>) {
    if constexpr (std::is_void_v<typename S::Result>) {
      fp(FromIValue<std::tuple_element_t<I, typename S::Args>>::get(
          a.in(I))...);
    } else {
      setOutputs(a,
                 fp(FromIValue<std::tuple_element_t<I, typename S::Args>>::get(
                     a.in(I))...));
    }
  }
  (std::make_index_sequence<S::arity>{});
}

} // namespace boxing

/// Registers the C++ function (or captureless lambda) `Fn` as the kernel of
/// `op`.
template <auto Fn> void bind(KernelTable &table, OpId op) {
  constexpr auto fp = boxing::asFunctionPointer<Fn>();
  table.set(op, &boxing::boxed<Fn>,
            boxing::Signature<std::remove_cv_t<decltype(fp)>>::arity);
}

} // namespace kiln

#endif // KILN_RUNTIME_BOXING_H
