//===- KernelEvaluator.h - Constant folding with the kernels ----*- C++ -*-===//
//
// The runtime's ConstantEvaluator (passes/ConstantEvaluator.h): it runs a
// node's reference kernel on its constant inputs. Programs that link the
// runtime register it before running passes (kiln, kiln-opt, the tests);
// registration is explicit, never a static initialiser.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_KERNELEVALUATOR_H
#define KILN_RUNTIME_KERNELEVALUATOR_H

#include "passes/ConstantEvaluator.h"

#include <cstdint>

namespace kiln {

/// Folded tensors larger than this many elements stay computations: a
/// constant is printed in the IR and kept for the program's lifetime.
inline constexpr int64_t kMaxFoldedTensorElements = 1024;

/// The evaluator (one for the process; stateless, thread-safe).
const ConstantEvaluator &kernelConstantEvaluator();

/// setConstantEvaluator(&kernelConstantEvaluator()).
void registerKernelConstantEvaluator();

} // namespace kiln

#endif // KILN_RUNTIME_KERNELEVALUATOR_H
