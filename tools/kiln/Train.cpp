//===- Train.cpp - kiln train ---------------------------------------------===//
//
// Trains a script's module on TRAIN.npz (DESIGN.md's contract): epochs of
// batches, in order with --no-shuffle or shuffled from --seed, an optimizer
// with torch.optim's update rules, a progress bar on a terminal (plain
// lines otherwise), a CSV log of every step's loss, the validation split's
// loss and accuracy after each epoch, and the trained state dict written
// atomically (a temporary file renamed into place).
//
//===----------------------------------------------------------------------===//
#include "runtime/ModuleState.h"
#include "runtime/distributed/Communicator.h"
#include "runtime/tensor/io/TensorFiles.h"
#include "runtime/training/Trainer.h"
#include "support/Error.h"
#include "tools/kiln/Commands.h"
#include "tools/kiln/Common.h"

#include <tbb/global_control.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

namespace kiln::cli {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// One line redrawn in place on a terminal: epoch, bar, step, loss,
// samples/s, time left in the epoch.
class ProgressBar {
public:
  explicit ProgressBar(bool terminal) : terminal_(terminal) {}

  void update(int64_t epoch, int64_t epochs, int64_t step, int64_t steps,
              double loss, double samplesPerSecond, double eta) {
    if (!terminal_)
      return;
    auto now = Clock::now();
    if (step != steps && now - lastDraw_ < std::chrono::milliseconds(100))
      return;
    lastDraw_ = now;
    constexpr int kWidth = 24;
    int filled = static_cast<int>(kWidth * step / std::max<int64_t>(steps, 1));
    std::string bar(static_cast<size_t>(filled), '=');
    if (filled < kWidth)
      bar += '>' + std::string(static_cast<size_t>(kWidth - filled - 1), ' ');
    std::fprintf(stderr,
                 "\r\033[Kepoch %lld/%lld [%s] step %lld/%lld  loss %.4f  "
                 "%.0f samples/s  ETA %.0fs",
                 static_cast<long long>(epoch), static_cast<long long>(epochs),
                 bar.c_str(), static_cast<long long>(step),
                 static_cast<long long>(steps), loss, samplesPerSecond, eta);
    std::fflush(stderr);
  }
  void finishLine() {
    if (terminal_)
      std::fprintf(stderr, "\r\033[K");
  }

private:
  bool terminal_;
  Clock::time_point lastDraw_{};
};

void saveAtomically(const std::string &path, const NamedTensors &tensors) {
  std::string temporary = path + ".tmp." + std::to_string(::getpid());
  try {
    writeSafetensors(temporary, tensors);
    std::filesystem::rename(temporary, path);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

/// The loss options from the command line: a UserError naming the flag
/// for an option the loss does not have or a value out of range.
LossOptions lossOptions(const std::string &loss, const std::string &reduction,
                        const po::variables_map &vm, int64_t ignoreIndex,
                        double labelSmoothing) {
  LossOptions options;
  options.kind = lossKindFromName(loss);
  options.reduction = lossReductionFromName(reduction);
  KILN_USER_CHECK(labelSmoothing >= 0 && labelSmoothing <= 1,
                  "--label-smoothing must be in [0, 1], not ", labelSmoothing);
  KILN_USER_CHECK(!vm.count("label-smoothing") ||
                      options.kind == LossKind::CrossEntropy,
                  "--label-smoothing is an option of --loss cross_entropy, "
                  "not of --loss ",
                  loss);
  KILN_USER_CHECK(!vm.count("ignore-index") || options.takesClassLabels(),
                  "--ignore-index is an option of the losses of class labels "
                  "(--loss cross_entropy or nll), not of --loss ",
                  loss);
  options.ignoreIndex = ignoreIndex;
  options.labelSmoothing = labelSmoothing;
  options.check();
  return options;
}

/// bce_with_logits compares each output element with a target: the first
/// batch's output (in evaluation mode) must have its targets' shape, which
/// PyTorch checks too (mse instead broadcasts, as PyTorch does).
void checkTargetsMatchOutput(const CompiledScript &script, const Dataset &train,
                             int64_t batchSize, const std::string &passes,
                             const std::string &data) {
  Dataset batch =
      train.rows(0, std::min(train.size(), std::max<int64_t>(batchSize, 1)));
  script.module->setTraining(false);
  std::shared_ptr<const Program> program =
      Program::fromGraph(script.graph, {passes});
  IValue self = program->makeModule(*script.module);
  script.module->setTraining(true);
  Tensor output = program->run({self, IValue(batch.x)})[0].toTensor();
  KILN_USER_CHECK(output.sizes() == batch.y.sizes(), data,
                  ": --loss bce_with_logits needs a floating-point target per "
                  "output element in 'y', but the model's output for ",
                  batch.size(), " samples is ", output.describe(),
                  " and their targets are ", batch.y.describe());
}

} // namespace

int trainCommand(const std::vector<std::string> &args) {
  ModelOptions model;
  std::string data, optimizer = "sgd", loss = "cross_entropy",
                    reduction = "mean", save, log, emit;
  int64_t epochs = 1, batchSize = 32, ignoreIndex = -100;
  int replicas = 1;
  double lr = 0.01, momentum = 0, weightDecay = 0, validation = 0.1,
         labelSmoothing = 0;
  po::options_description visible(
      "Usage: kiln train SCRIPT.py --entry NAME --data TRAIN.npz [--epochs "
      "E] [--batch-size B] [--optimizer sgd|adam|adamw] [--lr LR] "
      "[--momentum M] [--loss cross_entropy|nll|mse|bce_with_logits] "
      "[--reduction mean|sum] [--ignore-index N] [--label-smoothing F] "
      "[--weights INIT] [--save OUT.safetensors] [--log LOSSES.csv] [--seed "
      "S] [--no-shuffle] [--threads N] [--replicas N] [--emit step-ir]\n\n"
      "Trains the module's parameters on TRAIN.npz ('x': inputs, first axis "
      "= sample; 'y': int64 labels, or float targets for mse and "
      "bce_with_logits).\n\nOptions");
  visible.add_options()("help,h", "show this help");
  model.addTo(visible);
  visible.add_options()("data", po::value(&data),
                        "the training data (.npz with x and y)")(
      "epochs", po::value(&epochs), "passes over the data (default 1)")(
      "batch-size", po::value(&batchSize), "samples per step (default 32)")(
      "optimizer", po::value(&optimizer),
      "sgd, adam or adamw, with torch.optim's update rules (default sgd)")(
      "lr", po::value(&lr), "learning rate (default 0.01)")(
      "momentum", po::value(&momentum),
      "SGD momentum (default 0)")("weight-decay", po::value(&weightDecay),
                                  "weight decay (default 0; adamw: 0.01)")(
      "loss", po::value(&loss),
      "cross_entropy, nll, mse or bce_with_logits, as torch.nn.functional "
      "computes them (default cross_entropy)")(
      "reduction", po::value(&reduction),
      "mean or sum of the batch's losses (default mean)")(
      "ignore-index", po::value(&ignoreIndex),
      "cross_entropy and nll: samples with this label count for nothing "
      "(default -100)")(
      "label-smoothing", po::value(&labelSmoothing),
      "cross_entropy: the weight in [0, 1] of a uniform distribution mixed "
      "into the target (default 0)")(
      "validation", po::value(&validation),
      "the fraction of the data (its last samples) held out to report loss "
      "and accuracy after each epoch (default 0.1; 0 for none)")(
      "save", po::value(&save),
      "write the trained state dict here (.safetensors)")(
      "log", po::value(&log), "write epoch,step,loss rows here (.csv)")(
      "no-shuffle", "take the batches in order")(
      "replicas", po::value(&replicas),
      "data-parallel replicas in this process (threads), each on its share "
      "of every batch (default 1); across processes, start kiln train with "
      "mpirun instead")(
      "emit", po::value(&emit),
      "step-ir: print the training step's graph (forward, loss, backward, "
      "all-reduce, optimizer update; after the pass pipeline, for the first "
      "batch) instead of training");
  po::variables_map vm;
  parseCommandLine("train", args, visible, vm);
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  if (vm.count("source"))
    model.source = vm["source"].as<std::string>();
  KILN_USER_CHECK(!model.source.empty() && model.isScript(),
                  "kiln train trains a Python script's module: pass a .py "
                  "file");
  KILN_USER_CHECK(!data.empty(), "--data TRAIN.npz is required");
  KILN_USER_CHECK(model.inputs.empty(),
                  "kiln train reads its inputs from --data, not --input");
  KILN_USER_CHECK(epochs >= 1, "--epochs must be at least 1, not ", epochs);
  KILN_USER_CHECK(emit.empty() || emit == "step-ir",
                  "--emit must be step-ir, not '", emit, "'");
  KILN_USER_CHECK(replicas >= 1, "--replicas must be at least 1, not ",
                  replicas);
  KILN_USER_CHECK(save.empty() || save.ends_with(".safetensors"),
                  "--save must name a .safetensors file, not '", save, "'");
  std::optional<tbb::global_control> threads;
  if (model.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism,
                    static_cast<size_t>(model.threads));

  TrainerOptions options;
  options.loss = lossOptions(loss, reduction, vm, ignoreIndex, labelSmoothing);
  options.optimizer = OptimizerOptions::defaults(optimizer, lr);
  options.optimizer.momentum = momentum;
  if (vm.count("weight-decay"))
    options.optimizer.weightDecay = weightDecay;
  options.optimizer.check();
  options.passes = model.passes;
  options.seed = model.seed;
  options.replicas = replicas;
  std::unique_ptr<Communicator> world;
  if (launchedByMPI()) {
    // Every MPI call from one thread, which sums the gradients while the
    // backward pass goes on.
    world = withCollectiveThread(mpiWorld());
    KILN_USER_CHECK(world->size() == 1 || replicas == 1,
                    "--replicas cannot be combined with mpirun: each process "
                    "is one replica");
    if (world->size() > 1)
      options.communicator = world.get();
  }
  // Only the first process reports and writes files.
  bool leader = !options.communicator || options.communicator->rank() == 0;
  // A rank that fails outside a collective (reading its data, writing the
  // checkpoint) releases the others instead of leaving them waiting.
  struct AbortOnFailure {
    Communicator *world;
    int pending = std::uncaught_exceptions();
    ~AbortOnFailure() {
      if (world && std::uncaught_exceptions() > pending) {
        try {
          world->abort("kiln train failed on rank " +
                       std::to_string(world->rank()) + " (see its error)");
        } catch (...) {
        }
      }
    }
  } abortOnFailure{options.communicator};

  Dataset all = Dataset::load(data);
  bool labels = all.y.dtype() == ScalarType::Long;
  KILN_USER_CHECK(labels == options.loss.takesClassLabels(), data, ": --loss ",
                  loss, " needs ",
                  labels ? "floating-point targets" : "int64 class labels",
                  " in 'y', but it holds ", all.y.describe());
  auto [train, held] = all.split(validation);
  KILN_USER_CHECK(train.size() > 0, data,
                  ": no training samples are left "
                  "after the validation split");
  KILN_USER_CHECK(batchSize >= 1, "--batch-size must be at least 1, not ",
                  batchSize);
  int64_t worldSize =
      options.communicator ? options.communicator->size() : replicas;
  int64_t smallestBatch =
      train.size() % batchSize ? train.size() % batchSize : batchSize;
  KILN_USER_CHECK(smallestBatch >= worldSize,
                  "every batch needs a sample for "
                  "each of the ",
                  worldSize, options.communicator ? " processes" : " replicas",
                  ", but --batch-size ", batchSize, " on ", train.size(),
                  " training samples makes a batch of ", smallestBatch);
  if (Communicator *c = options.communicator) {
    // Every process must train the same way on the same data.
    std::ostringstream key;
    key << "epochs=" << epochs << " batch=" << batchSize << " opt=" << optimizer
        << " lr=" << lr << " momentum=" << momentum
        << " wd=" << options.optimizer.weightDecay << " loss=" << loss << "/"
        << reduction << "/" << ignoreIndex << "/" << labelSmoothing
        << " seed=" << model.seed << " shuffle=" << !vm.count("no-shuffle")
        << " validation=" << validation << " x=" << all.x.describe()
        << " y=" << all.y.describe() << " passes=" << model.passes;
    uint64_t hash = fingerprint(key.str());
    for (const Tensor *t : {&all.x, &all.y}) {
      Tensor values = t->contiguous();
      hash = fingerprint(
          std::string_view(static_cast<const char *>(values.rawData()),
                           static_cast<size_t>(values.numel()) *
                               elementSize(values.dtype())),
          hash);
    }
    c->checkSame(hash, "the training arguments and data (kiln train's options "
                       "and TRAIN.npz)");
  }

  CompiledScript script = compileModelScript(model);
  KILN_USER_CHECK(script.module, "kiln train trains a module, but the entry '",
                  script.entryName, "' is a function");
  Trainer trainer(script.graph, script.module, options);
  if (options.loss.kind == LossKind::BCEWithLogits)
    checkTargetsMatchOutput(script, train, batchSize, model.passes, data);
  if (!emit.empty()) {
    BatchOrder first(train.size(), batchSize, false, model.seed);
    Dataset batch = BatchOrder::gather(train, first.batch(0));
    if (leader)
      std::cout << *trainer.stepGraph(batch.x, batch.y);
    return 0;
  }

  std::ofstream logFile;
  if (!log.empty() && leader) {
    logFile.open(log, std::ios::trunc);
    KILN_USER_CHECK(logFile.good(), log, ": cannot write the log");
    logFile << "epoch,step,loss\n";
  }
  BatchOrder order(train.size(), batchSize, !vm.count("no-shuffle"),
                   model.seed);
  ProgressBar progress(leader && ::isatty(STDERR_FILENO) != 0);
  auto start = Clock::now();
  int64_t step = 0;
  for (int64_t epoch = 1; epoch <= epochs; ++epoch) {
    order.startEpoch(epoch - 1);
    auto epochStart = Clock::now();
    int64_t samples = 0;
    double lossSum = 0;
    for (int64_t b = 0; b < order.numBatches(); ++b) {
      Dataset batch = BatchOrder::gather(train, order.batch(b));
      double value = trainer.step(batch.x, batch.y);
      ++step;
      samples += batch.size();
      lossSum += value * static_cast<double>(batch.size());
      if (logFile.is_open()) {
        char row[64];
        std::snprintf(row, sizeof row, "%lld,%lld,%.9g\n",
                      static_cast<long long>(epoch),
                      static_cast<long long>(step), value);
        logFile << row;
      }
      double elapsed = secondsSince(epochStart);
      double rate = static_cast<double>(samples) / std::max(elapsed, 1e-9);
      progress.update(epoch, epochs, b + 1, order.numBatches(), value, rate,
                      static_cast<double>(train.size() - samples) / rate);
    }
    progress.finishLine();
    if (!leader)
      continue;
    double elapsed = secondsSince(epochStart);
    std::printf("epoch %lld/%lld: loss %.4f, %.0f samples/s",
                static_cast<long long>(epoch), static_cast<long long>(epochs),
                lossSum / static_cast<double>(samples),
                static_cast<double>(samples) / std::max(elapsed, 1e-9));
    if (held.size() > 0) {
      Trainer::Evaluation e = trainer.evaluate(held, batchSize);
      std::printf(", validation loss %.4f", e.loss);
      if (e.accuracy)
        std::printf(", accuracy %.1f%%", 100 * *e.accuracy);
    }
    std::printf("\n");
    std::fflush(stdout);
    if (logFile.is_open())
      logFile.flush();
  }
  if (!leader)
    return 0;
  std::printf("trained %lld steps in %.2f s\n", static_cast<long long>(step),
              secondsSince(start));
  if (!save.empty()) {
    saveAtomically(save, script.module->stateDict());
    std::printf("saved the state dict to %s\n", save.c_str());
  }
  return 0;
}

} // namespace kiln::cli
