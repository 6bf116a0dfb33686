//===- Elementwise.cpp ----------------------------------------------------===//
#include "runtime/tensor/Elementwise.h"

#include "support/Error.h"

namespace kiln {

namespace {
enum class Category { Bool, Integral, Floating };

Category categoryOf(ScalarType t) {
  if (t == ScalarType::Bool)
    return Category::Bool;
  return isFloatingType(t) ? Category::Floating : Category::Integral;
}

std::optional<ScalarType> promote(std::optional<ScalarType> a, ScalarType b) {
  return a ? promoteTypes(*a, b) : b;
}

// PyTorch's combine_categories: `lower` only counts when it is of a higher
// category than `higher`.
std::optional<ScalarType> combine(std::optional<ScalarType> higher,
                                  std::optional<ScalarType> lower) {
  if (!higher)
    return lower;
  if (!lower)
    return higher;
  if (categoryOf(*lower) > categoryOf(*higher))
    return promoteTypes(*higher, *lower);
  return higher;
}
} // namespace

ScalarType defaultScalarType(const Scalar &s) {
  if (s.isBool())
    return ScalarType::Bool;
  return s.isFloat() ? ScalarType::Float : ScalarType::Long;
}

ScalarType resultType(std::initializer_list<PromotionOperand> operands) {
  std::optional<ScalarType> dimResult, zeroResult, wrappedResult;
  for (const PromotionOperand &o : operands) {
    if (o.tensor) {
      if (!o.tensor->defined())
        continue;
      if (o.tensor->dim() > 0)
        dimResult = promote(dimResult, o.tensor->dtype());
      else
        zeroResult = promote(zeroResult, o.tensor->dtype());
    } else {
      wrappedResult = promote(wrappedResult, defaultScalarType(*o.scalar));
    }
  }
  auto result = combine(dimResult, combine(zeroResult, wrappedResult));
  KILN_INTERNAL_ASSERT(result, "resultType of no operands");
  return *result;
}

std::vector<int64_t>
broadcastShapes(std::string_view op,
                std::initializer_list<std::span<const int64_t>> shapes) {
  size_t rank = 0;
  for (auto s : shapes)
    rank = std::max(rank, s.size());
  std::vector<int64_t> out(rank, 1);
  for (auto s : shapes) {
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t &o = out[rank - s.size() + i];
      int64_t d = s[i];
      if (d == o || d == 1)
        continue;
      if (o == 1) {
        o = d;
        continue;
      }
      std::string list;
      for (auto each : shapes)
        list += (list.empty() ? "" : " and ") + shapeString(each);
      throw UserError(detail::concat(op, ": shapes ", list,
                                     " cannot be broadcast together"));
    }
  }
  return out;
}

std::vector<int64_t> broadcastStrides(const Tensor &t,
                                      std::span<const int64_t> shape) {
  size_t rank = shape.size();
  size_t own = static_cast<size_t>(t.dim());
  KILN_INTERNAL_ASSERT(own <= rank, "broadcasting ", t.shapeString(), " to ",
                       shapeString(shape));
  std::vector<int64_t> strides(rank, 0);
  for (size_t i = 0; i < own; ++i) {
    size_t d = rank - own + i;
    int64_t size = t.sizes()[i];
    KILN_INTERNAL_ASSERT(size == shape[d] || size == 1, "broadcasting ",
                         t.shapeString(), " to ", shapeString(shape));
    strides[d] = size == 1 ? 0 : t.strides()[i];
  }
  return strides;
}

namespace detail {
LoopOperand loopOperand(const Tensor &t, std::span<const int64_t> shape) {
  LoopOperand op;
  op.data = static_cast<char *>(t.rawData());
  op.byteStrides = broadcastStrides(t, shape);
  auto size = static_cast<int64_t>(elementSize(t.dtype()));
  for (int64_t &s : op.byteStrides)
    s *= size;
  return op;
}
} // namespace detail

} // namespace kiln
