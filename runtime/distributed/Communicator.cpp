// Temporary stand-in until the communicator implementation lands.
#include "runtime/distributed/Communicator.h"
#include "support/Error.h"
namespace kiln {
Communicator::~Communicator() = default;
std::vector<std::unique_ptr<Communicator>> makeLocalGroup(int) {
  throw UserError("local groups are not implemented yet");
}
bool launchedByMPI() { return false; }
std::unique_ptr<Communicator> mpiWorld() { throw UserError("no MPI"); }
uint64_t fingerprint(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) { h ^= c; h *= 1099511628211ull; }
  return h;
}
}
