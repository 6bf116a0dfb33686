//===- PointwiseFamily.h - The pointwise family's kernel files --*- C++ -*-===//
//
// registerPointwiseKernels (Kernels.h) registers the arithmetic and
// conversions itself and calls these for the rest of the family, one per
// file of runtime/kernels/.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_KERNELS_POINTWISEFAMILY_H
#define KILN_RUNTIME_KERNELS_POINTWISEFAMILY_H

namespace kiln {

class KernelTable;

/// UnaryMath.cpp: sqrt, exp, floor, sign, nan_to_num, isnan, ...
void registerUnaryMathKernels(KernelTable &table);
/// Comparison.cpp: comparisons, logical and bitwise ops, min/max, clamp,
/// where.
void registerComparisonKernels(KernelTable &table);
/// Activations.cpp: relu, gelu, silu, elu, softplus, hardswish, ...
void registerActivationKernels(KernelTable &table);

} // namespace kiln

#endif // KILN_RUNTIME_KERNELS_POINTWISEFAMILY_H
