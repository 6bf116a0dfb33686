//===- Bench.cpp - kiln bench ---------------------------------------------===//
//
// Prints one JSON line: {"compile_ms":..., "median_ms":..., "min_ms":...,
// "iters":...}. compile_ms is loading the model (compiling the script or
// parsing the graph, verifying it, building its module object with the
// weights), specializing it to the inputs (the pass pipeline, lowering,
// generated kernels) and what the first run takes beyond a steady one
// (kernels compiled on first use): everything but reading the inputs and
// running. The run times are of whole runs after the first and --warmup
// untimed ones.
//
// With --backward, a run is one forward and backward step: the gradients
// of the sum of the outputs that `kiln grad` computes (evaluation mode),
// and compile_ms includes deriving the gradient graph.
//
//===----------------------------------------------------------------------===//
#include "runtime/ModuleState.h"
#include "support/Error.h"
#include "tools/kiln/Commands.h"
#include "tools/kiln/Common.h"

#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

namespace kiln::cli {

namespace {

using Clock = std::chrono::steady_clock;

double msBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

/// A program ready to time on its inputs (`self` first when it takes one).
struct Benchmark {
  std::shared_ptr<const Program> program;
  std::vector<IValue> inputs;
  double compileMs = 0;
};

Benchmark prepareForward(const ModelOptions &model) {
  Benchmark b;
  auto start = Clock::now();
  LoadedModel loaded = loadModel(model);
  // Reading the inputs is not compiling; specializing to them is.
  auto loadedAt = Clock::now();
  b.inputs = loadInputs(loaded, model);
  auto specializeFrom = Clock::now();
  loaded.program->executor().specializationFor(b.inputs);
  b.compileMs =
      msBetween(start, loadedAt) + msBetween(specializeFrom, Clock::now());
  b.program = std::move(loaded.program);
  return b;
}

// The graph kiln grad runs: the gradients of the sum of the outputs.
Benchmark prepareBackward(const ModelOptions &model) {
  KILN_USER_CHECK(model.isScript(),
                  "--backward differentiates Python scripts (.py), not '",
                  model.source, "'");
  Benchmark b;
  auto start = Clock::now();
  CompiledScript script = compileModelScript(model);
  auto compiledAt = Clock::now();
  std::vector<IValue> inputs =
      readInputs(*script.graph, model, script.defaults);
  auto differentiateFrom = Clock::now();
  GradientSetup setup = prepareGradient(script, inputs);
  b.program = Program::fromGraph(gradientOfSum(setup.gradient), {model.passes});
  if (script.module) {
    script.module->setTraining(false);
    b.inputs.push_back(b.program->makeModule(*script.module));
  }
  for (IValue &v : inputs)
    b.inputs.push_back(std::move(v));
  b.program->executor().specializationFor(b.inputs);
  b.compileMs =
      msBetween(start, compiledAt) + msBetween(differentiateFrom, Clock::now());
  return b;
}

} // namespace

int benchCommand(const std::vector<std::string> &args) {
  ModelOptions model;
  int warmup = 3, iters = 10;
  po::options_description visible(
      "Usage: kiln bench SCRIPT.py|GRAPH.ir [--entry NAME] [--weights W] "
      "[--input X.npy]... [--warmup N] [--iters N] [--backward]\n\nTimes runs "
      "of a model in evaluation mode and prints one JSON line.\n\nOptions");
  visible.add_options()("help,h", "show this help");
  model.addTo(visible);
  visible.add_options()("warmup", po::value(&warmup),
                        "untimed runs first (default 3)")(
      "iters", po::value(&iters), "timed runs (default 10)")(
      "backward",
      "time forward and backward: the gradients of the sum of the outputs "
      "with respect to the parameters and floating-point inputs, as kiln "
      "grad computes them (scripts only)");
  po::variables_map vm;
  parseCommandLine("bench", args, visible, vm);
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  if (vm.count("source"))
    model.source = vm["source"].as<std::string>();
  model.applyJitOption();
  KILN_USER_CHECK(warmup >= 0 && iters >= 1,
                  "--warmup must be >= 0 and --iters >= 1");
  std::optional<tbb::global_control> threads;
  if (model.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism,
                    static_cast<size_t>(model.threads));

  KILN_USER_CHECK(!model.source.empty(), "no model given: pass a script "
                                         "(.py) or a graph file (.ir)");
  Benchmark b =
      vm.count("backward") ? prepareBackward(model) : prepareForward(model);
  RunOptions run;
  run.seed = model.seed;
  // Kernels whose shape depends on the operands (GEMM epilogues) compile
  // on the first run: what it takes beyond a steady run is compiling too.
  auto firstFrom = Clock::now();
  b.program->run(b.inputs, run);
  double firstMs = msBetween(firstFrom, Clock::now());
  for (int i = 0; i < warmup; ++i)
    b.program->run(b.inputs, run);
  std::vector<double> times;
  for (int i = 0; i < iters; ++i) {
    auto t0 = Clock::now();
    b.program->run(b.inputs, run);
    times.push_back(msBetween(t0, Clock::now()));
  }
  std::sort(times.begin(), times.end());
  double median =
      times.size() % 2
          ? times[times.size() / 2]
          : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
  double compileMs = b.compileMs + std::max(0.0, firstMs - median);
  std::printf("{\"compile_ms\": %.3f, \"median_ms\": %.4f, \"min_ms\": %.4f, "
              "\"iters\": %d}\n",
              compileMs, median, times.front(), iters);
  return 0;
}

} // namespace kiln::cli
