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
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace kiln {

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

  /// Copies rank `root`'s tensors into the others' (same shapes and dtypes,
  /// contiguous).
  virtual void broadcast(std::span<Tensor> tensors, int root) = 0;

  /// Every rank passes a fingerprint of something that must agree (the
  /// model's parameter names and shapes, the training arguments); a
  /// UserError on every rank, naming `what` and the ranks whose fingerprint
  /// differs from rank 0's, when they do not all agree.
  virtual void checkSame(uint64_t fingerprint, const std::string &what) = 0;

  /// Marks this replica failed (`why` is its error message), so the other
  /// replicas' collectives throw instead of waiting for it.
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

/// True when this process was started by mpirun (Open MPI's environment).
bool launchedByMPI();

/// The MPI world's communicator (MPI_Init on first use, finalized at
/// exit). A UserError when Kiln was built without MPI (saying so and how
/// to get it) or when MPI fails to start. Its collectives wait at most
/// KILN_COLLECTIVE_TIMEOUT seconds (default 300). Only one thread at a time
/// may use it. A process killed by a signal is noticed by mpirun, which
/// ends the whole job (docs/distributed.md).
std::unique_ptr<Communicator> mpiWorld();

/// FNV-1a 64 of `bytes`, for checkSame.
uint64_t fingerprint(std::string_view bytes);

} // namespace kiln

#endif // KILN_RUNTIME_DISTRIBUTED_COMMUNICATOR_H
