//===- Compile.cpp - kiln compile -----------------------------------------===//
//
// Compiles a script and prints a stage of its compilation: the frontend's
// graph (--emit ir) or the graph after the pass pipeline, specialized to the
// --input files' types as the executor specializes it (--emit opt-ir), or
// the forward and backward graphs autodiff derives from it, each after the
// pipeline (--emit grad-ir); LLVM IR and assembly come with the code
// generator.
//
//===----------------------------------------------------------------------===//
#include "ir/IR.h"
#include "passes/PassManager.h"
#include "runtime/Executor.h"
#include "runtime/ModuleState.h"
#include "runtime/Program.h"
#include "support/Error.h"
#include "support/File.h"
#include "tools/kiln/Commands.h"
#include "tools/kiln/Common.h"

#include <array>
#include <iostream>
#include <sstream>
#include <string_view>

namespace kiln::cli {

namespace {

struct EmitKind {
  std::string_view name;
  /// What makes it, when this version of kiln cannot emit it yet.
  std::string_view missing;
};

constexpr std::array<EmitKind, 5> kEmitKinds{{
    {"ir", ""},
    {"opt-ir", ""},
    {"grad-ir", ""},
    {"llvm", "the LLVM code generator"},
    {"asm", "the LLVM code generator"},
}};

const EmitKind &emitKind(const std::string &name) {
  for (const EmitKind &kind : kEmitKinds)
    if (kind.name == name)
      return kind;
  std::string choices;
  for (const EmitKind &kind : kEmitKinds)
    choices += (choices.empty() ? "" : ", ") + std::string(kind.name);
  throw UserError("--emit must be one of " + choices + ", not '" + name + "'");
}

} // namespace

int compileCommand(const std::vector<std::string> &args) {
  ModelOptions model;
  std::string emit = "ir", output = "-", passes = "default";
  po::options_description visible(
      "Usage: kiln compile SCRIPT.py [--entry NAME] [--weights W] [--input "
      "X.npy]... [--emit ir|opt-ir|grad-ir|llvm|asm] [-o FILE]\n\nCompiles a "
      "script and prints a stage of its compilation.\n\nOptions");
  visible.add_options()("help,h", "show this help");
  model.addTo(visible, /*runs=*/false);
  visible.add_options()(
      "emit", po::value(&emit),
      "what to print: ir (the entry's graph, calls inlined; the default), "
      "opt-ir (after the pass pipeline, specialized to the --input files' "
      "types; dynamic shapes without them), grad-ir (the forward and "
      "backward graphs of the gradient, each after the pipeline), llvm or "
      "asm")("output,o", po::value(&output),
             "write it here (default -, standard output)")(
      "passes", po::value(&passes),
      "the pipeline of --emit opt-ir (default: default, the executor's)")(
      "print-after-all", "print the graph to stderr after every pass")(
      "verify-each", "verify the graph after every pass")(
      "time-passes", "print each pass's wall time to stderr");
  po::variables_map vm;
  parseCommandLine("compile", args, visible, vm);
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  if (vm.count("source"))
    model.source = vm["source"].as<std::string>();
  const EmitKind &kind = emitKind(emit);
  KILN_USER_CHECK(kind.missing.empty(), "--emit ", emit,
                  " is not implemented yet: it comes with ", kind.missing,
                  "; --emit ir prints the frontend's graph");
  KILN_USER_CHECK(!model.source.empty(), "no script given: pass a .py file");
  KILN_USER_CHECK(model.isScript(),
                  "kiln compile compiles Python scripts "
                  "(.py), not '",
                  model.source, "'; kiln-opt reads graph files");

  bool passOptions = vm.count("passes") || vm.count("print-after-all") ||
                     vm.count("verify-each") || vm.count("time-passes");
  KILN_USER_CHECK(emit == "opt-ir" || emit == "grad-ir" || !passOptions,
                  "--passes, --print-after-all, --verify-each and "
                  "--time-passes apply to --emit opt-ir and grad-ir");
  Pipeline pipeline = Pipeline::parse(passes);

  CompiledScript script = compileModelScript(model);
  // The inputs do not change the frontend's graph; when given, they are
  // checked against its parameters all the same.
  std::vector<IValue> inputs;
  if (!model.inputs.empty())
    inputs = readInputs(*script.graph, model, script.defaults);
  std::shared_ptr<Graph> graph = script.graph;
  if (emit == "opt-ir") {
    // Specialized as `kiln run` specializes: to the inputs' types and the
    // module's attributes (in evaluation mode).
    std::vector<IValue> values;
    if (script.module) {
      std::shared_ptr<const Program> program =
          Program::fromGraph(script.graph, {.passes = ""});
      script.module->setTraining(false);
      values.push_back(program->makeModule(*script.module));
    }
    values.insert(values.end(), inputs.begin(), inputs.end());
    values.resize(script.graph->inputs().size());
    graph = specializedGraph(*script.graph, values);
    PipelineOptions options;
    options.verifyEach = vm.count("verify-each") > 0;
    if (vm.count("print-after-all"))
      options.printAfterAll = &std::cerr;
    if (vm.count("time-passes"))
      options.timePasses = &std::cerr;
    pipeline.run(*graph, options);
  }
  std::ostringstream text;
  if (emit == "grad-ir") {
    GradientSetup setup = prepareGradient(script, inputs);
    PipelineOptions options;
    options.verifyEach = vm.count("verify-each") > 0;
    if (vm.count("print-after-all"))
      options.printAfterAll = &std::cerr;
    if (vm.count("time-passes"))
      options.timePasses = &std::cerr;
    pipeline.run(*setup.gradient.forward, options);
    pipeline.run(*setup.gradient.backward, options);
    text << "# forward: the outputs, the " << setup.gradient.numSeeds
         << " differentiable outputs, then what the backward graph saves\n";
    setup.gradient.forward->print(text);
    text << "\n# backward: the gradients of the differentiable outputs and "
            "the saved values, to the gradient of each of:";
    for (const GradientLeaf &leaf : setup.gradient.leaves)
      text << ' '
           << (leaf.input
                   ? "%" + setup.specialized->inputs()[*leaf.input]->debugName()
                   : "self." + leaf.attribute);
    text << "\n";
    setup.gradient.backward->print(text);
    writeFileAtomically(output, text.str());
    return 0;
  }
  graph->print(text);
  writeFileAtomically(output, text.str());
  return 0;
}

} // namespace kiln::cli
