//===- MicroKernel.h - The register-blocked GEMM micro-kernel ---*- C++ -*-===//
//
// BLIS's micro-kernel, emitted as LLVM IR: C[0:m, 0:n] (+)= Ap * Bp over a
// depth kc, for packed panels Ap (kc x MR, MR rows per depth step) and Bp
// (kc x NR, NR columns per depth step, 64-byte aligned). The MR x NR tile
// of accumulators lives in vector registers (MR rows of NR / W vectors of W
// lanes); each depth step loads NR / W vectors of Bp, broadcasts MR values
// of Ap and issues MR * NR / W vector FMAs. Tiles smaller than MR x NR (at
// the edges of C) store through masks and row guards. On the last depth
// block the epilogue runs on the accumulators before the single store.
//
// The emitted function has the C signature of MicroKernelFn.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_GEMM_MICROKERNEL_H
#define KILN_CODEGEN_GEMM_MICROKERNEL_H

#include "codegen/gemm/Epilogue.h"

#include <cstdint>
#include <string>

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace kiln::codegen::gemm {

/// Bits of the micro-kernel's `flags` argument.
enum MicroKernelFlags : int32_t {
  /// Add the product to what C holds (every depth block but the first).
  kAccumulate = 1,
  /// Apply the epilogue (the last depth block).
  kApplyEpilogue = 2,
};

/// (kc, Ap, Bp, C, ldc, m, n, flags, epilogue args, row, column): row and
/// column are the tile's position in the whole result, where the epilogue
/// operands are read.
using MicroKernelFn = void (*)(int64_t kc, const float *ap, const float *bp,
                               float *c, int64_t ldc, int64_t m, int64_t n,
                               int32_t flags, const EpilogueArgs *args,
                               int64_t row, int64_t column);

struct MicroKernelShape {
  int vectorWidth = 16; // float lanes per vector register
  int mr = 8;           // rows of the tile
  int nr = 32;          // columns of the tile (a multiple of vectorWidth)
};

/// The tile for the host CPU: 8 x 32 with AVX-512 (16 zmm accumulators;
/// measured on Zen 4 against 14 x 32, 12 x 32, 10 x 32, 8 x 48, 6 x 64 and
/// 4 x 64, it is the best or within noise on 1024^3, 64 x 1024^2 and the
/// ResNet-style 3 x 3 convolution, whose 64 output channels it tiles
/// exactly), 6 x 16 with AVX2; vectorWidth 0 when the host has neither (no
/// kernel is generated then).
MicroKernelShape hostMicroKernelShape();

/// Emits the micro-kernel into `module` as an externally visible function
/// named `name`.
llvm::Function *emitMicroKernel(llvm::Module &module, const std::string &name,
                                const MicroKernelShape &shape,
                                const Epilogue &epilogue);

} // namespace kiln::codegen::gemm

#endif // KILN_CODEGEN_GEMM_MICROKERNEL_H
