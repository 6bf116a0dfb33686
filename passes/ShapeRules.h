//===- ShapeRules.h - Each op's output types from its inputs ----*- C++ -*-===//
//
// The passes' column of the op table (docs/ir.md, "The op table"): a shape
// rule per OpId that computes what is known of an op's tensor results —
// dtype, sizes, device, requires_grad — from what is known of its inputs
// and from its constant arguments. Rules never throw on inputs the op would
// reject at run time: they leave the result unrefined, and the kernel
// reports the error where it happens.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_SHAPERULES_H
#define KILN_PASSES_SHAPERULES_H

#include "ir/OpTable.h"
#include "ir/Type.h"

#include <optional>
#include <string_view>
#include <vector>

namespace kiln {

class Node;
class Value;

/// The refined types of `node`'s outputs (one per output; a null entry
/// leaves that output as it is), or nullopt when the op has no rule.
std::optional<std::vector<TypePtr>> inferOutputTypes(const Node *node,
                                                     const OpInfo &op);

/// Whether `id` has a shape rule (the Elementwise and Reduction traits
/// count as rules).
bool hasShapeRule(OpId id);

/// In-place ops that change their argument's sizes, strides or dtype
/// (unsqueeze_, resize_, set_, ...): a graph holding one keeps its types.
bool changesMetadata(std::string_view qualifiedName);

/// What is known of an int value: a constant, or the size of a dimension
/// whose type knows it (`aten::size(%x, 0)`).
std::optional<int64_t> knownInt(const Value *v);

/// The most refined type that both `a` and `b` fit: for tensors, the
/// properties they agree on (sizes dimension by dimension when the ranks
/// agree); other types join to `a` when equal and to null otherwise.
TypePtr joinTypes(const TypePtr &a, const TypePtr &b);

} // namespace kiln

#endif // KILN_PASSES_SHAPERULES_H
