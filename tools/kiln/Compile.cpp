//===- Compile.cpp - kiln compile -----------------------------------------===//
//
// Compiles a script and prints a stage of its compilation. Today that is the
// frontend's graph (--emit ir); the optimized graph, the gradient graph,
// LLVM IR and assembly come with the pass pipeline and the code generator.
//
//===----------------------------------------------------------------------===//
#include "ir/IR.h"
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
    {"opt-ir", "the pass pipeline"},
    {"grad-ir", "gradient derivation (autodiff)"},
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
  std::string emit = "ir", output = "-";
  po::options_description visible(
      "Usage: kiln compile SCRIPT.py [--entry NAME] [--weights W] [--input "
      "X.npy]... [--emit ir|opt-ir|grad-ir|llvm|asm] [-o FILE]\n\nCompiles a "
      "script and prints a stage of its compilation.\n\nOptions");
  visible.add_options()("help,h", "show this help");
  model.addTo(visible, /*runs=*/false);
  visible.add_options()(
      "emit", po::value(&emit),
      "what to print: ir (the entry's graph, calls inlined; the default), "
      "opt-ir, grad-ir, llvm or asm")("output,o", po::value(&output),
                                      "write it here (default -, standard "
                                      "output)");
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

  CompiledScript script = compileModelScript(model);
  // The inputs do not change the graph before specialization; when given,
  // they are checked against its parameters all the same.
  if (!model.inputs.empty())
    readInputs(*script.graph, model, script.defaults);
  std::ostringstream text;
  script.graph->print(text);
  writeFileAtomically(output, text.str());
  return 0;
}

} // namespace kiln::cli
