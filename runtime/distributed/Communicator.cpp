//===- Communicator.cpp ---------------------------------------------------===//
#include "runtime/distributed/Communicator.h"

#include "support/Error.h"

#include <cstdlib>

namespace kiln {

std::vector<Tensor> PendingCollective::wait() {
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return finished_; });
  if (error_)
    std::rethrow_exception(error_);
  return std::move(tensors_);
}

void PendingCollective::finish(std::exception_ptr error) {
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
    error_ = std::move(error);
  }
  done_.notify_all();
}

Communicator::~Communicator() = default;

std::shared_ptr<PendingCollective>
Communicator::startAllReduceSum(std::vector<Tensor> tensors, double scale) {
  auto pending = std::make_shared<PendingCollective>(std::move(tensors));
  try {
    allReduceSum(pending->tensors(), scale);
    pending->finish(nullptr);
  } catch (...) {
    pending->finish(std::current_exception());
  }
  return pending;
}

uint64_t fingerprint(std::string_view bytes, uint64_t hash) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL; // FNV-1a 64 prime
  }
  return hash;
}

bool launchedByMPI() {
  // Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; PMIx-based launchers
  // (Open MPI 4+, Slurm's srun --mpi=pmix) set PMIX_RANK; MPICH's hydra
  // sets PMI_SIZE.
  for (const char *name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (const char *value = std::getenv(name); value && *value)
      return true;
  return false;
}

#ifndef KILN_HAVE_MPI
std::unique_ptr<Communicator> mpiWorld() {
  throw UserError(
      "this Kiln was built without MPI, so it cannot train with mpirun; "
      "install Open MPI (apt-get install openmpi-bin libopenmpi-dev), then "
      "rebuild: cmake --preset release -DKILN_WITH_MPI=ON && cmake --build "
      "--preset release (or use --replicas N for threads in one process)");
}
#endif

} // namespace kiln
