//===- PassManager.cpp ----------------------------------------------------===//
#include "passes/PassManager.h"

#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "ir/Verifier.h"
#include "passes/Autodiff.h"
#include "passes/Canonicalize.h"
#include "passes/CommonSubexpressionElimination.h"
#include "passes/ConstantPropagation.h"
#include "passes/DataParallel.h"
#include "passes/DeadCodeElimination.h"
#include "passes/Fusion.h"
#include "passes/Inline.h"
#include "passes/RemoveMutation.h"
#include "passes/ShapePropagation.h"
#include "passes/UnrollLoops.h"
#include "support/Error.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <ostream>

namespace kiln {

namespace {

// Passes.def identifiers become command-line names with `-` for `_`.
std::string_view cliName(std::string_view identifier) {
  static std::deque<std::string> names; // stable storage; filled once
  std::string name(identifier);
  std::replace(name.begin(), name.end(), '_', '-');
  return names.emplace_back(std::move(name));
}

std::string knownPassNames() {
  std::string known;
  for (const PassInfo &info : registeredPasses())
    known += (known.empty() ? "" : ", ") + std::string(info.name);
  return known;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  return s;
}

} // namespace

const std::vector<PassInfo> &registeredPasses() {
  static const std::vector<PassInfo> passes = {
#define KILN_PASS(Name, Help, Entry) {cliName(#Name), Help, &Entry},
#include "passes/Passes.def"
#undef KILN_PASS
  };
  return passes;
}

const PassInfo *findPass(std::string_view name) {
  for (const PassInfo &info : registeredPasses())
    if (info.name == name)
      return &info;
  return nullptr;
}

const Pipeline &Pipeline::defaultPipeline() {
  static const Pipeline pipeline = [] {
    Pipeline p;
    for (std::string_view id : {
#define KILN_DEFAULT_PASS(Name) std::string_view(#Name),
#include "passes/DefaultPipeline.def"
#undef KILN_DEFAULT_PASS
         }) {
      std::string name(id);
      std::replace(name.begin(), name.end(), '_', '-');
      if (const PassInfo *info = findPass(name))
        p.passes_.push_back(*info);
    }
    return p;
  }();
  return pipeline;
}

Pipeline Pipeline::parse(std::string_view spec) {
  Pipeline p;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string_view::npos)
      comma = spec.size();
    std::string_view name = trim(spec.substr(start, comma - start));
    start = comma + 1;
    if (name.empty())
      continue;
    if (name == "default") {
      for (const PassInfo &info : defaultPipeline().passes())
        p.passes_.push_back(info);
      continue;
    }
    const PassInfo *found = findPass(name);
    if (!found) {
      std::string known = knownPassNames();
      throw UserError(detail::concat(
          "unknown pass '", name, "'; ",
          known.empty() ? std::string("no passes are registered yet")
                        : "known passes: " + known + " (and 'default')"));
    }
    p.passes_.push_back(*found);
  }
  return p;
}

Pipeline Pipeline::fromPasses(std::vector<PassInfo> passes) {
  Pipeline p;
  p.passes_ = std::move(passes);
  return p;
}

std::string Pipeline::str() const {
  std::string s;
  for (const PassInfo &pass : passes_)
    s += (s.empty() ? "" : ",") + std::string(pass.name);
  return s;
}

void Pipeline::run(Graph &graph, const PipelineOptions &options) const {
  using Clock = std::chrono::steady_clock;
  std::vector<double> millis;
  for (const PassInfo &pass : passes_) {
    auto start = Clock::now();
    pass.run(graph);
    millis.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - start)
            .count());
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
  if (options.timePasses) {
    double total = 0;
    for (double ms : millis)
      total += ms;
    std::ostream &out = *options.timePasses;
    char line[160];
    out << "===-- Pass execution timing report --===\n";
    std::snprintf(line, sizeof line, "  Total: %.3f ms for %zu passes\n", total,
                  passes_.size());
    out << line;
    for (size_t i = 0; i < passes_.size(); ++i) {
      std::snprintf(line, sizeof line, "  %10.3f ms  %5.1f%%  %.*s\n",
                    millis[i], total > 0 ? 100 * millis[i] / total : 0.0,
                    static_cast<int>(passes_[i].name.size()),
                    passes_[i].name.data());
      out << line;
    }
  }
}

} // namespace kiln
