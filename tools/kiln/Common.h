//===- Common.h - What the kiln subcommands share ---------------*- C++ -*-===//
#ifndef KILN_TOOLS_KILN_COMMON_H
#define KILN_TOOLS_KILN_COMMON_H

#include "frontend/Frontend.h"
#include "passes/Autodiff.h"
#include "runtime/Program.h"

#include <boost/program_options.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kiln::cli {

namespace po = boost::program_options;

/// Options of every command that loads a model.
struct ModelOptions {
  std::string source;
  std::string entry;
  std::string weights;
  std::vector<std::string> inputs;
  uint64_t seed = 0;
  int threads = 0;
  /// The pipeline the executor runs per input signature.
  std::string passes = "default";

  /// Adds --entry, --weights, --input and --seed, and --threads and
  /// --passes when the command runs the model.
  void addTo(po::options_description &options, bool runs = true);
  /// The source is a Python script (else a graph in Kiln's IR).
  bool isScript() const;
};

/// Compiles the script SOURCE.py (--entry, --seed) with its module tree, in
/// training mode as constructed. --weights, when given, replace the
/// module's parameters and buffers (a UserError for a function entry).
CompiledScript compileModelScript(const ModelOptions &options);

/// A model ready to run: its program and the object its graph takes as
/// `self` (None when it takes none).
struct LoadedModel {
  std::shared_ptr<const Program> program;
  IValue self;
  /// For a script: each parameter's default (nullopt: none), so trailing
  /// parameters with defaults may be left out of --input.
  std::vector<std::optional<IValue>> defaults;
};

/// Compiles the script or loads the graph, in evaluation mode, and builds
/// `self`: for a script from its module tree (with --weights applied), for
/// a graph file from --weights.
LoadedModel loadModel(const ModelOptions &options);

/// The graph's inputs: `self` first when the graph takes a module, then one
/// value per --input, converted to the parameter's type; trailing Optional
/// parameters that were left out are None.
std::vector<IValue> loadInputs(const LoadedModel &model,
                               const ModelOptions &options);
/// Only the values from --input, checked against `graph`'s parameters
/// (`self` excluded); parameters left out take their `defaults` (trailing
/// Optional ones None).
std::vector<IValue>
readInputs(const Graph &graph, const ModelOptions &options,
           const std::vector<std::optional<IValue>> &defaults = {});

/// Parses `args` (the words after the command) into `vm`; unknown options
/// and missing values are UserErrors that point at `kiln <command> --help`.
/// The first positional word is the source.
void parseCommandLine(const std::string &command,
                      const std::vector<std::string> &args,
                      const po::options_description &visible,
                      po::variables_map &vm);

/// A script's gradient graphs: its graph specialized to `inputs` and run
/// through the default pipeline up to fusion, then differentiated.
struct GradientSetup {
  std::shared_ptr<Graph> specialized;
  Gradient gradient;
};
GradientSetup prepareGradient(const CompiledScript &script,
                              const std::vector<IValue> &inputs);

} // namespace kiln::cli

#endif // KILN_TOOLS_KILN_COMMON_H
