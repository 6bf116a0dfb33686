//===- Program.h - A graph ready to run -------------------------*- C++ -*-===//
//
// A Program is a verified graph lowered to Code, together with the classes
// of its module objects. It is immutable: run() may be called from many
// threads at once, each call with its own registers and random generator.
//
// A module's graph takes the module object (`self`) as its first input.
// makeModule() builds that object either from a state dict (tensors named as
// in PyTorch's state_dict: "conv1.weight", "bn1.running_mean"), for graphs
// PyTorch printed, or from the ModuleState the frontend built by running the
// script's `__init__`. Either way the graph's prim::GetAttr and
// prim::SetAttr nodes say which attributes exist and what their types are.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_PROGRAM_H
#define KILN_RUNTIME_PROGRAM_H

#include "runtime/Executor.h"
#include "runtime/IValue.h"
#include "runtime/Interpreter.h"

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class Communicator;
class Graph;
struct ModuleState;

struct RunOptions {
  /// Seed of the run's random generator (rand, randn, dropout).
  uint64_t seed = 0;
  /// Where prim::Print and warnings go (standard output when null).
  std::ostream *out = nullptr;
  /// The replicas kiln::all_reduce_start sums over; null for one.
  Communicator *communicator = nullptr;
};

struct ProgramOptions {
  /// The pass pipeline each input signature's graph goes through
  /// (runtime/Executor.h); "" runs the graph as it is.
  std::string passes = "default";
};

class Program {
public:
  /// Verifies `graph`, runs the pipeline on a copy and lowers it.
  /// CompileErrors for invalid graphs and ops without kernels; a UserError
  /// for an unknown pass.
  static std::shared_ptr<const Program>
  fromGraph(std::shared_ptr<Graph> graph, const ProgramOptions &options = {});
  /// Parses IR text, inlines the calls whose bodies it defines
  /// (`def NAME = graph(...)` before the main graph), then as fromGraph.
  static std::shared_ptr<const Program>
  fromIR(std::string_view text, const std::string &filename,
         const ProgramOptions &options = {});
  static std::shared_ptr<const Program>
  load(const std::string &path, const ProgramOptions &options = {});

  /// The graph as given (its inputs' declared types, its module attributes).
  const Graph &graph() const { return *graph_; }
  /// What runs: the specialized graphs and their Code.
  const Executor &executor() const { return *executor_; }
  /// The graph's first input is a module object.
  bool takesModule() const;
  /// The inputs a caller passes (without `self` for a module's graph).
  size_t numUserInputs() const;

  /// The module object for `self`, built from a state dict. Tensors the
  /// graph reads must be present; `training` is False (evaluation mode).
  /// Missing entries, entries the graph never reads, and tensors whose shape
  /// contradicts the graph's types are one UserError listing them all.
  IValue makeModule(
      const std::vector<std::pair<std::string, Tensor>> &stateDict) const;
  /// The module object for `self`, built from a module tree: each object
  /// takes the attributes its class's code uses from the state's entry of
  /// the same name (a submodule recursively, `training` from
  /// state.training); entries the graph never uses are left out. The
  /// objects share the state's tensors and values, and a submodule that
  /// appears twice in the tree is one object. The frontend builds the state
  /// together with the graph, so a missing attribute or a class that does
  /// not match is an InternalError.
  IValue makeModule(const ModuleState &state) const;

  /// Runs the graph, specialized to the inputs' signature (compiled on the
  /// first run with it). `inputs` are all of the graph's inputs (the module
  /// object first for a module's graph).
  std::vector<IValue> run(std::vector<IValue> inputs,
                          const RunOptions &options = {}) const;

private:
  Program() = default;

  struct Attribute {
    std::string name;
    TypePtr type;
  };

  std::shared_ptr<Graph> graph_;
  ClassRegistry classes_;
  std::unique_ptr<Executor> executor_;
  /// Attributes of each class as the graph reads them, by class name.
  std::map<std::string, std::vector<Attribute>> attributes_;
};

} // namespace kiln

#endif // KILN_RUNTIME_PROGRAM_H
