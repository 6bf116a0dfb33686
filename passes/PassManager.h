//===- PassManager.h - Pipelines of passes as data --------------*- C++ -*-===//
//
// A pipeline is a list of pass names from Passes.def, such as "inline,cse";
// "default" names the executor's default pipeline (DefaultPipeline.def).
// kiln-opt, kiln compile and the executor run pipelines through this one
// mechanism, with optional verification, printing and timing of every pass.
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
  /// The command-line name ("shape-propagation").
  std::string_view name;
  std::string_view help;
  void (*run)(Graph &);
};

/// Every registered pass, in Passes.def order.
const std::vector<PassInfo> &registeredPasses();
/// The registered pass named `name`, or null.
const PassInfo *findPass(std::string_view name);

struct PipelineOptions {
  /// Verify the graph after every pass; a failure names the pass.
  bool verifyEach = false;
  /// Print the graph after every pass to this stream.
  std::ostream *printAfterAll = nullptr;
  /// After the pipeline, write each pass's wall time here (a table like
  /// LLVM's -time-passes, in pipeline order).
  std::ostream *timePasses = nullptr;
};

class Pipeline {
public:
  /// Parses "a,b,c". "default" stands for the default pipeline's passes.
  /// Throws UserError naming an unknown pass and listing the known ones.
  static Pipeline parse(std::string_view spec);
  /// The executor's pipeline: DefaultPipeline.def's passes that exist.
  static const Pipeline &defaultPipeline();
  /// A pipeline from passes not in Passes.def (for tests of the manager).
  static Pipeline fromPasses(std::vector<PassInfo> passes);

  void run(Graph &graph, const PipelineOptions &options = {}) const;
  const std::vector<PassInfo> &passes() const { return passes_; }
  bool empty() const { return passes_.empty(); }
  /// "a,b,c"
  std::string str() const;

private:
  std::vector<PassInfo> passes_;
};

} // namespace kiln

#endif // KILN_PASSES_PASSMANAGER_H
