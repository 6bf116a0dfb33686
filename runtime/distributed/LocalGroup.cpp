//===- LocalGroup.cpp - Collectives between threads of one process -------===//
//
// The ranks of a local group share one GroupState. A collective goes:
//
//   publish its arguments, then `arrive`   bounded wait: every rank is there
//   read the others' arguments             (each rank its own slice of work)
//   `sync`                                 nobody reads any more
//   write the results                      (allReduceSum: into every rank)
//   `sync`                                 nobody writes any more
//
// Only `arrive` can fail: it throws when a rank has aborted or when the
// timeout passes first. Once every rank has arrived, all of them are inside
// the same collective doing bounded memory work, so the `sync`s wait without
// a deadline and ignore failures: a rank never returns while another may
// still read or write its tensors.
//
//===----------------------------------------------------------------------===//
#include "runtime/distributed/Collectives.h"
#include "runtime/distributed/Communicator.h"

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>

namespace kiln {
namespace {

using Clock = std::chrono::steady_clock;

/// What one rank passes to the collective in progress.
struct Arguments {
  std::span<Tensor> tensors;
  uint64_t signature = 0;
  double scale = 0;
  uint64_t fingerprint = 0;
};

class GroupState {
public:
  GroupState(int size, std::chrono::milliseconds timeout)
      : size_(size), timeout_(timeout), arguments_(size), arrivedFor_(size, 0) {
  }

  int size() const { return size_; }
  const Arguments &arguments(int rank) const { return arguments_[rank]; }

  /// Publishes `args` and waits until every rank has arrived. Throws
  /// UserError when a rank failed before or while waiting, or when the
  /// timeout passes (which fails the group).
  void arrive(int rank, const char *op, const Arguments &args) {
    std::unique_lock lock(mutex_);
    throwIfFailed(rank, op);
    arguments_[rank] = args;
    uint64_t generation = generation_;
    arrivedFor_[rank] = generation + 1;
    if (++arrived_ == size_) {
      release();
      return;
    }
    Clock::time_point deadline = Clock::now() + timeout_;
    while (generation_ == generation) {
      if (failure_) {
        --arrived_;
        throwIfFailed(rank, op);
      }
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout &&
          generation_ == generation && !failure_) {
        std::vector<int> missing;
        for (int r = 0; r < size_; ++r)
          if (arrivedFor_[r] != generation + 1)
            missing.push_back(r);
        std::string why = detail::concat(
            op, " timed out after ", collectives::formatSeconds(timeout_),
            " waiting for ", collectives::formatRanks(missing), " of ", size_,
            " (KILN_COLLECTIVE_TIMEOUT sets the limit in seconds)");
        --arrived_;
        failure_ = Failure{rank, why};
        cv_.notify_all();
        throw UserError(why);
      }
    }
  }

  /// Waits for every rank of a collective that all of them have entered.
  void sync() {
    std::unique_lock lock(mutex_);
    uint64_t generation = generation_;
    if (++arrived_ == size_) {
      release();
      return;
    }
    cv_.wait(lock, [&] { return generation_ != generation; });
  }

  void fail(int rank, const std::string &why) {
    std::lock_guard lock(mutex_);
    if (!failure_)
      failure_ = Failure{rank, why};
    cv_.notify_all();
  }

private:
  struct Failure {
    int rank;
    std::string why;
  };

  void release() {
    arrived_ = 0;
    ++generation_;
    cv_.notify_all();
  }

  void throwIfFailed(int rank, const char *op) const {
    if (failure_)
      throw collectives::peerFailure(op, failure_->rank, size_, rank,
                                     failure_->why);
  }

  const int size_;
  const std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Arguments> arguments_;
  /// Per rank, 1 + the generation it last arrived for (to name the missing).
  std::vector<uint64_t> arrivedFor_;
  int arrived_ = 0;
  uint64_t generation_ = 0;
  std::optional<Failure> failure_;
};

class LocalCommunicator final : public Communicator {
public:
  LocalCommunicator(std::shared_ptr<GroupState> group, int rank)
      : group_(std::move(group)), rank_(rank) {}

  int rank() const override { return rank_; }
  int size() const override { return group_->size(); }
  std::string kind() const override { return "thread"; }

  void allReduceSum(std::span<Tensor> tensors, double scale) override;
  void broadcast(std::span<Tensor> tensors, int root) override;
  void checkSame(uint64_t fingerprint, const std::string &what) override;
  void abort(const std::string &why) override { group_->fail(rank_, why); }

private:
  /// After `arrive`: every rank reaches the same verdict; on a mismatch all
  /// of them sync (so nobody's arguments are overwritten while read) and
  /// throw.
  void checkSignatures(const char *op, std::span<const Tensor> tensors,
                       int reference);

  std::shared_ptr<GroupState> group_;
  int rank_;
};

void LocalCommunicator::checkSignatures(const char *op,
                                        std::span<const Tensor> tensors,
                                        int reference) {
  std::vector<int> mismatched;
  uint64_t expected = group_->arguments(reference).signature;
  for (int r = 0; r < size(); ++r)
    if (group_->arguments(r).signature != expected)
      mismatched.push_back(r);
  if (mismatched.empty())
    return;
  group_->sync();
  throw collectives::tensorMismatch(op, mismatched, reference, tensors);
}

/// Sums this rank's slice of tensor `index` over the ranks into `out`
/// (`inputs` and `scales` have a slot per rank: allocated before `arrive`,
/// so nothing here can throw and leave the others waiting in `sync`).
template <typename T>
void reduceSlice(const GroupState &group, size_t index, T *out,
                 collectives::Slice slice, std::vector<const T *> &inputs,
                 std::vector<double> &scales) {
  for (int r = 0; r < group.size(); ++r) {
    inputs[r] = group.arguments(r).tensors[index].data<T>() + slice.begin;
    scales[r] = group.arguments(r).scale;
  }
  collectives::sumInRankOrder(std::span<const T *const>(inputs), scales, out,
                              slice.length());
}

void LocalCommunicator::allReduceSum(std::span<Tensor> tensors, double scale) {
  const char *op = "allReduceSum";
  collectives::checkArguments(*this, tensors, op);
  // This rank's slice of every tensor, summed here before anyone writes;
  // each slice starts 8-byte aligned (float64 after float32).
  auto alignUp = [](size_t n) { return (n + 7) & ~size_t{7}; };
  size_t bytes = 0;
  for (const Tensor &t : tensors)
    bytes += alignUp(collectives::sliceOf(t.numel(), rank_, size()).length() *
                     elementSize(t.dtype()));
  std::vector<double> sums(bytes / sizeof(double));
  std::byte *sumBytes = reinterpret_cast<std::byte *>(sums.data());
  std::vector<const float *> floatInputs(size());
  std::vector<const double *> doubleInputs(size());
  std::vector<double> scales(size());

  group_->arrive(rank_, op,
                 {tensors, collectives::signature(tensors), scale, 0});
  checkSignatures(op, tensors, 0);
  size_t offset = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    collectives::Slice slice =
        collectives::sliceOf(tensors[i].numel(), rank_, size());
    if (tensors[i].dtype() == ScalarType::Float)
      reduceSlice(*group_, i, reinterpret_cast<float *>(sumBytes + offset),
                  slice, floatInputs, scales);
    else
      reduceSlice(*group_, i, reinterpret_cast<double *>(sumBytes + offset),
                  slice, doubleInputs, scales);
    offset += alignUp(slice.length() * elementSize(tensors[i].dtype()));
  }
  group_->sync();
  offset = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    size_t element = elementSize(tensors[i].dtype());
    collectives::Slice slice =
        collectives::sliceOf(tensors[i].numel(), rank_, size());
    for (int r = 0; r < size(); ++r)
      if (slice.length() > 0)
        std::memcpy(static_cast<std::byte *>(
                        group_->arguments(r).tensors[i].rawData()) +
                        slice.begin * element,
                    sumBytes + offset, slice.length() * element);
    offset += alignUp(slice.length() * element);
  }
  group_->sync();
}

void LocalCommunicator::broadcast(std::span<Tensor> tensors, int root) {
  const char *op = "broadcast";
  collectives::checkArguments(*this, tensors, op, root);
  group_->arrive(rank_, op, {tensors, collectives::signature(tensors), 0, 0});
  checkSignatures(op, tensors, root);
  if (rank_ != root) {
    std::span<Tensor> source = group_->arguments(root).tensors;
    for (size_t i = 0; i < tensors.size(); ++i)
      if (tensors[i].rawData() != source[i].rawData() && tensors[i].numel() > 0)
        std::memcpy(tensors[i].rawData(), source[i].rawData(),
                    tensors[i].numel() * elementSize(tensors[i].dtype()));
  }
  group_->sync();
}

void LocalCommunicator::checkSame(uint64_t fingerprint,
                                  const std::string &what) {
  group_->arrive(rank_, "checkSame", {{}, 0, 0, fingerprint});
  std::vector<int> differing;
  for (int r = 1; r < size(); ++r)
    if (group_->arguments(r).fingerprint != group_->arguments(0).fingerprint)
      differing.push_back(r);
  group_->sync();
  if (!differing.empty())
    throw collectives::fingerprintMismatch(what, differing, size());
}

} // namespace

std::vector<std::unique_ptr<Communicator>>
makeLocalGroup(int size, std::chrono::milliseconds timeout) {
  KILN_USER_CHECK(size >= 1, "a group of replicas needs at least one, not ",
                  size);
  KILN_USER_CHECK(timeout.count() > 0, "the collective timeout must be "
                                       "positive");
  auto group = std::make_shared<GroupState>(size, timeout);
  std::vector<std::unique_ptr<Communicator>> communicators;
  for (int r = 0; r < size; ++r)
    communicators.push_back(std::make_unique<LocalCommunicator>(group, r));
  return communicators;
}

std::vector<std::unique_ptr<Communicator>> makeLocalGroup(int size) {
  return makeLocalGroup(size, collectives::timeoutFromEnvironment());
}

} // namespace kiln
