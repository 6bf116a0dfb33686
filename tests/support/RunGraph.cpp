//===- RunGraph.cpp -------------------------------------------------------===//
#include "tests/support/RunGraph.h"

#include "ir/Parser.h"
#include "ir/Verifier.h"

namespace kiln::testing {

CompiledGraph::CompiledGraph(const std::string &text, uint64_t seed,
                             const std::string &fileName)
    : generator(seed) {
  graph = parseIR(text, fileName);
  verify(*graph);
  code = Code::compile(*graph, classes);
  ctx.generator = &generator;
  ctx.out = &printed;
}

std::vector<IValue> CompiledGraph::run(std::vector<IValue> inputs) {
  return code->run(std::move(inputs), ctx);
}

std::vector<IValue> runGraph(const std::string &text,
                             std::vector<IValue> inputs) {
  return CompiledGraph(text).run(std::move(inputs));
}

} // namespace kiln::testing
