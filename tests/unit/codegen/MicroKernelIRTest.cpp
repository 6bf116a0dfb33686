//===- MicroKernelIRTest.cpp - The GEMM micro-kernel's LLVM IR ------------===//
//
// FileCheck on the IR the generator emits (before optimization): the
// register tile of <16 x float> accumulators updated with vector FMAs, the
// masked stores of edge tiles, and the fused epilogue (bias load, relu as a
// select, so NaN propagates) ahead of the single store.
//
//===----------------------------------------------------------------------===//
#include "codegen/gemm/MicroKernel.h"

#include "tests/support/FileCheck.h"

#include <gtest/gtest.h>

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

namespace kiln::codegen::gemm {
namespace {

std::string emitText(const MicroKernelShape &shape, const Epilogue &epi) {
  llvm::LLVMContext ctx;
  llvm::Module module("gemm", ctx);
  emitMicroKernel(module, "ukernel", shape, epi);
  std::string errors;
  llvm::raw_string_ostream es(errors);
  EXPECT_FALSE(llvm::verifyModule(module, &es)) << errors;
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os, nullptr);
  return text;
}

TEST(MicroKernelIR, AvxTileWithBiasReluEpilogue) {
  using K = EpilogueStep::Kind;
  Epilogue epi{{{K::AddOperand, 0}, {K::Relu}}, {OperandLayout::PerColumn}};
  std::string ir = emitText({16, 8, 32}, epi);
  testing::FileCheck()
      .check("define void @ukernel(i64 %kc, ptr noalias readonly %ap, ptr "
             "noalias readonly %bp, ptr noalias %c")
      // The depth loop, unrolled 4 times: 2 B vectors, 8 broadcasts and 16
      // FMAs per step.
      .check("depth4:")
      .check_regex("load <16 x float>, ptr %[0-9a-z.]+, align 64")
      .check_regex("shufflevector <16 x float> .*, <16 x i32> zeroinitializer")
      .check("call <16 x float> @llvm.fma.v16f32(")
      .check("depth1:")
      // Edge tiles mask every access by rows < m and lanes < n.
      .check("edge:")
      .check("icmp slt <16 x i64>")
      // Full tile: C added on later depth blocks, then the epilogue.
      .check("full.addc:")
      .check("full.apply:")
      .check("load <16 x float>")
      .check("fadd <16 x float>")
      .check("fcmp olt <16 x float>")
      .check("select <16 x i1>")
      .check("full.store:")
      .check("store <16 x float>")
      .check("edge.apply:")
      .check("call <16 x float> @llvm.masked.load.v16f32.p0(")
      .check("edge.store:")
      .check("call void @llvm.masked.store.v16f32.p0(")
      .run(ir);
}

TEST(MicroKernelIR, FmaCountMatchesTile) {
  std::string ir = emitText({16, 6, 32}, {});
  // 4 unrolled steps + 1 remainder step, each 6 x 2 FMAs.
  size_t fmas = 0;
  for (size_t at = ir.find("call <16 x float> @llvm.fma.v16f32(");
       at != std::string::npos;
       at = ir.find("call <16 x float> @llvm.fma.v16f32(", at + 1))
    ++fmas;
  EXPECT_EQ(fmas, 5u * 6 * 2);
  EXPECT_EQ(ir.find("full.apply"), std::string::npos)
      << "no epilogue block without an epilogue";
}

TEST(MicroKernelIR, Avx2Tile) {
  std::string ir = emitText({8, 6, 16}, {});
  testing::FileCheck()
      .check("call <8 x float> @llvm.fma.v8f32(")
      .check("call void @llvm.masked.store.v8f32.p0(")
      .run(ir);
}

} // namespace
} // namespace kiln::codegen::gemm
