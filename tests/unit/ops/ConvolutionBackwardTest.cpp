//===- ConvolutionBackwardTest.cpp - output_mask of convolution_backward --===//
//
// convolution_backward computes the results its output_mask asks for,
// bit for bit as when it computes all three, and leaves the others
// undefined (as ATen does).
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Backward.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

using namespace kiln;

namespace {

Tensor randomTensor(std::vector<int64_t> sizes, std::mt19937 &rng,
                    double zeros = 0) {
  std::uniform_real_distribution<float> unit(-1, 1);
  std::bernoulli_distribution zero(zeros);
  Tensor t = Tensor::empty(sizes, ScalarType::Float);
  for (int64_t i = 0; i < t.numel(); ++i)
    t.data<float>()[i] = zero(rng) ? 0.0f : unit(rng);
  return t;
}

bool sameBits(const Tensor &a, const Tensor &b) {
  return a.sizes() == b.sizes() &&
         std::memcmp(a.rawData(), b.rawData(), a.numel() * sizeof(float)) == 0;
}

TEST(ConvolutionBackward, ComputesWhatTheMaskAsksFor) {
  std::mt19937 rng(41);
  // Two groups, stride 2, padding 1; half the gradient zero (as behind a
  // ReLU), which the kernel skips.
  Tensor x = randomTensor({3, 4, 9, 7}, rng);
  Tensor w = randomTensor({6, 2, 3, 3}, rng);
  Tensor g = randomTensor({3, 6, 5, 4}, rng, 0.5);
  std::vector<int64_t> stride{2, 2}, padding{1, 1}, dilation{1, 1};
  auto [gi, gw, gb] =
      ops::convolution_backward(g, x, w, stride, padding, dilation, false, 2);
  ASSERT_TRUE(gi.defined() && gw.defined() && gb.defined());
  for (int bits = 0; bits < 8; ++bits) {
    std::array<bool, 3> mask{(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
    auto [mi, mw, mb] = ops::convolution_backward(g, x, w, stride, padding,
                                                  dilation, false, 2, mask);
    SCOPED_TRACE(::testing::Message()
                 << "mask " << mask[0] << mask[1] << mask[2]);
    EXPECT_EQ(mi.defined(), mask[0]);
    EXPECT_EQ(mw.defined(), mask[1]);
    EXPECT_EQ(mb.defined(), mask[2]);
    if (mask[0]) {
      EXPECT_TRUE(sameBits(mi, gi));
    }
    if (mask[1]) {
      EXPECT_TRUE(sameBits(mw, gw));
    }
    if (mask[2]) {
      EXPECT_TRUE(sameBits(mb, gb));
    }
  }
}

} // namespace
