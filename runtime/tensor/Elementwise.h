//===- Elementwise.h - Broadcasting, promotion, elementwise loops -*- C++
//-*-===//
//
// The machinery of the elementwise reference kernels, written to be read:
//
//   ScalarType t = resultType({a, b});                 // PyTorch's rules
//   auto shape = broadcastShapes("aten::mul", {a.sizes(), b.sizes()});
//   Tensor out = Tensor::empty(shape, t);
//   dispatchAll(t, "aten::mul", [&]<typename T>() {
//     mapInto<T, T, T>(out, [](T x, T y) { return x * y; }, a.to(t), b.to(t));
//   });
//
// mapInto walks the output in row-major order; inputs are viewed at the
// output's shape (broadcast dimensions get stride 0). Rows run in parallel
// on TBB when the tensor is large.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_ELEMENTWISE_H
#define KILN_RUNTIME_TENSOR_ELEMENTWISE_H

#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/Tensor.h"

#include <array>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace kiln {

/// A tensor or a Python number, as type promotion sees operands.
struct PromotionOperand {
  PromotionOperand(const Tensor &t) : tensor(&t) {}
  PromotionOperand(Scalar s) : scalar(s) {}
  const Tensor *tensor = nullptr;
  std::optional<Scalar> scalar;
};

/// torch.result_type: dimensioned tensors decide; 0-d tensors and numbers
/// only raise the category (bool < integral < floating); a float number
/// with integer tensors gives float32.
ScalarType resultType(std::initializer_list<PromotionOperand> operands);

/// The broadcast of the shapes, or a UserError naming `op` and the shapes.
std::vector<int64_t>
broadcastShapes(std::string_view op,
                std::initializer_list<std::span<const int64_t>> shapes);

/// Strides (in elements) that view `t` at `shape`, which `t` broadcasts to:
/// 0 for broadcast dimensions.
std::vector<int64_t> broadcastStrides(const Tensor &t,
                                      std::span<const int64_t> shape);

/// The dtype of a Python number as a tensor operand: int64, float32 (the
/// default dtype) or bool.
ScalarType defaultScalarType(const Scalar &s);

namespace detail {
/// `Tensor` for each element type of a pack, so that a function can take one
/// tensor per element type.
template <typename> using TensorFor = Tensor;

struct LoopOperand {
  char *data;
  std::vector<int64_t> byteStrides;
};

LoopOperand loopOperand(const Tensor &t, std::span<const int64_t> shape);

/// Calls body(ptrs, byteStrides, n) for every innermost row of `shape`,
/// rows in parallel when `Parallel` and the work is large.
template <size_t N, bool Parallel = true, typename Body>
void forEachRow(std::span<const int64_t> shape,
                const std::array<LoopOperand, N> &ops, const Body &body) {
  int64_t numel = 1;
  for (int64_t s : shape)
    numel *= s;
  if (numel == 0)
    return;
  size_t rank = shape.size();
  int64_t inner = rank == 0 ? 1 : shape[rank - 1];
  int64_t outer = numel / inner;
  std::array<int64_t, N> innerStrides;
  for (size_t k = 0; k < N; ++k)
    innerStrides[k] = rank == 0 ? 0 : ops[k].byteStrides[rank - 1];
  int64_t grain =
      Parallel ? std::max<int64_t>(1, kParallelGrain / inner) : outer;
  parallelFor(0, outer, grain, [&](int64_t begin, int64_t end) {
    std::array<char *, N> ptrs;
    for (int64_t row = begin; row < end; ++row) {
      // Decompose the row number over the outer dimensions.
      for (size_t k = 0; k < N; ++k)
        ptrs[k] = ops[k].data;
      int64_t rest = row;
      // Outer dimensions rank-2 .. 0 (none for rank 0 or 1).
      for (size_t d = rank > 0 ? rank - 1 : 0; d-- > 0;) {
        int64_t i = rest % shape[d];
        rest /= shape[d];
        for (size_t k = 0; k < N; ++k)
          ptrs[k] += i * ops[k].byteStrides[d];
      }
      body(ptrs, innerStrides, inner);
    }
  });
}
} // namespace detail

/// out[i] = f(in[i]...) for every element of `out`, the inputs broadcast
/// to out's shape. Out and In are the element types of `out` and `in`.
template <typename Out, typename... In, typename F>
void mapInto(const Tensor &out, const F &f,
             const detail::TensorFor<In> &...in) {
  constexpr size_t N = 1 + sizeof...(In);
  std::span<const int64_t> shape = out.sizes();
  std::array<detail::LoopOperand, N> ops = {detail::loopOperand(out, shape),
                                            detail::loopOperand(in, shape)...};
  detail::forEachRow<N>(
      shape, ops,
      [&](const std::array<char *, N> &p, const std::array<int64_t, N> &s,
          int64_t n) {
        [&]<size_t... K>(std::index_sequence<K...>) {
          bool dense = ((s[K + 1] == sizeof(In)) && ...) && s[0] == sizeof(Out);
          if (dense) {
            // Unit strides: a plain loop the compiler can vectorize.
            Out *o = reinterpret_cast<Out *>(p[0]);
            for (int64_t i = 0; i < n; ++i)
              o[i] = f(reinterpret_cast<const In *>(p[K + 1])[i]...);
            return;
          }
          for (int64_t i = 0; i < n; ++i)
            *reinterpret_cast<Out *>(p[0] + i * s[0]) =
                f(*reinterpret_cast<const In *>(p[K + 1] + i * s[K + 1])...);
        }
        (std::index_sequence_for<In...>{});
      });
}

/// f(in[i]...) for every element of `shape` in row-major order on the
/// calling thread, inputs broadcast to it (for kernels that only read and
/// may keep state, such as checks).
template <typename... In, typename F>
void forEachElement(std::span<const int64_t> shape, const F &f,
                    const detail::TensorFor<In> &...in) {
  constexpr size_t N = sizeof...(In);
  std::array<detail::LoopOperand, N> ops = {detail::loopOperand(in, shape)...};
  detail::forEachRow<N, /*Parallel=*/false>(
      shape, ops,
      [&](const std::array<char *, N> &p, const std::array<int64_t, N> &s,
          int64_t n) {
        [&]<size_t... K>(std::index_sequence<K...>) {
          for (int64_t i = 0; i < n; ++i)
            f(*reinterpret_cast<const In *>(p[K] + i * s[K])...);
        }
        (std::index_sequence_for<In...>{});
      });
}

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_ELEMENTWISE_H
