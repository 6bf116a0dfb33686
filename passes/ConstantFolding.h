//===- ConstantFolding.h - Folding scalar, list and tuple ops ---*- C++ -*-===//
//
// The ops constant-propagation evaluates itself, without kernels: int,
// float and bool arithmetic, comparisons and conversions, the range-loop
// helpers, lists and tuples of constants, len / indexing / unpacking of
// them, and size and dim of constant tensors. The semantics are the
// runtime's (runtime/kernels/Scalar.cpp: PyTorch's): ints wrap, `//` and
// `%` round toward negative infinity; whatever would raise at run time
// (division by zero, an index out of range, int(nan)) is not folded, so
// that the error still happens where the program reaches it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_CONSTANTFOLDING_H
#define KILN_PASSES_CONSTANTFOLDING_H

#include "ir/ConstantValue.h"

#include <optional>
#include <span>
#include <vector>

namespace kiln {

class Node;

/// The results of `node` on constant `inputs` (one per node input), one per
/// output; nullopt when the node is not one of those ops or would fail.
std::optional<std::vector<ConstantValue>>
foldConstantNode(const Node &node, std::span<const ConstantValue> inputs);

} // namespace kiln

#endif // KILN_PASSES_CONSTANTFOLDING_H
