//===- NNGoldenTest.cpp - Convolution and pooling against PyTorch ---------===//
//
// Cases come from tests/golden/nn.py, which also lists each case's
// non-tensor arguments; they are repeated here.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/NN.h"
#include "tests/unit/ops/NNGoldenSupport.h"

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::nn;
using ::testing::HasSubstr;

namespace {

std::optional<Tensor> biasOf(const Inputs &in) {
  return in.size() > 2 ? std::optional<Tensor>(in[2]) : std::nullopt;
}

TEST(NNGolden, Conv2d) {
  auto conv = [](L stride, L padding, L dilation, int64_t groups) {
    return [=](const Inputs &in) {
      return ops::conv2d(in[0], in[1], biasOf(in), stride, padding, dilation,
                         groups);
    };
  };
  for (const char *name : {"conv2d_basic", "conv2d_unbatched", "conv2d_int64",
                           "conv2d_empty_batch", "conv2d_1x1"})
    checkCase(name, 3, conv({1}, {0}, {1}, 1));
  checkCase("conv2d_no_bias", 2, conv({1}, {0}, {1}, 1));
  checkCase("conv2d_stride_pad", 3, conv({2}, {1}, {1}, 1));
  checkCase("conv2d_dilation", 3, conv({1}, {2}, {2}, 1));
  checkCase("conv2d_groups", 3, conv({1}, {0}, {1}, 2));
  checkCase("conv2d_depthwise", 2, conv({1}, {1}, {1}, 3));
  checkCase("conv2d_rect", 3, conv({2, 1}, {1, 0}, {1, 2}, 1));
  checkCase("conv2d_double", 3, conv({1, 1}, {1, 1}, {1, 1}, 1));
  auto convPadding = [](const char *padding, L dilation) {
    return [=](const Inputs &in) {
      return ops::conv2d(in[0], in[1], biasOf(in), L{1}, padding, dilation, 1);
    };
  };
  checkCase("conv2d_same", 3, convPadding("same", {1}));
  checkCase("conv2d_same_even", 2, convPadding("same", {1, 1}));
  checkCase("conv2d_same_dilated", 2, convPadding("same", {2, 1}));
  checkCase("conv2d_valid", 2, convPadding("valid", {1}));
}

TEST(NNGolden, Conv1dConv3dAndConvolution) {
  checkCase("conv1d_basic", 3, [](const Inputs &in) {
    return ops::conv1d(in[0], in[1], in[2], L{1}, L{0}, L{1}, 1);
  });
  checkCase("conv1d_unbatched", 3, [](const Inputs &in) {
    return ops::conv1d(in[0], in[1], in[2], L{1}, L{0}, L{1}, 1);
  });
  checkCase("conv1d_stride_dilation", 3, [](const Inputs &in) {
    return ops::conv1d(in[0], in[1], in[2], L{2}, L{1}, L{2}, 1);
  });
  checkCase("conv1d_groups", 2, [](const Inputs &in) {
    return ops::conv1d(in[0], in[1], std::nullopt, L{1}, L{0}, L{1}, 3);
  });
  checkCase("conv1d_same_even", 3, [](const Inputs &in) {
    return ops::conv1d(in[0], in[1], in[2], L{1}, "same", L{1}, 1);
  });
  checkCase("conv3d_basic", 3, [](const Inputs &in) {
    return ops::conv3d(in[0], in[1], in[2], L{1, 2, 1}, L{1, 0, 1}, L{1}, 1);
  });
  checkCase("convolution_2d", 3, [](const Inputs &in) {
    return ops::convolution(in[0], in[1], in[2], L{1, 1}, L{1, 1}, L{1, 1},
                            false, L{0, 0}, 1);
  });
}

TEST(NNGolden, ConvolutionErrors) {
  Tensor x = zeros({1, 2, 5, 5}), w = zeros({3, 2, 3, 3});
  auto conv = [&](const Tensor &input, const Tensor &weight,
                  std::optional<Tensor> bias = std::nullopt, L stride = {1},
                  L padding = {0}, L dilation = {1}, int64_t groups = 1) {
    return errorOf([&] {
      ops::conv2d(input, weight, bias, stride, padding, dilation, groups);
    });
  };
  EXPECT_THAT(conv(x, zeros({3, 1, 3, 3})),
              HasSubstr("aten::conv2d: given groups=1, weight of size [3, 1, "
                        "3, 3], expected input[1, 2, 5, 5] to have 1 "
                        "channels, but got 2 channels instead"));
  EXPECT_THAT(conv(x, zeros({3, 1, 3, 3}), std::nullopt, {1}, {0}, {1}, 2),
              HasSubstr("aten::conv2d: given groups=2, expected weight to be "
                        "divisible by 2 at dimension 0"));
  EXPECT_THAT(conv(x, w, zeros({4})),
              HasSubstr("expected bias to be 1-dimensional with 3 elements, "
                        "but got bias of size [4] instead"));
  EXPECT_THAT(conv(x, zeros({3, 2, 6, 6})),
              HasSubstr("aten::conv2d: calculated padded input size per "
                        "channel: (5 x 5). Kernel size: (6 x 6). Kernel size "
                        "can't be greater than actual input size"));
  EXPECT_THAT(conv(x, w, std::nullopt, {1}, {-1}),
              HasSubstr("negative padding is not supported"));
  EXPECT_THAT(conv(x, w, std::nullopt, {0}),
              HasSubstr("non-positive stride is not supported"));
  EXPECT_THAT(conv(x, w, std::nullopt, {1, 1, 1}),
              HasSubstr("aten::conv2d: expected stride to be a single integer "
                        "value or a list of 2 values, but got stride=[1, 1, "
                        "1]"));
  EXPECT_THAT(conv(x.to(ScalarType::Double), w),
              HasSubstr("aten::conv2d: expected input and weight to have the "
                        "same dtype, but got Double and Float"));
  EXPECT_THAT(conv(zeros({5, 5}), w),
              HasSubstr("aten::conv2d: expected 4-dimensional input for "
                        "4-dimensional weight [3, 2, 3, 3], but got "
                        "2-dimensional input of size [5, 5] instead"));
  EXPECT_THAT(conv(x.to(ScalarType::Bool), w.to(ScalarType::Bool)),
              HasSubstr("aten::conv2d"));
  EXPECT_THAT(
      errorOf([&] { ops::conv2d(x, w, std::nullopt, L{2}, "same", L{1}, 1); }),
      HasSubstr("aten::conv2d: padding='same' is not supported for "
                "strided convolutions"));
  EXPECT_THAT(
      errorOf([&] { ops::conv2d(x, w, std::nullopt, L{1}, "full", L{1}, 1); }),
      HasSubstr("aten::conv2d: invalid padding string: 'full'"));
  EXPECT_THAT(errorOf([&] {
                ops::convolution(x, w, std::nullopt, L{1}, L{0}, L{1}, true,
                                 L{0}, 1);
              }),
              HasSubstr("aten::convolution: transposed convolution is not "
                        "supported"));
}

Outputs maxPool2d(const Inputs &in, L kernel, L stride, L padding, L dilation,
                  bool ceil) {
  auto result = ops::max_pool2d_with_indices(in[0], kernel, stride, padding,
                                             dilation, ceil);
  // The values-only form agrees.
  EXPECT_TRUE(tensorsClose(
      ops::max_pool2d(in[0], kernel, stride, padding, dilation, ceil),
      std::get<0>(result)));
  return outputsOf(result);
}

TEST(NNGolden, MaxPool) {
  auto pool2d = [](L kernel, L stride, L padding, L dilation, bool ceil) {
    return [=](const Inputs &in) {
      return maxPool2d(in, kernel, stride, padding, dilation, ceil);
    };
  };
  for (const char *name : {"max_pool2d_basic", "max_pool2d_unbatched",
                           "max_pool2d_nan", "max_pool2d_empty_batch"})
    checkCase(name, 1, pool2d({2}, {}, {0}, {1}, false));
  checkCase("max_pool2d_stride_pad", 1, pool2d({3}, {2}, {1}, {1}, false));
  checkCase("max_pool2d_dilation", 1, pool2d({2}, {1}, {0}, {2}, false));
  checkCase("max_pool2d_ceil", 1, pool2d({2}, {2}, {0}, {1}, true));
  checkCase("max_pool2d_ceil_pad", 1, pool2d({3}, {2}, {1}, {1}, true));
  checkCase("max_pool2d_rect", 1,
            pool2d({2, 3}, {1, 2}, {1, 1}, {1, 1}, false));
  checkCase("max_pool2d_double", 1, pool2d({2}, {1}, {0}, {1}, false));
  auto pool1d = [](L kernel, L stride, L padding, L dilation, bool ceil) {
    return [=](const Inputs &in) {
      auto result = ops::max_pool1d_with_indices(in[0], kernel, stride, padding,
                                                 dilation, ceil);
      EXPECT_TRUE(tensorsClose(
          ops::max_pool1d(in[0], kernel, stride, padding, dilation, ceil),
          std::get<0>(result)));
      return outputsOf(result);
    };
  };
  checkCase("max_pool1d_basic", 1, pool1d({3}, {2}, {0}, {1}, false));
  checkCase("max_pool1d_ceil_pad", 1, pool1d({2}, {2}, {1}, {1}, true));
  checkCase("max_pool1d_dilation", 1, pool1d({2}, {1}, {1}, {3}, false));
  checkCase("max_pool1d_unbatched", 1, pool1d({2}, {}, {0}, {1}, false));
}

TEST(NNGolden, AvgPool) {
  auto pool2d = [](L kernel, L stride, L padding, bool ceil, bool include,
                   std::optional<int64_t> divisor = std::nullopt) {
    return [=](const Inputs &in) {
      return ops::avg_pool2d(in[0], kernel, stride, padding, ceil, include,
                             divisor);
    };
  };
  for (const char *name : {"avg_pool2d_basic", "avg_pool2d_unbatched"})
    checkCase(name, 1, pool2d({2}, {}, {0}, false, true));
  checkCase("avg_pool2d_pad_include", 1, pool2d({3}, {2}, {1}, false, true));
  checkCase("avg_pool2d_pad_exclude", 1, pool2d({3}, {2}, {1}, false, false));
  checkCase("avg_pool2d_ceil_include", 1, pool2d({2}, {2}, {1}, true, true));
  checkCase("avg_pool2d_ceil_exclude", 1, pool2d({2}, {2}, {1}, true, false));
  checkCase("avg_pool2d_divisor", 1, pool2d({2}, {1}, {1}, false, true, 3));
  checkCase("avg_pool2d_rect", 1, pool2d({1, 3}, {1, 2}, {0}, false, true));
  checkCase("avg_pool2d_int64", 1, pool2d({3}, {1}, {1}, false, true));
  checkCase("avg_pool1d_basic", 1, [](const Inputs &in) {
    return ops::avg_pool1d(in[0], L{3}, L{2}, L{0}, false, true);
  });
  checkCase("avg_pool1d_ceil_exclude", 1, [](const Inputs &in) {
    return ops::avg_pool1d(in[0], L{2}, L{2}, L{1}, true, false);
  });
  checkCase("avg_pool1d_unbatched", 1, [](const Inputs &in) {
    return ops::avg_pool1d(in[0], L{2}, L{}, L{0}, false, true);
  });
}

TEST(NNGolden, AdaptivePool) {
  auto avg2d = [](L size) {
    return
        [=](const Inputs &in) { return ops::adaptive_avg_pool2d(in[0], size); };
  };
  checkCase("adaptive_avg_pool2d_basic", 1, avg2d({3, 4}));
  checkCase("adaptive_avg_pool2d_global", 1, avg2d({1}));
  checkCase("adaptive_avg_pool2d_upsample", 1, avg2d({4, 5}));
  checkCase("adaptive_avg_pool2d_unbatched", 1, avg2d({2, 2}));
  checkCase("adaptive_avg_pool2d_double", 1, avg2d({2, 3}));
  checkCase("adaptive_avg_pool1d_basic", 1, [](const Inputs &in) {
    return ops::adaptive_avg_pool1d(in[0], L{3});
  });
  checkCase("adaptive_avg_pool1d_unbatched", 1, [](const Inputs &in) {
    return ops::adaptive_avg_pool1d(in[0], L{4});
  });
  auto max2d = [](L size) {
    return [=](const Inputs &in) {
      return outputsOf(ops::adaptive_max_pool2d(in[0], size));
    };
  };
  checkCase("adaptive_max_pool2d_basic", 1, max2d({2, 3}));
  checkCase("adaptive_max_pool2d_nan", 1, max2d({1}));
  checkCase("adaptive_max_pool2d_unbatched", 1, max2d({3, 2}));
  checkCase("adaptive_max_pool1d_basic", 1, [](const Inputs &in) {
    return outputsOf(ops::adaptive_max_pool1d(in[0], L{3}));
  });
}

TEST(NNGolden, PoolingErrors) {
  Tensor x = zeros({1, 2, 5, 5});
  auto maxPool = [&](const Tensor &input, L kernel, L stride = {},
                     L padding = {0}, L dilation = {1}) {
    return errorOf([&] {
      ops::max_pool2d(input, kernel, stride, padding, dilation, false);
    });
  };
  EXPECT_THAT(maxPool(x, {3}, {}, {2}),
              HasSubstr("aten::max_pool2d: pad should be at most half of "
                        "kernel size, but got pad=2 and kernel_size=3"));
  EXPECT_THAT(maxPool(x, {7}),
              HasSubstr("aten::max_pool2d: given input size 5x5, the "
                        "calculated output size 0x0 is too small"));
  EXPECT_THAT(maxPool(zeros({5, 5}), {2}),
              HasSubstr("aten::max_pool2d: expected a 3-D or 4-D (batched) "
                        "input, but got shape [5, 5]"));
  EXPECT_THAT(maxPool(zeros({1, 0, 3, 3}), {2}),
              HasSubstr("with dimension 1 being empty"));
  EXPECT_THAT(maxPool(x, {2, 2, 2}),
              HasSubstr("expected kernel_size to be a single integer value or "
                        "a list of 2 values"));
  EXPECT_THAT(maxPool(x, {2}, {0}),
              HasSubstr("stride must be greater than zero"));
  EXPECT_THAT(maxPool(x.to(ScalarType::Long), {2}),
              HasSubstr("aten::max_pool2d"));
  EXPECT_THAT(
      errorOf([&] { ops::avg_pool2d(x, L{2}, L{}, L{0}, false, true, 0); }),
      HasSubstr("aten::avg_pool2d: divisor must be not zero"));
  EXPECT_THAT(errorOf([&] {
                ops::adaptive_avg_pool2d(x, L{-1, 2});
              }),
              HasSubstr("aten::adaptive_avg_pool2d: elements of output_size "
                        "must be greater than or equal to 0"));
  EXPECT_THAT(errorOf([&] {
                ops::adaptive_max_pool2d(zeros({2, 2, 0}), L{2});
              }),
              HasSubstr("aten::adaptive_max_pool2d: expected input to have "
                        "non-zero size for non-batch dimensions"));
}

} // namespace
