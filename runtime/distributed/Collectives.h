//===- Collectives.h - What both communicators share ------------*- C++ -*-===//
//
// The thread group (LocalGroup.cpp) and MPI (Mpi.cpp) check their arguments,
// sum and word their errors with the same code, so a data-parallel run
// computes and reports the same whether its replicas are threads or
// processes.
//
// Determinism: every element of an allReduceSum result is computed by one
// rank only (each rank owns a slice of the elements), by sumInRankOrder, and
// then copied to the others. So the ranks cannot disagree, whatever the
// timing, the compiler's contraction of a*b+c, or the host's vector width.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_DISTRIBUTED_COLLECTIVES_H
#define KILN_RUNTIME_DISTRIBUTED_COLLECTIVES_H

#include "runtime/tensor/Tensor.h"

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kiln::collectives {

/// How long a collective waits for the other ranks: KILN_COLLECTIVE_TIMEOUT
/// (seconds, fractions allowed), else 300 s. UserError on a bad value.
std::chrono::milliseconds timeoutFromEnvironment();

/// "300 s", "0.25 s".
std::string formatSeconds(std::chrono::milliseconds d);

/// "rank 2", "ranks 1 and 3", "ranks 1, 2 and 3".
std::string formatRanks(const std::vector<int> &ranks);

/// UserError unless every tensor is defined, contiguous and float32 or
/// float64 (`op` names the collective).
void checkTensors(std::span<const Tensor> tensors, const char *op);

/// "Float[2, 3], Double[4]", for messages.
std::string describeTensors(std::span<const Tensor> tensors);

/// A fingerprint of the tensors' number, dtypes and shapes; equal on two
/// ranks when their tensors can take part in the same collective.
uint64_t signature(std::span<const Tensor> tensors);

/// The UserError every rank throws when some ranks' tensors (`mismatched`,
/// by signature) do not match the reference rank's.
UserError tensorMismatch(const char *op, const std::vector<int> &mismatched,
                         int reference, std::span<const Tensor> mine);

/// The UserError every rank throws when fingerprints differ in checkSame.
UserError fingerprintMismatch(const std::string &what,
                              const std::vector<int> &differing, int size);

/// The UserError a collective throws because rank `failed` failed with
/// message `why` (this rank is `self`).
UserError peerFailure(const char *op, int failed, int size, int self,
                      const std::string &why);

/// out[i] = T(sum over r = 0, 1, ... of double(inputs[r][i]) * scales[r]),
/// accumulated in double in rank order. `out` may be one of the inputs.
void sumInRankOrder(std::span<const float *const> inputs,
                    std::span<const double> scales, float *out, size_t n);
void sumInRankOrder(std::span<const double *const> inputs,
                    std::span<const double> scales, double *out, size_t n);

/// The part of [0, n) that rank `rank` of `size` owns: [begin, end).
struct Slice {
  size_t begin;
  size_t end;
  size_t length() const { return end - begin; }
};
Slice sliceOf(size_t n, int rank, int size);

} // namespace kiln::collectives

#endif // KILN_RUNTIME_DISTRIBUTED_COLLECTIVES_H
