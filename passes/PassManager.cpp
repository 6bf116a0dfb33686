//===- PassManager.cpp ----------------------------------------------------===//
#include "passes/PassManager.h"

#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "ir/Verifier.h"
#include "passes/Canonicalize.h"
#include "passes/CommonSubexpressionElimination.h"
#include "passes/ConstantPropagation.h"
#include "passes/DeadCodeElimination.h"
#include "passes/RemoveMutation.h"
#include "passes/UnrollLoops.h"
#include "support/Error.h"

#include <ostream>

namespace kiln {

const std::vector<PassInfo> &registeredPasses() {
  static const std::vector<PassInfo> passes = {
#define KILN_PASS(Name, Help, Entry) {#Name, Help, &Entry},
#include "passes/Passes.def"
#undef KILN_PASS
  };
  return passes;
}

Pipeline Pipeline::parse(std::string_view spec) {
  Pipeline p;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string_view::npos)
      comma = spec.size();
    std::string_view name = spec.substr(start, comma - start);
    while (!name.empty() && name.front() == ' ')
      name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ')
      name.remove_suffix(1);
    if (!name.empty()) {
      const PassInfo *found = nullptr;
      for (const PassInfo &info : registeredPasses())
        if (info.name == name)
          found = &info;
      if (!found) {
        std::string known;
        for (const PassInfo &info : registeredPasses())
          known += (known.empty() ? "" : ", ") + std::string(info.name);
        throw UserError(detail::concat(
            "unknown pass '", name, "'; ",
            known.empty() ? std::string("no passes are registered yet")
                          : "known passes: " + known));
      }
      p.passes_.push_back(*found);
    }
    start = comma + 1;
  }
  return p;
}

Pipeline Pipeline::fromPasses(std::vector<PassInfo> passes) {
  Pipeline p;
  p.passes_ = std::move(passes);
  return p;
}

void Pipeline::run(Graph &graph, const PipelineOptions &options) const {
  for (const PassInfo &pass : passes_) {
    pass.run(graph);
    if (options.printAfterAll) {
      *options.printAfterAll << "# ----- IR after " << pass.name
                             << " ----- #\n";
      graph.print(*options.printAfterAll);
    }
    if (options.verifyEach) {
      try {
        verify(graph);
      } catch (const CompileError &e) {
        throw InternalError(detail::concat("internal error: the graph does "
                                           "not verify after pass '",
                                           pass.name, "':\n", e.what()));
      }
    }
  }
}

} // namespace kiln
