//===- Inline.h - Replace calls by the bodies they call ---------*- C++ -*-===//
#ifndef KILN_PASSES_INLINE_H
#define KILN_PASSES_INLINE_H

namespace kiln {

class Graph;

/// Replaces every prim::CallFunction and prim::CallMethod whose body is known
/// by a copy of that body, also inside prim::If / prim::Loop blocks. Bodies
/// are the definitions of the graph's compilation unit, found as Note [How
/// calls find their callees] in ir/CompilationUnit.h says: the pass reaches
/// them through `graph.unit()`, so a graph without a unit (every graph the
/// frontend emits, every file without `def`s) is left as it is, and so are
/// calls whose body the unit does not define.
///
/// Callees are inlined with their own calls inlined first. Copied nodes keep
/// their source ranges (the callee's lines, not the call's); a call's named
/// result passes its name on, as TorchScript's inliner does. The unit's
/// definitions themselves are not changed. Recursion, direct or mutual, is a
/// CompileError at the call that closes the cycle; a definition that does
/// not fit its call is a CompileError at the call.
void inlineCalls(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_INLINE_H
