//===- ConstantPropagation.h - Fold what is known at compile time -*- C++
//-*-===//
#ifndef KILN_PASSES_CONSTANTPROPAGATION_H
#define KILN_PASSES_CONSTANTPROPAGATION_H

namespace kiln {

class Graph;

/// Replaces nodes whose inputs are all constants by constants: scalar, list,
/// tuple and shape ops itself (ConstantFolding.h), every other op through
/// the registered ConstantEvaluator (ConstantEvaluator.h). Inlines the taken
/// block of a prim::If on a constant condition and drops prim::Loops that run
/// zero times. Never folds ops that have side effects, are nondeterministic
/// or write an argument, nor ops whose inputs or results may be written
/// anywhere (their value is not fixed) or whose tensor or list results the
/// caller receives (a constant is shared by every run); ops that fail are
/// left for the run to report. Repeats until nothing changes, then removes
/// dead code.
void propagateConstants(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_CONSTANTPROPAGATION_H
