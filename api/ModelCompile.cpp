//===- ModelCompile.cpp - Model::compile, the API's use of the frontend ---===//
//
// Apart from Model.cpp so that Kiln::runtime, which runs graph files, does
// not link the frontend or LLVM; Kiln::kiln adds this file, the frontend and
// the code generator, whose JIT kernels it registers (unless KILN_NO_JIT=1).
//
//===----------------------------------------------------------------------===//
#include "kiln/kiln.h"

#include "codegen/CodegenCompiler.h"
#include "frontend/Frontend.h"
#include "runtime/ModuleState.h"
#include "runtime/Program.h"

namespace kiln {

Model Model::compile(const std::string &path, const std::string &entry,
                     uint64_t seed) {
  static const bool jit = codegen::registerCodegenKernelCompiler();
  (void)jit;
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
