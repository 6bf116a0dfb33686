//===- Dataset.h - Training data in batches ---------------------*- C++ -*-===//
//
// `kiln train --data TRAIN.npz` reads `x` (inputs, first axis = sample) and
// `y` (int64 class labels, or floating-point targets) and takes batches of
// rows: in order (`--no-shuffle`, the last batch may be short) or in a
// permutation drawn per epoch from the seed, so a run is reproducible.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TRAINING_DATASET_H
#define KILN_RUNTIME_TRAINING_DATASET_H

#include "runtime/tensor/Tensor.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kiln {

struct Dataset {
  /// [N, ...] inputs.
  Tensor x;
  /// [N] int64 labels or [N, ...] float targets.
  Tensor y;

  /// Reads `x` and `y` from an .npz file; a UserError naming the file when
  /// either is missing, empty, 0-d, or they disagree on the sample count,
  /// or when `y` is neither int64 nor floating-point.
  static Dataset load(const std::string &path);

  int64_t size() const { return x.size(0); }
  /// Samples [begin, end) as views.
  Dataset rows(int64_t begin, int64_t end) const;
  /// The last `fraction` of the samples (at least one when fraction > 0
  /// and there are two or more) split off as validation data:
  /// {training, validation}. The split is by position, before shuffling.
  std::pair<Dataset, Dataset> split(double fraction) const;
};

/// The order in which an epoch visits a dataset's samples.
class BatchOrder {
public:
  /// `batchSize` >= 1 (a UserError otherwise).
  BatchOrder(int64_t numSamples, int64_t batchSize, bool shuffle,
             uint64_t seed);

  int64_t numBatches() const;
  /// Starts epoch `epoch` (0-based): a new permutation when shuffling, the
  /// same for the same seed and epoch.
  void startEpoch(int64_t epoch);
  /// The sample indices of batch `b` of the current epoch.
  std::vector<int64_t> batch(int64_t b) const;
  /// Rows `indices` of `data`, as new contiguous tensors.
  static Dataset gather(const Dataset &data,
                        const std::vector<int64_t> &indices);

private:
  int64_t numSamples_, batchSize_;
  bool shuffle_;
  uint64_t seed_;
  std::vector<int64_t> order_;
};

} // namespace kiln

#endif // KILN_RUNTIME_TRAINING_DATASET_H
