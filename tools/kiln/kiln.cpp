//===- kiln.cpp - The kiln command line -----------------------------------===//
//
//   kiln run     SCRIPT.py|GRAPH.ir [--entry NAME] [--weights W.safetensors]
//                [--input X.npy]... [--output OUT.npy|OUT.npz] [--threads N]
//   kiln grad    SCRIPT.py [--entry NAME] [--weights W] [--input X.npy]...
//                --output GRADS.npz
//   kiln compile SCRIPT.py [--entry NAME] [--weights W] [--input X.npy]...
//                [--emit ir|opt-ir|grad-ir|llvm|asm] [-o FILE]
//   kiln train   SCRIPT.py --entry NAME --data TRAIN.npz [--epochs E]
//                [--batch-size B] [--optimizer sgd|adam|adamw] [--lr LR]
//                [--momentum M] [--loss cross_entropy|nll|mse] [--weights W]
//                [--save OUT.safetensors] [--log LOSSES.csv] [--seed S]
//                [--no-shuffle] [--threads N]
//   kiln bench   SCRIPT.py|GRAPH.ir [--entry NAME] [--weights W]
//                [--input X.npy]... [--warmup N] [--iters N]
//
// (DESIGN.md, "Command-line contract".)
//
//===----------------------------------------------------------------------===//
#include "codegen/CodegenCompiler.h"
#include "runtime/KernelEvaluator.h"
#include "tools/common/ToolMain.h"
#include "tools/kiln/Commands.h"

#include <iostream>
#include <string>
#include <vector>

using namespace kiln;

namespace {

const char *kUsage =
    "Usage: kiln <command> [options]\n\n"
    "Commands:\n"
    "  run     run a model on inputs (.npy) and write or print its results\n"
    "  compile compile a script and print its graph\n"
    "  grad    write the gradients of a model's outputs (.npz)\n"
    "  train   train a module's parameters on data (.npz)\n"
    "  bench   time runs of a model; prints one JSON line\n\n"
    "'kiln <command> --help' describes a command's options.\n";

int dispatch(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 1;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "run")
    return cli::runCommand(args);
  if (command == "bench")
    return cli::benchCommand(args);
  if (command == "compile")
    return cli::compileCommand(args);
  if (command == "grad")
    return cli::gradCommand(args);
  if (command == "train")
    return cli::trainCommand(args);
  throw UserError("unknown command '" + command + "'\n" + kUsage);
}

} // namespace

int main(int argc, char **argv) {
  // Passes fold ops on constant tensors with the runtime's kernels.
  kiln::registerKernelConstantEvaluator();
  // Fusion groups run as JIT-compiled kernels (unless KILN_NO_JIT=1;
  // run and bench also take --no-jit).
  kiln::codegen::registerCodegenKernelCompiler();
  return runTool("kiln", [&] { return dispatch(argc, argv); });
}
