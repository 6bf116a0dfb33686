//===- Run.cpp - kiln run -------------------------------------------------===//
#include "runtime/ValueArrays.h"
#include "runtime/tensor/Print.h"
#include "runtime/tensor/io/Npy.h"
#include "runtime/tensor/io/TensorFiles.h"
#include "support/Error.h"
#include "tools/kiln/Commands.h"
#include "tools/kiln/Common.h"

#include <tbb/global_control.h>

#include <iostream>
#include <optional>

namespace kiln::cli {

int runCommand(const std::vector<std::string> &args) {
  ModelOptions model;
  std::string output;
  po::options_description visible(
      "Usage: kiln run SCRIPT.py|GRAPH.ir [--entry NAME] [--weights "
      "W.safetensors] [--input X.npy]... [--output OUT.npy|OUT.npz] "
      "[--threads N]\n\nRuns a model in evaluation mode and writes or prints "
      "its results.\n\nOptions");
  visible.add_options()("help,h", "show this help");
  model.addTo(visible);
  visible.add_options()("output,o", po::value(&output),
                        "write the result to .npy, or the results to .npz "
                        "(keys out0, out1, ...)");
  po::variables_map vm;
  parseCommandLine("run", args, visible, vm);
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  if (vm.count("source"))
    model.source = vm["source"].as<std::string>();
  model.applyJitOption();
  KILN_USER_CHECK(
      output.empty() || output.ends_with(".npy") || output.ends_with(".npz"),
      "--output must name an .npy or .npz file, not '", output, "'");
  std::optional<tbb::global_control> threads;
  if (model.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism,
                    static_cast<size_t>(model.threads));

  LoadedModel loaded = loadModel(model);
  RunOptions run;
  run.seed = model.seed;
  std::vector<IValue> results =
      loaded.program->run(loadInputs(loaded, model), run);
  std::vector<IValue> flat = flattenResults(results);

  if (output.ends_with(".npy")) {
    KILN_USER_CHECK(flat.size() == 1, "the graph returns ", flat.size(),
                    " results; write them to an .npz file");
    writeNpy(output, arrayFromValue(flat[0], "the result"));
  } else if (output.ends_with(".npz")) {
    std::vector<std::pair<std::string, Tensor>> arrays;
    for (size_t i = 0; i < flat.size(); ++i)
      arrays.emplace_back(
          "out" + std::to_string(i),
          arrayFromValue(flat[i], "result " + std::to_string(i)));
    writeNpz(output, arrays);
  } else {
    for (const IValue &v : results)
      std::cout << (v.isTensor() ? formatTensor(v.toTensor()) : v.repr())
                << '\n';
  }
  return 0;
}

} // namespace kiln::cli
