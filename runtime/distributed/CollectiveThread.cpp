//===- CollectiveThread.cpp - A communicator's collectives on a thread ----===//
//
// The caller's calls become jobs in a queue that one thread runs in order.
// A synchronous call (allReduceSum, broadcast, checkSame, abort) queues its
// job and waits for it; startAllReduceSum queues its job and returns.
//
// Waiting is bounded: each job is one of the inner communicator's
// collectives, which fail the group rather than wait past their timeout. A
// replica that fails mid-step calls abort, which runs after the collectives
// it started: those its peers will join (they started them too, or have
// failed and released them), so the abort is not stuck behind them.
//
//===----------------------------------------------------------------------===//
#include "runtime/distributed/Communicator.h"

#include <deque>
#include <functional>
#include <thread>

namespace kiln {
namespace {

class CollectiveThread final : public Communicator {
public:
  explicit CollectiveThread(std::unique_ptr<Communicator> inner)
      : inner_(std::move(inner)), rank_(inner_->rank()), size_(inner_->size()),
        kind_(inner_->kind()), thread_([this] { serve(); }) {}

  ~CollectiveThread() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    queued_.notify_one();
    thread_.join();
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string kind() const override { return kind_; }

  void allReduceSum(std::span<Tensor> tensors, double scale) override {
    call([&] { inner_->allReduceSum(tensors, scale); });
  }
  void broadcast(std::span<Tensor> tensors, int root) override {
    call([&] { inner_->broadcast(tensors, root); });
  }
  void checkSame(uint64_t fingerprint, const std::string &what) override {
    call([&] { inner_->checkSame(fingerprint, what); });
  }
  void abort(const std::string &why) override {
    call([&] { inner_->abort(why); });
  }

  std::shared_ptr<PendingCollective>
  startAllReduceSum(std::vector<Tensor> tensors, double scale) override {
    auto pending = std::make_shared<PendingCollective>(std::move(tensors));
    enqueue([this, pending, scale] {
      try {
        inner_->allReduceSum(pending->tensors(), scale);
        pending->finish(nullptr);
      } catch (...) {
        pending->finish(std::current_exception());
      }
    });
    return pending;
  }

private:
  void enqueue(std::function<void()> job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    queued_.notify_one();
  }

  /// Runs `job` on the thread after everything queued before it.
  void call(const std::function<void()> &job) {
    PendingCollective done({});
    enqueue([&] {
      try {
        job();
        done.finish(nullptr);
      } catch (...) {
        done.finish(std::current_exception());
      }
    });
    done.wait();
  }

  void serve() {
    std::unique_lock lock(mutex_);
    for (;;) {
      queued_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty())
        return; // stopping, with nothing left to do
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job(); // never throws: each job keeps its error for its waiter
      lock.lock();
    }
  }

  std::unique_ptr<Communicator> inner_;
  const int rank_;
  const int size_;
  const std::string kind_;
  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_; // last: starts once the rest is ready
};

} // namespace

std::unique_ptr<Communicator>
withCollectiveThread(std::unique_ptr<Communicator> inner) {
  return std::make_unique<CollectiveThread>(std::move(inner));
}

} // namespace kiln
