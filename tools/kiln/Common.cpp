//===- Common.cpp ---------------------------------------------------------===//
#include "tools/kiln/Common.h"

#include "ir/IR.h"
#include "runtime/KernelCompiler.h"
#include "runtime/ModuleState.h"
#include "runtime/ValueArrays.h"
#include "runtime/tensor/io/Npy.h"
#include "runtime/tensor/io/TensorFiles.h"
#include "support/Error.h"

namespace kiln::cli {

void ModelOptions::addTo(po::options_description &options, bool runs) {
  options.add_options()(
      "entry", po::value(&entry),
      "scripts: the class (its forward), Class.method or function to use; "
      "by default the script's only nn.Module class, else its only "
      "function")("weights", po::value(&weights),
                  "a safetensors file of the module's parameters and "
                  "buffers, named as in PyTorch's state_dict")(
      "input", po::value(&inputs)->composing(),
      "an .npy file per parameter, in order (0-d int64/float64/bool arrays "
      "pass int/float/bool)")(
      "seed", po::value(&seed),
      runs ? "seeds the default initialisation of a script's parameters "
             "(without --weights) and the model's random ops (default 0)"
           : "seeds the default initialisation of a script's parameters "
             "(default 0)");
  if (runs)
    options.add_options()("threads", po::value(&threads),
                          "use at most N threads")(
        "passes", po::value(&passes)->implicit_value(""),
        "the pass pipeline each input signature's graph goes through "
        "(default: default; --passes '' runs the graph as compiled)")(
        "no-jit", po::bool_switch(&noJit),
        "run the reference kernels only, no JIT-compiled kernels (also "
        "KILN_NO_JIT=1)");
}

void ModelOptions::applyJitOption() const {
  if (noJit)
    setKernelCompiler(nullptr);
}

bool ModelOptions::isScript() const { return source.ends_with(".py"); }

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

CompiledScript compileModelScript(const ModelOptions &options) {
  KILN_INTERNAL_ASSERT(options.isScript(), "not a script: ", options.source);
  CompileOptions compile;
  compile.entry = options.entry;
  compile.seed = options.seed;
  CompiledScript script = compileScriptFile(options.source, compile);
  if (!options.weights.empty()) {
    KILN_USER_CHECK(script.module, "--weights: the entry '", script.entryName,
                    "' is a function, so it has no weights");
    script.module->loadStateDict(readSafetensors(options.weights),
                                 options.weights);
  }
  return script;
}

LoadedModel loadModel(const ModelOptions &options) {
  KILN_USER_CHECK(!options.source.empty(), "no model given: pass a script "
                                           "(.py) or a graph file (.ir)");
  LoadedModel model;
  if (options.isScript()) {
    CompiledScript script = compileModelScript(options);
    model.program = Program::fromGraph(script.graph, {options.passes});
    model.defaults = script.defaults;
    if (script.module) {
      script.module->setTraining(false);
      model.self = model.program->makeModule(*script.module);
    } else {
      KILN_INTERNAL_ASSERT(!model.program->takesModule(), "the function ",
                           script.entryName, " takes a module");
    }
    return model;
  }
  KILN_USER_CHECK(options.entry.empty(), "--entry picks a function or class "
                                         "in a script; a graph file holds "
                                         "exactly one graph");
  model.program = Program::load(options.source, {options.passes});
  const Graph &g = model.program->graph();
  if (model.program->takesModule()) {
    KILN_USER_CHECK(!options.weights.empty(), "the graph takes a module (%",
                    g.inputs()[0]->debugName(), " : ",
                    g.inputs()[0]->type()->str(),
                    "); give its parameters with --weights W.safetensors");
    model.self = model.program->makeModule(readSafetensors(options.weights));
  } else {
    KILN_USER_CHECK(options.weights.empty(),
                    "--weights: the graph takes no module, so it has no "
                    "weights");
  }
  return model;
}

std::vector<IValue>
readInputs(const Graph &graph, const ModelOptions &options,
           const std::vector<std::optional<IValue>> &defaults) {
  bool takesModule =
      !graph.inputs().empty() && graph.inputs()[0]->type()->isa<ClassType>();
  auto params = graph.inputs().subspan(takesModule ? 1 : 0);
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
  std::vector<IValue> values;
  for (size_t i = 0; i < params.size(); ++i) {
    const Value *param = params[i];
    std::string what = "input " + std::to_string(i + 1) + " (%" +
                       param->debugName() + " : " + param->type()->str() + ")";
    if (i >= options.inputs.size()) {
      // Parameters with defaults may be left out; a graph file does not say
      // which have defaults, so there only trailing Optional ones may.
      if (i < defaults.size() && defaults[i]) {
        values.push_back(*defaults[i]);
        continue;
      }
      KILN_USER_CHECK(defaults.empty() && param->type()->isa<OptionalType>(),
                      "the graph takes ", params.size(), " inputs (",
                      signature(), ") but only ", options.inputs.size(),
                      " were given");
      values.emplace_back();
      continue;
    }
    values.push_back(valueFromArray(readNpy(options.inputs[i]), *param->type(),
                                    what + " from " + options.inputs[i]));
  }
  return values;
}

std::vector<IValue> loadInputs(const LoadedModel &model,
                               const ModelOptions &options) {
  std::vector<IValue> values;
  if (model.program->takesModule())
    values.push_back(model.self);
  for (IValue &v : readInputs(model.program->graph(), options, model.defaults))
    values.push_back(std::move(v));
  return values;
}

} // namespace kiln::cli
