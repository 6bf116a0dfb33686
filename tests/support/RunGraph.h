//===- RunGraph.h - Compiling and running IR graphs in tests ----*- C++ -*-===//
//
// Tests of kernels and of the interpreter run graphs written as IR text, the
// way TorchScript prints them:
//
//   CompiledGraph g(R"IR(graph(%x : Tensor): ...)IR");
//   std::vector<IValue> out = g.run({IValue(x)});
//
// or, for a graph run once, runGraph(text, inputs). Its printed output is
// g.printed.str().
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_SUPPORT_RUNGRAPH_H
#define KILN_TESTS_SUPPORT_RUNGRAPH_H

#include "ir/IR.h"
#include "runtime/Interpreter.h"
#include "runtime/tensor/Random.h"

#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace kiln::testing {

/// A graph parsed from IR text (as file `fileName`), verified and compiled,
/// with what its runs need: a Generator seeded with `seed` and a stream that
/// collects what they print (prim::Print, aten::warn).
struct CompiledGraph {
  std::unique_ptr<Graph> graph;
  ClassRegistry classes;
  std::unique_ptr<Code> code;
  Generator generator;
  std::ostringstream printed;
  RunContext ctx;

  explicit CompiledGraph(const std::string &text, uint64_t seed = 0,
                         const std::string &fileName = "test.ir");
  CompiledGraph(const CompiledGraph &) = delete;
  CompiledGraph &operator=(const CompiledGraph &) = delete;

  std::vector<IValue> run(std::vector<IValue> inputs = {});
};

/// Compiles `text` and runs it once on `inputs`.
std::vector<IValue> runGraph(const std::string &text,
                             std::vector<IValue> inputs = {});

} // namespace kiln::testing

#endif // KILN_TESTS_SUPPORT_RUNGRAPH_H
