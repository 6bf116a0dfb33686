//===- DeadCodeElimination.h - Remove nodes nobody needs --------*- C++ -*-===//
#ifndef KILN_PASSES_DEADCODEELIMINATION_H
#define KILN_PASSES_DEADCODEELIMINATION_H

namespace kiln {

class Graph;

/// Removes nodes whose results are unused and that have no effect: no side
/// effects (prim::Print, prim::RaiseException, SetAttr), no writes to their
/// inputs (in-place ops), and, for prim::If / prim::Loop, no such node
/// inside. Nodes whose op Kiln does not know are kept. Unused results of a
/// prim::If are dropped too.
void eliminateDeadCode(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_DEADCODEELIMINATION_H
