//===- Executor.cpp -------------------------------------------------------===//
#include "runtime/Executor.h"

#include "ir/IR.h"
#include "ir/Verifier.h"
#include "support/Error.h"

#include <cstring>

namespace kiln {

namespace {

// The signature of the inputs as bytes: per input a tag, and for tensors
// dtype, rank, sizes and strides.
std::string signatureOf(std::span<const IValue> inputs) {
  std::string key;
  auto append = [&](int64_t v) {
    char bytes[sizeof v];
    std::memcpy(bytes, &v, sizeof v);
    key.append(bytes, sizeof v);
  };
  for (const IValue &v : inputs) {
    if (!v.isTensor()) {
      key.push_back(static_cast<char>(v.tag()));
      continue;
    }
    const Tensor &t = v.toTensor();
    key.push_back('T');
    key.push_back(static_cast<char>(t.dtype()));
    append(t.dim());
    for (int64_t s : t.sizes())
      append(s);
    for (int64_t s : t.strides())
      append(s);
  }
  return key;
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

Executor::Executor(std::shared_ptr<const Graph> graph, Pipeline pipeline,
                   ClassRegistry &classes)
    : graph_(std::move(graph)), pipeline_(std::move(pipeline)),
      classes_(classes) {
  std::lock_guard<std::mutex> lock(mutex_);
  generic_ = compile({});
}

std::shared_ptr<Specialization>
Executor::compile(std::span<const TypePtr> inputTypes) const {
  auto s = std::make_shared<Specialization>();
  if (pipeline_.empty() && inputTypes.empty()) {
    // Nothing changes the graph: share it.
    s->graph = std::const_pointer_cast<Graph>(graph_);
  } else {
    s->graph = graph_->copy();
    specializeInputs(*s->graph, inputTypes);
    pipeline_.run(*s->graph);
  }
  s->code = Code::compile(*s->graph, classes_);
  return s;
}

std::shared_ptr<const Specialization>
Executor::specializationFor(std::span<const IValue> inputs) const {
  bool refinable = false;
  for (const IValue &v : inputs)
    refinable = refinable || v.isTensor();
  if (!refinable || pipeline_.empty() ||
      inputs.size() != graph_->inputs().size())
    return generic_;
  std::string key = signatureOf(inputs);
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = cache_.find(key); it != cache_.end())
    return it->second;
  if (cache_.size() >= kMaxSpecializations)
    return generic_;
  std::vector<TypePtr> types;
  for (const IValue &v : inputs)
    types.push_back(specializedType(v));
  std::shared_ptr<const Specialization> s = compile(types);
  cache_.emplace(std::move(key), s);
  return s;
}

size_t Executor::numSpecializations() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cache_.size();
}

} // namespace kiln
