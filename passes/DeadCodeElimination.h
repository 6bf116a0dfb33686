//===- DeadCodeElimination.h - Remove nodes nobody needs --------*- C++ -*-===//
#ifndef KILN_PASSES_DEADCODEELIMINATION_H
#define KILN_PASSES_DEADCODEELIMINATION_H

namespace kiln {

class Graph;

/// Removes nodes that nothing observes. Kept are: nodes with side effects
/// (prim::Print, prim::RaiseException, SetAttr, calls) and nodes whose op
/// Kiln does not know; writes to anything that may alias a graph input or
/// a value unknown code sees; the nodes that compute the graph's results;
/// and, transitively, what kept nodes read, including every write to a value
/// they read or that may alias it (AliasAnalysis.h), and the prim::If /
/// prim::Loop around kept nodes. So an in-place op or aten::append on a
/// value that nothing reads is removed, while one on a value that is read,
/// returned, or passed in is not. Unused results of a prim::If are dropped
/// too.
void eliminateDeadCode(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_DEADCODEELIMINATION_H
