//===- Dataset.cpp --------------------------------------------------------===//
#include "runtime/training/Dataset.h"

#include "runtime/tensor/Random.h"
#include "runtime/tensor/io/TensorFiles.h"
#include "runtime/tensor/ops/Indexing.h"
#include "support/Error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kiln {

Dataset Dataset::load(const std::string &path) {
  Dataset data;
  for (auto &[name, t] : readNpz(path)) {
    if (name == "x")
      data.x = t;
    else if (name == "y")
      data.y = t;
  }
  KILN_USER_CHECK(data.x.defined() && data.y.defined(), path,
                  ": training data needs arrays 'x' (inputs, first axis = "
                  "sample) and 'y' (labels or targets)",
                  data.x.defined() ? "; 'y' is missing" : "; 'x' is missing");
  KILN_USER_CHECK(data.x.dim() >= 1 && data.y.dim() >= 1, path,
                  ": 'x' and 'y' need a sample axis, but they are ",
                  data.x.describe(), " and ", data.y.describe());
  KILN_USER_CHECK(data.x.size(0) == data.y.size(0), path, ": 'x' has ",
                  data.x.size(0), " samples but 'y' has ", data.y.size(0));
  KILN_USER_CHECK(data.x.size(0) > 0, path, ": the data set is empty");
  KILN_USER_CHECK(data.y.dtype() == ScalarType::Long ||
                      isFloatingType(data.y.dtype()),
                  path,
                  ": 'y' must hold int64 class labels or floating-point "
                  "targets, not ",
                  data.y.describe());
  return data;
}

Dataset Dataset::rows(int64_t begin, int64_t end) const {
  auto slice = [&](const Tensor &t) {
    std::vector<int64_t> sizes = t.sizes();
    sizes[0] = end - begin;
    return t.asStrided(sizes, t.strides(),
                       t.storageOffset() + begin * t.stride(0));
  };
  KILN_INTERNAL_ASSERT(0 <= begin && begin <= end && end <= size(),
                       "rows out of range");
  return {slice(x), slice(y)};
}

std::pair<Dataset, Dataset> Dataset::split(double fraction) const {
  KILN_USER_CHECK(fraction >= 0 && fraction < 1,
                  "the validation fraction must be in [0, 1), not ", fraction);
  int64_t n = size();
  int64_t held = static_cast<int64_t>(std::floor(fraction * n));
  if (fraction > 0 && held == 0 && n >= 2)
    held = 1;
  return {rows(0, n - held), rows(n - held, n)};
}

BatchOrder::BatchOrder(int64_t numSamples, int64_t batchSize, bool shuffle,
                       uint64_t seed)
    : numSamples_(numSamples), batchSize_(batchSize), shuffle_(shuffle),
      seed_(seed), order_(static_cast<size_t>(numSamples)) {
  KILN_USER_CHECK(batchSize >= 1, "--batch-size must be at least 1, not ",
                  batchSize);
  std::iota(order_.begin(), order_.end(), 0);
}

int64_t BatchOrder::numBatches() const {
  return (numSamples_ + batchSize_ - 1) / batchSize_;
}

void BatchOrder::startEpoch(int64_t epoch) {
  std::iota(order_.begin(), order_.end(), 0);
  if (!shuffle_)
    return;
  // Fisher-Yates from a generator seeded by (seed, epoch).
  Generator generator(seed_ * 0x9E3779B97F4A7C15ull +
                      static_cast<uint64_t>(epoch));
  for (size_t i = order_.size(); i > 1; --i) {
    size_t j = static_cast<size_t>(generator.next() % i);
    std::swap(order_[i - 1], order_[j]);
  }
}

std::vector<int64_t> BatchOrder::batch(int64_t b) const {
  KILN_INTERNAL_ASSERT(0 <= b && b < numBatches(), "batch out of range");
  int64_t begin = b * batchSize_;
  int64_t end = std::min(numSamples_, begin + batchSize_);
  return {order_.begin() + begin, order_.begin() + end};
}

Dataset BatchOrder::gather(const Dataset &data,
                           const std::vector<int64_t> &indices) {
  Tensor index = Tensor::fromVector<int64_t>(
      indices, {static_cast<int64_t>(indices.size())});
  return {ops::index_select(data.x, 0, index),
          ops::index_select(data.y, 0, index)};
}

} // namespace kiln
