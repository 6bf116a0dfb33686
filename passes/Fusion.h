//===- Fusion.h - Group elementwise chains into fusion groups ---*- C++ -*-===//
#ifndef KILN_PASSES_FUSION_H
#define KILN_PASSES_FUSION_H

namespace kiln {

class Graph;

/// Groups chains of elementwise ops (the op table's Elementwise trait: pure,
/// neither in place nor a view, not random) into prim::FusionGroup nodes
/// whose attr::Subgraph holds the ops; broadcasting between operands is
/// allowed. Scalar constants the ops read are copied into the subgraph;
/// other operands become the group's inputs, and every value used outside
/// the group becomes one of its results. A producer joins its consumer's
/// group only within one block, when every other use of it comes after the
/// group and no node between the two may write memory (so moving it down
/// reads the same inputs). A contraction (the op table's Contraction trait:
/// linear, mm, addmm, matmul, bmm, conv) whose whole result feeds a group
/// joins it as its first node, making the group's ops its fused epilogue
/// (bias, activation); such a group takes nothing computed before the
/// contraction. Groups have at least two ops; a lone op stays as it is.
void fuseElementwise(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_FUSION_H
