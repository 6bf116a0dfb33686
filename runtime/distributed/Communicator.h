//===- Communicator.h - Collectives between training replicas ---*- C++ -*-===//
//
// A Communicator connects the replicas of a data-parallel training run:
// threads of one process (LocalGroup) or processes started by mpirun
// (MPI, when Kiln is built with it). Every collective is called by every
// replica in the same order; results are the same, bit for bit, on every
// replica and do not depend on timing: sums run in rank order.
//
// A replica that fails (throws, or a process that dies) makes the others'
// pending and later collectives throw a UserError naming it, within a
// bounded time, instead of waiting forever.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_DISTRIBUTED_COMMUNICATOR_H
#define KILN_RUNTIME_DISTRIBUTED_COMMUNICATOR_H

#include "runtime/tensor/Tensor.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace kiln {

/// A collective that was started and may still run: see
/// Communicator::startAllReduceSum.
class PendingCollective {
public:
  explicit PendingCollective(std::vector<Tensor> tensors)
      : tensors_(std::move(tensors)) {}

  /// Waits until the collective is done, then returns its tensors or throws
  /// its error. Call it once.
  std::vector<Tensor> wait();

  /// For communicators: the tensors the collective works on, and the
  /// signal that it is done (`error` null when it succeeded).
  std::span<Tensor> tensors() { return tensors_; }
  void finish(std::exception_ptr error);

private:
  std::mutex mutex_;
  std::condition_variable done_;
  bool finished_ = false;
  std::exception_ptr error_;
  std::vector<Tensor> tensors_;
};

class Communicator {
public:
  virtual ~Communicator();

  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// "thread" or "mpi", for messages.
  virtual std::string kind() const = 0;

  /// Replaces every tensor t (contiguous float32/float64; same shapes and
  /// dtypes on every rank) by sum over ranks r = 0, 1, ... of
  /// scale_r * t_r, where scale_r is the `scale` rank r passed: each rank
  /// gets the identical result.
  virtual void allReduceSum(std::span<Tensor> tensors, double scale) = 0;

  /// allReduceSum of `tensors`, handed over until the result's wait()
  /// returns them summed. A communicator with a collective thread of its
  /// own (withCollectiveThread) returns at once and sums while the caller
  /// goes on; others (this default) sum before returning. Either way
  /// collectives run in the order they are called.
  virtual std::shared_ptr<PendingCollective>
  startAllReduceSum(std::vector<Tensor> tensors, double scale);

  /// Copies rank `root`'s tensors into the others' (same shapes and dtypes,
  /// contiguous).
  virtual void broadcast(std::span<Tensor> tensors, int root) = 0;

  /// Every rank passes a fingerprint of something that must agree (the
  /// model's parameter names and shapes, the training arguments); a
  /// UserError on every rank, naming `what` and the ranks whose fingerprint
  /// differs from rank 0's, when they do not all agree.
  virtual void checkSame(uint64_t fingerprint, const std::string &what) = 0;

  /// Marks this replica failed (`why` is its error message), so the other
  /// replicas' collectives throw instead of waiting for it. A replica that
  /// fails outside a collective calls it before giving up; collectives that
  /// throw have already done what is needed (a wrong argument or a timeout
  /// aborts, a peer's failure or a mismatch is known to every rank). Later
  /// calls, and calls after a peer failed, do nothing.
  virtual void abort(const std::string &why) = 0;
};

/// N communicators for N threads of this process (ranks 0..N-1); each
/// thread uses its own. The group lives as long as any of them. A
/// collective waits at most KILN_COLLECTIVE_TIMEOUT seconds (default 300)
/// for the other ranks, then fails the group.
std::vector<std::unique_ptr<Communicator>> makeLocalGroup(int size);
/// The same with an explicit limit on that wait (tests use short ones).
std::vector<std::unique_ptr<Communicator>>
makeLocalGroup(int size, std::chrono::milliseconds timeout);

/// `inner`, with its collectives run one after another, in the order they
/// are called, on a thread of the result's own: startAllReduceSum returns
/// at once (so a training step's backward pass goes on while its gradients
/// are summed), the other calls wait for their turn and their end. Only
/// that thread ever calls `inner` (as MPI's SERIALIZED threading asks), and
/// the result may be called from any one thread at a time. Destroying it
/// finishes what was started.
std::unique_ptr<Communicator>
withCollectiveThread(std::unique_ptr<Communicator> inner);

/// True when this process was started by mpirun (Open MPI's environment).
bool launchedByMPI();

/// The MPI world's communicator (MPI_Init on first use, finalized at
/// exit). A UserError when Kiln was built without MPI (saying so and how
/// to get it) or when MPI fails to start. Its collectives wait at most
/// KILN_COLLECTIVE_TIMEOUT seconds (default 300). Only one thread at a time
/// may use it. A process killed by a signal is noticed by mpirun, which
/// ends the whole job (docs/distributed.md).
std::unique_ptr<Communicator> mpiWorld();

/// FNV-1a 64's offset basis: the fingerprint of nothing.
constexpr uint64_t kFingerprintBasis = 0xcbf29ce484222325ULL;

/// FNV-1a 64 of `bytes`, for checkSame. Passing a previous result as
/// `hash` continues it: fingerprint(b, fingerprint(a)) is the fingerprint
/// of a followed by b, without joining them.
uint64_t fingerprint(std::string_view bytes, uint64_t hash = kFingerprintBasis);

} // namespace kiln

#endif // KILN_RUNTIME_DISTRIBUTED_COMMUNICATOR_H
