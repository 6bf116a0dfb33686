//===- ConvolutionBackwardKernelTest.cpp - conv2d's gradients as GEMMs ----===//
//
// The JIT kernel of aten::convolution_backward against the reference kernel:
// every output and mask, paddings, dilations, rectangular kernels; strided
// convolutions (weight and bias gradients only); and the cases it declines
// (a strided input gradient, groups, padding beyond the kernel, float64),
// which the reference kernel then computes.
//
//===----------------------------------------------------------------------===//
#include "ReferenceComparison.h"

#include "codegen/gemm/ConvolutionBackwardKernel.h"
#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/Parser.h"
#include "runtime/Constants.h"

#include <map>

#include <sstream>

namespace kiln::codegen {
namespace {

using testing::expectSame;
using testing::randomFloats;

const char *kKernel = "jit gemm convolution_backward";

struct Case {
  std::vector<int64_t> x, w;
  std::vector<int64_t> stride, padding, dilation;
  int64_t groups = 1;
  std::array<bool, 3> mask{true, true, true};
  bool jit = true;
  ScalarType dtype = ScalarType::Float;
  /// Sums of many terms cancel: their float rounding is absolute.
  double atol = 1e-5;
};

std::string list(const std::vector<int64_t> &v) {
  std::ostringstream os;
  os << "[" << v[0] << ", " << v[1] << "]";
  return os.str();
}

/// Whether the node's kernel computes `ir`'s convolution_backward for
/// `inputs` (it declines by returning false).
bool runsTheKernel(const std::string &ir, const std::vector<IValue> &inputs) {
  std::unique_ptr<Graph> graph = parseIR(ir, "test.ir");
  std::vector<IValue> regs;
  std::vector<uint32_t> in, out;
  const Node *conv = nullptr;
  std::map<const Value *, uint32_t> reg;
  for (size_t i = 0; i < inputs.size(); ++i) {
    reg[graph->inputs()[i]] = static_cast<uint32_t>(regs.size());
    regs.push_back(inputs[i]);
  }
  for (const Node *n : graph->nodes()) {
    if (n->kind() == prim::Constant) {
      reg[n->output()] = static_cast<uint32_t>(regs.size());
      regs.push_back(ivalueFromConstant(*constantValueOf(n->output())));
    } else {
      conv = n;
    }
  }
  for (const Value *v : conv->inputs())
    in.push_back(reg.at(v));
  for (size_t i = 0; i < conv->outputs().size(); ++i) {
    out.push_back(static_cast<uint32_t>(regs.size()));
    regs.emplace_back();
  }
  auto kernel = gemm::compileConvolutionBackward(*conv);
  EXPECT_TRUE(kernel);
  RunContext ctx;
  KernelArgs args{regs.data(),
                  in.data(),
                  out.data(),
                  static_cast<uint32_t>(in.size()),
                  static_cast<uint32_t>(out.size()),
                  conv,
                  &ctx};
  return kernel && kernel->run(args);
}

void check(const Case &c, const std::string &what) {
  std::mt19937 rng(static_cast<uint32_t>(what.size() * 7919));
  int64_t oh = (c.x[2] + 2 * c.padding[0] - c.dilation[0] * (c.w[2] - 1) - 1) /
                   c.stride[0] +
               1;
  int64_t ow = (c.x[3] + 2 * c.padding[1] - c.dilation[1] * (c.w[3] - 1) - 1) /
                   c.stride[1] +
               1;
  // A ReLU's worth of zeros in the gradient.
  Tensor g = randomFloats({c.x[0], c.w[0], oh, ow}, rng, -1, 1);
  for (int64_t i = 0; i < g.numel(); i += 3)
    g.data<float>()[i] = 0;
  Tensor x = randomFloats(c.x, rng, -1, 1), w = randomFloats(c.w, rng, -1, 1);
  std::string returned;
  const char *names[] = {"%gi", "%gw", "%gb"};
  for (int i = 0; i < 3; ++i)
    if (c.mask[i])
      returned += std::string(returned.empty() ? "" : ", ") + names[i];
  std::string ir =
      "graph(%g : Tensor, %x : Tensor, %w : Tensor):\n"
      "  %none : NoneType = prim::Constant()\n"
      "  %false : bool = prim::Constant[value=0]()\n"
      "  %s : int[] = prim::Constant[value=" +
      list(c.stride) +
      "]()\n"
      "  %p : int[] = prim::Constant[value=" +
      list(c.padding) +
      "]()\n"
      "  %d : int[] = prim::Constant[value=" +
      list(c.dilation) +
      "]()\n"
      "  %op : int[] = prim::Constant[value=[0, 0]]()\n"
      "  %groups : int = prim::Constant[value=" +
      std::to_string(c.groups) +
      "]()\n"
      "  %mask : bool[] = prim::Constant[value=[" +
      std::to_string(c.mask[0]) + ", " + std::to_string(c.mask[1]) + ", " +
      std::to_string(c.mask[2]) +
      "]]()\n"
      "  %gi : Tensor, %gw : Tensor, %gb : Tensor = "
      "aten::convolution_backward(%g, %x, %w, %none, %s, %p, %d, %false, "
      "%op, %groups, %mask)\n"
      "  return (" +
      returned + ")\n";
  std::vector<IValue> inputs{g.to(c.dtype), x.to(c.dtype), w.to(c.dtype)};
  // The listing names the kernel whenever the node has one; whether it
  // computes or declines shows when it runs.
  expectSame(ir, inputs, 1e-4, kKernel, true, what, c.atol);
  EXPECT_EQ(runsTheKernel(ir, inputs), c.jit) << what;
}

TEST(ConvolutionBackwardKernel, MatchesTheReference) {
  // The digits CNN's two convolutions.
  check({{4, 16, 4, 4}, {32, 16, 3, 3}, {1, 1}, {1, 1}, {1, 1}}, "conv2");
  check({{5, 1, 8, 8},
         {16, 1, 3, 3},
         {1, 1},
         {1, 1},
         {1, 1},
         1,
         {false, true, true}},
        "conv1 without the input gradient");
  // Rectangular kernel, uneven padding, dilation.
  check({{2, 3, 9, 7}, {4, 3, 2, 3}, {1, 1}, {1, 0}, {2, 1}},
        "rectangular, dilated");
  check({{3, 5, 6, 6}, {7, 5, 1, 1}, {1, 1}, {0, 0}, {1, 1}}, "1x1");
  // Each output alone.
  check({{2, 4, 5, 5},
         {3, 4, 3, 3},
         {1, 1},
         {0, 0},
         {1, 1},
         1,
         {true, false, false}},
        "input gradient only");
  check({{2, 4, 5, 5},
         {3, 4, 3, 3},
         {1, 1},
         {0, 0},
         {1, 1},
         1,
         {false, false, true}},
        "bias gradient only");
  // Strided: the weight's and the bias's gradients.
  check({{2, 3, 9, 8},
         {4, 3, 3, 3},
         {2, 3},
         {1, 1},
         {1, 1},
         1,
         {false, true, true}},
        "strided, weight and bias");
  // An unfolded input of 2.4M floats per sample: one sample per chunk,
  // summed over three chunks.
  // Sums of 12288 products of magnitude ~0.3: rounding up to ~2e-4.
  check({{3, 64, 64, 64},
         {8, 64, 3, 3},
         {1, 1},
         {1, 1},
         {1, 1},
         1,
         {false, true, true},
         true,
         ScalarType::Float,
         1e-3},
        "weight gradient in chunks of samples");
}

TEST(ConvolutionBackwardKernel, DeclinesWhatItDoesNotCompute) {
  check({{2, 3, 9, 8},
         {4, 3, 3, 3},
         {2, 2},
         {1, 1},
         {1, 1},
         1,
         {true, true, true},
         false},
        "strided input gradient");
  check({{2, 4, 6, 6},
         {6, 2, 3, 3},
         {1, 1},
         {1, 1},
         {1, 1},
         2,
         {true, true, true},
         false},
        "groups");
  check({{2, 3, 5, 5},
         {4, 3, 1, 1},
         {1, 1},
         {1, 1},
         {1, 1},
         1,
         {true, true, true},
         false},
        "padding wider than the kernel");
  check({{2, 3, 5, 5},
         {4, 3, 3, 3},
         {1, 1},
         {1, 1},
         {1, 1},
         1,
         {true, true, true},
         false,
         ScalarType::Double},
        "float64");
}

} // namespace
} // namespace kiln::codegen
