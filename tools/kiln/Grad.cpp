//===- Grad.cpp - kiln grad -----------------------------------------------===//
//
// Gradients of the sum of a model's floating-point tensor outputs with
// respect to its floating-point tensor inputs and its parameters, in
// evaluation mode, written to .npz (DESIGN.md's contract). The entry's
// graph is specialized to the inputs' types and goes through the default
// pipeline up to fusion (which unrolls loops with a constant trip count);
// then passes/Autodiff.h derives the gradient graph, which runs through the
// default pipeline as any graph does.
//
//===----------------------------------------------------------------------===//
#include "ir/IR.h"
#include "passes/Autodiff.h"
#include "passes/PassManager.h"
#include "runtime/ModuleState.h"
#include "runtime/ValueArrays.h"
#include "runtime/tensor/io/TensorFiles.h"
#include "support/Error.h"
#include "tools/kiln/Commands.h"
#include "tools/kiln/Common.h"

#include <tbb/global_control.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <optional>

namespace kiln::cli {

namespace {

/// "x.1" -> "x": the parameter's name as the script spells it.
std::string parameterName(const Value *v) {
  std::string name = v->debugName();
  size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot + 1 < name.size() &&
      std::all_of(name.begin() + dot + 1, name.end(),
                  [](unsigned char c) { return std::isdigit(c); }))
    name.resize(dot);
  return name;
}

} // namespace

GradientSetup prepareGradient(const CompiledScript &script,
                              const std::vector<IValue> &inputs) {
  std::shared_ptr<Graph> graph = script.graph->copy();
  bool takesModule =
      !graph->inputs().empty() && graph->inputs()[0]->type()->isa<ClassType>();
  std::vector<TypePtr> types(takesModule ? 1 : 0);
  for (const IValue &v : inputs)
    types.push_back(specializedType(v));
  specializeInputs(*graph, types);
  // An Optional[Tensor] parameter is what the caller passed: a tensor (a
  // leaf of the gradient) or None.
  for (size_t i = 0; i < inputs.size(); ++i) {
    Value *in = graph->inputs()[i + (takesModule ? 1 : 0)];
    const auto *optional = in->type()->cast<OptionalType>();
    if (!optional || !optional->element()->isa<TensorType>())
      continue;
    if (inputs[i].isNone())
      in->setType(NoneType::get());
    else if (inputs[i].isTensor())
      in->setType(specializedType(inputs[i]));
  }
  // The default pipeline before fusion: autodiff differentiates ops, not
  // fusion groups.
  std::vector<PassInfo> passes;
  for (const PassInfo &p : Pipeline::defaultPipeline().passes())
    if (p.name != "fuse")
      passes.push_back(p);
  Pipeline::fromPasses(passes).run(*graph);
  GradientSetup setup;
  setup.gradient = differentiate(*graph);
  setup.specialized = graph;
  return setup;
}

int gradCommand(const std::vector<std::string> &args) {
  ModelOptions model;
  std::string output;
  po::options_description visible(
      "Usage: kiln grad SCRIPT.py [--entry NAME] [--weights W] [--input "
      "X.npy]... --output GRADS.npz\n\nWrites the gradients of the sum of the "
      "model's floating-point tensor outputs with respect to each "
      "floating-point tensor input (keyed by parameter name) and each module "
      "parameter (keyed by state_dict name), in evaluation mode.\n\nOptions");
  visible.add_options()("help,h", "show this help");
  model.addTo(visible);
  visible.add_options()("output,o", po::value(&output),
                        "the .npz file to write the gradients to");
  po::variables_map vm;
  parseCommandLine("grad", args, visible, vm);
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  if (vm.count("source"))
    model.source = vm["source"].as<std::string>();
  KILN_USER_CHECK(!model.source.empty(), "no script given: pass a .py file");
  KILN_USER_CHECK(model.isScript(),
                  "kiln grad differentiates Python scripts "
                  "(.py), not '",
                  model.source, "'");
  KILN_USER_CHECK(!output.empty(), "--output GRADS.npz is required");
  KILN_USER_CHECK(output.ends_with(".npz"),
                  "--output must name an .npz file, not '", output, "'");
  std::optional<tbb::global_control> threads;
  if (model.threads > 0)
    threads.emplace(tbb::global_control::max_allowed_parallelism,
                    static_cast<size_t>(model.threads));

  CompiledScript script = compileModelScript(model);
  std::vector<IValue> inputs =
      readInputs(*script.graph, model, script.defaults);
  GradientSetup setup = prepareGradient(script, inputs);
  const Gradient &gradient = setup.gradient;
  std::shared_ptr<const Program> program =
      Program::fromGraph(gradientOfSum(gradient), {model.passes});
  std::vector<IValue> all;
  if (script.module) {
    script.module->setTraining(false);
    all.push_back(program->makeModule(*script.module));
  }
  for (IValue &v : inputs)
    all.push_back(std::move(v));
  RunOptions run;
  run.seed = model.seed;
  std::vector<IValue> grads = flattenResults(program->run(all, run));
  KILN_INTERNAL_ASSERT(grads.size() == gradient.leaves.size(),
                       "kiln grad: ", grads.size(), " gradients for ",
                       gradient.leaves.size(), " leaves");

  std::vector<std::pair<std::string, Tensor>> arrays;
  std::map<std::string, Tensor> byAttribute;
  for (size_t i = 0; i < grads.size(); ++i) {
    const GradientLeaf &leaf = gradient.leaves[i];
    if (leaf.input) {
      std::string name =
          parameterName(setup.specialized->inputs()[*leaf.input]);
      arrays.emplace_back(name, arrayFromValue(grads[i], name));
    } else {
      byAttribute[leaf.attribute] = grads[i].toTensor();
    }
  }
  if (script.module)
    for (const auto &[name, tensor] : script.module->namedParameters()) {
      auto it = byAttribute.find(name);
      // A parameter the forward pass does not read has a zero gradient.
      arrays.emplace_back(name,
                          it != byAttribute.end()
                              ? it->second
                              : Tensor::zeros(tensor.sizes(), tensor.dtype()));
    }
  writeNpz(output, arrays);
  return 0;
}

} // namespace kiln::cli
