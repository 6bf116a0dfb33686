//===- kiln-opt.cpp - Parse, verify, transform and print IR ---------------===//
//
//   kiln-opt FILE.ir [--passes a,b,c|default] [--print-after-all]
//                    [--verify-each] [--time-passes] [-o OUT]
//                    [--strip-locations] [--list-passes] [--no-kernel-folding]
//
// The driver of Kiln's IR tests (MLIR's mlir-opt is the model): read a graph
// ("-" or /dev/stdin for standard input), verify it, run a pipeline of
// passes, print the result. A file may define the functions and methods its
// graph calls before the graph (`def NAME = graph(...)`); the passes
// transform the main graph, and the whole file is printed.
//
//===----------------------------------------------------------------------===//
#include "ir/CompilationUnit.h"
#include "ir/Parser.h"
#include "ir/Verifier.h"
#include "passes/PassManager.h"
#include "runtime/KernelEvaluator.h"
#include "support/File.h"
#include "tools/common/ToolMain.h"

#include <boost/program_options.hpp>

#include <iostream>

namespace po = boost::program_options;
using namespace kiln;

namespace {

int run(int argc, char **argv) {
  std::string input, output = "-", passes;
  po::options_description visible(
      "Usage: kiln-opt FILE.ir [options]\n\n"
      "Parses a graph in TorchScript's text IR, verifies it, runs passes "
      "and prints it.\n\nOptions");
  visible.add_options()("help,h", "show this help")(
      "passes", po::value(&passes)->implicit_value(""),
      "comma-separated pipeline of passes to run, e.g. inline,cse; "
      "'default' is the executor's pipeline")(
      "print-after-all", "print the graph to stderr after every pass")(
      "verify-each", "verify the graph after every pass")(
      "time-passes", "print each pass's wall time to stderr")(
      "strip-locations", "do not print '# file:line:col' comments")(
      "list-passes", "list the passes and exit")(
      "no-kernel-folding",
      "constant-propagation folds only what it knows itself, without the "
      "runtime's kernels")("output,o", po::value(&output),
                           "write the result here (default: -)");
  po::options_description hidden;
  hidden.add_options()("input", po::value(&input));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("input", 1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(positional)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::error &e) {
    throw UserError(std::string(e.what()) + " (see 'kiln-opt --help')");
  }
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  if (vm.count("list-passes")) {
    for (const PassInfo &p : registeredPasses())
      std::cout << "  " << p.name << "  " << p.help << '\n';
    return 0;
  }
  if (input.empty())
    throw UserError("no input file (see 'kiln-opt --help')");

  if (!vm.count("no-kernel-folding"))
    registerKernelConstantEvaluator();
  Pipeline pipeline = Pipeline::parse(passes);
  std::string text = readFile(input);
  std::string name = input == "-" ? "<stdin>" : input;
  std::shared_ptr<CompilationUnit> unit = parseUnit(text, name);
  verify(*unit);
  Graph &graph = *unit->main();

  PipelineOptions options;
  options.verifyEach = vm.count("verify-each") > 0;
  if (vm.count("print-after-all"))
    options.printAfterAll = &std::cerr;
  if (vm.count("time-passes"))
    options.timePasses = &std::cerr;
  pipeline.run(graph, options);

  PrintOptions print;
  print.sourceLocations = vm.count("strip-locations") == 0;
  writeFile(output, unit->toString(print));
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  return runTool("kiln-opt", [&] { return run(argc, argv); });
}
