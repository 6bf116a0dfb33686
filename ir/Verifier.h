//===- Verifier.h - Is this graph well formed? ------------------*- C++ -*-===//
//
// Checks what every pass may assume of a graph:
//  * structure: node lists, owning blocks and graph, Param/Return nodes;
//  * use lists: every input is recorded as a use and every use is an input;
//  * dominance: a value is used only after its definition, in the defining
//    block or a block nested in it;
//  * ops: every kind is in the op table and an overload accepts the node's
//    input types and produces its output types;
//  * structural ops: the blocks of prim::If / prim::Loop and their arities,
//    constants, list/tuple/dict construction and unpacking, attributes,
//    calls, fusion groups (whose subgraphs are verified too).
// The first problem found is thrown as a CompileError at the node.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_VERIFIER_H
#define KILN_IR_VERIFIER_H

namespace kiln {

class Graph;

void verify(const Graph &graph);

} // namespace kiln

#endif // KILN_IR_VERIFIER_H
