//===- GemmKernels.h - Compiled GEMM micro-kernels, cached ------*- C++ -*-===//
//
// One micro-kernel per epilogue (the tile shape is the host's), emitted by
// MicroKernel.h, compiled by the process's Jit and kept in memory for the
// process's life; the compiled object also goes to the Jit's disk cache, so
// the next process loads it without running LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_GEMM_GEMMKERNELS_H
#define KILN_CODEGEN_GEMM_GEMMKERNELS_H

#include "codegen/gemm/Gemm.h"

#include <optional>
#include <string>

namespace kiln::codegen::gemm {

/// The compiled micro-kernel for `epilogue`, or nullopt when the host has
/// neither AVX-512 nor AVX2+FMA. Thread-safe.
std::optional<GemmKernel> gemmKernel(const Epilogue &epilogue);

/// The micro-kernel's code as the Jit compiles it: optimized LLVM IR, or
/// host assembly (for `kiln compile --emit llvm|asm`); "" when the host has
/// no kernel.
std::string gemmKernelCode(const Epilogue &epilogue, bool assembly);

} // namespace kiln::codegen::gemm

#endif // KILN_CODEGEN_GEMM_GEMMKERNELS_H
