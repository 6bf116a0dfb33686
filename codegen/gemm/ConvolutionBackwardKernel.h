//===- ConvolutionBackwardKernel.h - conv2d's gradients as GEMMs -*- C++
//-*-===//
//
// The kernel compiler's entry for aten::convolution_backward: the weight
// and bias gradients as one GEMM over the unfolded input, the input
// gradient as a convolution of the output gradient with the flipped
// weight, on the GEMM micro-kernel. Declines (returns false at run time,
// so the reference kernel runs) grouped, transposed and non-float32
// convolutions, and strided ones whose input gradient is asked for.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_GEMM_CONVOLUTIONBACKWARDKERNEL_H
#define KILN_CODEGEN_GEMM_CONVOLUTIONBACKWARDKERNEL_H

#include "runtime/KernelCompiler.h"

#include <memory>

namespace kiln::codegen::gemm {

/// A kernel for an aten::convolution_backward node, else null.
std::shared_ptr<const CompiledKernel>
compileConvolutionBackward(const Node &node);

} // namespace kiln::codegen::gemm

#endif // KILN_CODEGEN_GEMM_CONVOLUTIONBACKWARDKERNEL_H
