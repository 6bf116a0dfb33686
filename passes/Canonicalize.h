//===- Canonicalize.h - Peephole simplifications ----------------*- C++ -*-===//
#ifndef KILN_PASSES_CANONICALIZE_H
#define KILN_PASSES_CANONICALIZE_H

namespace kiln {

class Graph;

/// Local rewrites that make a graph simpler without changing what it
/// computes, each only where types or constants prove it:
///  * x.t().t() and x.transpose(a, b).transpose(a, b) -> x (rank known);
///  * x.contiguous() -> x when x is known contiguous; x.to(dtype) -> x when
///    x's dtype is that dtype (no copy, no memory format);
///  * x * 1, x - 0, x / 1 (floating x) and x + 0 (integral x: -0.0 + 0 is
///    +0.0) -> x, where x's dtype is known, the scalar cannot promote it,
///    neither value is written, a returned result is not an input, and the
///    result's layout cannot matter;
///  * dropout(x, p, False) and feature_dropout(x, p, False) -> x under the
///    same conditions (evaluation mode: the op is the identity);
///  * size(), size(d), dim(), numel() and len(size()) of tensors whose type
///    knows them -> constants; prim::dtype likewise;
///  * indexing, unpacking and len of a TupleConstruct, or of a ListConstruct
///    that nothing writes -> its items;
///  * prim::unchecked_cast of a value that already has the type, int(int),
///    float(float), bool(bool), not(not(b)) -> the value;
///  * `x is None` / `x is not None` for x whose type cannot be None;
///  * max_pool2d(x, ...) -> the first result of a max_pool2d_with_indices
///    of x with the same arguments later in the block (moved up to it), so
///    a training step pools once for the forward and the backward pass;
///  * convolution_backward, native_batch_norm_backward and
///    native_layer_norm_backward: a result nothing reads is switched off in
///    the (constant) output_mask, so the kernel does not compute it.
/// Repeats until nothing changes, then removes dead code.
void canonicalize(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_CANONICALIZE_H
