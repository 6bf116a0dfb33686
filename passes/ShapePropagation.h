//===- ShapePropagation.h - Refine types from the inputs' types -*- C++ -*-===//
#ifndef KILN_PASSES_SHAPEPROPAGATION_H
#define KILN_PASSES_SHAPEPROPAGATION_H

namespace kiln {

class Graph;

/// Refines the type of every tensor value from the graph's input types
/// (dtype, sizes, device, requires_grad: whatever the inputs' types know)
/// with the op table's shape rules (passes/ShapeRules.h). A result's type
/// keeps what it declared and the rule does not know. prim::If results
/// join their branches' types; loop-carried values start from the values
/// entering the loop and are joined with the body's results until they no
/// longer change; fusion groups refine their subgraphs. Ops without a rule
/// keep their types. A graph holding an in-place op that changes a
/// tensor's sizes (unsqueeze_, resize_) is left as it is.
void propagateShapes(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_SHAPEPROPAGATION_H
