//===- ModelCompile.cpp - Model::compile, the API's use of the frontend ---===//
//
// Apart from Model.cpp so that Kiln::runtime, which runs graph files, does
// not link the frontend; Kiln::kiln adds this file and the frontend.
//
//===----------------------------------------------------------------------===//
#include "kiln/kiln.h"

#include "frontend/Frontend.h"
#include "runtime/ModuleState.h"
#include "runtime/Program.h"

namespace kiln {

Model Model::compile(const std::string &path, const std::string &entry,
                     uint64_t seed) {
  CompileOptions options;
  options.entry = entry;
  options.seed = seed;
  CompiledScript script = compileScriptFile(path, options);
  Model model(Program::fromGraph(script.graph));
  if (script.module)
    model.setScriptModule(script.module);
  return model;
}

} // namespace kiln
