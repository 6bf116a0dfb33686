//===- CompilationUnit.cpp ------------------------------------------------===//
#include "ir/CompilationUnit.h"

#include "ir/Diagnostics.h"
#include "ir/Verifier.h"

#include <functional>
#include <ostream>
#include <sstream>

namespace kiln {

namespace {
// "1 argument", "2 arguments".
std::string count(size_t n, const char *noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}
} // namespace

std::shared_ptr<CompilationUnit> CompilationUnit::create() {
  return std::shared_ptr<CompilationUnit>(new CompilationUnit());
}

Graph &CompilationUnit::define(std::string name, std::shared_ptr<Graph> graph,
                               SourceRange range) {
  KILN_INTERNAL_ASSERT(graph, "defining '", name, "' without a graph");
  if (const Definition *previous = find(name)) {
    CompileError err(Diagnostic{
        Severity::Error, range, "redefinition of '" + name + "'", {}});
    err.addNote(previous->range, "previous definition is here");
    throw err;
  }
  graph->setUnit(weak_from_this());
  definitions_.push_back({std::move(name), std::move(graph), range});
  return *definitions_.back().graph;
}

const CompilationUnit::Definition *
CompilationUnit::find(std::string_view name) const {
  for (const Definition &d : definitions_)
    if (d.name == name)
      return &d;
  return nullptr;
}

void CompilationUnit::setMain(std::shared_ptr<Graph> graph) {
  if (graph)
    graph->setUnit(weak_from_this());
  main_ = std::move(graph);
}

std::optional<std::string> CompilationUnit::calleeName(const Node *call) {
  if (call->kind() == prim::CallFunction) {
    if (call->inputs().empty())
      return std::nullopt;
    const Node *fn = call->input(0)->node();
    if (fn->kind() != prim::Constant || !fn->hasAttribute(attr::name) ||
        fn->attributeKindOf(attr::name) != AttributeKind::String)
      return std::nullopt;
    return fn->s(attr::name);
  }
  if (call->kind() == prim::CallMethod) {
    if (call->inputs().empty() || !call->hasAttribute(attr::name) ||
        call->attributeKindOf(attr::name) != AttributeKind::String)
      return std::nullopt;
    auto cls = call->input(0)->type()->cast<ClassType>();
    if (!cls)
      return std::nullopt;
    return cls->name() + "." + call->s(attr::name);
  }
  return std::nullopt;
}

const CompilationUnit::Definition *
CompilationUnit::resolveCall(const Node *call) const {
  std::optional<std::string> name = calleeName(call);
  if (!name)
    return nullptr;
  const Definition *def = find(*name);
  if (!def)
    return nullptr;
  const Graph &callee = *def->graph;
  // A function's first input is the function itself; a method's is `self`,
  // which is the callee's first input too.
  std::span<Value *const> args = call->inputs();
  if (call->kind() == prim::CallFunction)
    args = args.subspan(1);
  auto mismatch = [&](auto... what) {
    CompileError err(
        Diagnostic{Severity::Error,
                   call->sourceRange(),
                   detail::concat("this call of '", *name, "' ", what...),
                   {}});
    err.addNote(def->range, "'" + *name + "' is defined here");
    throw err;
  };
  if (args.size() != callee.inputs().size())
    mismatch("passes ", count(args.size(), "argument"),
             " but the definition takes ", callee.inputs().size());
  for (size_t i = 0; i < args.size(); ++i) {
    const Value *param = callee.inputs()[i];
    if (!args[i]->type()->isSubtypeOf(*param->type()))
      mismatch("passes %", args[i]->debugName(), " of type ",
               args[i]->type()->str(), " for %", param->debugName(),
               " of type ", param->type()->str());
  }
  if (call->outputs().size() != callee.outputs().size())
    mismatch("has ", count(call->outputs().size(), "result"),
             " but the definition returns ", callee.outputs().size());
  for (size_t i = 0; i < call->outputs().size(); ++i) {
    const Value *result = callee.outputs()[i];
    if (!result->type()->isSubtypeOf(*call->output(i)->type()))
      mismatch("expects result ", i, " of type ",
               call->output(i)->type()->str(), " but the definition returns %",
               result->debugName(), " of type ", result->type()->str());
  }
  return def;
}

void CompilationUnit::print(std::ostream &out,
                            const PrintOptions &options) const {
  for (const Definition &d : definitions_) {
    out << "def " << d.name << " = ";
    d.graph->print(out, options);
    out << "\n";
  }
  if (main_)
    main_->print(out, options);
}

std::string CompilationUnit::toString(const PrintOptions &options) const {
  std::ostringstream os;
  print(os, options);
  return os.str();
}

void verify(const CompilationUnit &unit) {
  std::function<void(const Block *)> checkCalls = [&](const Block *b) {
    for (const Node *n : b->nodes()) {
      unit.resolveCall(n);
      for (const Block *nested : n->blocks())
        checkCalls(nested);
    }
  };
  auto check = [&](const Graph &g) {
    verify(g);
    checkCalls(g.block());
  };
  for (const CompilationUnit::Definition &d : unit.definitions())
    check(*d.graph);
  if (unit.main())
    check(*unit.main());
}

} // namespace kiln
