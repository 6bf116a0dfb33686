//===- Executor.cpp -------------------------------------------------------===//
#include "runtime/Executor.h"

#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/Verifier.h"
#include "runtime/KernelEvaluator.h"
#include "support/Error.h"

#include <algorithm>
#include <cstring>

namespace kiln {

namespace {

using AttributePath = Executor::AttributePath;

// Appends what specialization depends on in `v`: a tensor's dtype, sizes
// and strides; the value of a bool, int or float (`withScalars`); else the
// tag.
void appendSignature(std::string &key, const IValue &v, bool withScalars) {
  auto append = [&](int64_t x) {
    char bytes[sizeof x];
    std::memcpy(bytes, &x, sizeof x);
    key.append(bytes, sizeof x);
  };
  key.push_back(static_cast<char>(v.tag()));
  if (v.isTensor()) {
    const Tensor &t = v.toTensor();
    key.push_back(static_cast<char>(t.dtype()));
    append(t.dim());
    for (int64_t s : t.sizes())
      append(s);
    for (int64_t s : t.strides())
      append(s);
  } else if (withScalars && (v.isBool() || v.isInt())) {
    append(v.isBool() ? v.toBool() : v.toInt());
  } else if (withScalars && v.isDouble()) {
    double d = v.toDouble();
    int64_t bits;
    std::memcpy(&bits, &d, sizeof d);
    append(bits);
  }
}

// Every prim::GetAttr of `graph`, in program order (blocks included).
void collectGetAttrs(const Block *block, std::vector<Node *> &out) {
  for (Node *n : block->nodes()) {
    if (n->kind() == prim::GetAttr)
      out.push_back(n);
    for (const Block *inner : n->blocks())
      collectGetAttrs(inner, out);
  }
}

bool assignsAttributes(const Block *block) {
  for (const Node *n : block->nodes()) {
    if (n->kind() == prim::SetAttr)
      return true;
    for (const Block *inner : n->blocks())
      if (assignsAttributes(inner))
        return true;
  }
  return false;
}

// The attributes worth specializing on: tensors and numbers read from a
// graph input through a chain of GetAttrs.
std::vector<AttributePath> attributePathsOf(const Graph &graph) {
  if (assignsAttributes(graph.block()))
    return {};
  std::vector<Node *> getAttrs;
  collectGetAttrs(graph.block(), getAttrs);
  std::vector<AttributePath> paths;
  for (size_t i = 0; i < getAttrs.size(); ++i) {
    const Node *n = getAttrs[i];
    TypePtr type = n->output()->type();
    if (!type->isa<TensorType>() && !type->isa<OptionalType>() &&
        type->kind() != TypeKind::Bool && type->kind() != TypeKind::Int &&
        type->kind() != TypeKind::Float)
      continue;
    AttributePath path{i, 0, {}};
    const Value *root = n->output();
    while (root->node()->kind() == prim::GetAttr) {
      path.names.push_back(root->node()->s(attr::name));
      root = root->node()->input(0);
    }
    if (root->node() != graph.block()->paramNode())
      continue;
    path.input = root->offset();
    std::reverse(path.names.begin(), path.names.end());
    paths.push_back(std::move(path));
  }
  return paths;
}

// The attribute's current value, or null when the object lacks it.
const IValue *resolve(const AttributePath &path,
                      std::span<const IValue> inputs) {
  if (path.input >= inputs.size())
    return nullptr;
  const IValue *v = &inputs[path.input];
  for (const std::string &name : path.names) {
    if (!v->isObject())
      return nullptr;
    const ObjectImpl &object = v->toObject();
    int64_t slot = object.cls->slotOf(name);
    if (slot < 0 || static_cast<size_t>(slot) >= object.slots.size())
      return nullptr;
    v = &object.slots[static_cast<size_t>(slot)];
  }
  return v;
}

// The signature of the inputs as bytes: per input a tag, and for tensors
// dtype, rank, sizes and strides; then the same for each attribute, with
// the values of numbers.
std::string signatureOf(std::span<const IValue> inputs,
                        std::span<const AttributePath> attributes) {
  std::string key;
  for (const IValue &v : inputs)
    appendSignature(key, v, /*withScalars=*/false);
  for (const AttributePath &path : attributes) {
    const IValue *v = resolve(path, inputs);
    key.push_back(v ? 'A' : '-');
    if (v)
      appendSignature(key, *v, /*withScalars=*/true);
  }
  return key;
}

// Gives the GetAttrs of `graph` (a copy of the graph the paths were taken
// from) the types and constants of the attributes' current values.
void specializeAttributes(Graph &graph,
                          std::span<const AttributePath> attributes,
                          std::span<const IValue> inputs) {
  if (attributes.empty() || inputs.empty())
    return;
  std::vector<Node *> getAttrs;
  collectGetAttrs(graph.block(), getAttrs);
  for (const AttributePath &path : attributes) {
    const IValue *v = resolve(path, inputs);
    Node *n = getAttrs.at(path.getAttr);
    Value *out = n->output();
    if (!v)
      continue;
    if (v->isTensor()) {
      TypePtr type = specializedType(*v);
      if (type->isSubtypeOf(*out->type()))
        out->setType(type);
      continue;
    }
    std::optional<ConstantValue> constant;
    if (v->isBool() && out->type()->kind() == TypeKind::Bool)
      constant = v->toBool();
    else if (v->isInt() && out->type()->kind() == TypeKind::Int)
      constant = v->toInt();
    else if (v->isDouble() && out->type()->kind() == TypeKind::Float)
      constant = v->toDouble();
    if (!constant)
      continue;
    WithInsertPoint guard(n);
    out->replaceAllUsesWith(insertConstant(graph, *constant, n->sourceRange()));
  }
}

} // namespace

TypePtr specializedType(const IValue &value) {
  if (!value.isTensor())
    return nullptr;
  const Tensor &t = value.toTensor();
  TensorType::Sizes sizes(t.sizes().begin(), t.sizes().end());
  return TensorType::create(t.dtype(), sizes, t.strides(), false, "cpu");
}

void specializeInputs(Graph &graph, std::span<const TypePtr> types) {
  for (size_t i = 0; i < types.size() && i < graph.inputs().size(); ++i) {
    Value *in = graph.inputs()[i];
    if (types[i] && in->type()->isa<TensorType>() &&
        types[i]->isSubtypeOf(*in->type()))
      in->setType(types[i]);
  }
}

std::shared_ptr<Graph> specializedGraph(const Graph &graph,
                                        std::span<const IValue> inputs) {
  std::shared_ptr<Graph> copy = graph.copy();
  std::vector<TypePtr> types;
  for (const IValue &v : inputs)
    types.push_back(specializedType(v));
  specializeInputs(*copy, types);
  specializeAttributes(*copy, attributePathsOf(graph), inputs);
  return copy;
}

Executor::Executor(std::shared_ptr<const Graph> graph, Pipeline pipeline,
                   ClassRegistry &classes)
    : graph_(std::move(graph)), pipeline_(std::move(pipeline)),
      classes_(classes), attributes_(attributePathsOf(*graph_)) {
  // Constant propagation folds ops on constant tensors with the runtime's
  // kernels, unless the application registered another evaluator.
  if (!pipeline_.empty() && !constantEvaluator())
    registerKernelConstantEvaluator();
  std::lock_guard<std::mutex> lock(mutex_);
  generic_ = compile({}, {});
}

std::shared_ptr<Specialization>
Executor::compile(std::span<const TypePtr> inputTypes,
                  std::span<const IValue> inputs) const {
  auto s = std::make_shared<Specialization>();
  if (pipeline_.empty() && inputTypes.empty()) {
    // Nothing changes the graph: share it.
    s->graph = std::const_pointer_cast<Graph>(graph_);
  } else {
    s->graph = graph_->copy();
    specializeInputs(*s->graph, inputTypes);
    specializeAttributes(*s->graph, attributes_, inputs);
    pipeline_.run(*s->graph);
  }
  s->code = Code::compile(*s->graph, classes_);
  return s;
}

std::shared_ptr<const Specialization>
Executor::specializationFor(std::span<const IValue> inputs) const {
  bool refinable = !attributes_.empty();
  for (const IValue &v : inputs)
    refinable = refinable || v.isTensor();
  if (!refinable || pipeline_.empty() ||
      inputs.size() != graph_->inputs().size())
    return generic_;
  std::string key = signatureOf(inputs, attributes_);
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = cache_.find(key); it != cache_.end())
    return it->second;
  if (cache_.size() >= kMaxSpecializations)
    return generic_;
  std::vector<TypePtr> types;
  for (const IValue &v : inputs)
    types.push_back(specializedType(v));
  std::shared_ptr<const Specialization> s = compile(types, inputs);
  cache_.emplace(std::move(key), s);
  return s;
}

size_t Executor::numSpecializations() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cache_.size();
}

} // namespace kiln
