//===- CommunicatorTest.cpp - Collectives between threads -----------------===//
//
// makeLocalGroup's collectives on groups of 1 to 4 threads: rank-ordered,
// bit-identical sums; broadcast; checkSame; abort and timeouts releasing
// waiting ranks with errors that name the failed rank. The MPI communicator
// is tested by tests/lit/distributed (kiln-mpi-selftest under mpirun).
//
//===----------------------------------------------------------------------===//
#include "runtime/distributed/Communicator.h"
#include "runtime/distributed/Collectives.h"
#include "support/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <thread>

using namespace kiln;
using namespace std::chrono_literals;
using ::testing::HasSubstr;

namespace {

using Group = std::vector<std::unique_ptr<Communicator>>;

/// Runs body(communicator) on one thread per rank; returns each rank's
/// error message ("" when it returned).
std::vector<std::string>
runRanks(Group &group, const std::function<void(Communicator &)> &body) {
  std::vector<std::string> errors(group.size());
  std::vector<std::thread> threads;
  for (size_t r = 0; r < group.size(); ++r)
    threads.emplace_back([&, r] {
      try {
        body(*group[r]);
      } catch (const UserError &e) {
        errors[r] = e.what();
      }
    });
  for (std::thread &t : threads)
    t.join();
  return errors;
}

bool sameBits(const Tensor &a, const Tensor &b) {
  return a.dtype() == b.dtype() && a.sizes() == b.sizes() &&
         std::memcmp(a.rawData(), b.rawData(),
                     a.numel() * elementSize(a.dtype())) == 0;
}

/// Rank r's input: a deterministic mix of magnitudes and signs.
template <typename T>
Tensor inputOf(int rank, int index, std::vector<int64_t> sizes) {
  std::mt19937_64 random(1000 * rank + index);
  std::uniform_real_distribution<double> unit(-1, 1);
  Tensor t = Tensor::empty(sizes, scalarTypeOf<T>());
  for (int64_t i = 0; i < t.numel(); ++i)
    t.data<T>()[i] = static_cast<T>(unit(random) * std::pow(10.0, i % 7 - 3));
  return t;
}

/// What allReduceSum promises, written out independently.
template <typename T>
Tensor expectedSum(int size, int index, std::vector<int64_t> sizes,
                   const std::vector<double> &scales) {
  std::vector<Tensor> inputs;
  for (int r = 0; r < size; ++r)
    inputs.push_back(inputOf<T>(r, index, sizes));
  Tensor out = Tensor::empty(sizes, scalarTypeOf<T>());
  for (int64_t i = 0; i < out.numel(); ++i) {
    double acc = static_cast<double>(inputs[0].data<T>()[i]) * scales[0];
    for (int r = 1; r < size; ++r)
      acc += static_cast<double>(inputs[r].data<T>()[i]) * scales[r];
    out.data<T>()[i] = static_cast<T>(acc);
  }
  return out;
}

class LocalGroupSizes : public ::testing::TestWithParam<int> {};

TEST_P(LocalGroupSizes, AllReduceSumIsRankOrderedAndBitIdentical) {
  int size = GetParam();
  Group group = makeLocalGroup(size);
  std::vector<double> scales;
  for (int r = 0; r < size; ++r)
    scales.push_back(r == 1 ? 0.5 : 1.0 / (r + 3));
  // Several tensors of both dtypes, sizes that do not divide evenly, a
  // 0-d one, an empty one.
  const std::vector<std::vector<int64_t>> shapes = {{3, 5}, {1}, {},
                                                    {1031}, {0}, {2, 2, 600}};
  std::vector<std::vector<Tensor>> results(size);
  for (int round = 0; round < 3; ++round) {
    auto errors = runRanks(group, [&](Communicator &c) {
      int r = c.rank();
      // Different start times, so the result cannot depend on timing.
      std::this_thread::sleep_for(
          std::chrono::microseconds((r * 37 + round * 101) % 200));
      std::vector<Tensor> tensors;
      for (size_t i = 0; i < shapes.size(); ++i)
        tensors.push_back(i % 2 ? inputOf<double>(r, i, shapes[i])
                                : inputOf<float>(r, i, shapes[i]));
      c.allReduceSum(tensors, scales[r]);
      if (round == 0)
        results[r] = tensors;
      else
        for (size_t i = 0; i < tensors.size(); ++i)
          EXPECT_TRUE(sameBits(tensors[i], results[r][i]));
    });
    for (const std::string &e : errors)
      EXPECT_EQ(e, "");
  }
  for (size_t i = 0; i < shapes.size(); ++i) {
    Tensor expected = i % 2 ? expectedSum<double>(size, i, shapes[i], scales)
                            : expectedSum<float>(size, i, shapes[i], scales);
    for (int r = 0; r < size; ++r)
      EXPECT_TRUE(sameBits(results[r][i], expected))
          << "rank " << r << ", tensor " << i;
  }
}

TEST_P(LocalGroupSizes, BroadcastCopiesTheRootsTensors) {
  int size = GetParam();
  Group group = makeLocalGroup(size);
  for (int root : {0, size - 1}) {
    auto errors = runRanks(group, [&](Communicator &c) {
      std::vector<Tensor> tensors = {inputOf<float>(c.rank(), 0, {4, 9}),
                                     inputOf<double>(c.rank(), 1, {7})};
      c.broadcast(tensors, root);
      EXPECT_TRUE(sameBits(tensors[0], inputOf<float>(root, 0, {4, 9})));
      EXPECT_TRUE(sameBits(tensors[1], inputOf<double>(root, 1, {7})));
    });
    for (const std::string &e : errors)
      EXPECT_EQ(e, "");
  }
}

TEST_P(LocalGroupSizes, CheckSamePassesWhenAllAgree) {
  Group group = makeLocalGroup(GetParam());
  auto errors = runRanks(group, [](Communicator &c) {
    c.checkSame(fingerprint("fc.weight[10, 4]"), "the model's parameters");
  });
  for (const std::string &e : errors)
    EXPECT_EQ(e, "");
}

INSTANTIATE_TEST_SUITE_P(Communicator, LocalGroupSizes,
                         ::testing::Values(1, 2, 3, 4));

TEST(LocalGroup, SumsInRankOrder) {
  // (1e16 + 1) - 1e16 + 1 is 1 in double arithmetic; any other order of
  // these four gives 0 or 2.
  Group group = makeLocalGroup(4);
  const double values[] = {1e16, 1, -1e16, 1};
  std::vector<double> results(4);
  runRanks(group, [&](Communicator &c) {
    std::vector<Tensor> t = {
        Tensor::fromVector<double>({values[c.rank()]}, {1})};
    c.allReduceSum(t, 1.0);
    results[c.rank()] = t[0].data<double>()[0];
  });
  EXPECT_THAT(results, ::testing::Each(1.0));
}

TEST(LocalGroup, OneReplicaScalesInPlaceExactly) {
  Group group = makeLocalGroup(1);
  std::vector<Tensor> t = {Tensor::fromVector<float>({-0.0f, 3, 1e-30f}, {3})};
  group[0]->allReduceSum(t, 1.0);
  EXPECT_TRUE(std::signbit(t[0].data<float>()[0]));
  EXPECT_EQ(t[0].data<float>()[2], 1e-30f);
  group[0]->allReduceSum(t, 0.25);
  EXPECT_EQ(t[0].data<float>()[1], 0.75f);
}

TEST(LocalGroup, CheckSameNamesTheDifferingRanksOnEveryRank) {
  Group group = makeLocalGroup(4);
  auto errors = runRanks(group, [](Communicator &c) {
    c.checkSame(fingerprint(c.rank() % 2 ? "--lr 0.1" : "--lr 0.01"),
                "the training arguments");
  });
  for (const std::string &e : errors)
    EXPECT_EQ(e, "the training arguments: not the same on every replica "
                 "(ranks 1 and 3 of 4 differ from rank 0)");
  // A mismatch is an answer, not a failure: the group still works.
  errors = runRanks(group, [](Communicator &c) {
    c.checkSame(fingerprint("same"), "the training arguments");
  });
  for (const std::string &e : errors)
    EXPECT_EQ(e, "");
}

TEST(LocalGroup, MismatchedTensorsAreAnErrorOnEveryRank) {
  Group group = makeLocalGroup(3);
  auto errors = runRanks(group, [](Communicator &c) {
    std::vector<Tensor> t = {Tensor::zeros(
        std::vector<int64_t>{c.rank() == 2 ? 5 : 4}, ScalarType::Float)};
    c.allReduceSum(t, 1.0);
  });
  for (int r = 0; r < 3; ++r)
    EXPECT_THAT(errors[r],
                HasSubstr("allReduceSum: the tensors of rank 2 differ in "
                          "number, dtype or shape from rank 0's"));
  EXPECT_THAT(errors[2], HasSubstr("this rank passed Float[5]"));
}

TEST(LocalGroup, AbortReleasesWaitingRanksWithTheFailedRanksMessage) {
  Group group = makeLocalGroup(3, 60s);
  auto errors = runRanks(group, [](Communicator &c) {
    if (c.rank() == 2) {
      // Let the others start waiting first.
      std::this_thread::sleep_for(50ms);
      c.abort("out of memory in the backward pass");
      return;
    }
    std::vector<Tensor> t = {
        Tensor::zeros(std::vector<int64_t>{8}, ScalarType::Float)};
    c.allReduceSum(t, 1.0);
  });
  EXPECT_EQ(errors[0],
            "allReduceSum: rank 2 of 3 failed: out of memory in the backward "
            "pass");
  EXPECT_EQ(errors[1], errors[0]);
  EXPECT_EQ(errors[2], "");
  // Later collectives fail at once, on every rank.
  errors = runRanks(group, [](Communicator &c) { c.checkSame(1, "x"); });
  EXPECT_EQ(errors[0], "checkSame: rank 2 of 3 failed: out of memory in the "
                       "backward pass");
  EXPECT_EQ(errors[2], "checkSame: this replica (rank 2 of 3) has already "
                       "failed: out of memory in the backward pass");
}

TEST(LocalGroup, ATimeoutNamesTheMissingRanksAndFailsTheGroup) {
  Group group = makeLocalGroup(3, 300ms);
  auto start = std::chrono::steady_clock::now();
  auto errors = runRanks(group, [](Communicator &c) {
    if (c.rank() == 1)
      return; // never arrives
    std::vector<Tensor> t = {
        Tensor::zeros(std::vector<int64_t>{2}, ScalarType::Double)};
    c.broadcast(t, 0);
  });
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  // Whichever rank's deadline passed first fails the group; the other
  // hears of it.
  std::string timedOut =
      "broadcast timed out after 0.3 s waiting for rank 1 of 3 "
      "(KILN_COLLECTIVE_TIMEOUT sets the limit in seconds)";
  EXPECT_TRUE(errors[0] == timedOut || errors[2] == timedOut)
      << errors[0] << "\n"
      << errors[2];
  EXPECT_THAT(errors[0], HasSubstr(timedOut));
  EXPECT_THAT(errors[2], HasSubstr(timedOut));
  EXPECT_THROW(group[1]->checkSame(0, "x"), UserError);
}

TEST(LocalGroup, TimeoutComesFromTheEnvironment) {
  ::setenv("KILN_COLLECTIVE_TIMEOUT", "0.05", 1);
  Group group = makeLocalGroup(2);
  ::unsetenv("KILN_COLLECTIVE_TIMEOUT");
  try {
    group[0]->checkSame(0, "x");
    FAIL() << "no timeout";
  } catch (const UserError &e) {
    EXPECT_THAT(e.what(), HasSubstr("timed out after 0.05 s waiting for "
                                    "rank 1 of 2"));
  }
  for (const char *bad : {"abc", "0", "-3", "10s", "inf"}) {
    ::setenv("KILN_COLLECTIVE_TIMEOUT", bad, 1);
    try {
      makeLocalGroup(2);
      ADD_FAILURE() << bad << " accepted";
    } catch (const UserError &e) {
      EXPECT_EQ(std::string(e.what()),
                std::string("KILN_COLLECTIVE_TIMEOUT must be a positive "
                            "number of seconds, not '") +
                    bad + "'");
    }
  }
  ::unsetenv("KILN_COLLECTIVE_TIMEOUT");
  EXPECT_EQ(collectives::timeoutFromEnvironment(), 300s);
}

TEST(LocalGroup, RejectsWhatItCannotSum) {
  Group group = makeLocalGroup(1);
  std::vector<Tensor> ints = {
      Tensor::zeros(std::vector<int64_t>{2}, ScalarType::Long)};
  EXPECT_THROW(group[0]->allReduceSum(ints, 1.0), UserError);
  group = makeLocalGroup(1);
  Tensor matrix = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Float);
  std::vector<Tensor> transposed = {matrix.asStrided({3, 2}, {1, 3}, 0)};
  EXPECT_THROW(group[0]->allReduceSum(transposed, 1.0), UserError);
  group = makeLocalGroup(1);
  std::vector<Tensor> ok = {matrix};
  EXPECT_THROW(group[0]->broadcast(ok, 1), UserError);
  EXPECT_THROW(makeLocalGroup(0), UserError);
}

TEST(LocalGroup, ARankWithBadArgumentsReleasesTheOthers) {
  Group group = makeLocalGroup(2, 60s);
  auto errors = runRanks(group, [](Communicator &c) {
    std::vector<Tensor> t = {
        Tensor::zeros(std::vector<int64_t>{2},
                      c.rank() == 0 ? ScalarType::Long : ScalarType::Float)};
    c.allReduceSum(t, 1.0);
  });
  std::string bad = "allReduceSum: tensor 0 is Long[2]; collectives take "
                    "float32 and float64 tensors";
  EXPECT_EQ(errors[0], bad);
  EXPECT_EQ(errors[1], "allReduceSum: rank 0 of 2 failed: " + bad);
}

TEST(Communicator, FingerprintIsFnv1a64) {
  EXPECT_EQ(fingerprint(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fingerprint("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fingerprint("foobar"), 0x85944171f73967e8ULL);
  // Continued in pieces: the same as the whole.
  EXPECT_EQ(fingerprint("bar", fingerprint("foo")), fingerprint("foobar"));
  EXPECT_EQ(fingerprint("", fingerprint("foobar")), fingerprint("foobar"));
}

TEST(Communicator, LaunchedByMPIReadsOpenMPIsEnvironment) {
  for (const char *name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    ::unsetenv(name);
  EXPECT_FALSE(launchedByMPI());
  ::setenv("OMPI_COMM_WORLD_SIZE", "2", 1);
  EXPECT_TRUE(launchedByMPI());
  ::unsetenv("OMPI_COMM_WORLD_SIZE");
  ::setenv("PMIX_RANK", "0", 1);
  EXPECT_TRUE(launchedByMPI());
  ::unsetenv("PMIX_RANK");
}

TEST(Communicator, SlicesCoverEveryElementOnce) {
  for (size_t n : {0, 1, 5, 12, 1031})
    for (int size = 1; size <= 5; ++size) {
      size_t next = 0;
      for (int r = 0; r < size; ++r) {
        collectives::Slice s = collectives::sliceOf(n, r, size);
        EXPECT_EQ(s.begin, next);
        EXPECT_LE(s.length(), n / size + 1);
        next = s.end;
      }
      EXPECT_EQ(next, n);
    }
}

TEST(Communicator, FormatsRankLists) {
  EXPECT_EQ(collectives::formatRanks({3}), "rank 3");
  EXPECT_EQ(collectives::formatRanks({1, 3}), "ranks 1 and 3");
  EXPECT_EQ(collectives::formatRanks({1, 2, 3}), "ranks 1, 2 and 3");
}

} // namespace
