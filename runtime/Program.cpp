//===- Program.cpp --------------------------------------------------------===//
#include "runtime/Program.h"

#include "ir/CompilationUnit.h"
#include "ir/IR.h"
#include "ir/Parser.h"
#include "ir/Verifier.h"
#include "passes/Inline.h"
#include "runtime/ModuleState.h"
#include "runtime/tensor/Random.h"
#include "support/Error.h"
#include "support/File.h"

#include <functional>
#include <iostream>

namespace kiln {

namespace {
void collectAttributes(
    const Block *b,
    std::map<std::string, std::vector<std::pair<std::string, TypePtr>>> &out) {
  for (const Node *n : b->nodes()) {
    if (n->kind() == prim::GetAttr || n->kind() == prim::SetAttr) {
      auto cls = n->input(0)->type()->cast<ClassType>();
      TypePtr type = n->kind() == prim::GetAttr ? n->output()->type()
                                                : n->input(1)->type();
      auto &attrs = out[cls->name()];
      const std::string &name = n->s(attr::name);
      bool known = false;
      for (auto &[existing, t] : attrs)
        known = known || existing == name;
      if (!known)
        attrs.emplace_back(name, type);
    }
    for (const Block *inner : n->blocks())
      collectAttributes(inner, out);
  }
}

bool isTensorLike(const Type &t) {
  if (t.isa<TensorType>())
    return true;
  auto opt = t.cast<OptionalType>();
  return opt && opt->element()->isa<TensorType>();
}

// A refined tensor type whose known sizes contradict `t`.
std::optional<std::string> shapeConflict(const Tensor &t, const Type &type) {
  auto tt = type.cast<TensorType>();
  if (auto opt = type.cast<OptionalType>())
    tt = opt->element()->cast<TensorType>();
  if (!tt || !tt->sizes())
    return std::nullopt;
  const auto &sizes = *tt->sizes();
  bool ok = sizes.size() == static_cast<size_t>(t.dim());
  for (size_t i = 0; ok && i < sizes.size(); ++i)
    ok = !sizes[i] || *sizes[i] == t.sizes()[i];
  if (ok)
    return std::nullopt;
  return "has shape " + t.shapeString() + ", the graph expects " + type.str();
}
} // namespace

std::shared_ptr<const Program>
Program::fromGraph(std::shared_ptr<Graph> graph,
                   const ProgramOptions &options) {
  verify(*graph);
  std::shared_ptr<Program> p(new Program());
  p->graph_ = std::move(graph);
  // The original graph is lowered first so that its attributes take their
  // slots in graph order, whatever the passes remove.
  Code::compile(*p->graph_, p->classes_);
  p->executor_ = std::make_unique<Executor>(
      p->graph_, Pipeline::parse(options.passes), p->classes_);
  std::map<std::string, std::vector<std::pair<std::string, TypePtr>>> attrs;
  collectAttributes(p->graph_->block(), attrs);
  for (auto &[cls, list] : attrs)
    for (auto &[name, type] : list)
      p->attributes_[cls].push_back({name, type});
  return p;
}

std::shared_ptr<const Program> Program::fromIR(std::string_view text,
                                               const std::string &filename,
                                               const ProgramOptions &options) {
  std::shared_ptr<CompilationUnit> unit = parseUnit(text, filename);
  verify(*unit);
  // The interpreter runs no calls: the bodies the file defines take their
  // place before the graph is first lowered. Calls of bodies it does not
  // define remain (and are an error when the graph is lowered).
  std::shared_ptr<Graph> graph = unit->main();
  inlineCalls(*graph);
  return fromGraph(std::move(graph), options);
}

std::shared_ptr<const Program> Program::load(const std::string &path,
                                             const ProgramOptions &options) {
  return fromIR(readFile(path), path, options);
}

bool Program::takesModule() const {
  return !graph_->inputs().empty() &&
         graph_->inputs()[0]->type()->isa<ClassType>();
}

size_t Program::numUserInputs() const {
  return graph_->inputs().size() - (takesModule() ? 1 : 0);
}

IValue Program::makeModule(
    const std::vector<std::pair<std::string, Tensor>> &stateDict) const {
  KILN_USER_CHECK(takesModule(),
                  "the graph takes no module object, so it needs no weights");
  std::map<std::string, Tensor> unread;
  for (const auto &[name, tensor] : stateDict)
    KILN_USER_CHECK(unread.emplace(name, tensor).second, "the weights hold '",
                    name, "' twice");
  std::vector<std::string> missing, misshapen, unsupported;

  std::function<IValue(const std::string &, const std::string &)> build =
      [&](const std::string &cls, const std::string &prefix) -> IValue {
    Ref<ClassInfo> info = classes_.find(cls);
    if (!info)
      info = Ref<ClassInfo>::make(cls); // a class the graph never reads
    auto obj = Ref<ObjectImpl>::make(info, info->attributes.size());
    auto it = attributes_.find(cls);
    if (it == attributes_.end())
      return IValue(obj);
    for (const Attribute &a : it->second) {
      int64_t slot = info->slotOf(a.name);
      KILN_INTERNAL_ASSERT(slot >= 0, "attribute ", a.name, " has no slot");
      std::string full = prefix + a.name;
      IValue &value = obj->slots[static_cast<size_t>(slot)];
      if (auto sub = a.type->cast<ClassType>()) {
        value = build(sub->name(), full + ".");
      } else if (isTensorLike(*a.type)) {
        auto found = unread.find(full);
        if (found != unread.end()) {
          if (auto conflict = shapeConflict(found->second, *a.type))
            misshapen.push_back(full + " " + *conflict);
          value = IValue(found->second);
          unread.erase(found);
        } else if (!a.type->isa<OptionalType>()) {
          missing.push_back(full);
        }
      } else if (a.name == "training" && a.type->isa<BoolType>()) {
        value = IValue(false); // evaluation mode
      } else {
        unsupported.push_back(full + " (" + a.type->str() + ")");
      }
    }
    return IValue(obj);
  };
  IValue root =
      build(graph_->inputs()[0]->type()->cast<ClassType>()->name(), "");

  std::string problems;
  auto list = [&](const char *what, const std::vector<std::string> &items) {
    if (items.empty())
      return;
    problems += std::string("\n  ") + what + ":";
    for (const std::string &item : items)
      problems += "\n    " + item;
  };
  std::vector<std::string> extra;
  for (const auto &[name, tensor] : unread)
    extra.push_back(name);
  list("missing", missing);
  list("unexpected (the graph does not read them)", extra);
  list("wrong shape", misshapen);
  list("attributes the graph reads that weights cannot give (only tensors "
       "and submodules can)",
       unsupported);
  if (!problems.empty())
    throw UserError("the weights do not fit the graph:" + problems);
  return root;
}

IValue Program::makeModule(const ModuleState &state) const {
  KILN_INTERNAL_ASSERT(takesModule(),
                       "makeModule: the graph takes no module object");
  // One object per state, so that a submodule reachable under two names
  // stays one module, as in Python.
  std::map<const ModuleState *, Ref<ObjectImpl>> built;
  std::function<IValue(const std::string &, const ModuleState &,
                       const std::string &)>
      build = [&](const std::string &cls, const ModuleState &s,
                  const std::string &path) -> IValue {
    KILN_INTERNAL_ASSERT(s.qualifiedName == cls,
                         "makeModule: ", path.empty() ? "self" : path, " is a ",
                         s.qualifiedName, " but the graph uses it as ", cls);
    if (auto it = built.find(&s); it != built.end())
      return IValue(it->second);
    Ref<ClassInfo> info = classes_.find(cls);
    if (!info)
      info = Ref<ClassInfo>::make(cls); // a class whose attributes no op uses
    auto obj = Ref<ObjectImpl>::make(info, info->attributes.size());
    built.emplace(&s, obj);
    auto attrs = attributes_.find(cls);
    if (attrs == attributes_.end())
      return IValue(obj);
    for (const Attribute &a : attrs->second) {
      int64_t slot = info->slotOf(a.name);
      KILN_INTERNAL_ASSERT(slot >= 0, "attribute ", a.name, " has no slot");
      IValue &value = obj->slots[static_cast<size_t>(slot)];
      std::string full = path.empty() ? a.name : path + "." + a.name;
      const ModuleState::Entry *entry = nullptr;
      for (const ModuleState::Entry &e : s.entries)
        if (e.name == a.name)
          entry = &e;
      if (!entry) {
        KILN_INTERNAL_ASSERT(a.name == "training",
                             "makeModule: the graph uses ", full, " (",
                             a.type->str(), ") but the ", s.pythonName,
                             " module has no such attribute");
        value = IValue(s.training);
        continue;
      }
      auto sub = a.type->cast<ClassType>();
      bool isModule = entry->kind == ModuleState::Kind::Module;
      KILN_INTERNAL_ASSERT(
          (sub != nullptr) == isModule && (!isModule || entry->module),
          "makeModule: the graph uses ", full, " as ", a.type->str(),
          " but the module's entry is ", isModule ? "a submodule" : "a value");
      value = sub ? build(sub->name(), *entry->module, full) : entry->value;
    }
    return IValue(obj);
  };
  return build(graph_->inputs()[0]->type()->cast<ClassType>()->name(), state,
               "");
}

std::vector<IValue> Program::run(std::vector<IValue> inputs,
                                 const RunOptions &options) const {
  Generator generator(options.seed);
  RunContext ctx;
  ctx.generator = &generator;
  ctx.out = options.out ? options.out : &std::cout;
  ctx.communicator = options.communicator;
  std::shared_ptr<const Specialization> s =
      executor_->specializationFor(inputs);
  return s->code->run(std::move(inputs), ctx);
}

} // namespace kiln
