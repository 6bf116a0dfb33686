//===- Trainer.cpp --------------------------------------------------------===//
#include "runtime/training/Trainer.h"

#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "passes/PassManager.h"
#include "runtime/Executor.h"
#include "runtime/ModuleState.h"
#include "runtime/Program.h"
#include "runtime/distributed/Communicator.h"
#include "runtime/training/TrainingStep.h"
#include "support/Error.h"

#include <tbb/task_arena.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace kiln {

namespace {

std::string shapeKey(const Tensor &x, const Tensor &y) {
  std::string key;
  for (const Tensor *t : {&x, &y}) {
    key += std::string(scalarTypeName(t->dtype())) + t->shapeString();
    for (int64_t s : t->strides())
      key += "," + std::to_string(s);
    key += ";";
  }
  return key;
}

} // namespace

// Threads that run replicas 1..N-1 of every step (the caller runs replica
// 0), kept for the Trainer's life: a thread's memory (its malloc arena, the
// kernels' scratch buffers) stays warm from step to step, where a thread
// per step started cold.
class Trainer::ReplicaThreads {
public:
  explicit ReplicaThreads(size_t count) {
    for (size_t i = 0; i < count; ++i)
      threads_.emplace_back([this, i] { serve(i + 1); });
  }

  ~ReplicaThreads() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    start_.notify_all();
    for (std::thread &t : threads_)
      t.join();
  }

  /// Runs job(i) for every replica i, job(0) on the calling thread; returns
  /// once all are done. `job` must not throw.
  void run(const std::function<void(size_t)> &job) {
    {
      std::lock_guard lock(mutex_);
      job_ = &job;
      pending_ = threads_.size();
      ++generation_;
    }
    start_.notify_all();
    job(0);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return pending_ == 0; });
    job_ = nullptr;
  }

private:
  void serve(size_t replica) {
    uint64_t seen = 0;
    std::unique_lock lock(mutex_);
    for (;;) {
      start_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_)
        return;
      seen = generation_;
      const std::function<void(size_t)> *job = job_;
      lock.unlock();
      (*job)(replica);
      lock.lock();
      if (--pending_ == 0)
        done_.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(size_t)> *job_ = nullptr;
  size_t pending_ = 0;
  uint64_t generation_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_; // last: they use the members above
};

// One shard shape's training step.
struct Trainer::Compiled {
  std::shared_ptr<const Program> program;
  TrainingStepGraph step; // its graph before the pipeline
};

// A replica's parameters, optimizer state and module objects.
struct Trainer::Replica {
  Ref<ModuleState> state;
  std::unique_ptr<Optimizer> optimizer;
  Communicator *communicator = nullptr;
  int rank = 0; // among all replicas of the run
  /// The module object per compiled shape.
  std::map<const Compiled *, IValue> self;
};

Trainer::Trainer(std::shared_ptr<const Graph> model, Ref<ModuleState> state,
                 TrainerOptions options)
    : model_(std::move(model)), state_(std::move(state)),
      options_(std::move(options)) {
  KILN_USER_CHECK(model_->inputs().size() == 2 &&
                      model_->inputs()[0]->type()->isa<ClassType>(),
                  "training needs a module whose forward takes one input "
                  "(the batch); this graph takes ",
                  model_->inputs().size(), " inputs");
  KILN_USER_CHECK(options_.replicas >= 1, "--replicas must be at least 1, not ",
                  options_.replicas);
  KILN_USER_CHECK(!options_.communicator || options_.replicas == 1,
                  "--replicas cannot be combined with mpirun: each process "
                  "is one replica");
  lossGraph_ = appendLoss(*model_, options_.loss);
  for (auto &[name, tensor] : state_->namedParameters())
    parameterNames_.push_back(name);

  if (Communicator *world = options_.communicator) {
    // Every rank starts from rank 0's model: same names and shapes first.
    std::string layout;
    std::vector<Tensor> tensors;
    for (auto &[name, tensor] : state_->stateDict()) {
      layout += name + ":" + std::string(scalarTypeName(tensor.dtype())) +
                tensor.shapeString() + ";";
      tensors.push_back(tensor);
    }
    world->checkSame(fingerprint(layout),
                     "the model's parameters and buffers (names, dtypes, "
                     "shapes)");
    world->broadcast(tensors, 0);
  }
  if (options_.replicas > 1) {
    // Each replica's gradients are summed on a thread of its own while its
    // backward pass goes on.
    for (std::unique_ptr<Communicator> &c : makeLocalGroup(options_.replicas))
      localGroup_.push_back(withCollectiveThread(std::move(c)));
  }
  for (int i = 0; i < options_.replicas; ++i) {
    auto r = std::make_unique<Replica>();
    r->state = i == 0 ? state_ : state_->deepCopy();
    std::vector<Tensor> params;
    for (auto &[name, tensor] : r->state->namedParameters())
      params.push_back(tensor);
    r->optimizer = std::make_unique<Optimizer>(options_.optimizer, params);
    if (options_.communicator) {
      r->communicator = options_.communicator;
      r->rank = options_.communicator->rank();
    } else if (!localGroup_.empty()) {
      r->communicator = localGroup_[static_cast<size_t>(i)].get();
      r->rank = i;
    }
    replicas_.push_back(std::move(r));
  }

  state_->setTraining(false);
  evaluation_ = Program::fromGraph(std::const_pointer_cast<Graph>(model_),
                                   {options_.passes});
  evaluationSelf_ = evaluation_->makeModule(*state_);
  evaluationLoss_ = Program::fromGraph(lossGraph_, {options_.passes});
  evaluationLossSelf_ = evaluationLoss_->makeModule(*state_);
  for (auto &r : replicas_)
    r->state->setTraining(true);
}

Trainer::~Trainer() = default;

bool Trainer::dataParallel() const {
  return options_.replicas > 1 || options_.communicator;
}

std::pair<int64_t, int64_t> Trainer::shard(size_t i, int64_t batch) const {
  int64_t world =
      options_.communicator ? options_.communicator->size() : options_.replicas;
  int64_t rank = replicas_[i]->rank;
  int64_t base = batch / world, extra = batch % world;
  int64_t begin = rank * base + std::min(rank, extra);
  return {begin, begin + base + (rank < extra ? 1 : 0)};
}

const Trainer::Compiled &Trainer::compiledFor(const Tensor &x,
                                              const Tensor &y) {
  std::string key = shapeKey(x, y);
  if (auto it = compiled_.find(key); it != compiled_.end())
    return *it->second;
  auto c = std::make_unique<Compiled>();
  // The module object only serves to specialize the graph: its tensors'
  // types and `training`.
  std::shared_ptr<const Program> plain =
      Program::fromGraph(lossGraph_, {.passes = ""});
  IValue self = plain->makeModule(*state_);
  std::vector<IValue> inputs{self, IValue(x), IValue(y)};
  std::shared_ptr<Graph> specialized = specializedGraph(*lossGraph_, inputs);
  pipelineBeforeAutodiff().run(*specialized);
  c->step = buildTrainingStep(*specialized, parameterNames_, options_.optimizer,
                              dataParallel());
  c->program = Program::fromGraph(c->step.graph, {options_.passes});
  return *compiled_.emplace(key, std::move(c)).first->second;
}

std::shared_ptr<const Graph> Trainer::stepGraph(const Tensor &x,
                                                const Tensor &y) {
  auto [begin, end] = shard(0, x.size(0));
  Dataset part = Dataset{x, y}.rows(begin, end);
  const Compiled &c = compiledFor(part.x, part.y);
  Replica &r = *replicas_[0];
  std::vector<IValue> inputs{c.program->makeModule(*r.state), IValue(part.x),
                             IValue(part.y)};
  if (dataParallel())
    inputs.emplace_back(1.0);
  // Types only: the step numbers and state are not consumed.
  for (size_t i : c.step.updated) {
    inputs.emplace_back(int64_t{1});
    for (const Tensor &s : r.optimizer->state(i))
      inputs.emplace_back(s);
  }
  return c.program->executor().specializationFor(inputs)->graph;
}

double Trainer::step(const Tensor &x, const Tensor &y) {
  int64_t batch = x.size(0);
  KILN_USER_CHECK(x.dim() >= 1 && y.dim() >= 1 && y.size(0) == batch,
                  "a batch needs x and y with the same number of samples");
  std::vector<Dataset> parts;
  std::vector<const Compiled *> compiled;
  for (size_t i = 0; i < replicas_.size(); ++i) {
    auto [begin, end] = shard(i, batch);
    KILN_USER_CHECK(end > begin, "a batch of ", batch,
                    " samples cannot feed every replica (", replicas_.size(),
                    options_.communicator ? " processes" : " replicas",
                    "); use a larger batch size");
    parts.push_back(Dataset{x, y}.rows(begin, end));
    compiled.push_back(&compiledFor(parts.back().x, parts.back().y));
  }
  for (size_t i = 0; i < replicas_.size(); ++i) {
    Replica &r = *replicas_[i];
    if (!r.self.count(compiled[i]))
      r.self[compiled[i]] = compiled[i]->program->makeModule(*r.state);
  }

  // The whole batch's loss is the shards' sum, or the mean of their means
  // weighted by how many samples each averages over (those whose label is
  // not the ignored index), out of the whole batch's.
  std::vector<double> weights(replicas_.size(), 1.0);
  if (options_.loss.reduction == LossReduction::Mean) {
    bool ignores =
        options_.loss.takesClassLabels() && y.dtype() == ScalarType::Long;
    Tensor labels = ignores ? y.contiguous() : Tensor();
    // Labels per sample (more than one for, say, per-pixel classes).
    int64_t inner = batch ? y.numel() / batch : 0;
    auto counted = [&](int64_t begin, int64_t end) {
      if (!ignores)
        return end - begin;
      int64_t n = 0;
      for (int64_t k = begin * inner; k < end * inner; ++k)
        n += labels.item(k).toInt() != options_.loss.ignoreIndex;
      return n;
    };
    int64_t total = counted(0, batch);
    for (size_t i = 0; i < replicas_.size(); ++i) {
      auto [begin, end] = shard(i, batch);
      weights[i] = total ? static_cast<double>(counted(begin, end)) /
                               static_cast<double>(total)
                         : 0.0;
    }
  }
  std::vector<double> losses(replicas_.size());
  auto runReplica = [&](size_t i) {
    Replica &r = *replicas_[i];
    const Compiled &c = *compiled[i];
    RunOptions run;
    run.seed = options_.seed + static_cast<uint64_t>(steps_) +
               static_cast<uint64_t>(r.rank) * 0x9E3779B97F4A7C15ull;
    run.communicator = r.communicator;
    std::vector<IValue> inputs{r.self.at(&c), IValue(parts[i].x),
                               IValue(parts[i].y)};
    if (dataParallel())
      inputs.emplace_back(weights[i]);
    for (IValue &v : r.optimizer->stepInputs(c.step.updated))
      inputs.push_back(std::move(v));
    std::vector<IValue> out = c.program->run(std::move(inputs), run);
    losses[i] = out.at(0).toTensor().item().toDouble();
  };

  if (replicas_.size() == 1) {
    // Another process waiting in a collective for this one is released.
    try {
      runReplica(0);
    } catch (const std::exception &e) {
      if (Communicator *c = replicas_[0]->communicator)
        c->abort(e.what());
      throw;
    }
  } else {
    // One thread per replica, each with its share of TBB's threads; a
    // replica that fails releases the others' collectives.
    int threads = std::max(1, tbb::this_task_arena::max_concurrency() /
                                  static_cast<int>(replicas_.size()));
    std::mutex failureMutex;
    std::exception_ptr failure;
    auto guarded = [&](size_t i) {
      try {
        tbb::task_arena arena(threads);
        arena.execute([&] { runReplica(i); });
      } catch (const std::exception &e) {
        {
          std::lock_guard<std::mutex> lock(failureMutex);
          if (!failure)
            failure = std::current_exception();
        }
        replicas_[i]->communicator->abort(e.what());
      }
    };
    if (!threads_)
      threads_ = std::make_unique<ReplicaThreads>(replicas_.size() - 1);
    threads_->run(guarded);
    if (failure)
      std::rethrow_exception(failure);
  }
  ++steps_;
  return losses[0];
}

Trainer::Evaluation Trainer::evaluate(const Dataset &data,
                                      int64_t batchSize) const {
  Evaluation result;
  KILN_USER_CHECK(batchSize >= 1, "batch size must be at least 1");
  bool labels = data.y.dtype() == ScalarType::Long;
  // Samples whose label is the ignored index count towards neither the loss
  // nor the accuracy, as in the loss itself.
  bool ignores = labels && options_.loss.takesClassLabels();
  bool sum = options_.loss.reduction == LossReduction::Sum;
  double lossSum = 0;
  int64_t counted = 0, correct = 0;
  for (int64_t begin = 0; begin < data.size(); begin += batchSize) {
    Dataset batch = data.rows(begin, std::min(data.size(), begin + batchSize));
    Tensor y = batch.y.contiguous();
    int64_t inner = batch.size() ? y.numel() / batch.size() : 0;
    int64_t n = 0;
    for (int64_t k = 0; k < y.numel(); ++k)
      n += !ignores || y.item(k).toInt() != options_.loss.ignoreIndex;
    if (!ignores)
      n = batch.size();
    if (n > 0) {
      std::vector<IValue> out = evaluationLoss_->run(
          {evaluationLossSelf_, IValue(batch.x), IValue(batch.y)});
      double value = out[0].toTensor().item().toDouble();
      lossSum += sum ? value : value * static_cast<double>(n);
      counted += n;
    }
    if (!labels || inner != 1)
      continue;
    Tensor scores =
        evaluation_->run({evaluationSelf_, IValue(batch.x)})[0].toTensor();
    KILN_USER_CHECK(scores.dim() == 2 && scores.size(0) == batch.size(),
                    "accuracy needs [batch, classes] outputs, not ",
                    scores.describe());
    scores = scores.contiguous();
    for (int64_t r = 0; r < scores.size(0); ++r) {
      int64_t label = y.item(r).toInt();
      if (ignores && label == options_.loss.ignoreIndex)
        continue;
      int64_t best = 0;
      double bestScore = scores.item(r * scores.size(1)).toDouble();
      for (int64_t k = 1; k < scores.size(1); ++k) {
        double s = scores.item(r * scores.size(1) + k).toDouble();
        if (s > bestScore) {
          best = k;
          bestScore = s;
        }
      }
      correct += best == label;
      ++result.scored;
    }
  }
  // Mean: over the samples that count; sum: the validation set's total.
  if (counted > 0)
    result.loss = sum ? lossSum : lossSum / static_cast<double>(counted);
  if (result.scored > 0)
    result.accuracy =
        static_cast<double>(correct) / static_cast<double>(result.scored);
  return result;
}

} // namespace kiln
