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
//===----------------------------------------------------------------------===//
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

int benchCommand(const std::vector<std::string> &args) {
  ModelOptions model;
  int warmup = 3, iters = 10;
  po::options_description visible(
      "Usage: kiln bench SCRIPT.py|GRAPH.ir [--entry NAME] [--weights W] "
      "[--input X.npy]... [--warmup N] [--iters N]\n\nTimes runs of a model "
      "in evaluation mode and prints one JSON line.\n\nOptions");
  visible.add_options()("help,h", "show this help");
  model.addTo(visible);
  visible.add_options()("warmup", po::value(&warmup),
                        "untimed runs first (default 3)")(
      "iters", po::value(&iters), "timed runs (default 10)")(
      "backward", "time forward and backward (training)");
  po::variables_map vm;
  parseCommandLine("bench", args, visible, vm);
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  if (vm.count("source"))
    model.source = vm["source"].as<std::string>();
  model.applyJitOption();
  KILN_USER_CHECK(!vm.count("backward"),
                  "--backward needs gradients, which this version of kiln "
                  "cannot derive yet");
  KILN_USER_CHECK(warmup >= 0 && iters >= 1,
                  "--warmup must be >= 0 and --iters >= 1");
  std::optional<tbb::global_control> threads;
  if (model.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism,
                    static_cast<size_t>(model.threads));

  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
  };
  auto start = Clock::now();
  LoadedModel loaded = loadModel(model);
  // Reading the inputs is not compiling; specializing to them is.
  auto loadedAt = Clock::now();
  std::vector<IValue> inputs = loadInputs(loaded, model);
  auto specializeFrom = Clock::now();
  loaded.program->executor().specializationFor(inputs);
  double compileMs = ms(loadedAt - start) + ms(Clock::now() - specializeFrom);
  RunOptions run;
  run.seed = model.seed;
  // Kernels whose shape depends on the operands (GEMM epilogues) compile
  // on the first run: what it takes beyond a steady run is compiling too.
  auto firstFrom = Clock::now();
  loaded.program->run(inputs, run);
  double firstMs = ms(Clock::now() - firstFrom);
  for (int i = 0; i < warmup; ++i)
    loaded.program->run(inputs, run);
  std::vector<double> times;
  for (int i = 0; i < iters; ++i) {
    auto t0 = Clock::now();
    loaded.program->run(inputs, run);
    times.push_back(ms(Clock::now() - t0));
  }
  std::sort(times.begin(), times.end());
  double median =
      times.size() % 2
          ? times[times.size() / 2]
          : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
  compileMs += std::max(0.0, firstMs - median);
  std::printf("{\"compile_ms\": %.3f, \"median_ms\": %.4f, \"min_ms\": %.4f, "
              "\"iters\": %d}\n",
              compileMs, median, times.front(), iters);
  return 0;
}

} // namespace kiln::cli
