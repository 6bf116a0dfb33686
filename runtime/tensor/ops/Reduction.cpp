//===- Reduction.cpp - Reductions over dimensions -------------------------===//
#include "runtime/tensor/ops/Reduction.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"
#include "runtime/tensor/Reduction.h"
#include "runtime/tensor/ops/ReduceAlongDim.h"

#include <cmath>
#include <limits>

namespace kiln::ops {

namespace {

/// The accumulator of sums and products: double for floating types;
/// uint64_t for integers, so that overflow wraps around as PyTorch's int64
/// arithmetic does without being undefined behaviour; bool for bool
/// results, where a sum is `or` and a product `and` (True + True is True).
template <typename T>
using Accumulator = std::conditional_t<
    std::is_same_v<T, bool>, bool,
    std::conditional_t<std::is_floating_point_v<T>, double, uint64_t>>;

template <typename T> T fromAccumulator(Accumulator<T> acc) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return static_cast<T>(static_cast<int64_t>(acc)); // wraps, as in C++20
  else
    return static_cast<T>(acc);
}

template <typename T> bool isNaN(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return std::isnan(v);
  else
    return false;
}

/// Integers and bools sum and multiply to int64 unless a dtype is given.
ScalarType foldResultType(const Tensor &self, std::optional<ScalarType> dtype) {
  if (dtype)
    return *dtype;
  return isIntegralType(self.dtype(), /*includeBool=*/true) ? ScalarType::Long
                                                            : self.dtype();
}

enum class Fold { Sum, Product };

/// The sum or product of `self` over `dims`, computed in (and returned as)
/// `outType`; NaNs are left out when `skipNaN`.
Tensor fold(std::string_view op, const Tensor &self,
            std::span<const int64_t> dims, bool keepdim, ScalarType outType,
            Fold kind, bool skipNaN = false) {
  Tensor in = convertTo(self, outType);
  ReductionShape rs = reductionShape(op, in, dims, keepdim);
  Tensor out = Tensor::empty(rs.outSizes, outType);
  dispatchAll(outType, op, [&]<typename T>() {
    using Acc = Accumulator<T>;
    reduceInto<Acc, T, T>(
        out, in, rs, [&] { return kind == Fold::Sum ? Acc(0) : Acc(1); },
        [&](Acc &acc, T v, int64_t) {
          if (skipNaN && isNaN(v))
            return;
          if constexpr (std::is_same_v<T, bool>)
            acc = kind == Fold::Sum ? (acc || v) : (acc && v);
          else if (kind == Fold::Sum)
            acc += static_cast<Acc>(v);
          else
            acc *= static_cast<Acc>(v);
        },
        [](Acc acc, int64_t) { return fromAccumulator<T>(acc); });
  });
  return out;
}

/// The dtype of a mean: `dtype` or the input's, which must be floating.
ScalarType meanResultType(std::string_view op, const Tensor &self,
                          std::optional<ScalarType> dtype) {
  ScalarType t = dtype.value_or(self.dtype());
  KILN_USER_CHECK(isFloatingType(t), op, ": could not infer output dtype. ",
                  dtype ? "Optional dtype" : "Input dtype",
                  " must be a floating point dtype, got ", scalarTypeName(t));
  return t;
}

/// all (`isAll`) or any over dims; bool results except for uint8 inputs.
Tensor allOrAny(std::string_view op, const Tensor &self,
                std::span<const int64_t> dims, bool keepdim, bool isAll) {
  ReductionShape rs = reductionShape(op, self, dims, keepdim);
  ScalarType outType =
      self.dtype() == ScalarType::Byte ? ScalarType::Byte : ScalarType::Bool;
  Tensor out = Tensor::empty(rs.outSizes, outType);
  dispatchAll(self.dtype(), op, [&]<typename T>() {
    auto start = [=] { return isAll; };
    auto step = [=](bool &acc, T v, int64_t) {
      acc = isAll ? (acc && v != T(0)) : (acc || v != T(0));
    };
    if (outType == ScalarType::Byte)
      reduceInto<bool, T, uint8_t>(
          out, self, rs, start, step,
          [](bool acc, int64_t) { return uint8_t(acc); });
    else
      reduceInto<bool, T, bool>(out, self, rs, start, step,
                                [](bool acc, int64_t) { return acc; });
  });
  return out;
}

/// Welford's running count, mean and sum of squared deviations.
struct Moments {
  int64_t count = 0;
  double mean = 0, m2 = 0;
  void add(double x) {
    ++count;
    double delta = x - mean;
    mean += delta / static_cast<double>(count);
    m2 += delta * (x - mean);
  }
};

/// var (or std when `sqrtResult`) of a floating tensor over dims.
Tensor moments(std::string_view op, const Tensor &self,
               std::span<const int64_t> dims, std::optional<int64_t> correction,
               bool keepdim, bool sqrtResult) {
  KILN_USER_CHECK(isFloatingType(self.dtype()), op,
                  ": std and var only support floating point dtypes, got ",
                  scalarTypeName(self.dtype()));
  ReductionShape rs = reductionShape(op, self, dims, keepdim);
  Tensor out = Tensor::empty(rs.outSizes, self.dtype());
  double c = static_cast<double>(correction.value_or(1));
  dispatchFloating(self.dtype(), op, [&]<typename T>() {
    reduceInto<Moments, T, T>(
        out, self, rs, [] { return Moments(); },
        [](Moments &m, T v, int64_t) { m.add(static_cast<double>(v)); },
        [=](const Moments &m, int64_t) {
          // 0 / 0 is NaN (one element, unbiased); x / 0 is inf.
          double divisor = std::max(0.0, static_cast<double>(m.count) - c);
          double var = m.m2 / divisor;
          return static_cast<T>(sqrtResult ? std::sqrt(var) : var);
        });
  });
  return out;
}

} // namespace

Tensor sum(const Tensor &self, std::optional<ScalarType> dtype) {
  return sum(self, {}, /*keepdim=*/false, dtype);
}

Tensor sum(const Tensor &self, std::span<const int64_t> dims, bool keepdim,
           std::optional<ScalarType> dtype) {
  return fold("aten::sum", self, dims, keepdim, foldResultType(self, dtype),
              Fold::Sum);
}

Tensor nansum(const Tensor &self, std::span<const int64_t> dims, bool keepdim,
              std::optional<ScalarType> dtype) {
  ScalarType outType = foldResultType(self, dtype);
  // Integers hold no NaN: their nansum is their sum, in any dtype.
  bool floating = isFloatingType(self.dtype());
  KILN_USER_CHECK(!floating || isFloatingType(outType),
                  "aten::nansum: a floating input needs a floating dtype, got ",
                  scalarTypeName(outType));
  return fold("aten::nansum", self, dims, keepdim, outType, Fold::Sum,
              /*skipNaN=*/floating);
}

Tensor mean(const Tensor &self, std::optional<ScalarType> dtype) {
  return mean(self, {}, /*keepdim=*/false, dtype);
}

Tensor mean(const Tensor &self, std::span<const int64_t> dims, bool keepdim,
            std::optional<ScalarType> dtype) {
  ScalarType outType = meanResultType("aten::mean", self, dtype);
  Tensor in = convertTo(self, outType);
  ReductionShape rs = reductionShape("aten::mean", in, dims, keepdim);
  Tensor out = Tensor::empty(rs.outSizes, outType);
  dispatchFloating(outType, "aten::mean", [&]<typename T>() {
    reduceInto<double, T, T>(
        out, in, rs, [] { return 0.0; },
        [](double &acc, T v, int64_t) { acc += v; },
        // An empty mean is 0 / 0: NaN, as in PyTorch.
        [](double acc, int64_t count) {
          return static_cast<T>(acc / static_cast<double>(count));
        });
  });
  return out;
}

Tensor nanmean(const Tensor &self, std::span<const int64_t> dims, bool keepdim,
               std::optional<ScalarType> dtype) {
  KILN_USER_CHECK(isFloatingType(self.dtype()),
                  "aten::nanmean: expected input to have floating point dtype "
                  "but got ",
                  scalarTypeName(self.dtype()));
  ScalarType outType = meanResultType("aten::nanmean", self, dtype);
  Tensor in = convertTo(self, outType);
  ReductionShape rs = reductionShape("aten::nanmean", in, dims, keepdim);
  Tensor out = Tensor::empty(rs.outSizes, outType);
  struct SumAndCount {
    double sum = 0;
    int64_t count = 0;
  };
  dispatchFloating(outType, "aten::nanmean", [&]<typename T>() {
    reduceInto<SumAndCount, T, T>(
        out, in, rs, [] { return SumAndCount(); },
        [](SumAndCount &acc, T v, int64_t) {
          if (!std::isnan(v)) {
            acc.sum += v;
            ++acc.count;
          }
        },
        [](const SumAndCount &acc, int64_t) {
          return static_cast<T>(acc.sum / static_cast<double>(acc.count));
        });
  });
  return out;
}

Tensor prod(const Tensor &self, std::optional<ScalarType> dtype) {
  return fold("aten::prod", self, {}, /*keepdim=*/false,
              foldResultType(self, dtype), Fold::Product);
}

Tensor prod(const Tensor &self, int64_t dim, bool keepdim,
            std::optional<ScalarType> dtype) {
  return fold("aten::prod", self, std::span<const int64_t>(&dim, 1), keepdim,
              foldResultType(self, dtype), Fold::Product);
}

Tensor all(const Tensor &self) {
  return allOrAny("aten::all", self, {}, /*keepdim=*/false, /*isAll=*/true);
}

Tensor all(const Tensor &self, int64_t dim, bool keepdim) {
  return allOrAny("aten::all", self, std::span<const int64_t>(&dim, 1), keepdim,
                  /*isAll=*/true);
}

Tensor any(const Tensor &self) {
  return allOrAny("aten::any", self, {}, /*keepdim=*/false, /*isAll=*/false);
}

Tensor any(const Tensor &self, int64_t dim, bool keepdim) {
  return allOrAny("aten::any", self, std::span<const int64_t>(&dim, 1), keepdim,
                  /*isAll=*/false);
}

Tensor count_nonzero(const Tensor &self, std::span<const int64_t> dims) {
  ReductionShape rs =
      reductionShape("aten::count_nonzero", self, dims, /*keepdim=*/false);
  Tensor out = Tensor::empty(rs.outSizes, ScalarType::Long);
  dispatchAll(self.dtype(), "aten::count_nonzero", [&]<typename T>() {
    reduceInto<int64_t, T, int64_t>(
        out, self, rs, [] { return int64_t(0); },
        [](int64_t &acc, T v, int64_t) { acc += v != T(0); },
        [](int64_t acc, int64_t) { return acc; });
  });
  return out;
}

Tensor count_nonzero(const Tensor &self, std::optional<int64_t> dim) {
  if (!dim)
    return count_nonzero(self, std::span<const int64_t>());
  return count_nonzero(self, std::span<const int64_t>(&*dim, 1));
}

Tensor logsumexp(const Tensor &self, std::span<const int64_t> dims,
                 bool keepdim) {
  const char *op = "aten::logsumexp";
  if (self.dim() == 0) {
    // The elementwise steps below map 0-d tensors as shape [1] (see
    // convertTo); the dims must still be valid for rank 0.
    normalizeDims(op, dims, 0);
    Tensor result = logsumexp(atLeast1d(self), {}, /*keepdim=*/false);
    return reshapeContiguous(result, {});
  }
  ScalarType outType =
      isFloatingType(self.dtype()) ? self.dtype() : ScalarType::Float;
  // Kept as size-1 dimensions, the maxima broadcast against the input.
  Tensor in = convertTo(self, outType);
  ReductionShape kept = reductionShape(op, in, dims, /*keepdim=*/true);
  Tensor maxima = Tensor::empty(kept.outSizes, ScalarType::Double);
  Tensor shifted = Tensor::empty(self.sizes(), ScalarType::Double);
  Tensor sums = Tensor::empty(kept.outSizes, ScalarType::Double);
  Tensor out = Tensor::empty(kept.outSizes, outType);
  dispatchFloating(outType, op, [&]<typename T>() {
    reduceInto<double, T, double>(
        maxima, in, kept,
        [] { return -std::numeric_limits<double>::infinity(); },
        [](double &acc, T v, int64_t) {
          if (!std::isnan(acc) && (std::isnan(v) || v > acc))
            acc = v;
        },
        // An infinite maximum would give inf - inf; shifting by 0 instead
        // gives PyTorch's answers (inf, or -inf for an empty reduction).
        [](double acc, int64_t) { return std::isinf(acc) ? 0.0 : acc; });
    mapInto<double, T, double>(
        shifted, [](T x, double max) { return std::exp(x - max); }, in, maxima);
  });
  ReductionShape all = reductionShape(op, shifted, dims, /*keepdim=*/true);
  reduceInto<double, double, double>(
      sums, shifted, all, [] { return 0.0; },
      [](double &acc, double v, int64_t) { acc += v; },
      [](double acc, int64_t) { return acc; });
  dispatchFloating(outType, op, [&]<typename T>() {
    mapInto<T, double, double>(
        out,
        [](double sum, double max) {
          return static_cast<T>(std::log(sum) + max);
        },
        sums, maxima);
  });
  if (keepdim)
    return out;
  return reshapeContiguous(
      out, reductionShape(op, self, dims, /*keepdim=*/false).outSizes);
}

Tensor var(const Tensor &self, std::span<const int64_t> dims,
           std::optional<int64_t> correction, bool keepdim) {
  return moments("aten::var", self, dims, correction, keepdim,
                 /*sqrtResult=*/false);
}

Tensor std(const Tensor &self, std::span<const int64_t> dims,
           std::optional<int64_t> correction, bool keepdim) {
  return moments("aten::std", self, dims, correction, keepdim,
                 /*sqrtResult=*/true);
}

std::tuple<Tensor, Tensor> var_mean(const Tensor &self,
                                    std::span<const int64_t> dims,
                                    std::optional<int64_t> correction,
                                    bool keepdim) {
  Tensor v = moments("aten::var_mean", self, dims, correction, keepdim,
                     /*sqrtResult=*/false);
  return {v, mean(self, dims, keepdim)};
}

std::tuple<Tensor, Tensor> std_mean(const Tensor &self,
                                    std::span<const int64_t> dims,
                                    std::optional<int64_t> correction,
                                    bool keepdim) {
  Tensor s = moments("aten::std_mean", self, dims, correction, keepdim,
                     /*sqrtResult=*/true);
  return {s, mean(self, dims, keepdim)};
}

} // namespace kiln::ops
