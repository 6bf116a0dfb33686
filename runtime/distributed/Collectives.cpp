//===- Collectives.cpp ----------------------------------------------------===//
#include "runtime/distributed/Collectives.h"

#include "runtime/distributed/Communicator.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace kiln::collectives {

std::chrono::milliseconds timeoutFromEnvironment() {
  constexpr std::chrono::milliseconds kDefault{300'000};
  const char *text = std::getenv("KILN_COLLECTIVE_TIMEOUT");
  if (!text || !*text)
    return kDefault;
  char *end = nullptr;
  double seconds = std::strtod(text, &end);
  // Up to a year: beyond that the milliseconds would not fit a deadline.
  KILN_USER_CHECK(end && *end == '\0' && std::isfinite(seconds) &&
                      seconds > 0 && seconds <= 365.0 * 24 * 3600,
                  "KILN_COLLECTIVE_TIMEOUT must be a positive number of "
                  "seconds, not '",
                  text, "'");
  return std::max(std::chrono::milliseconds{1},
                  std::chrono::milliseconds{
                      static_cast<int64_t>(std::llround(seconds * 1000))});
}

std::string formatSeconds(std::chrono::milliseconds d) {
  std::ostringstream os;
  os << static_cast<double>(d.count()) / 1000 << " s";
  return os.str();
}

std::string formatRanks(const std::vector<int> &ranks) {
  std::string out = ranks.size() == 1 ? "rank " : "ranks ";
  for (size_t i = 0; i < ranks.size(); ++i) {
    if (i > 0)
      out += i + 1 == ranks.size() ? " and " : ", ";
    out += std::to_string(ranks[i]);
  }
  return out;
}

void checkTensors(std::span<const Tensor> tensors, const char *op) {
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor &t = tensors[i];
    KILN_USER_CHECK(t.defined(), op, ": tensor ", i, " is undefined");
    KILN_USER_CHECK(t.dtype() == ScalarType::Float ||
                        t.dtype() == ScalarType::Double,
                    op, ": tensor ", i, " is ", t.describe(),
                    "; collectives take float32 and float64 tensors");
    KILN_USER_CHECK(t.isContiguous(), op, ": tensor ", i, " (", t.describe(),
                    ") is not contiguous");
  }
}

std::string describeTensors(std::span<const Tensor> tensors) {
  if (tensors.empty())
    return "no tensors";
  std::string out;
  for (size_t i = 0; i < tensors.size(); ++i)
    out += (i ? ", " : "") + tensors[i].describe();
  return out;
}

uint64_t signature(std::span<const Tensor> tensors) {
  std::string text = std::to_string(tensors.size());
  for (const Tensor &t : tensors)
    text += ";" + t.describe();
  return fingerprint(text);
}

UserError tensorMismatch(const char *op, const std::vector<int> &mismatched,
                         int reference, std::span<const Tensor> mine) {
  return UserError(
      detail::concat(op, ": the tensors of ", formatRanks(mismatched),
                     " differ in number, dtype or shape from rank ", reference,
                     "'s (every rank must pass the same); this rank passed ",
                     describeTensors(mine)));
}

UserError fingerprintMismatch(const std::string &what,
                              const std::vector<int> &differing, int size) {
  return UserError(detail::concat(
      what, ": not the same on every replica (", formatRanks(differing), " of ",
      size, differing.size() == 1 ? " differs" : " differ", " from rank 0)"));
}

UserError peerFailure(const char *op, int failed, int size, int self,
                      const std::string &why) {
  if (failed == self)
    return UserError(detail::concat(op, ": this replica (rank ", self, " of ",
                                    size, ") has already failed: ", why));
  return UserError(
      detail::concat(op, ": rank ", failed, " of ", size, " failed: ", why));
}

namespace {

template <typename T>
void sumInRankOrderImpl(std::span<const T *const> inputs,
                        std::span<const double> scales, T *out, size_t n) {
  KILN_INTERNAL_ASSERT(!inputs.empty() && inputs.size() == scales.size(),
                       "sumInRankOrder: ", inputs.size(), " inputs, ",
                       scales.size(), " scales");
  // Blocks keep the accumulator in L1 and let the compiler vectorize each
  // rank's pass while the order of the additions stays rank 0, 1, ...
  constexpr size_t kBlock = 512;
  double acc[kBlock];
  for (size_t begin = 0; begin < n; begin += kBlock) {
    size_t m = std::min(kBlock, n - begin);
    const T *x = inputs[0] + begin;
    double s = scales[0];
    for (size_t i = 0; i < m; ++i)
      acc[i] = static_cast<double>(x[i]) * s;
    for (size_t r = 1; r < inputs.size(); ++r) {
      x = inputs[r] + begin;
      s = scales[r];
      for (size_t i = 0; i < m; ++i)
        acc[i] += static_cast<double>(x[i]) * s;
    }
    for (size_t i = 0; i < m; ++i)
      out[begin + i] = static_cast<T>(acc[i]);
  }
}

} // namespace

void sumInRankOrder(std::span<const float *const> inputs,
                    std::span<const double> scales, float *out, size_t n) {
  sumInRankOrderImpl<float>(inputs, scales, out, n);
}

void sumInRankOrder(std::span<const double *const> inputs,
                    std::span<const double> scales, double *out, size_t n) {
  sumInRankOrderImpl<double>(inputs, scales, out, n);
}

Slice sliceOf(size_t n, int rank, int size) {
  size_t r = static_cast<size_t>(rank), p = static_cast<size_t>(size);
  size_t base = n / p, extra = n % p;
  size_t begin = r * base + std::min(r, extra);
  return {begin, begin + base + (r < extra ? 1 : 0)};
}

} // namespace kiln::collectives
