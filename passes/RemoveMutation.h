//===- RemoveMutation.h - In-place ops to functional ones -------*- C++ -*-===//
#ifndef KILN_PASSES_REMOVEMUTATION_H
#define KILN_PASSES_REMOVEMUTATION_H

namespace kiln {

class Graph;

/// Rewrites in-place tensor ops (`x.add_(y)`, `out += x`, `relu_`) into
/// their functional twins (`aten::add`, `aten::relu`: the same schema
/// without the trailing underscore and the write) where no alias can tell
/// the difference: `x` was made in the same block by an op that returns a
/// new tensor (not a view, input, attribute, constant, or a value of a
/// list, tuple or control flow), and nothing else may alias it but results
/// of in-place ops on it. Later uses of `x` and of those results read the
/// new value instead. An in-place op keeps `x`'s dtype where the functional
/// op might promote, so ops with other tensor operands are rewritten only
/// when every operand's dtype is known to be `x`'s.
void removeMutation(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_REMOVEMUTATION_H
