//===- Common.cpp ---------------------------------------------------------===//
#include "tools/kiln/Common.h"

#include "ir/IR.h"
#include "runtime/ValueArrays.h"
#include "runtime/tensor/io/Npy.h"
#include "runtime/tensor/io/TensorFiles.h"
#include "support/Error.h"

namespace kiln::cli {

void ModelOptions::addTo(po::options_description &options) {
  options.add_options()(
      "entry", po::value(&entry),
      "the function or class to run (scripts only; a graph file holds one)")(
      "weights", po::value(&weights),
      "a safetensors file of the module's parameters and buffers, named as "
      "in PyTorch's state_dict")(
      "input", po::value(&inputs)->composing(),
      "an .npy file per input of the graph, in order (0-d int64/float64/bool "
      "arrays pass int/float/bool)")("threads", po::value(&threads),
                                     "use at most N threads");
}

void parseCommandLine(const std::string &command,
                      const std::vector<std::string> &args,
                      const po::options_description &visible,
                      po::variables_map &vm) {
  po::options_description all;
  all.add(visible);
  all.add_options()("source", po::value<std::string>());
  po::positional_options_description positional;
  positional.add("source", 1);
  try {
    po::store(
        po::command_line_parser(args).options(all).positional(positional).run(),
        vm);
    po::notify(vm);
  } catch (const po::error &e) {
    throw UserError(std::string(e.what()) + " (see 'kiln " + command +
                    " --help')");
  }
}

std::shared_ptr<const Program> loadProgram(const ModelOptions &options) {
  KILN_USER_CHECK(!options.source.empty(),
                  "no model given: pass a graph file (.ir)");
  if (options.source.ends_with(".py"))
    throw UserError(options.source +
                    ": compiling Python scripts is not available in this "
                    "version of kiln yet; pass a graph in Kiln's IR (.ir), "
                    "e.g. one PyTorch printed");
  KILN_USER_CHECK(options.entry.empty(), "--entry picks a function or class "
                                         "in a script; a graph file holds "
                                         "exactly one graph");
  return Program::load(options.source);
}

std::vector<IValue> loadInputs(const Program &program,
                               const ModelOptions &options) {
  std::vector<IValue> values;
  const Graph &g = program.graph();
  size_t first = 0;
  if (program.takesModule()) {
    KILN_USER_CHECK(!options.weights.empty(), "the graph takes a module (%",
                    g.inputs()[0]->debugName(), " : ",
                    g.inputs()[0]->type()->str(),
                    "); give its parameters with --weights W.safetensors");
    values.push_back(program.makeModule(readSafetensors(options.weights)));
    first = 1;
  } else {
    KILN_USER_CHECK(options.weights.empty(),
                    "--weights: the graph takes no module, so it has no "
                    "weights");
  }
  auto params = g.inputs().subspan(first);
  auto signature = [&] {
    std::string s;
    for (const Value *v : params)
      s += (s.empty() ? "" : ", ") + ("%" + v->debugName()) + " : " +
           v->type()->str();
    return s;
  };
  KILN_USER_CHECK(options.inputs.size() <= params.size(), "the graph takes ",
                  params.size(), " inputs (", signature(), ") but ",
                  options.inputs.size(), " were given");
  for (size_t i = 0; i < params.size(); ++i) {
    const Value *param = params[i];
    std::string what = "input " + std::to_string(i + 1) + " (%" +
                       param->debugName() + " : " + param->type()->str() + ")";
    if (i >= options.inputs.size()) {
      // Trailing optional inputs may be left out.
      KILN_USER_CHECK(param->type()->isa<OptionalType>(), "the graph takes ",
                      params.size(), " inputs (", signature(), ") but only ",
                      options.inputs.size(), " were given");
      values.emplace_back();
      continue;
    }
    values.push_back(valueFromArray(readNpy(options.inputs[i]), *param->type(),
                                    what + " from " + options.inputs[i]));
  }
  return values;
}

} // namespace kiln::cli
