//===- CompilationUnit.h - Named graphs and a main graph --------*- C++ -*-===//
//
// What one IR file holds when the bodies of the functions and methods a graph
// calls live next to it: definitions, each a named graph, then the main graph
// (docs/ir.md, "Compilation units"):
//
//   def _helper_scale = graph(%x : Tensor, %factor : float):
//     ...
//     return (%y)
//
//   def __torch__.Block.forward = graph(%self : __torch__.Block, %x : Tensor):
//     ...
//
//   graph(%x.1 : Tensor, %block : __torch__.Block):
//     %f : Function = prim::Constant[name="_helper_scale"]()
//     %y : Tensor = prim::CallFunction(%f, %x.1, %two)
//     %z : Tensor = prim::CallMethod[name="forward"](%block, %y)
//     return (%z)
//
// A file without definitions is a unit with a main graph only, and prints as
// the graph alone.
//
// Note [How calls find their callees]
// By name, through the unit, as PyTorch's text names them:
//  * prim::CallFunction(%f, args...) calls the definition named by %f's
//    `prim::Constant[name="N"]`;
//  * prim::CallMethod[name="m"](%obj, args...) calls `C.m`, where C is the
//    name of %obj's class type (`__torch__.Block.forward`).
// A call whose function is not a constant, or whose name the unit does not
// define, has an unknown body: it stays a call (PyTorch's files are full of
// them). Nothing is added to call nodes, so graphs PyTorch printed print back
// unchanged. Each graph of a unit refers back to it (Graph::unit(), a weak
// reference), which is how passes, whose entry point is `void(Graph &)`,
// reach the callees.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_COMPILATIONUNIT_H
#define KILN_IR_COMPILATIONUNIT_H

#include "ir/IR.h"

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class CompilationUnit : public std::enable_shared_from_this<CompilationUnit> {
public:
  struct Definition {
    /// `helper` or `__torch__.Block.forward`.
    std::string name;
    std::shared_ptr<Graph> graph;
    /// Where the definition's name is written, for errors.
    SourceRange range;
  };

  /// Units are shared: their graphs refer back to them weakly.
  static std::shared_ptr<CompilationUnit> create();

  /// Adds a definition. A name already defined is a CompileError at `range`
  /// with a note at the first definition.
  Graph &define(std::string name, std::shared_ptr<Graph> graph,
                SourceRange range = {});
  /// In the order they were defined (and print).
  const std::vector<Definition> &definitions() const { return definitions_; }
  const Definition *find(std::string_view name) const;

  /// The graph the unit is about (what kiln-opt's passes transform and
  /// `kiln run` runs). Null until set.
  const std::shared_ptr<Graph> &main() const { return main_; }
  void setMain(std::shared_ptr<Graph> graph);

  /// The name of the definition `call` refers to (Note [How calls find their
  /// callees]), whether or not the unit defines it; nullopt when `call` is
  /// no call or its function is not known by name.
  static std::optional<std::string> calleeName(const Node *call);
  /// The definition `call` calls, or null when its body is unknown. A
  /// definition that does not fit the call (number or types of arguments or
  /// results) is a CompileError at the call.
  const Definition *resolveCall(const Node *call) const;

  /// Definitions as `def NAME = graph(...)` sections, each followed by an
  /// empty line, then the main graph.
  void print(std::ostream &out, const PrintOptions &options = {}) const;
  std::string toString(const PrintOptions &options = {}) const;

private:
  CompilationUnit() = default;

  std::vector<Definition> definitions_;
  std::shared_ptr<Graph> main_;
};

/// Verifies every graph of the unit, and that each call with a known body
/// fits its definition.
void verify(const CompilationUnit &unit);

} // namespace kiln

#endif // KILN_IR_COMPILATIONUNIT_H
