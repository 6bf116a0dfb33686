//===- NNMiscGoldenTest.cpp - Dropout, padding, upsampling, kernels -------===//
//
// Golden cases come from tests/golden/nn.py, which lists each case's
// non-tensor arguments; they are repeated here. Dropout in training cannot
// reproduce PyTorch's draws, so its statistics are tested instead.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/NN.h"

#include "tests/support/RunGraph.h"
#include "tests/unit/ops/NNGoldenSupport.h"

#include <cmath>
#include <limits>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::nn;
using ::testing::HasSubstr;

namespace {

Tensor ones(std::vector<int64_t> sizes, ScalarType dtype = ScalarType::Float) {
  return Tensor::full(sizes, 1.0, dtype);
}

TEST(NNMiscGolden, DropoutStatistics) {
  Generator generator(42);
  const int64_t n = 200000;
  for (double p : {0.1, 0.5, 0.8}) {
    SCOPED_TRACE(p);
    Tensor out = ops::dropout(ones({n}), p, true, generator);
    int64_t zeros = 0;
    for (int64_t i = 0; i < n; ++i) {
      double v = out.item(i).toDouble();
      if (v == 0) {
        ++zeros;
        continue;
      }
      // Kept elements are scaled by 1 / (1 - p).
      ASSERT_FLOAT_EQ(v, static_cast<float>(1 / (1 - p)));
    }
    // The dropped fraction is p, within 5 standard deviations.
    double sd = std::sqrt(p * (1 - p) / n);
    EXPECT_NEAR(static_cast<double>(zeros) / n, p, 5 * sd);
  }
}

TEST(NNMiscGolden, DropoutDrawsFromTheGenerator) {
  Tensor x = ones({64});
  Generator a(7), b(7);
  Tensor first = ops::dropout(x, 0.5, true, a);
  EXPECT_TRUE(first.identical(ops::dropout(x, 0.5, true, b)));
  // The next draws differ from the first.
  EXPECT_FALSE(first.identical(ops::dropout(x, 0.5, true, a)));
}

TEST(NNMiscGolden, DropoutIdentityAndInPlace) {
  Generator generator(1);
  Tensor x = Tensor::fromVector<float>({1, 2, 3, 4}, {2, 2});
  // Evaluation, p = 0 and empty inputs return the input itself.
  EXPECT_TRUE(ops::dropout(x, 0.5, false, generator).isSame(x));
  EXPECT_TRUE(ops::dropout(x, 0.0, true, generator).isSame(x));
  EXPECT_TRUE(ops::feature_dropout(x, 0.5, false, generator).isSame(x));
  Tensor empty = zeros({0, 3});
  EXPECT_TRUE(ops::dropout(empty, 0.5, true, generator).isSame(empty));
  checkCase("dropout_p1", 1, [&](const Inputs &in) {
    return ops::dropout(in[0], 1.0, true, generator);
  });
  // In place: the kept elements of self double with p = 0.5.
  Tensor self = ones({1000});
  Tensor &result = ops::dropout_(self, 0.5, true, generator);
  EXPECT_TRUE(result.isSame(self));
  for (int64_t i = 0; i < self.numel(); ++i) {
    double v = self.item(i).toDouble();
    EXPECT_TRUE(v == 0 || v == 2) << v;
  }
  // Integers: evaluation and p = 1 work, training with 0 < p < 1 does not.
  Tensor ints = ones({3}, ScalarType::Long);
  EXPECT_TRUE(ops::dropout(ints, 1.0, true, generator)
                  .identical(zeros({3}, ScalarType::Long)));
  EXPECT_THAT(errorOf([&] { ops::dropout(ints, 0.5, true, generator); }),
              HasSubstr("aten::dropout: dropout in training needs a "
                        "floating-point input, but got Long"));
  EXPECT_THAT(errorOf([&] { ops::dropout(x, 1.5, false, generator); }),
              HasSubstr("aten::dropout: dropout probability has to be "
                        "between 0 and 1, but got 1.5"));
}

TEST(NNMiscGolden, FeatureDropoutDropsWholeChannels) {
  Generator generator(3);
  Tensor x = ones({8, 16, 3, 2});
  Tensor out = ops::feature_dropout(x, 0.5, true, generator);
  int64_t dropped = 0;
  for (int64_t plane = 0; plane < 8 * 16; ++plane) {
    double first = out.item(plane * 6).toDouble();
    EXPECT_TRUE(first == 0 || first == 2) << first;
    for (int64_t i = 1; i < 6; ++i)
      EXPECT_EQ(out.item(plane * 6 + i).toDouble(), first);
    dropped += first == 0;
  }
  EXPECT_GT(dropped, 20);
  EXPECT_LT(dropped, 108);
  Tensor self = x.clone();
  EXPECT_TRUE(ops::feature_dropout_(self, 0.5, true, generator).isSame(self));
  EXPECT_THAT(
      errorOf([&] { ops::feature_dropout(ones({4}), 0.5, true, generator); }),
      HasSubstr("aten::feature_dropout: feature dropout requires at "
                "least 2 dimensions in the input"));
}

TEST(NNMiscGolden, ConstantPad) {
  auto pad = [](L amounts, Scalar value) {
    return [=](const Inputs &in) {
      return ops::constant_pad_nd(in[0], amounts, value);
    };
  };
  checkCase("constant_pad_basic", 1, pad({1, 2}, 0));
  checkCase("constant_pad_2d_value", 1, pad({1, 1, 2, 0}, 1.5));
  checkCase("constant_pad_negative", 1, pad({-1, 2, 1, -1}, 0));
  checkCase("constant_pad_three_dims", 1, pad({1, 0, 0, 1, 1, 1}, 0));
  checkCase("constant_pad_int64", 1, pad({2, 1}, 7));
  checkCase("constant_pad_int_float_value", 1, pad({1, 1}, 1.7));
  checkCase("constant_pad_bool", 1, pad({1, 0}, 1));
  checkCase("constant_pad_empty", 1, pad({1, 1}, 0));
  checkCase("constant_pad_to_empty", 1, pad({-2, -1}, 0));
  Tensor x = zeros({2, 3});
  EXPECT_THAT(errorOf([&] { ops::constant_pad_nd(x, L{1}); }),
              HasSubstr("aten::constant_pad_nd: length of pad must be even "
                        "but instead it equals 1"));
  EXPECT_THAT(errorOf([&] {
                ops::constant_pad_nd(x, L{1, 1, 1, 1, 1, 1});
              }),
              HasSubstr("Pad length is 6 while the input has 2 dimensions"));
  EXPECT_THAT(errorOf([&] {
                ops::constant_pad_nd(x, L{-2, -2});
              }),
              HasSubstr("the input size 3, plus negative padding -2 and -2 "
                        "resulted in a negative output size"));
}

TEST(NNMiscGolden, PadModes) {
  auto pad = [](L amounts, const char *mode,
                std::optional<double> value = std::nullopt) {
    return
        [=](const Inputs &in) { return ops::pad(in[0], amounts, mode, value); };
  };
  checkCase("pad_constant_mode", 1, pad({1, 1}, "constant", 2.5));
  checkCase("pad_reflect_1d", 1, pad({2, 1}, "reflect"));
  checkCase("pad_reflect_2d", 1, pad({1, 2, 2, 1}, "reflect"));
  checkCase("pad_reflect_negative", 1, pad({-1, 2}, "reflect"));
  checkCase("pad_replicate_2d", 1, pad({2, 1, 0, 2}, "replicate"));
  checkCase("pad_replicate_3d", 1, pad({1, 1, 1, 0, 0, 1}, "replicate"));
  checkCase("pad_circular_1d", 1, pad({2, 1}, "circular"));
  checkCase("pad_circular_negative", 1, pad({-1, 2}, "circular"));
  checkCase("pad_circular_2d_int64", 1, pad({1, 1, 1, 0}, "circular"));
  Tensor x = zeros({1, 2, 3});
  EXPECT_THAT(errorOf([&] {
                ops::pad(x, L{3, 3}, "reflect", std::nullopt);
              }),
              HasSubstr("aten::pad: padding size should be less than the "
                        "corresponding input dimension, but got: padding (3, "
                        "3) at dimension 2 of input [1, 2, 3]"));
  EXPECT_THAT(errorOf([&] {
                ops::pad(x, L{4, 1}, "circular", std::nullopt);
              }),
              HasSubstr("padding value causes wrapping around more than "
                        "once"));
  EXPECT_THAT(errorOf([&] {
                ops::pad(x, L{1, 1}, "reflect", 1.0);
              }),
              HasSubstr("aten::pad: padding mode \"reflect\" doesn't take in "
                        "value argument"));
  EXPECT_THAT(errorOf([&] {
                ops::pad(x, L{1, 1}, "wrap", std::nullopt);
              }),
              HasSubstr("aten::pad: unrecognised padding mode wrap"));
  EXPECT_THAT(errorOf([&] {
                ops::pad(zeros({3}), L{1, 1}, "replicate", std::nullopt);
              }),
              HasSubstr("aten::pad: mode \"replicate\" pads the last 1 to 3 "
                        "dimensions"));
}

TEST(NNMiscGolden, GluAndPixelShuffle) {
  checkCase("glu_last", 1,
            [](const Inputs &in) { return ops::glu(in[0], -1); });
  checkCase("glu_dim0", 1, [](const Inputs &in) { return ops::glu(in[0], 0); });
  for (const char *name : {"glu_double", "glu_empty"})
    checkCase(name, 1, [](const Inputs &in) { return ops::glu(in[0], 1); });
  for (const char *name :
       {"pixel_shuffle_2", "pixel_shuffle_unbatched_int64", "pixel_shuffle_5d"})
    checkCase(name, 1,
              [](const Inputs &in) { return ops::pixel_shuffle(in[0], 2); });
  checkCase("pixel_shuffle_3", 1,
            [](const Inputs &in) { return ops::pixel_shuffle(in[0], 3); });
  EXPECT_THAT(errorOf([&] {
                ops::glu(zeros({4, 3}), 1);
              }),
              HasSubstr("aten::glu: halving dimension must be even, but "
                        "dimension 1 is size 3"));
  EXPECT_THAT(errorOf([&] {
                ops::glu(zeros({4, 3}), 2);
              }),
              HasSubstr("aten::glu"));
  EXPECT_THAT(errorOf([&] {
                ops::pixel_shuffle(zeros({2, 7, 2, 2}), 2);
              }),
              HasSubstr("input.size(-3)=7 is not divisible by 4"));
  EXPECT_THAT(errorOf([&] {
                ops::pixel_shuffle(zeros({8, 2}), 2);
              }),
              HasSubstr("expects input to have at least 3 dimensions"));
}

TEST(NNMiscGolden, UpsampleNearest) {
  auto sized = [](const char *op, L size) {
    return [=](const Inputs &in) {
      std::vector<std::optional<double>> scales(size.size());
      return ops::upsample_nearest(op, in[0], size, scales);
    };
  };
  auto scaled = [](const char *op, std::vector<double> factors) {
    return [=](const Inputs &in) {
      return ops::upsample_nearest_vec(op, in[0],
                                       static_cast<int64_t>(factors.size()),
                                       std::nullopt, factors);
    };
  };
  const char *op2 = "aten::upsample_nearest2d";
  checkCase("upsample_nearest2d_double_size", 1, sized(op2, {6, 8}));
  checkCase("upsample_nearest2d_size", 1, sized(op2, {5, 7}));
  checkCase("upsample_nearest2d_uint8", 1, sized(op2, {3, 5}));
  checkCase("upsample_nearest2d_scales", 1, scaled(op2, {1.5, 2.5}));
  checkCase("upsample_nearest2d_down", 1, scaled(op2, {0.5, 0.5}));
  checkCase("upsample_nearest2d_interpolate", 1, scaled(op2, {1.7, 1.7}));
  checkCase("upsample_nearest2d_explicit_scales", 1, [&](const Inputs &in) {
    std::optional<double> scales[] = {1.5, std::nullopt};
    return ops::upsample_nearest(op2, in[0], L{5, 3}, scales);
  });
  checkCase("upsample_nearest1d_scale", 1,
            scaled("aten::upsample_nearest1d", {1.7}));
  checkCase("upsample_nearest1d_same_size_scale", 1,
            scaled("aten::upsample_nearest1d", {1.3}));
  checkCase("upsample_nearest1d_size", 1, [](const Inputs &in) {
    return ops::upsample_nearest_vec("aten::upsample_nearest1d", in[0], 1, L{5},
                                     std::nullopt);
  });
  checkCase("upsample_nearest3d_size", 1,
            sized("aten::upsample_nearest3d", {2, 3, 4}));
  Tensor x = zeros({1, 2, 3, 4});
  EXPECT_THAT(errorOf([&] {
                ops::upsample_nearest_vec(op2, x, 2, L{5, 5},
                                          std::vector<double>{2, 2});
              }),
              HasSubstr("aten::upsample_nearest2d: must specify exactly one "
                        "of output_size and scale_factors"));
  EXPECT_THAT(errorOf([&] {
                ops::upsample_nearest_vec(op2, x, 2, L{5}, std::nullopt);
              }),
              HasSubstr("expected output_size of 2 elements, but got [5]"));
  EXPECT_THAT(errorOf([&] {
                ops::upsample_nearest_vec(op2, x, 2, L{0, 5}, std::nullopt);
              }),
              HasSubstr("input and output sizes should be greater than 0, "
                        "but got input [3, 4] and output [0, 5]"));
  EXPECT_THAT(
      errorOf([&] {
        ops::upsample_nearest_vec(op2, zeros({3, 4}), 2, L{5, 5}, std::nullopt);
      }),
      HasSubstr("expected a 4-D input [N, C, ...], but got shape [3, "
                "4]"));
  EXPECT_THAT(errorOf([&] {
                ops::upsample_nearest_vec(op2, x.to(ScalarType::Long), 2,
                                          L{5, 5}, std::nullopt);
              }),
              HasSubstr("aten::upsample_nearest2d"));
}

TEST(NNMiscGolden, UpsampleLinear) {
  auto sized = [](const char *op, L size, bool align) {
    return [=](const Inputs &in) {
      std::vector<std::optional<double>> scales(size.size());
      return ops::upsample_linear(op, in[0], size, align, scales);
    };
  };
  auto scaled = [](const char *op, std::vector<double> factors, bool align) {
    return [=](const Inputs &in) {
      return ops::upsample_linear_vec(op, in[0],
                                      static_cast<int64_t>(factors.size()),
                                      std::nullopt, align, factors);
    };
  };
  const char *op2 = "aten::upsample_bilinear2d";
  checkCase("upsample_bilinear2d_size", 1, sized(op2, {5, 7}, false));
  checkCase("upsample_bilinear2d_align", 1, sized(op2, {5, 7}, true));
  checkCase("upsample_bilinear2d_down", 1, sized(op2, {2, 3}, false));
  checkCase("upsample_bilinear2d_double", 1, sized(op2, {4, 4}, false));
  checkCase("upsample_bilinear2d_one_row", 1, sized(op2, {1, 4}, true));
  checkCase("upsample_bilinear2d_scales", 1, scaled(op2, {1.5, 2.5}, false));
  checkCase("upsample_bilinear2d_scales_align", 1,
            scaled(op2, {1.5, 2.5}, true));
  checkCase("upsample_bilinear2d_interpolate", 1, scaled(op2, {2, 2}, false));
  checkCase("upsample_bilinear2d_explicit_scales", 1, [&](const Inputs &in) {
    std::optional<double> scales[] = {1.5, std::nullopt};
    return ops::upsample_linear(op2, in[0], L{4, 3}, false, scales);
  });
  checkCase("upsample_linear1d_size", 1,
            sized("aten::upsample_linear1d", {7}, false));
  checkCase("upsample_linear1d_align", 1,
            scaled("aten::upsample_linear1d", {2.5}, true));
  checkCase("upsample_trilinear3d_size", 1,
            sized("aten::upsample_trilinear3d", {3, 3, 4}, false));
  EXPECT_THAT(errorOf([&] {
                std::optional<double> scales[2];
                ops::upsample_linear(op2, zeros({1, 1, 2, 2}, ScalarType::Byte),
                                     L{3, 3}, false, scales);
              }),
              HasSubstr("aten::upsample_bilinear2d"));
}

// Sizes a script makes up are checked before anything of that size is
// allocated.
TEST(NNMiscGolden, HugeSizesAreUserErrors) {
  const int64_t huge = std::numeric_limits<int64_t>::max() - 1;
  Tensor x = zeros({1, 1, 2, 2});
  EXPECT_THAT(errorOf([&] {
                ops::constant_pad_nd(x, L{huge, huge});
              }),
              HasSubstr("aten::constant_pad_nd: size arithmetic overflows"));
  EXPECT_THAT(errorOf([&] {
                ops::pad(x, L{0, huge}, "replicate", std::nullopt);
              }),
              HasSubstr("aten::pad"));
  EXPECT_THAT(errorOf([&] {
                ops::conv2d(x, zeros({1, 1, 1, 1}), std::nullopt, L{1}, L{huge},
                            L{1}, 1);
              }),
              HasSubstr("aten::conv2d: size arithmetic overflows"));
  EXPECT_THAT(
      errorOf([&] { ops::max_pool2d(x, L{huge}, L{1}, L{0}, L{2}, false); }),
      HasSubstr("aten::max_pool2d: size arithmetic overflows"));
  std::optional<double> scales[2];
  EXPECT_THAT(errorOf([&] {
                ops::upsample_nearest("aten::upsample_nearest2d", x,
                                      L{1 << 30, 1 << 30}, scales);
              }),
              ::testing::Not(HasSubstr("<no error>")));
}

// The kernels read the schema's arguments: a LeNet-like graph as PyTorch
// prints it runs through them.
TEST(NNMiscGolden, Kernels) {
  CompiledGraph g(R"IR(graph(%x : Tensor, %w : Tensor, %b : Tensor,
      %rm : Tensor, %rv : Tensor):
  %none : NoneType = prim::Constant()
  %false : bool = prim::Constant[value=0]()
  %true : bool = prim::Constant[value=1]()
  %zero : int = prim::Constant[value=0]()
  %one : int = prim::Constant[value=1]()
  %two : int = prim::Constant[value=2]()
  %half : float = prim::Constant[value=0.5]()
  %mom : float = prim::Constant[value=0.10000000000000001]()
  %eps : float = prim::Constant[value=1.0000000000000001e-05]()
  %same : str = prim::Constant[value="same"]()
  %ones : int[] = prim::ListConstruct(%one, %one)
  %zeros : int[] = prim::ListConstruct(%zero, %zero)
  %twos : int[] = prim::ListConstruct(%two, %two)
  %empty : int[] = prim::ListConstruct()
  %c : Tensor = aten::conv2d(%x, %w, %b, %ones, %zeros, %ones, %one)
  %cs : Tensor = aten::conv2d(%x, %w, %none, %ones, %same, %ones, %one)
  %n : Tensor = aten::batch_norm(%c, %none, %none, %rm, %rv, %true, %mom, %eps, %true)
  %p : Tensor, %i : Tensor = aten::max_pool2d_with_indices(%n, %twos, %empty, %zeros, %ones, %false)
  %d : Tensor = aten::dropout(%p, %half, %true)
  %e : Tensor = aten::dropout(%p, %half, %false)
  return (%c, %cs, %n, %p, %i, %d, %e)
)IR",
                  /*seed=*/5);
  Tensor x = Tensor::zeros(std::vector<int64_t>{1, 2, 5, 5}, ScalarType::Float);
  for (int64_t i = 0; i < x.numel(); ++i)
    x.setItem(i, static_cast<double>((i * 7) % 5) - 2);
  Tensor w = ones({3, 2, 3, 3});
  Tensor b = Tensor::fromVector<float>({1, 2, 3}, {3});
  Tensor rm = zeros({3}), rv = ones({3});
  auto out = g.run({IValue(x), IValue(w), IValue(b), IValue(rm), IValue(rv)});
  Tensor c = ops::conv2d(x, w, b, L{1}, L{0}, L{1}, 1);
  EXPECT_TRUE(tensorsClose(out[0].toTensor(), c));
  EXPECT_TRUE(
      tensorsClose(out[1].toTensor(),
                   ops::conv2d(x, w, std::nullopt, L{1}, "same", L{1}, 1)));
  // The graph's batch_norm updated the running statistics in place.
  Tensor rm2 = zeros({3}), rv2 = ones({3});
  Tensor n =
      ops::batch_norm(c, std::nullopt, std::nullopt, rm2, rv2, true, 0.1, 1e-5);
  EXPECT_TRUE(tensorsClose(out[2].toTensor(), n));
  EXPECT_TRUE(tensorsClose(rm, rm2));
  EXPECT_TRUE(tensorsClose(rv, rv2));
  EXPECT_NE(rm.item(0).toDouble(), 0.0);
  auto [p, i] = ops::max_pool2d_with_indices(n, L{2}, L{}, L{0}, L{1}, false);
  EXPECT_TRUE(tensorsClose(out[3].toTensor(), p));
  EXPECT_TRUE(tensorsClose(out[4].toTensor(), i));
  const Tensor &dropped = out[5].toTensor();
  for (int64_t k = 0; k < p.numel(); ++k) {
    double v = dropped.item(k).toDouble();
    EXPECT_TRUE(v == 0 || v == 2 * p.item(k).toDouble()) << v;
  }
  // dropout in evaluation returns its input.
  EXPECT_TRUE(out[6].toTensor().isSame(out[3].toTensor()));
}

TEST(NNMiscGolden, UpsampleKernelChecksItsArguments) {
  CompiledGraph g(R"IR(graph(%x : Tensor):
  %none : NoneType = prim::Constant()
  %two : float = prim::Constant[value=2.]()
  %scales : float[] = prim::ListConstruct(%two)
  %up : Tensor = aten::upsample_nearest1d(%x, %none, %scales)
  %bad : Tensor = aten::upsample_nearest1d(%x, %none, %none)
  return (%up, %bad)
)IR");
  try {
    g.run({IValue(ones({1, 1, 3}))});
    FAIL() << "no error";
  } catch (const std::exception &e) {
    EXPECT_THAT(e.what(),
                HasSubstr("aten::upsample_nearest1d: must specify exactly "
                          "one of output_size and scale_factors"));
  }
}

} // namespace
