//===- ConstantEvaluator.h - Running ops at compile time --------*- C++ -*-===//
//
// constant-propagation folds scalar, list and tuple ops itself
// (ConstantFolding.h), but ops on constant tensors need kernels, and the
// kernels live in the runtime, which depends on the passes, not the other
// way round. So the passes declare what they need — "run this node on these
// constant inputs, or say no" — and a program that links the runtime
// registers an evaluator built on its kernels (runtime/KernelEvaluator.h)
// before it runs passes. Without one, constant-propagation folds only what
// it knows itself.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONSTANTEVALUATOR_H
#define KILN_PASSES_CONSTANTEVALUATOR_H

#include "ir/ConstantValue.h"

#include <optional>
#include <span>
#include <vector>

namespace kiln {

class Node;

class ConstantEvaluator {
public:
  virtual ~ConstantEvaluator() = default;
  /// The results of running `node` (a deterministic op without side effects
  /// or writes, whose every input is a constant) on `inputs`, one per
  /// output; or nullopt when the evaluator cannot: no kernel, the kernel
  /// failed (the error is then the run's to report), or a result no
  /// constant can hold or that is too large to be worth holding.
  virtual std::optional<std::vector<ConstantValue>>
  evaluate(const Node &node, std::span<const ConstantValue> inputs) const = 0;
};

/// The registered evaluator, or null.
const ConstantEvaluator *constantEvaluator();

/// Registers `evaluator` for every later constant-propagation in the
/// process (null: none). It must outlive those runs; thread-safe.
void setConstantEvaluator(const ConstantEvaluator *evaluator);

} // namespace kiln

#endif // KILN_PASSES_CONSTANTEVALUATOR_H
