//===- Inline.cpp - Replace calls by the bodies they call -----------------===//
//
// Each definition is inlined once, into a copy of its body with its own calls
// inlined (memoized), and that copy is then cloned at every call site — the
// order TorchScript's inliner follows (a callee's optimized graph is already
// inlined). The definitions being inlined form a stack; meeting one of them
// again is recursion, which could never finish.
//
//===----------------------------------------------------------------------===//
#include "passes/Inline.h"

#include "ir/CompilationUnit.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"

#include <map>
#include <unordered_map>

namespace kiln {

namespace {

using Definition = CompilationUnit::Definition;

class Inliner {
public:
  explicit Inliner(const CompilationUnit &unit) : unit_(unit) {}

  void inlineBlock(Block *block) {
    for (auto it = block->nodes().begin(); it != block->nodes().end();) {
      Node *n = *it++;
      for (Block *nested : n->blocks())
        inlineBlock(nested);
      if (const Definition *def = unit_.resolveCall(n))
        inlineCall(n, *def);
    }
  }

private:
  struct Active {
    const Definition *def;
    const Node *call;
  };

  // The body of `def` with its own calls inlined.
  const Graph &inlinedBody(const Definition &def, const Node *call) {
    if (auto it = done_.find(&def); it != done_.end())
      return *it->second;
    for (size_t i = 0; i < active_.size(); ++i)
      if (active_[i].def == &def)
        recursionError(i, call);
    active_.push_back({&def, call});
    std::unique_ptr<Graph> body = def.graph->copy();
    inlineBlock(body->block());
    active_.pop_back();
    return *(done_[&def] = std::move(body));
  }

  // active_[first] is the definition `call` calls again.
  [[noreturn]] void recursionError(size_t first, const Node *call) {
    const std::string &name = active_[first].def->name;
    std::string cycle;
    for (size_t i = first; i < active_.size(); ++i)
      cycle += "'" + active_[i].def->name + "' calls ";
    cycle += "'" + name + "'";
    CompileError err(
        Diagnostic{Severity::Error,
                   call->sourceRange(),
                   detail::concat("recursive call of '", name,
                                  "' cannot be inlined (", cycle, ")"),
                   {}});
    for (size_t i = first + 1; i < active_.size(); ++i)
      err.addNote(active_[i].call->sourceRange(),
                  "'" + active_[i].def->name + "' is called here");
    throw err;
  }

  void inlineCall(Node *call, const Definition &def) {
    const Graph &body = inlinedBody(def, call);
    Graph *graph = call->owningGraph();
    // A function's first input is the function; a method's is `self`,
    // which its body takes too.
    std::span<Value *const> args = call->inputs();
    if (call->kind() == prim::CallFunction)
      args = args.subspan(1);
    std::unordered_map<const Value *, Value *> map;
    for (size_t i = 0; i < args.size(); ++i)
      map[body.inputs()[i]] = args[i];
    auto lookup = [&](Value *v) -> Value * {
      auto it = map.find(v);
      KILN_INTERNAL_ASSERT(it != map.end(), "inlining '", def.name, "': %",
                           v->debugName(), " is not defined before its use");
      return it->second;
    };
    {
      WithInsertPoint guard(call);
      for (const Node *n : body.nodes()) {
        Node *copy = graph->insertNode(graph->createClone(n, lookup));
        for (size_t i = 0; i < n->outputs().size(); ++i)
          map[n->output(i)] = copy->output(i);
      }
    }
    for (size_t i = 0; i < call->outputs().size(); ++i) {
      Value *bodyResult = body.outputs()[i];
      Value *result = lookup(bodyResult);
      Value *old = call->output(i);
      // A result the body computed takes the call's name; an argument the
      // body returns keeps its own.
      if (old->hasDebugName() && bodyResult->node() != body.paramNode()) {
        std::string name = old->debugName();
        old->setDebugName("");
        result->setDebugName(name);
      }
      old->replaceAllUsesWith(result);
    }
    call->destroy();
  }

  const CompilationUnit &unit_;
  std::map<const Definition *, std::unique_ptr<Graph>> done_;
  std::vector<Active> active_;
};

} // namespace

void inlineCalls(Graph &graph) {
  std::shared_ptr<const CompilationUnit> unit = graph.unit();
  if (!unit)
    return;
  Inliner(*unit).inlineBlock(graph.block());
}

} // namespace kiln
