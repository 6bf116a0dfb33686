//===- MpiSelfTest.cpp - mpiWorld()'s collectives, run under mpirun ------===//
//
//   mpirun -np N kiln-mpi-selftest MODE
//
// sum        allReduceSum of float32/float64 tensors with per-rank scales,
//            20 times: equal to the rank-ordered sum, bit for bit, on every
//            rank and in every round
// broadcast  from the last rank
// mismatch   checkSame with rank 1 differing: every rank reports it
// abort      rank 1 aborts; the others' allReduceSum names it
// timeout    rank 1 arrives late; the others time out (KILN_COLLECTIVE_TIMEOUT)
// kill       rank 1 is killed (SIGKILL) while the others wait for it in
//            allReduceSum
//
// Rank 0 prints what the lit test (tests/lit/distributed) checks; every
// rank prints its errors as "rank R: error: ..." and exits 1.
//
//===----------------------------------------------------------------------===//
#include "runtime/distributed/Collectives.h"
#include "runtime/distributed/Communicator.h"
#include "support/Error.h"

#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <random>
#include <thread>

using namespace kiln;
using namespace std::chrono_literals;

namespace {

template <typename T>
Tensor inputOf(int rank, int index, std::vector<int64_t> sizes) {
  std::mt19937_64 random(1000 * rank + index);
  std::uniform_real_distribution<double> unit(-1, 1);
  Tensor t = Tensor::empty(sizes, scalarTypeOf<T>());
  for (int64_t i = 0; i < t.numel(); ++i)
    t.data<T>()[i] = static_cast<T>(unit(random) * std::pow(10.0, i % 7 - 3));
  return t;
}

double scaleOf(int rank) { return 1.0 / (rank + 3); }

const std::vector<std::vector<int64_t>> kShapes = {
    {3, 5}, {1031}, {}, {0}, {2, 2, 600}, {100003}};

std::vector<Tensor> inputsOf(int rank) {
  std::vector<Tensor> tensors;
  for (size_t i = 0; i < kShapes.size(); ++i)
    tensors.push_back(i % 2 ? inputOf<double>(rank, i, kShapes[i])
                            : inputOf<float>(rank, i, kShapes[i]));
  return tensors;
}

std::string bytesOf(const std::vector<Tensor> &tensors) {
  std::string bytes;
  for (const Tensor &t : tensors)
    bytes.append(static_cast<const char *>(t.rawData()),
                 t.numel() * elementSize(t.dtype()));
  return bytes;
}

/// The rank-ordered sum of every rank's inputs, computed here alone.
std::vector<Tensor> expectedSums(int size) {
  std::vector<std::vector<Tensor>> all;
  std::vector<double> scales;
  for (int r = 0; r < size; ++r) {
    all.push_back(inputsOf(r));
    scales.push_back(scaleOf(r));
  }
  std::vector<Tensor> out = inputsOf(0);
  for (size_t i = 0; i < out.size(); ++i) {
    size_t n = out[i].numel();
    if (out[i].dtype() == ScalarType::Float) {
      std::vector<const float *> in;
      for (int r = 0; r < size; ++r)
        in.push_back(all[r][i].data<float>());
      collectives::sumInRankOrder(std::span<const float *const>(in), scales,
                                  out[i].data<float>(), n);
    } else {
      std::vector<const double *> in;
      for (int r = 0; r < size; ++r)
        in.push_back(all[r][i].data<double>());
      collectives::sumInRankOrder(std::span<const double *const>(in), scales,
                                  out[i].data<double>(), n);
    }
  }
  return out;
}

int testSum(Communicator &c) {
  std::string expected = bytesOf(expectedSums(c.size()));
  for (int round = 0; round < 20; ++round) {
    std::vector<Tensor> tensors = inputsOf(c.rank());
    c.allReduceSum(tensors, scaleOf(c.rank()));
    std::string got = bytesOf(tensors);
    KILN_USER_CHECK(got == expected, "round ", round,
                    ": allReduceSum differs from the rank-ordered sum");
    // Every rank's result has the same bits (checkSame throws otherwise).
    c.checkSame(fingerprint(got), "the sums");
  }
  if (c.rank() == 0)
    std::cout << "sum: " << c.size() << " " << c.kind() << " ranks, 20 rounds, "
              << expected.size()
              << " bytes: rank-ordered and identical on every rank\n";
  return 0;
}

int testBroadcast(Communicator &c) {
  int root = c.size() - 1;
  std::vector<Tensor> tensors = inputsOf(c.rank());
  c.broadcast(tensors, root);
  KILN_USER_CHECK(bytesOf(tensors) == bytesOf(inputsOf(root)),
                  "broadcast: rank ", c.rank(), " did not get rank ", root,
                  "'s tensors");
  c.checkSame(fingerprint(bytesOf(tensors)), "the broadcast tensors");
  if (c.rank() == 0)
    std::cout << "broadcast: every rank has rank " << root << "'s tensors\n";
  return 0;
}

int testMismatch(Communicator &c) {
  try {
    c.checkSame(fingerprint(c.rank() == 1 ? "--lr 0.1" : "--lr 0.01"),
                "the training arguments");
  } catch (const UserError &e) {
    // Every rank reports the same; rank 0 prints it.
    c.checkSame(fingerprint(e.what()), "the mismatch message");
    if (c.rank() == 0)
      std::cout << "mismatch: " << e.what() << "\n";
    return 0;
  }
  throw UserError("checkSame did not notice rank 1's fingerprint");
}

int testAbort(Communicator &c) {
  std::vector<Tensor> tensors = inputsOf(c.rank());
  c.allReduceSum(tensors, 1.0);
  if (c.rank() == 1) {
    std::this_thread::sleep_for(200ms); // the others wait in allReduceSum
    c.abort("simulated failure in rank 1's backward pass");
    throw UserError("simulated failure in rank 1's backward pass");
  }
  c.allReduceSum(tensors, 1.0);
  throw UserError("allReduceSum returned although rank 1 aborted");
}

int testTimeout(Communicator &c) {
  std::vector<Tensor> tensors = inputsOf(c.rank());
  if (c.rank() == 1)
    std::this_thread::sleep_for(5s); // longer than KILN_COLLECTIVE_TIMEOUT
  c.allReduceSum(tensors, 1.0);
  throw UserError("allReduceSum returned although rank 1 was late");
}

int testKill(Communicator &c) {
  std::vector<Tensor> tensors = inputsOf(c.rank());
  c.allReduceSum(tensors, 1.0);
  if (c.rank() == 1) {
    // Dies as a crash in the backward pass would, while the others wait
    // for it inside the next allReduceSum.
    std::this_thread::sleep_for(300ms);
    std::raise(SIGKILL);
  }
  c.allReduceSum(tensors, 1.0);
  throw UserError("allReduceSum returned although rank 1 was killed");
}

} // namespace

int main(int argc, char **argv) {
  std::string mode = argc == 2 ? argv[1] : "";
  int rank = -1;
  try {
    std::unique_ptr<Communicator> c = mpiWorld();
    rank = c->rank();
    if (mode == "sum")
      return testSum(*c);
    if (mode == "broadcast")
      return testBroadcast(*c);
    if (mode == "mismatch")
      return testMismatch(*c);
    if (mode == "abort")
      return testAbort(*c);
    if (mode == "timeout")
      return testTimeout(*c);
    if (mode == "kill")
      return testKill(*c);
    std::cerr << "usage: mpirun -np N kiln-mpi-selftest "
                 "sum|broadcast|mismatch|abort|timeout|kill\n";
    return 2;
  } catch (const UserError &e) {
    std::cerr << "rank " << rank << ": error: " << e.what() << "\n";
    return 1;
  }
}
