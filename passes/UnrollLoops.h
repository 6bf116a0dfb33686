//===- UnrollLoops.h - Unroll loops with constant trip counts ---*- C++ -*-===//
#ifndef KILN_PASSES_UNROLLLOOPS_H
#define KILN_PASSES_UNROLLLOOPS_H

namespace kiln {

class Graph;

/// Unrolls a prim::Loop completely when its trip count is a constant of at
/// most 16, it is entered (a constant True condition), its body's
/// continue-condition is a constant (a `for` loop; True keeps going, False
/// ends after that iteration), and the copies stay within a budget of 1024
/// nodes. Each copy of the body gets the iteration number as a constant and
/// the previous copy's loop-carried values. Loops with a computed condition
/// (break, while) stay; inner loops are unrolled first. Loops that run zero
/// times are removed. Constant-propagation afterwards folds the copies'
/// index arithmetic.
void unrollLoops(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_UNROLLLOOPS_H
