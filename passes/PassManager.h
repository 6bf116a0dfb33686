//===- PassManager.h - Pipelines of passes as data --------------*- C++ -*-===//
//
// A pipeline is a list of pass names from Passes.def, such as "inline,cse".
// kiln-opt and the executor run pipelines through this one mechanism, with
// optional verification and printing after every pass.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_PASSMANAGER_H
#define KILN_PASSES_PASSMANAGER_H

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class Graph;

struct PassInfo {
  std::string_view name;
  std::string_view help;
  void (*run)(Graph &);
};

/// Every registered pass, in Passes.def order.
const std::vector<PassInfo> &registeredPasses();

struct PipelineOptions {
  /// Verify the graph after every pass; a failure names the pass.
  bool verifyEach = false;
  /// Print the graph after every pass to this stream.
  std::ostream *printAfterAll = nullptr;
};

class Pipeline {
public:
  /// Parses "a,b,c". Throws UserError naming an unknown pass and listing the
  /// known ones.
  static Pipeline parse(std::string_view spec);
  /// A pipeline from passes not in Passes.def (for tests of the manager).
  static Pipeline fromPasses(std::vector<PassInfo> passes);

  void run(Graph &graph, const PipelineOptions &options = {}) const;
  const std::vector<PassInfo> &passes() const { return passes_; }

private:
  std::vector<PassInfo> passes_;
};

} // namespace kiln

#endif // KILN_PASSES_PASSMANAGER_H
