//===- DatasetTest.cpp - Training data and batch order --------------------===//
#include "runtime/training/Dataset.h"
#include "runtime/tensor/io/TensorFiles.h"
#include "support/Error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

using namespace kiln;

namespace {

std::string tempPath(const std::string &name) {
  return (std::filesystem::temp_directory_path() /
          ("kiln-dataset-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

Tensor arange(int64_t n, std::vector<int64_t> sizes, ScalarType dtype) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    v[static_cast<size_t>(i)] = static_cast<float>(i);
  return Tensor::fromVector<float>(v, std::move(sizes)).to(dtype);
}

// The message of the UserError `f` throws.
template <typename F> std::string errorOf(F f) {
  try {
    f();
  } catch (const UserError &e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Dataset, LoadsAndSplits) {
  std::string path = tempPath("ok.npz");
  writeNpz(path, {{"x", arange(10 * 3, {10, 3}, ScalarType::Float)},
                  {"y", arange(10, {10}, ScalarType::Long)}});
  Dataset data = Dataset::load(path);
  std::filesystem::remove(path);
  EXPECT_EQ(data.size(), 10);
  auto [train, validation] = data.split(0.25);
  EXPECT_EQ(train.size(), 8);
  EXPECT_EQ(validation.size(), 2);
  EXPECT_EQ(validation.x.item(0).toDouble(), 24.0); // row 8, column 0
  EXPECT_EQ(validation.y.item(1).toInt(), 9);
  EXPECT_EQ(data.split(0.01).second.size(), 1); // at least one
  EXPECT_EQ(data.split(0).second.size(), 0);
  EXPECT_THROW(data.split(1.0), UserError);
}

TEST(Dataset, BadFilesAreNamedErrors) {
  std::string path = tempPath("bad.npz");
  auto write = [&](NamedTensors t) { writeNpz(path, t); };
  write({{"x", arange(4, {4, 1}, ScalarType::Float)}});
  EXPECT_NE(errorOf([&] { Dataset::load(path); }).find("'y' is missing"),
            std::string::npos);
  write({{"x", arange(4, {4, 1}, ScalarType::Float)},
         {"y", arange(3, {3}, ScalarType::Long)}});
  EXPECT_NE(errorOf([&] {
              Dataset::load(path);
            }).find("'x' has 4 samples but 'y' has 3"),
            std::string::npos);
  write({{"x", arange(4, {4, 1}, ScalarType::Float)},
         {"y", arange(4, {4}, ScalarType::Bool)}});
  EXPECT_NE(errorOf([&] { Dataset::load(path); }).find(path),
            std::string::npos);
  write({{"x", arange(0, {0, 2}, ScalarType::Float)},
         {"y", arange(0, {0}, ScalarType::Long)}});
  EXPECT_NE(errorOf([&] { Dataset::load(path); }).find("empty"),
            std::string::npos);
  std::filesystem::remove(path);
  EXPECT_THROW(Dataset::load(tempPath("missing.npz")), UserError);
}

TEST(BatchOrder, InOrderWithAShortLastBatch) {
  BatchOrder order(10, 4, /*shuffle=*/false, 0);
  order.startEpoch(0);
  ASSERT_EQ(order.numBatches(), 3);
  EXPECT_EQ(order.batch(0), (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(order.batch(2), (std::vector<int64_t>{8, 9}));
  EXPECT_THROW(BatchOrder(10, 0, false, 0), UserError);
}

TEST(BatchOrder, ShufflesReproduciblyPerEpoch) {
  auto epochOrder = [](uint64_t seed, int64_t epoch) {
    BatchOrder order(50, 7, /*shuffle=*/true, seed);
    order.startEpoch(epoch);
    std::vector<int64_t> all;
    for (int64_t b = 0; b < order.numBatches(); ++b)
      for (int64_t i : order.batch(b))
        all.push_back(i);
    return all;
  };
  std::vector<int64_t> first = epochOrder(1, 0);
  EXPECT_EQ(first, epochOrder(1, 0));
  EXPECT_NE(first, epochOrder(1, 1));
  EXPECT_NE(first, epochOrder(2, 0));
  std::vector<int64_t> sorted = first;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < 50; ++i)
    EXPECT_EQ(sorted[static_cast<size_t>(i)], i);
}

TEST(BatchOrder, GathersRows) {
  Dataset data{arange(12, {6, 2}, ScalarType::Float),
               arange(6, {6}, ScalarType::Long)};
  Dataset batch = BatchOrder::gather(data, {4, 1});
  EXPECT_EQ(batch.x.sizes(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(batch.x.item(0).toDouble(), 8.0);
  EXPECT_EQ(batch.x.item(3).toDouble(), 3.0);
  EXPECT_EQ(batch.y.item(1).toInt(), 1);
}

} // namespace
