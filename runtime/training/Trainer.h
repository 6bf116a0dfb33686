//===- Trainer.h - Training steps of a module -------------------*- C++ -*-===//
//
// A Trainer trains a module whose graph maps (self, x) to one output
// tensor: it appends the loss (Loss.h: cross_entropy, nll, mse,
// bce_with_logits) to the graph, specializes it to each
// batch's types and to the module in training mode (dropout active, batch
// norm on batch statistics, updating its running statistics), and builds
// one training-step graph of it (TrainingStep.h: forward, loss, backward,
// optimizer update), which the executor optimizes and runs. Each batch
// shape gets its step graph once (a short last batch is a second shape).
//
// Data-parallel training splits every batch into shards, one per replica
// (the first `batch % replicas` shards one sample larger, as
// torch.tensor_split does); each replica runs the step on its shard, with
// its own copy of the parameters and optimizer state, and the step's
// kiln::all_reduce_start/wait make every replica's loss and gradients the
// whole batch's before the (identical) updates, summed while the backward
// pass goes on. Replicas are threads of this
// process (`replicas`), each running its kernels in a TBB arena of its share
// of the threads, or processes (`communicator`, one replica each).
//
// Evaluation runs the module's own graph in evaluation mode on the same
// parameter tensors.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TRAINING_TRAINER_H
#define KILN_RUNTIME_TRAINING_TRAINER_H

#include "runtime/IValue.h"
#include "runtime/training/Dataset.h"
#include "runtime/training/Loss.h"
#include "runtime/training/Optimizer.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace kiln {

class Communicator;
class Graph;
class Program;
struct ModuleState;

struct TrainerOptions {
  LossOptions loss;
  OptimizerOptions optimizer;
  /// The pipeline the forward and backward graphs run through.
  std::string passes = "default";
  /// Seeds the random ops (dropout) of step i with seed + i (and a
  /// replica's own stream for other replicas).
  uint64_t seed = 0;
  /// Replicas in this process (threads), each on a shard of every batch.
  int replicas = 1;
  /// The processes of a data-parallel run, this one a replica among them;
  /// null for one process. Its parameters and buffers are broadcast from
  /// rank 0 when the Trainer starts. Not together with replicas > 1. The
  /// gradients are summed while the backward pass goes on when it is
  /// withCollectiveThread's (as `kiln train` makes it).
  Communicator *communicator = nullptr;
};

class Trainer {
public:
  /// Trains `state`'s parameters in place; `model` is the module's graph
  /// (self, x) -> output, as the frontend compiled it.
  Trainer(std::shared_ptr<const Graph> model, Ref<ModuleState> state,
          TrainerOptions options);
  ~Trainer();

  /// One optimizer step on a batch (the global batch when data-parallel;
  /// every replica needs a sample); returns the batch's loss.
  double step(const Tensor &x, const Tensor &y);

  /// The training step graph for a batch like (x, y) (this process's first
  /// replica's shard when data-parallel), after the pipeline: what runs.
  std::shared_ptr<const Graph> stepGraph(const Tensor &x, const Tensor &y);

  struct Evaluation {
    /// With mean reduction the mean over the samples whose label is not
    /// ignored; with sum reduction the total.
    double loss = 0;
    /// The samples the accuracy counts (class labels, not ignored).
    int64_t scored = 0;
    /// Class labels only: the fraction whose arg-max output is the label.
    std::optional<double> accuracy;
  };
  /// The loss (see Evaluation::loss) and accuracy over `data`, in
  /// evaluation mode, in batches of `batchSize`.
  Evaluation evaluate(const Dataset &data, int64_t batchSize) const;

  int64_t steps() const { return steps_; }

private:
  struct Compiled;
  struct Replica;
  class ReplicaThreads;
  const Compiled &compiledFor(const Tensor &x, const Tensor &y);
  /// Rows [begin, end) of the global batch that replica `i` takes.
  std::pair<int64_t, int64_t> shard(size_t i, int64_t batch) const;
  bool dataParallel() const;

  std::shared_ptr<const Graph> model_;
  std::shared_ptr<Graph> lossGraph_;
  Ref<ModuleState> state_;
  TrainerOptions options_;
  std::vector<std::string> parameterNames_;
  std::vector<std::unique_ptr<Communicator>> localGroup_;
  std::vector<std::unique_ptr<Replica>> replicas_;
  /// Replicas 1..N-1 run on these, kept from step to step.
  std::unique_ptr<ReplicaThreads> threads_;
  std::map<std::string, std::unique_ptr<Compiled>> compiled_;
  std::shared_ptr<const Program> evaluation_;
  std::shared_ptr<const Program> evaluationLoss_;
  IValue evaluationSelf_;
  IValue evaluationLossSelf_;
  int64_t steps_ = 0;
};

} // namespace kiln

#endif // KILN_RUNTIME_TRAINING_TRAINER_H
