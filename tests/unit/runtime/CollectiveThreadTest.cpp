//===- CollectiveThreadTest.cpp - Collectives on a thread of their own ----===//
//
// withCollectiveThread: startAllReduceSum returns before the other ranks
// arrive, collectives run in the order they are called, errors reach the
// waiter, an abort runs after what was started, and destruction finishes
// started work.
//
//===----------------------------------------------------------------------===//
#include "runtime/distributed/Communicator.h"
#include "support/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

using namespace kiln;
using namespace std::chrono_literals;
using ::testing::HasSubstr;

namespace {

using Group = std::vector<std::unique_ptr<Communicator>>;

Group threadedGroup(int size, std::chrono::milliseconds timeout) {
  Group group;
  for (std::unique_ptr<Communicator> &c : makeLocalGroup(size, timeout))
    group.push_back(withCollectiveThread(std::move(c)));
  return group;
}

Tensor filled(std::vector<int64_t> sizes, float value) {
  Tensor t = Tensor::empty(sizes, ScalarType::Float);
  for (int64_t i = 0; i < t.numel(); ++i)
    t.data<float>()[i] = value + static_cast<float>(i);
  return t;
}

std::vector<float> valuesOf(const Tensor &t) {
  return std::vector<float>(t.data<float>(), t.data<float>() + t.numel());
}

TEST(CollectiveThread, StartReturnsBeforeThePeersArrive) {
  // One thread plays both ranks: a start that waited for rank 1 would time
  // out (and the wait rethrow it) before rank 1 starts.
  Group group = threadedGroup(2, 10s);
  auto first = group[0]->startAllReduceSum({filled({3}, 1)}, 0.25);
  auto second = group[1]->startAllReduceSum({filled({3}, 10)}, 0.75);
  std::vector<Tensor> a = first->wait(), b = second->wait();
  ASSERT_EQ(a.size(), 1u);
  // 0.25 * (1, 2, 3) + 0.75 * (10, 11, 12), the same on both ranks.
  EXPECT_EQ(valuesOf(a[0]), (std::vector<float>{7.75f, 8.75f, 9.75f}));
  EXPECT_EQ(valuesOf(b[0]), valuesOf(a[0]));
  EXPECT_EQ(group[1]->rank(), 1);
  EXPECT_EQ(group[1]->size(), 2);
  EXPECT_EQ(group[1]->kind(), "thread");
}

TEST(CollectiveThread, CollectivesRunInTheOrderTheyAreCalled) {
  // Shapes differ between the collectives, so running them out of order
  // would be a mismatch error.
  Group group = threadedGroup(3, 60s);
  std::vector<std::string> errors(3);
  std::vector<std::thread> threads;
  for (int r = 0; r < 3; ++r)
    threads.emplace_back([&, r] {
      Communicator &c = *group[r];
      try {
        std::this_thread::sleep_for(std::chrono::milliseconds(10 * r));
        auto a = c.startAllReduceSum({filled({2}, float(r))}, 1.0);
        auto b = c.startAllReduceSum({filled({4}, float(r))}, 1.0);
        std::vector<Tensor> t = {filled({5}, float(r))};
        c.allReduceSum(t, 1.0); // after a and b
        EXPECT_EQ(valuesOf(t[0]), (std::vector<float>{3, 6, 9, 12, 15}));
        c.checkSame(42, "the answer");
        EXPECT_EQ(valuesOf(b->wait()[0]), (std::vector<float>{3, 6, 9, 12}));
        EXPECT_EQ(valuesOf(a->wait()[0]), (std::vector<float>{3, 6}));
      } catch (const UserError &e) {
        errors[r] = e.what();
      }
    });
  for (std::thread &t : threads)
    t.join();
  EXPECT_THAT(errors, ::testing::Each(""));
}

TEST(CollectiveThread, TheWaitThrowsTheCollectivesError) {
  Group group = threadedGroup(2, 200ms);
  auto pending = group[0]->startAllReduceSum({filled({2}, 0)}, 1.0);
  try {
    pending->wait();
    FAIL() << "rank 1 never started, yet the sum finished";
  } catch (const UserError &e) {
    EXPECT_THAT(e.what(), HasSubstr("allReduceSum timed out after 0.2 s "
                                    "waiting for rank 1 of 2"));
  }
  // The synchronous calls hear of it too.
  EXPECT_THROW(group[0]->checkSame(0, "x"), UserError);
}

TEST(CollectiveThread, AnAbortRunsAfterWhatTheRankStarted) {
  // Rank 0 starts a sum and fails at once: the sum it started still
  // completes with rank 1; rank 1's next collective hears of the failure.
  Group group = threadedGroup(2, 60s);
  std::shared_ptr<PendingCollective> started;
  std::thread rank0([&] {
    started = group[0]->startAllReduceSum({filled({2}, 1)}, 1.0);
    // Returns once the sum is done, which needs rank 1.
    group[0]->abort("out of memory in the backward pass");
  });
  std::this_thread::sleep_for(20ms);
  std::vector<Tensor> t = {filled({2}, 2)};
  group[1]->allReduceSum(t, 1.0);
  rank0.join();
  EXPECT_EQ(valuesOf(t[0]), (std::vector<float>{3, 5}));
  EXPECT_EQ(valuesOf(started->wait()[0]), valuesOf(t[0]));
  try {
    group[1]->allReduceSum(t, 1.0);
    FAIL() << "rank 0 failed, yet the sum finished";
  } catch (const UserError &e) {
    EXPECT_EQ(std::string(e.what()),
              "allReduceSum: rank 0 of 2 failed: out of memory in the "
              "backward pass");
  }
}

TEST(CollectiveThread, DestructionFinishesStartedWork) {
  std::shared_ptr<PendingCollective> a, b;
  {
    Group group = threadedGroup(2, 10s);
    a = group[0]->startAllReduceSum({filled({1}, 1)}, 2.0);
    b = group[1]->startAllReduceSum({filled({1}, 5)}, 1.0);
  }
  EXPECT_EQ(valuesOf(a->wait()[0]), (std::vector<float>{7}));
  EXPECT_EQ(valuesOf(b->wait()[0]), (std::vector<float>{7}));
}

TEST(CollectiveThread, WithoutOneTheStartSumsBeforeReturning) {
  Group group = makeLocalGroup(1, 60s);
  auto pending = group[0]->startAllReduceSum({filled({2}, 3)}, 0.5);
  EXPECT_EQ(valuesOf(pending->wait()[0]), (std::vector<float>{1.5f, 2}));
}

} // namespace
