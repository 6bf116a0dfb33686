//===- Mpi.cpp - Collectives between processes started by mpirun ---------===//
//
// allReduceSum is a reduce-scatter then an allgather, both non-blocking:
//
//   MPI_Ialltoallv   rank j receives slice j of every rank's tensors
//   sumInRankOrder   rank j sums its slice, rank 0's + rank 1's + ...
//   MPI_Iallgatherv  every rank receives every summed slice
//
// Each rank sends and receives 2 (N-1)/N of the data, as a ring all-reduce
// does, where gathering everything and summing locally would move (N-1)
// times the data. MPI_Allreduce(MPI_SUM) is not used: MPI does not promise
// that its sum runs in rank order nor that every rank gets the same bits
// (Open MPI's algorithms depend on the message size and the rank count).
// Here each element is summed once, by its owner, so every rank gets the
// same bits and the same ones as a thread group (LocalGroup.cpp).
//
// Failures. Every MPI call returns its error (MPI_ERRORS_RETURN) and every
// wait polls MPI_Test against a deadline (KILN_COLLECTIVE_TIMEOUT), and
// polls a second communicator for abort messages: abort(why) sends `why`
// to every rank, whose pending and later collectives throw it. After a
// failure the communicator is spent: pending requests cannot be cancelled,
// so the buffers they may still write to (owned by the World) are never
// freed or reused, and every later collective throws.
//
// A rank killed by a signal is noticed by mpirun, not by the others: Open
// MPI 4.1's mpirun then kills the whole job at once and says which rank
// died (docs/distributed.md); the deadline covers launchers that do not.
//
//===----------------------------------------------------------------------===//
#include "runtime/distributed/Collectives.h"
#include "runtime/distributed/Communicator.h"

// MPI's C interface only: not the deprecated C++ bindings (libmpi_cxx).
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <cstddef>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

namespace kiln {
namespace {

using Clock = std::chrono::steady_clock;

/// The tag of abort messages on World::control.
constexpr int kAbortTag = 1;
/// Elements per round of MPI calls, so counts and displacements fit an int
/// and the staging buffers stay bounded.
constexpr size_t kRoundElements = size_t{1} << 26;
/// Abort messages stay below Open MPI's eager limits, so sending one does
/// not wait for the receiver.
constexpr size_t kMaxAbortMessage = 1000;

/// The process's MPI state: created by mpiWorld(), never destroyed (MPI may
/// still write into its buffers after a failed collective).
struct World {
  MPI_Comm data = MPI_COMM_NULL;    // collectives
  MPI_Comm control = MPI_COMM_NULL; // abort messages
  int rank = 0;
  int size = 1;
  std::chrono::milliseconds timeout{0};
  /// Kiln called MPI_Init, so it calls MPI_Finalize at exit.
  bool ownsMpi = false;
  /// False after a timeout or an MPI error: a peer may never reach
  /// MPI_Finalize, which waits for every rank, so exit without it (mpirun
  /// then ends the job).
  bool finalizeAtExit = true;

  struct Failure {
    int rank;
    std::string why;
  };
  std::optional<Failure> failure;

  // Staging buffers, reused by every collective.
  std::vector<std::byte> headers;
  std::vector<std::byte> packed;
  std::vector<std::byte> slices;
  std::string abortMessage;
  std::vector<MPI_Request> abortSends;
};

World *theWorld = nullptr;

void finalizeAtExit() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized && (!theWorld || theWorld->finalizeAtExit))
    MPI_Finalize();
}

std::string mpiErrorText(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS)
    return "MPI error " + std::to_string(code);
  return std::string(text, length);
}

MPI_Datatype mpiType(ScalarType dtype) {
  return dtype == ScalarType::Float ? MPI_FLOAT : MPI_DOUBLE;
}

/// Copies elements [start, start + count) of the concatenation of
/// `tensors` (all of one dtype) to `buffer`, or back when `toTensors`.
void copyElements(std::span<Tensor> tensors, size_t start, size_t count,
                  std::byte *buffer, bool toTensors) {
  size_t skipped = 0;
  for (Tensor &t : tensors) {
    size_t n = static_cast<size_t>(t.numel());
    if (count == 0)
      return;
    if (start >= skipped + n) {
      skipped += n;
      continue;
    }
    size_t element = elementSize(t.dtype());
    size_t first = start - skipped;
    size_t m = std::min(n - first, count);
    std::byte *data = static_cast<std::byte *>(t.rawData()) + first * element;
    if (toTensors)
      std::memcpy(data, buffer, m * element);
    else
      std::memcpy(buffer, data, m * element);
    buffer += m * element;
    start += m;
    count -= m;
    skipped += n;
  }
}

class MpiCommunicator final : public Communicator {
public:
  explicit MpiCommunicator(World &world) : w_(world) {}

  int rank() const override { return w_.rank; }
  int size() const override { return w_.size; }
  std::string kind() const override { return "mpi"; }

  void allReduceSum(std::span<Tensor> tensors, double scale) override;
  void broadcast(std::span<Tensor> tensors, int root) override;
  void checkSame(uint64_t fingerprint, const std::string &what) override;
  void abort(const std::string &why) override;

private:
  /// Throws when the communicator has failed; takes any abort message.
  void enter(const char *op);
  /// Throws UserError (and spends the communicator) unless rc is success.
  void check(int rc, const char *call, const char *op);
  /// Polls `request` until it completes, an abort message arrives or the
  /// deadline passes.
  void wait(MPI_Request &request, const char *op);
  void pollAborts(const char *op);
  [[noreturn]] void throwFailure(const char *op);
  /// Every rank's `bytes`-sized record, gathered into w_.headers.
  void gatherHeaders(const void *mine, size_t bytes, const char *op);
  /// Every rank gets the same verdict from the signatures in w_.headers
  /// (at offset `at` of each `stride`-byte record).
  void checkSignatures(const char *op, std::span<const Tensor> tensors,
                       size_t stride, size_t at, int reference);
  template <typename T>
  void reduceRound(std::span<Tensor> tensors, size_t start, size_t count,
                   std::span<const double> scales, const char *op);

  World &w_;
};

void MpiCommunicator::throwFailure(const char *op) {
  throw collectives::peerFailure(op, w_.failure->rank, w_.size, w_.rank,
                                 w_.failure->why);
}

void MpiCommunicator::check(int rc, const char *call, const char *op) {
  if (rc == MPI_SUCCESS)
    return;
  std::string why = detail::concat(op, ": ", call, " failed on rank ", w_.rank,
                                   ": ", mpiErrorText(rc));
  if (!w_.failure)
    w_.failure = World::Failure{w_.rank, why};
  w_.finalizeAtExit = false;
  throw UserError(why);
}

void MpiCommunicator::pollAborts(const char *op) {
  int arrived = 0;
  MPI_Status status;
  check(MPI_Iprobe(MPI_ANY_SOURCE, kAbortTag, w_.control, &arrived, &status),
        "MPI_Iprobe", op);
  if (!arrived)
    return;
  int length = 0;
  check(MPI_Get_count(&status, MPI_CHAR, &length), "MPI_Get_count", op);
  std::string why(static_cast<size_t>(std::max(length, 0)), '\0');
  check(MPI_Recv(why.data(), length, MPI_CHAR, status.MPI_SOURCE, kAbortTag,
                 w_.control, MPI_STATUS_IGNORE),
        "MPI_Recv", op);
  if (!w_.failure)
    w_.failure = World::Failure{status.MPI_SOURCE, why};
  throwFailure(op);
}

void MpiCommunicator::enter(const char *op) {
  if (w_.failure)
    throwFailure(op);
  pollAborts(op);
}

void MpiCommunicator::wait(MPI_Request &request, const char *op) {
  Clock::time_point deadline = Clock::now() + w_.timeout;
  for (unsigned spin = 0;; ++spin) {
    int done = 0;
    check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test", op);
    if (done)
      return;
    // Spin first (a step's collectives are usually quick), then sleep
    // briefly so that a waiting rank leaves the cores to the others.
    if (spin < 2048 && spin % 64 != 0)
      continue;
    pollAborts(op);
    if (Clock::now() > deadline) {
      std::string why = detail::concat(
          op, " timed out after ", collectives::formatSeconds(w_.timeout),
          " on rank ", w_.rank, " of ", w_.size,
          " waiting for the other ranks (KILN_COLLECTIVE_TIMEOUT sets the "
          "limit in seconds)");
      abort(why);
      w_.finalizeAtExit = false;
      throw UserError(why);
    }
    if (spin >= 2048)
      std::this_thread::sleep_for(
          std::chrono::microseconds(spin < 8192 ? 20 : 200));
  }
}

void MpiCommunicator::abort(const std::string &why) {
  if (w_.failure)
    return; // a peer's failure, or ours, that everyone hears of already
  w_.failure = World::Failure{w_.rank, why};
  w_.abortMessage = why.substr(0, kMaxAbortMessage);
  for (int r = 0; r < w_.size; ++r) {
    if (r == w_.rank)
      continue;
    MPI_Request request;
    if (MPI_Isend(w_.abortMessage.data(),
                  static_cast<int>(w_.abortMessage.size()), MPI_CHAR, r,
                  kAbortTag, w_.control, &request) == MPI_SUCCESS)
      w_.abortSends.push_back(request);
  }
  // Small messages go out at once; do not wait long for one that does not.
  Clock::time_point deadline =
      Clock::now() +
      std::min<Clock::duration>(w_.timeout, std::chrono::seconds(5));
  int done = 0;
  while (!done && Clock::now() < deadline) {
    if (MPI_Testall(static_cast<int>(w_.abortSends.size()),
                    w_.abortSends.data(), &done,
                    MPI_STATUSES_IGNORE) != MPI_SUCCESS)
      break;
    if (!done)
      std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
}

void MpiCommunicator::gatherHeaders(const void *mine, size_t bytes,
                                    const char *op) {
  w_.headers.resize(bytes * (w_.size + 1));
  // Our own record goes in the last slot, which MPI does not write.
  std::byte *send = w_.headers.data() + bytes * w_.size;
  std::memcpy(send, mine, bytes);
  MPI_Request request;
  check(MPI_Iallgather(send, static_cast<int>(bytes), MPI_BYTE,
                       w_.headers.data(), static_cast<int>(bytes), MPI_BYTE,
                       w_.data, &request),
        "MPI_Iallgather", op);
  wait(request, op);
}

void MpiCommunicator::checkSignatures(const char *op,
                                      std::span<const Tensor> tensors,
                                      size_t stride, size_t at, int reference) {
  auto signatureOf = [&](int r) {
    uint64_t s;
    std::memcpy(&s, w_.headers.data() + r * stride + at, sizeof s);
    return s;
  };
  std::vector<int> mismatched;
  for (int r = 0; r < w_.size; ++r)
    if (signatureOf(r) != signatureOf(reference))
      mismatched.push_back(r);
  if (!mismatched.empty())
    throw collectives::tensorMismatch(op, mismatched, reference, tensors);
}

template <typename T>
void MpiCommunicator::reduceRound(std::span<Tensor> tensors, size_t start,
                                  size_t count, std::span<const double> scales,
                                  const char *op) {
  int size = w_.size;
  std::vector<int> counts(size), displacements(size);
  for (int r = 0; r < size; ++r) {
    collectives::Slice slice = collectives::sliceOf(count, r, size);
    counts[r] = static_cast<int>(slice.length());
    displacements[r] = static_cast<int>(slice.begin);
  }
  int mine = counts[w_.rank];
  std::vector<int> fromEach(size, mine), fromEachAt(size);
  for (int r = 0; r < size; ++r)
    fromEachAt[r] = r * mine;

  w_.packed.resize(count * sizeof(T));
  w_.slices.resize(static_cast<size_t>(mine) * size * sizeof(T));
  copyElements(tensors, start, count, w_.packed.data(), /*toTensors=*/false);
  MPI_Datatype type = mpiType(scalarTypeOf<T>());
  MPI_Request request;
  check(MPI_Ialltoallv(w_.packed.data(), counts.data(), displacements.data(),
                       type, w_.slices.data(), fromEach.data(),
                       fromEachAt.data(), type, w_.data, &request),
        "MPI_Ialltoallv", op);
  wait(request, op);

  std::vector<const T *> inputs(size);
  for (int r = 0; r < size; ++r)
    inputs[r] = reinterpret_cast<const T *>(w_.slices.data()) + fromEachAt[r];
  T *sum = reinterpret_cast<T *>(w_.packed.data()) + displacements[w_.rank];
  collectives::sumInRankOrder(std::span<const T *const>(inputs), scales, sum,
                              static_cast<size_t>(mine));

  check(MPI_Iallgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, w_.packed.data(),
                        counts.data(), displacements.data(), type, w_.data,
                        &request),
        "MPI_Iallgatherv", op);
  wait(request, op);
  copyElements(tensors, start, count, w_.packed.data(), /*toTensors=*/true);
}

/// The tensors of one dtype, in order.
std::vector<Tensor> ofType(std::span<Tensor> tensors, ScalarType dtype,
                           size_t &elements) {
  std::vector<Tensor> out;
  elements = 0;
  for (const Tensor &t : tensors)
    if (t.dtype() == dtype) {
      out.push_back(t);
      elements += static_cast<size_t>(t.numel());
    }
  return out;
}

void MpiCommunicator::allReduceSum(std::span<Tensor> tensors, double scale) {
  const char *op = "allReduceSum";
  enter(op);
  collectives::checkTensors(tensors, op);
  struct Header {
    double scale;
    uint64_t signature;
  } header{scale, collectives::signature(tensors)};
  gatherHeaders(&header, sizeof header, op);
  checkSignatures(op, tensors, sizeof header, offsetof(Header, signature), 0);
  std::vector<double> scales(w_.size);
  for (int r = 0; r < w_.size; ++r)
    std::memcpy(&scales[r],
                w_.headers.data() + r * sizeof header + offsetof(Header, scale),
                sizeof(double));

  for (ScalarType dtype : {ScalarType::Float, ScalarType::Double}) {
    size_t elements = 0;
    std::vector<Tensor> group = ofType(tensors, dtype, elements);
    for (size_t start = 0; start < elements; start += kRoundElements) {
      size_t count = std::min(kRoundElements, elements - start);
      if (dtype == ScalarType::Float)
        reduceRound<float>(group, start, count, scales, op);
      else
        reduceRound<double>(group, start, count, scales, op);
    }
  }
}

void MpiCommunicator::broadcast(std::span<Tensor> tensors, int root) {
  const char *op = "broadcast";
  KILN_USER_CHECK(root >= 0 && root < w_.size, op, ": root ", root,
                  " is not a rank of a group of ", w_.size);
  enter(op);
  collectives::checkTensors(tensors, op);
  uint64_t signature = collectives::signature(tensors);
  gatherHeaders(&signature, sizeof signature, op);
  checkSignatures(op, tensors, sizeof signature, 0, root);
  for (ScalarType dtype : {ScalarType::Float, ScalarType::Double}) {
    size_t elements = 0;
    std::vector<Tensor> group = ofType(tensors, dtype, elements);
    size_t element = elementSize(dtype);
    for (size_t start = 0; start < elements; start += kRoundElements) {
      size_t count = std::min(kRoundElements, elements - start);
      w_.packed.resize(count * element);
      if (w_.rank == root)
        copyElements(group, start, count, w_.packed.data(), false);
      MPI_Request request;
      check(MPI_Ibcast(w_.packed.data(), static_cast<int>(count),
                       mpiType(dtype), root, w_.data, &request),
            "MPI_Ibcast", op);
      wait(request, op);
      if (w_.rank != root)
        copyElements(group, start, count, w_.packed.data(), true);
    }
  }
}

void MpiCommunicator::checkSame(uint64_t fingerprint, const std::string &what) {
  const char *op = "checkSame";
  enter(op);
  gatherHeaders(&fingerprint, sizeof fingerprint, op);
  auto fingerprintOf = [&](int r) {
    uint64_t f;
    std::memcpy(&f, w_.headers.data() + r * sizeof f, sizeof f);
    return f;
  };
  std::vector<int> differing;
  for (int r = 1; r < w_.size; ++r)
    if (fingerprintOf(r) != fingerprintOf(0))
      differing.push_back(r);
  if (!differing.empty())
    throw collectives::fingerprintMismatch(what, differing, w_.size);
}

World &startWorld() {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (theWorld)
    return *theWorld;
  auto world = std::make_unique<World>();
  world->timeout = collectives::timeoutFromEnvironment();
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    int provided = 0;
    int rc =
        MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
    KILN_USER_CHECK(rc == MPI_SUCCESS,
                    "MPI failed to start: ", mpiErrorText(rc));
    world->ownsMpi = true;
    std::atexit(finalizeAtExit);
    KILN_USER_CHECK(provided >= MPI_THREAD_SERIALIZED,
                    "this MPI library does not let threads other than the "
                    "first call it (MPI_THREAD_SERIALIZED)");
  }
  auto require = [](int rc, const char *call) {
    KILN_USER_CHECK(rc == MPI_SUCCESS, "MPI failed to start: ", call, ": ",
                    mpiErrorText(rc));
  };
  require(MPI_Comm_dup(MPI_COMM_WORLD, &world->data), "MPI_Comm_dup");
  require(MPI_Comm_dup(MPI_COMM_WORLD, &world->control), "MPI_Comm_dup");
  require(MPI_Comm_set_errhandler(world->data, MPI_ERRORS_RETURN),
          "MPI_Comm_set_errhandler");
  require(MPI_Comm_set_errhandler(world->control, MPI_ERRORS_RETURN),
          "MPI_Comm_set_errhandler");
  require(MPI_Comm_rank(world->data, &world->rank), "MPI_Comm_rank");
  require(MPI_Comm_size(world->data, &world->size), "MPI_Comm_size");
  theWorld = world.release();
  return *theWorld;
}

} // namespace

std::unique_ptr<Communicator> mpiWorld() {
  return std::make_unique<MpiCommunicator>(startWorld());
}

} // namespace kiln
