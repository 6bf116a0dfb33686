//===- CommonSubexpressionElimination.h - Merge identical nodes -*- C++ -*-===//
#ifndef KILN_PASSES_COMMONSUBEXPRESSIONELIMINATION_H
#define KILN_PASSES_COMMONSUBEXPRESSIONELIMINATION_H

namespace kiln {

class Graph;

/// Merges identical pure nodes: a node with the kind, inputs, attributes and
/// result types of one that dominates it (earlier in the same block or in an
/// enclosing one) is replaced by it. Never merged are nodes with side
/// effects, nondeterministic ones, in-place ops, nodes with blocks, unknown
/// ops, nodes whose results may be written anywhere (AliasAnalysis.h), and
/// nodes with an input that may be written between the two (in a loop: in
/// a later iteration too). Constants are pooled: each distinct value once,
/// at the top of the graph (constants that something writes stay put).
void eliminateCommonSubexpressions(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_COMMONSUBEXPRESSIONELIMINATION_H
