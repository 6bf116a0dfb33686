//===- Executor.h - Specialize a graph per input signature ------*- C++ -*-===//
//
// The executor runs a graph through a pass pipeline (the default one
// unless told otherwise) once per input signature — each tensor input's
// dtype, sizes and strides, the kind of every other input — and keeps the
// resulting Code, so a later run with the same signature reuses it and a
// new batch size specializes again without anyone asking (TorchScript's
// profiling executor does the same with profiled types).
//
// Specializing sets the graph's tensor inputs to the inputs' exact types
// (`Float(8, 1, 8, 8, strides=[64, 64, 8, 1], requires_grad=0,
// device=cpu)`) before the pipeline, so shape propagation refines every
// value and later passes see constant sizes. Inputs whose declared type is
// not Tensor keep it.
//
// A module's attributes are part of the signature too, when the graph
// never assigns one (no prim::SetAttr): each prim::GetAttr reading a tensor
// gets that tensor's exact type (so shapes flow through conv and linear
// weights), and each reading a bool, int or float becomes a constant (so
// `training` folds the branches and dropouts of evaluation mode away).
// Tensor contents are never frozen: new weights of the same shapes reuse
// the Code; a module switched to training mode specializes again. Besides the
// specialized Codes there is one generic Code, the pipeline run without refined
// inputs, used once the cache is full.
//
// Constant propagation folds ops on constant tensors with the runtime's
// own kernels (runtime/KernelEvaluator.h), registered by the first Executor
// with a pipeline unless the application registered another evaluator.
//
// Thread-safe: any number of threads may call specializationFor at once.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_EXECUTOR_H
#define KILN_RUNTIME_EXECUTOR_H

#include "passes/PassManager.h"
#include "runtime/IValue.h"
#include "runtime/Interpreter.h"

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace kiln {

class Graph;

/// The type the executor specializes an input to: a tensor's dtype,
/// sizes and strides (device cpu, requires_grad 0); null for other values.
TypePtr specializedType(const IValue &value);

/// Sets each tensor input of `graph` whose type `types[i]` fits to that
/// type (null entries and inputs declared otherwise than Tensor keep theirs).
void specializeInputs(Graph &graph, std::span<const TypePtr> types);

/// A copy of `graph` specialized to `inputs` (one per graph input; None
/// for those to leave as declared): its tensor inputs' types and, when the
/// graph assigns no attribute, its module attributes as described above —
/// what the executor's pipeline starts from.
std::shared_ptr<Graph> specializedGraph(const Graph &graph,
                                        std::span<const IValue> inputs);

/// A graph after the pipeline, with its Code.
struct Specialization {
  std::shared_ptr<Graph> graph;
  std::unique_ptr<Code> code;
};

class Executor {
public:
  /// `graph` is verified; the pipeline runs on copies of it. Compiles the
  /// generic Code now (CompileErrors as Code::compile).
  Executor(std::shared_ptr<const Graph> graph, Pipeline pipeline,
           ClassRegistry &classes);

  /// The Code for these inputs (one per graph input): specialized to their
  /// signature, compiled on first use.
  std::shared_ptr<const Specialization>
  specializationFor(std::span<const IValue> inputs) const;
  const Specialization &generic() const { return *generic_; }
  /// How many signatures have a specialized Code.
  size_t numSpecializations() const;

  /// At most this many signatures are specialized; further ones run the
  /// generic Code.
  static constexpr size_t kMaxSpecializations = 32;

  /// A module attribute the graph reads: the i-th prim::GetAttr in
  /// program order, reached from graph input `input` through `names`.
  struct AttributePath {
    size_t getAttr;
    size_t input;
    std::vector<std::string> names;
  };

private:
  std::shared_ptr<Specialization> compile(std::span<const TypePtr> inputTypes,
                                          std::span<const IValue> inputs) const;

  std::shared_ptr<const Graph> graph_;
  Pipeline pipeline_;
  ClassRegistry &classes_;
  /// Empty when the graph assigns attributes.
  std::vector<AttributePath> attributes_;
  std::shared_ptr<const Specialization> generic_;
  mutable std::mutex mutex_; // guards cache_ and classes_
  mutable std::unordered_map<std::string, std::shared_ptr<const Specialization>>
      cache_;
};

} // namespace kiln

#endif // KILN_RUNTIME_EXECUTOR_H
