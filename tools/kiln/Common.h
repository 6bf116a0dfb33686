//===- Common.h - What the kiln subcommands share ---------------*- C++ -*-===//
#ifndef KILN_TOOLS_KILN_COMMON_H
#define KILN_TOOLS_KILN_COMMON_H

#include "runtime/Program.h"

#include <boost/program_options.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiln::cli {

namespace po = boost::program_options;

/// Options of every command that loads and runs a model.
struct ModelOptions {
  std::string source;
  std::string entry;
  std::string weights;
  std::vector<std::string> inputs;
  int threads = 0;

  void addTo(po::options_description &options);
};

struct LoadedModel {
  std::shared_ptr<const Program> program;
  /// The graph's inputs: the module object (when it takes one), then the
  /// inputs from --input (trailing optional ones filled with None).
  std::vector<IValue> inputs;
};

/// Loads the source (a graph in Kiln's IR) and weights, and reads the
/// inputs.
std::shared_ptr<const Program> loadProgram(const ModelOptions &options);
std::vector<IValue> loadInputs(const Program &program,
                               const ModelOptions &options);

/// Parses `args` (the words after the command) into `vm`; unknown options
/// and missing values are UserErrors that point at `kiln <command> --help`.
void parseCommandLine(const std::string &command,
                      const std::vector<std::string> &args,
                      const po::options_description &visible,
                      po::variables_map &vm);

} // namespace kiln::cli

#endif // KILN_TOOLS_KILN_COMMON_H
