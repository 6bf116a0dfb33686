//===- CodegenCompiler.cpp ------------------------------------------------===//
#include "codegen/CodegenCompiler.h"
#include "codegen/ElementwiseKernel.h"
#include "codegen/LoneElementwise.h"
#include "codegen/PoolKernels.h"
#include "codegen/ReductionKernels.h"
#include "codegen/RowKernels.h"
#include "codegen/gemm/ContractionKernel.h"
#include "codegen/gemm/ConvolutionBackwardKernel.h"

#include "ir/IR.h"

#include <cstdlib>
#include <cstring>
#include <sstream>

namespace kiln::codegen {

namespace {

struct Generator {
  /// The kernel for a node, or null when the generator does not handle it.
  std::shared_ptr<const CompiledKernel> (*compile)(const Node &);
  /// The kernel's code (LLVM IR or assembly), or "".
  std::string (*code)(const Node &, bool assembly);
};

// Tried in order.
constexpr Generator kGenerators[] = {
    // Contractions (linear, mm, addmm, bmm, matmul, conv2d) and fusion
    // groups that start with one: GEMM kernels with the fused epilogue.
    {gemm::compileContraction, gemm::contractionKernelCode},
    // conv2d's gradients: GEMMs on the same micro-kernel.
    {gemm::compileConvolutionBackward,
     [](const Node &, bool) { return std::string(); }},
    {compileElementwiseGroup, elementwiseGroupCode},
    // Elementwise ops no group took: one-op groups of the above.
    {compileLoneElementwise, loneElementwiseCode},
    // Row-wise reductions: softmax, log_softmax, layer_norm.
    {compileRowKernel, rowKernelCode},
    // 2-d pooling: max_pool2d, avg_pool2d, adaptive_avg_pool2d.
    {compilePoolKernel, poolKernelCode},
    // sum and mean over trailing dimensions.
    {compileReductionKernel, reductionKernelCode},
};

void collectCode(const Block &block, bool assembly, std::ostringstream &os) {
  for (const Node *n : block.nodes()) {
    for (const Block *inner : n->blocks())
      collectCode(*inner, assembly, os);
    for (const Generator &g : kGenerators) {
      std::string code = g.code(*n, assembly);
      if (code.empty())
        continue;
      const char *comment = assembly ? "#" : ";";
      os << comment << " kernel for " << n->kind().qualString();
      if (!n->outputs().empty() && n->output(0)->hasDebugName())
        os << " -> %" << n->output(0)->debugName();
      os << "\n" << code << "\n";
      break;
    }
  }
}

} // namespace

std::shared_ptr<const CompiledKernel>
CodegenCompiler::compile(const Node &node) {
  for (const Generator &g : kGenerators)
    if (auto kernel = g.compile(node))
      return kernel;
  return nullptr;
}

CodegenCompiler &codegenCompiler() {
  static CodegenCompiler *compiler = new CodegenCompiler();
  return *compiler;
}

bool jitDisabledByEnvironment() {
  const char *v = std::getenv("KILN_NO_JIT");
  return v && *v && std::strcmp(v, "0") != 0;
}

bool registerCodegenKernelCompiler(bool disable) {
  if (disable || jitDisabledByEnvironment()) {
    setKernelCompiler(nullptr);
    return false;
  }
  setKernelCompiler(&codegenCompiler());
  return true;
}

std::string generatedCode(const Graph &graph, bool assembly) {
  std::ostringstream os;
  collectCode(*graph.block(), assembly, os);
  return os.str();
}

} // namespace kiln::codegen
