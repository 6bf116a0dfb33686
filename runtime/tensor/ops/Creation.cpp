//===- Creation.cpp - Tensor factories ------------------------------------===//
#include "runtime/tensor/ops/Creation.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"
#include "runtime/tensor/ops/Shape.h"
#include "support/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace kiln::ops {

namespace {

constexpr ScalarType kDefaultDtype = ScalarType::Float;

/// A new contiguous tensor, with the sizes and dtype checked for `op`.
Tensor allocate(std::string_view op, std::span<const int64_t> sizes,
                ScalarType dtype) {
  KILN_USER_CHECK(hasArithmetic(dtype), op, ": tensors of dtype ",
                  scalarTypeName(dtype), " are not supported");
  int64_t count = 1;
  for (int64_t s : sizes) {
    KILN_USER_CHECK(s >= 0, op, ": negative dimension ", s, " in size ",
                    shapeString(sizes));
    KILN_USER_CHECK(!__builtin_mul_overflow(count, s, &count), op, ": size ",
                    shapeString(sizes), " has too many elements");
  }
  return Tensor::empty(sizes, dtype);
}

} // namespace

//===--- Memory formats ---------------------------------------------------===//

MemoryFormat memoryFormatFromCode(std::string_view op, int64_t code) {
  KILN_USER_CHECK(code >= 0 && code <= 3, op, ": unknown memory format code ",
                  code);
  return static_cast<MemoryFormat>(code);
}

std::vector<int64_t> stridesForFormat(std::string_view op,
                                      std::span<const int64_t> sizes,
                                      MemoryFormat format) {
  switch (format) {
  case MemoryFormat::Contiguous:
  case MemoryFormat::Preserve:
    return Tensor::contiguousStrides(sizes);
  case MemoryFormat::ChannelsLast:
    KILN_USER_CHECK(sizes.size() == 4, op,
                    ": required rank 4 tensor to use channels_last format, "
                    "got shape ",
                    shapeString(sizes));
    // N, H, W, C order: C innermost.
    return {sizes[1] * sizes[2] * sizes[3], 1, sizes[3] * sizes[1], sizes[1]};
  case MemoryFormat::ChannelsLast3d: {
    KILN_USER_CHECK(sizes.size() == 5, op,
                    ": required rank 5 tensor to use channels_last_3d "
                    "format, got shape ",
                    shapeString(sizes));
    std::vector<int64_t> strides(5);
    strides[1] = 1;
    strides[4] = sizes[1];
    strides[3] = strides[4] * sizes[4];
    strides[2] = strides[3] * sizes[3];
    strides[0] = strides[2] * sizes[2];
    return strides;
  }
  }
  KILN_INTERNAL_ASSERT(false, "unknown MemoryFormat");
}

bool isNonOverlappingAndDense(const Tensor &t) {
  const auto &sizes = t.sizes();
  const auto &strides = t.strides();
  // Dimensions by increasing stride, those of size < 2 (which any stride
  // fits) last.
  std::vector<int64_t> order(sizes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    if (sizes[a] < 2)
      return false;
    if (sizes[b] < 2)
      return true;
    return strides[a] < strides[b];
  });
  int64_t expected = 1;
  for (int64_t d : order) {
    if (sizes[d] < 2)
      return true;
    if (strides[d] != expected)
      return false;
    expected *= sizes[d];
  }
  return true;
}

std::vector<int64_t> inferDenseStrides(const Tensor &t) {
  const auto &sizes = t.sizes();
  const auto &strides = t.strides();
  size_t rank = sizes.size();
  // Dimensions from innermost to outermost in memory, starting from the
  // row-major order; an insertion sort moves a dimension inwards past
  // those with larger strides (or equal strides and smaller sizes), and
  // leaves dimensions of stride 0 where they are, as TensorIterator does.
  std::vector<size_t> order(rank);
  for (size_t i = 0; i < rank; ++i)
    order[i] = rank - 1 - i;
  auto comesAfter = [&](size_t a, size_t b) -> int {
    if (strides[a] == 0 || strides[b] == 0)
      return 0;
    if (strides[a] != strides[b])
      return strides[a] < strides[b] ? -1 : 1;
    return sizes[a] > sizes[b] ? 1 : 0;
  };
  for (size_t i = 1; i < rank; ++i) {
    size_t moving = i;
    for (size_t j = i; j-- > 0;) {
      int c = comesAfter(order[j], order[moving]);
      if (c > 0) {
        std::swap(order[j], order[moving]);
        moving = j;
      } else if (c < 0) {
        break;
      }
    }
  }
  std::vector<int64_t> out(rank);
  int64_t stride = 1;
  for (size_t d : order) {
    out[d] = stride;
    stride *= std::max<int64_t>(sizes[d], 1);
  }
  return out;
}

Tensor emptyStrided(std::span<const int64_t> sizes,
                    std::span<const int64_t> strides, ScalarType dtype) {
  // Elements from offset 0 to the last one the strides reach.
  int64_t extent = 1;
  for (size_t d = 0; d < sizes.size(); ++d) {
    KILN_INTERNAL_ASSERT(strides[d] >= 0, "negative stride");
    if (sizes[d] == 0)
      extent = 0;
    else if (extent != 0)
      extent += (sizes[d] - 1) * strides[d];
  }
  Tensor storage = Tensor::empty(std::vector<int64_t>{extent}, dtype);
  return storage.asStrided({sizes.begin(), sizes.end()},
                           {strides.begin(), strides.end()}, 0);
}

Tensor emptyLike(std::string_view op, const Tensor &self, ScalarType dtype,
                 std::optional<MemoryFormat> format) {
  KILN_USER_CHECK(hasArithmetic(dtype), op, ": tensors of dtype ",
                  scalarTypeName(dtype), " are not supported");
  if (!format || *format == MemoryFormat::Preserve) {
    // PyTorch keeps the strides of a dense tensor, and the order of the
    // dimensions in memory of any other.
    if (isNonOverlappingAndDense(self))
      return emptyStrided(self.sizes(), self.strides(), dtype);
    return emptyStrided(self.sizes(), inferDenseStrides(self), dtype);
  }
  return emptyStrided(self.sizes(), stridesForFormat(op, self.sizes(), *format),
                      dtype);
}

//===--- Filled tensors ---------------------------------------------------===//

Tensor zeros(std::span<const int64_t> size, std::optional<ScalarType> dtype) {
  Tensor out = allocate("aten::zeros", size, dtype.value_or(kDefaultDtype));
  return zero_(out);
}

Tensor ones(std::span<const int64_t> size, std::optional<ScalarType> dtype) {
  Tensor out = allocate("aten::ones", size, dtype.value_or(kDefaultDtype));
  fillElements("aten::ones", out, Scalar(int64_t{1}));
  return out;
}

Tensor full(std::span<const int64_t> size, Scalar value,
            std::optional<ScalarType> dtype) {
  Tensor out =
      allocate("aten::full", size, dtype.value_or(defaultScalarType(value)));
  fillElements("aten::full", out, value);
  return out;
}

Tensor empty(std::span<const int64_t> size, std::optional<ScalarType> dtype,
             std::optional<MemoryFormat> format) {
  constexpr std::string_view op = "aten::empty";
  ScalarType t = dtype.value_or(kDefaultDtype);
  Tensor out = allocate(op, size, t);
  if (!format || *format == MemoryFormat::Contiguous)
    return out;
  KILN_USER_CHECK(*format != MemoryFormat::Preserve, op,
                  ": preserve memory format is unsupported by empty");
  return emptyStrided(size, stridesForFormat(op, size, *format), t);
}

Tensor zeros_like(const Tensor &self, std::optional<ScalarType> dtype,
                  std::optional<MemoryFormat> format) {
  Tensor out =
      emptyLike("aten::zeros_like", self, dtype.value_or(self.dtype()), format);
  return zero_(out);
}

Tensor ones_like(const Tensor &self, std::optional<ScalarType> dtype,
                 std::optional<MemoryFormat> format) {
  Tensor out =
      emptyLike("aten::ones_like", self, dtype.value_or(self.dtype()), format);
  return fill_(out, Scalar(int64_t{1}));
}

Tensor full_like(const Tensor &self, Scalar value,
                 std::optional<ScalarType> dtype,
                 std::optional<MemoryFormat> format) {
  Tensor out =
      emptyLike("aten::full_like", self, dtype.value_or(self.dtype()), format);
  fillElements("aten::full_like", out, value);
  return out;
}

Tensor empty_like(const Tensor &self, std::optional<ScalarType> dtype,
                  std::optional<MemoryFormat> format) {
  return emptyLike("aten::empty_like", self, dtype.value_or(self.dtype()),
                   format);
}

Tensor new_zeros(const Tensor &self, std::span<const int64_t> size,
                 std::optional<ScalarType> dtype) {
  Tensor out = allocate("aten::new_zeros", size, dtype.value_or(self.dtype()));
  return zero_(out);
}

Tensor new_ones(const Tensor &self, std::span<const int64_t> size,
                std::optional<ScalarType> dtype) {
  Tensor out = allocate("aten::new_ones", size, dtype.value_or(self.dtype()));
  return fill_(out, Scalar(int64_t{1}));
}

Tensor new_full(const Tensor &self, std::span<const int64_t> size, Scalar value,
                std::optional<ScalarType> dtype) {
  Tensor out = allocate("aten::new_full", size, dtype.value_or(self.dtype()));
  fillElements("aten::new_full", out, value);
  return out;
}

Tensor new_empty(const Tensor &self, std::span<const int64_t> size,
                 std::optional<ScalarType> dtype) {
  return allocate("aten::new_empty", size, dtype.value_or(self.dtype()));
}

//===--- Ranges -----------------------------------------------------------===//

Tensor arange(Scalar start, Scalar end, Scalar step,
              std::optional<ScalarType> dtype) {
  constexpr std::string_view op = "aten::arange";
  bool anyFloat = start.isFloat() || end.isFloat() || step.isFloat();
  ScalarType t = dtype.value_or(anyFloat ? kDefaultDtype : ScalarType::Long);
  KILN_USER_CHECK(t != ScalarType::Bool, op, ": not implemented for Bool");
  return dispatchNumeric(t, op, [&]<typename T>() {
    // PyTorch computes in the accumulation type: double for floating
    // dtypes, int64 for integer ones (so fractional bounds truncate first).
    using Acc =
        std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
    Acc from = scalarAs<Acc>(op, start), to = scalarAs<Acc>(op, end),
        by = scalarAs<Acc>(op, step);
    KILN_USER_CHECK(by != Acc(0), op, ": step must be nonzero");
    KILN_USER_CHECK(std::isfinite(static_cast<double>(from)) &&
                        std::isfinite(static_cast<double>(to)),
                    op, ": unsupported range: ", start.toDouble(), " -> ",
                    end.toDouble());
    KILN_USER_CHECK((by > 0 && to >= from) || (by < 0 && to <= from), op,
                    ": upper bound and larger bound inconsistent with step "
                    "sign (start ",
                    start.toDouble(), ", end ", end.toDouble(), ", step ",
                    step.toDouble(), ")");
    // The length rule: int64 divides the truncated bounds, other dtypes
    // the bounds as given, both in double.
    double length;
    if constexpr (std::is_same_v<T, int64_t>) {
      int64_t span;
      KILN_USER_CHECK(!__builtin_sub_overflow(to, from, &span), op,
                      ": invalid size, possible overflow?");
      length = std::ceil(static_cast<double>(span) / static_cast<double>(by));
    } else {
      length = std::ceil((end.toDouble() - start.toDouble()) / step.toDouble());
    }
    KILN_USER_CHECK(
        length >= 0 &&
            length <= static_cast<double>(std::numeric_limits<int64_t>::max()),
        op, ": invalid size, possible overflow?");
    auto n = static_cast<int64_t>(length);
    Tensor out = allocate(op, std::vector<int64_t>{n}, t);
    T *p = out.data<T>();
    parallelFor(0, n, kParallelGrain, [&](int64_t begin, int64_t stop) {
      for (int64_t i = begin; i < stop; ++i)
        p[i] = static_cast<T>(from + by * static_cast<Acc>(i));
    });
    return out;
  });
}

Tensor linspace(Scalar start, Scalar end, int64_t steps,
                std::optional<ScalarType> dtype) {
  constexpr std::string_view op = "aten::linspace";
  KILN_USER_CHECK(steps >= 0, op,
                  ": number of steps must be non-negative, got ", steps);
  ScalarType t = dtype.value_or(kDefaultDtype);
  Tensor out = allocate(op, std::vector<int64_t>{steps}, t);
  if (steps == 1) {
    fillElements(op, out, start);
    return out;
  }
  dispatchNumeric(t, op, [&]<typename T>() {
    // Integer dtypes step in double; both halves count from their own end,
    // as PyTorch's kernel does, so the last point is `end` exactly. (1.13's
    // vectorized loop rounds integer points differently from 8 steps on, a
    // bug later PyTorch fixed by removing it; this is the fixed formula.)
    using Step = std::conditional_t<std::is_integral_v<T>, double, T>;
    T from = scalarAs<T>(op, start), to = scalarAs<T>(op, end);
    Step step = (static_cast<Step>(to) - static_cast<Step>(from)) /
                static_cast<Step>(steps - 1);
    int64_t halfway = steps / 2;
    T *p = out.data<T>();
    for (int64_t i = 0; i < steps; ++i)
      p[i] = i < halfway
                 ? static_cast<T>(from + step * static_cast<Step>(i))
                 : static_cast<T>(to - step * static_cast<Step>(steps - i - 1));
  });
  return out;
}

Tensor scalar_tensor(Scalar value, std::optional<ScalarType> dtype) {
  Tensor out = allocate("aten::scalar_tensor", std::vector<int64_t>{},
                        dtype.value_or(kDefaultDtype));
  fillElements("aten::scalar_tensor", out, value);
  return out;
}

Tensor eye(int64_t n, std::optional<int64_t> m,
           std::optional<ScalarType> dtype) {
  constexpr std::string_view op = "aten::eye";
  KILN_USER_CHECK(n >= 0, op, ": n must be greater or equal to 0, got ", n);
  int64_t cols = m.value_or(n);
  KILN_USER_CHECK(cols >= 0, op, ": m must be greater or equal to 0, got ",
                  cols);
  Tensor out = allocate(op, std::vector<int64_t>{n, cols},
                        dtype.value_or(kDefaultDtype));
  zero_(out);
  dispatchAll(out.dtype(), op, [&]<typename T>() {
    T *p = out.data<T>();
    for (int64_t i = 0; i < std::min(n, cols); ++i)
      p[i * cols + i] = T(1);
  });
  return out;
}

//===--- From values ------------------------------------------------------===//

Tensor tensorFromValues(std::span<const Scalar> values,
                        std::span<const int64_t> sizes, ScalarType dtype) {
  Tensor out = allocate("aten::tensor", sizes, dtype);
  KILN_INTERNAL_ASSERT(static_cast<int64_t>(values.size()) == out.numel(),
                       values.size(), " values for shape ", out.shapeString());
  dispatchAll(dtype, "aten::tensor", [&]<typename T>() {
    T *p = out.data<T>();
    for (size_t i = 0; i < values.size(); ++i)
      p[i] = scalarAs<T>("aten::tensor", values[i]);
  });
  return out;
}

Tensor one_hot(const Tensor &self, int64_t numClasses) {
  constexpr std::string_view op = "aten::one_hot";
  KILN_USER_CHECK(self.dtype() == ScalarType::Long, op,
                  ": one_hot is only applicable to index tensor (int64), got ",
                  self.describe());
  std::vector<int64_t> shape = self.sizes();
  if (self.numel() == 0) {
    KILN_USER_CHECK(numClasses > 0, op,
                    ": Can not infer total number of classes from empty "
                    "tensor.");
    shape.push_back(numClasses);
    return allocate(op, shape, ScalarType::Long);
  }
  Tensor in = self.contiguous();
  const int64_t *classes = in.data<int64_t>();
  auto [lo, hi] = std::minmax_element(classes, classes + in.numel());
  KILN_USER_CHECK(*lo >= 0, op, ": Class values must be non-negative, got ",
                  *lo);
  if (numClasses == -1)
    numClasses = *hi + 1;
  else
    KILN_USER_CHECK(numClasses > *hi, op,
                    ": Class values must be smaller than num_classes (",
                    numClasses, "), got ", *hi);
  shape.push_back(numClasses);
  Tensor out = zeros(shape, ScalarType::Long);
  int64_t *p = out.data<int64_t>();
  for (int64_t i = 0; i < in.numel(); ++i)
    p[i * numClasses + classes[i]] = 1;
  return out;
}

} // namespace kiln::ops
