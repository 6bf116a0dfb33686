//===- NNLossGoldenTest.cpp - Losses and normalization against PyTorch ----===//
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

std::optional<Tensor> optionalInput(const Inputs &in, size_t i) {
  return in.size() > i ? std::optional<Tensor>(in[i]) : std::nullopt;
}

struct CrossEntropyCase {
  const char *name;
  size_t numInputs;
  int64_t reduction, ignoreIndex;
  double smoothing;
};

TEST(NNLossGolden, CrossEntropy) {
  const CrossEntropyCase cases[] = {
      {"cross_entropy_mean", 2, 1, -100, 0.0},
      {"cross_entropy_none", 2, 0, -100, 0.0},
      {"cross_entropy_sum", 2, 2, -100, 0.0},
      {"cross_entropy_weight", 3, 1, -100, 0.0},
      {"cross_entropy_ignore", 2, 1, 2, 0.0},
      {"cross_entropy_ignore_weight", 3, 1, -100, 0.0},
      {"cross_entropy_ignore_none", 3, 0, -100, 0.0},
      {"cross_entropy_smoothing", 2, 1, -100, 0.1},
      {"cross_entropy_smoothing_full", 2, 1, -100, 1.0},
      {"cross_entropy_smoothing_weight_ignore_mean", 3, 1, 1, 0.2},
      {"cross_entropy_smoothing_weight_ignore_none", 3, 0, 1, 0.2},
      {"cross_entropy_smoothing_weight_ignore_sum", 3, 2, 1, 0.2},
      {"cross_entropy_all_ignored", 2, 1, -100, 0.0},
      {"cross_entropy_negative_smoothing", 2, 1, -100, -0.5},
      {"cross_entropy_spatial", 2, 1, -100, 0.0},
      {"cross_entropy_spatial_none", 3, 0, -100, 0.1},
      {"cross_entropy_unbatched", 2, 1, -100, 0.0},
      {"cross_entropy_double", 2, 1, -100, 0.0},
      {"cross_entropy_uint8_target", 2, 2, -100, 0.0},
      {"cross_entropy_probs", 2, 1, -100, 0.0},
      {"cross_entropy_probs_weight", 3, 2, -100, 0.0},
      {"cross_entropy_probs_smoothing", 2, 0, -100, 0.3},
      {"cross_entropy_probs_spatial", 2, 1, -100, 0.0},
  };
  for (const CrossEntropyCase &c : cases)
    checkCase(c.name, c.numInputs, [&](const Inputs &in) {
      return ops::cross_entropy_loss(in[0], in[1], optionalInput(in, 2),
                                     c.reduction, c.ignoreIndex, c.smoothing);
    });
}

TEST(NNLossGolden, NllLoss) {
  auto nll = [](int64_t reduction, int64_t ignore) {
    return [=](const Inputs &in) {
      return ops::nll_loss(in[0], in[1], optionalInput(in, 2), reduction,
                           ignore);
    };
  };
  checkCase("nll_loss_mean", 2, nll(1, -100));
  checkCase("nll_loss_none", 2, nll(0, -100));
  checkCase("nll_loss_weight_sum", 3, nll(2, -100));
  checkCase("nll_loss_weight_mean", 3, nll(1, -100));
  checkCase("nll_loss_ignore", 2, nll(1, 0));
  checkCase("nll_loss_unbatched", 2, nll(0, -100));
  checkCase("nll_loss2d_mean", 3, [](const Inputs &in) {
    return ops::nll_loss2d(in[0], in[1], in[2], 1, -100);
  });
  checkCase("nll_loss2d_none", 2, [](const Inputs &in) {
    return ops::nll_loss2d(in[0], in[1], std::nullopt, 0, 1);
  });
  checkCase("nll_loss_nd_3d", 2, [](const Inputs &in) {
    return ops::nll_loss_nd(in[0], in[1], std::nullopt, 0, -100);
  });
  checkCase("nll_loss_nd_5d", 2, [](const Inputs &in) {
    return ops::nll_loss_nd(in[0], in[1], std::nullopt, 1, -100);
  });
  // nll_loss_nd agrees with nll_loss and nll_loss2d on their shapes.
  checkCase("nll_loss_weight_mean", 3, [](const Inputs &in) {
    return ops::nll_loss_nd(in[0], in[1], in[2], 1, -100);
  });
  checkCase("nll_loss2d_mean", 3, [](const Inputs &in) {
    return ops::nll_loss_nd(in[0], in[1], in[2], 1, -100);
  });
}

TEST(NNLossGolden, ClassificationErrors) {
  Tensor x = zeros({4, 3});
  Tensor t = Tensor::fromVector<int64_t>({0, 3, 1, 2}, {4});
  EXPECT_THAT(
      errorOf([&] { ops::cross_entropy_loss(x, t, std::nullopt, 1, -100, 0); }),
      HasSubstr("aten::nll_loss: target 3 is out of bounds"));
  EXPECT_THAT(errorOf([&] {
                ops::cross_entropy_loss(x, t.asStrided({3}, {1}, 0),
                                        std::nullopt, 1, -100, 0);
              }),
              HasSubstr("aten::nll_loss_nd: expected input batch_size (4) to "
                        "match target batch_size (3)"));
  EXPECT_THAT(
      errorOf([&] { ops::cross_entropy_loss(x, t, zeros({4}), 1, -100, 0); }),
      HasSubstr("weight tensor should be defined either for all 3 "
                "classes or no classes but got weight tensor of "
                "shape: [4]"));
  EXPECT_THAT(errorOf([&] {
                ops::cross_entropy_loss(x, t, std::nullopt, 1, -100, 1.5);
              }),
              HasSubstr("aten::cross_entropy_loss: label_smoothing must be "
                        "between 0.0 and 1.0. Got: 1.5"));
  EXPECT_THAT(
      errorOf([&] { ops::cross_entropy_loss(x, x, std::nullopt, 1, 1, 0); }),
      HasSubstr("ignore_index is not supported for floating point "
                "target"));
  EXPECT_THAT(errorOf([&] {
                ops::cross_entropy_loss(x, t.to(ScalarType::Int), std::nullopt,
                                        1, -100, 0);
              }),
              HasSubstr("expected class-index targets of dtype Long, but got "
                        "Int"));
  EXPECT_THAT(
      errorOf([&] { ops::cross_entropy_loss(x, t, std::nullopt, 3, -100, 0); }),
      HasSubstr("aten::cross_entropy_loss: invalid reduction 3"));
  EXPECT_THAT(errorOf([&] {
                ops::nll_loss(zeros({2, 3, 4}), zeros({2, 4}, ScalarType::Long),
                              std::nullopt, 1, -100);
              }),
              HasSubstr("aten::nll_loss: input tensor should be 1D or 2D"));
  EXPECT_THAT(errorOf([&] {
                ops::nll_loss_nd(zeros({2, 3, 4}),
                                 zeros({2, 5}, ScalarType::Long), std::nullopt,
                                 0, -100);
              }),
              HasSubstr("aten::nll_loss_nd: expected target size [2, 4], got "
                        "[2, 5]"));
}

TEST(NNLossGolden, PointwiseLosses) {
  auto mse = [](int64_t reduction) {
    return [=](const Inputs &in) {
      return ops::mse_loss(in[0], in[1], reduction);
    };
  };
  checkCase("mse_loss_mean", 2, mse(1));
  checkCase("mse_loss_none_broadcast", 2, mse(0));
  checkCase("mse_loss_sum", 2, mse(2));
  checkCase("mse_loss_double_float", 2, mse(1));
  checkCase("mse_loss_int_target", 2, mse(0));
  checkCase("mse_loss_empty", 2, mse(1));
  auto l1 = [](int64_t reduction) {
    return
        [=](const Inputs &in) { return ops::l1_loss(in[0], in[1], reduction); };
  };
  checkCase("l1_loss_mean", 2, l1(1));
  checkCase("l1_loss_broadcast", 2, l1(0));
  checkCase("l1_loss_int64_sum", 2, l1(2));
  checkCase("l1_loss_int64_none", 2, l1(0));
  checkCase("smooth_l1_loss_mean", 2, [](const Inputs &in) {
    return ops::smooth_l1_loss(in[0], in[1], 1, 1.0);
  });
  checkCase("smooth_l1_loss_beta_half", 2, [](const Inputs &in) {
    return ops::smooth_l1_loss(in[0], in[1], 0, 0.5);
  });
  checkCase("smooth_l1_loss_beta0", 2, [](const Inputs &in) {
    return ops::smooth_l1_loss(in[0], in[1], 2, 0.0);
  });

  Tensor a = zeros({4, 3});
  EXPECT_THAT(errorOf([&] { ops::mse_loss(a, zeros({5}), 1); }),
              HasSubstr("aten::mse_loss: shapes [4, 3] and [5] cannot be "
                        "broadcast"));
  EXPECT_THAT(errorOf([&] {
                ops::l1_loss(a.to(ScalarType::Long), a.to(ScalarType::Long), 1);
              }),
              HasSubstr("aten::l1_loss: the mean reduction needs a "
                        "floating-point dtype, but got Long"));
  EXPECT_THAT(errorOf([&] { ops::smooth_l1_loss(a, a, 1, -1.0); }),
              HasSubstr("does not support negative values for beta"));
  EXPECT_THAT(errorOf([&] {
                ops::mse_loss(a.to(ScalarType::Long), a.to(ScalarType::Long),
                              1);
              }),
              HasSubstr("aten::mse_loss"));
}

TEST(NNLossGolden, BinaryCrossEntropy) {
  auto bce = [](int64_t reduction) {
    return [=](const Inputs &in) {
      return ops::binary_cross_entropy(in[0], in[1], optionalInput(in, 2),
                                       reduction);
    };
  };
  checkCase("bce_mean", 2, bce(1));
  checkCase("bce_weight_none", 3, bce(0));
  checkCase("bce_target_broadcast", 2, bce(2));
  checkCase("bce_extremes", 2, bce(0));
  checkCase("bce_double", 2, bce(1));
  auto logits = [](int64_t reduction, bool weighted, bool positive) {
    return [=](const Inputs &in) {
      size_t next = 2;
      std::optional<Tensor> weight, posWeight;
      if (weighted)
        weight = in[next++];
      if (positive)
        posWeight = in[next++];
      return ops::binary_cross_entropy_with_logits(in[0], in[1], weight,
                                                   posWeight, reduction);
    };
  };
  checkCase("bce_logits_mean", 2, logits(1, false, false));
  checkCase("bce_logits_pos_weight", 3, logits(0, false, true));
  checkCase("bce_logits_weight_pos_weight", 4, logits(2, true, true));
  checkCase("bce_logits_extremes", 2, logits(0, false, false));
  checkCase("bce_logits_broadcast_input", 2, logits(0, false, false));
  checkCase("bce_logits_double_target", 2, logits(0, false, false));

  Tensor x = Tensor::fromVector<float>({0.5f, 1.5f}, {2});
  EXPECT_THAT(
      errorOf([&] { ops::binary_cross_entropy(x, x, std::nullopt, 1); }),
      HasSubstr("aten::binary_cross_entropy: all elements of input "
                "should be between 0 and 1"));
  EXPECT_THAT(errorOf([&] {
                ops::binary_cross_entropy(x, x.to(ScalarType::Double),
                                          std::nullopt, 1);
              }),
              HasSubstr("expected target to have the input's dtype Float, but "
                        "got Double"));
  EXPECT_THAT(errorOf([&] {
                ops::binary_cross_entropy_with_logits(
                    zeros({4, 3}), zeros({3}), std::nullopt, std::nullopt, 1);
              }),
              HasSubstr("aten::binary_cross_entropy_with_logits: output with "
                        "shape [3] doesn't match the broadcast shape [4, 3]"));
  EXPECT_THAT(errorOf([&] {
                ops::binary_cross_entropy_with_logits(
                    x, x.to(ScalarType::Long), std::nullopt, std::nullopt, 1);
              }),
              HasSubstr("expected a floating-point target, but got Long"));
}

// Records (output, running_mean, running_var); the running statistics are
// updated in place in a strided copy.
Outputs batchNormTrain(const Inputs &in, double momentum) {
  Tensor runningMean = nonContiguous(in[3]), runningVar = nonContiguous(in[4]);
  Tensor out = ops::batch_norm(in[0], in[1], in[2], runningMean, runningVar,
                               /*training=*/true, momentum, 1e-5);
  return {out, runningMean, runningVar};
}

TEST(NNLossGolden, BatchNorm) {
  for (const char *name : {"batch_norm_train", "batch_norm_train_double"})
    checkCase(name, 5,
              [](const Inputs &in) { return batchNormTrain(in, 0.1); });
  checkCase("batch_norm_train_momentum", 5,
            [](const Inputs &in) { return batchNormTrain(in, 0.3); });
  checkCase("batch_norm_train_plain", 1, [](const Inputs &in) {
    return ops::batch_norm(in[0], std::nullopt, std::nullopt, std::nullopt,
                           std::nullopt, true, 0.1, 1e-5);
  });
  checkCase("batch_norm_eval", 5, [](const Inputs &in) {
    return ops::batch_norm(in[0], in[1], in[2], in[3], in[4], false, 0.1, 1e-5);
  });
  checkCase("batch_norm_eval_plain", 3, [](const Inputs &in) {
    return ops::batch_norm(in[0], std::nullopt, std::nullopt, in[1], in[2],
                           false, 0.1, 0.1);
  });
  Tensor x = zeros({4, 3, 5});
  EXPECT_THAT(errorOf([&] {
                ops::batch_norm(x, zeros({4}), std::nullopt, std::nullopt,
                                std::nullopt, true, 0.1, 1e-5);
              }),
              HasSubstr("aten::batch_norm: weight should contain 3 elements "
                        "not 4"));
  EXPECT_THAT(errorOf([&] {
                ops::batch_norm(x, std::nullopt, std::nullopt, std::nullopt,
                                std::nullopt, false, 0.1, 1e-5);
              }),
              HasSubstr("aten::batch_norm: running_mean must be defined in "
                        "evaluation mode"));
  EXPECT_THAT(errorOf([&] {
                ops::batch_norm(x, zeros({3}, ScalarType::Double), std::nullopt,
                                std::nullopt, std::nullopt, true, 0.1, 1e-5);
              }),
              HasSubstr("expected weight to have the input's dtype Float, but "
                        "got Double"));
  EXPECT_THAT(errorOf([&] {
                ops::batch_norm(zeros({3}), std::nullopt, std::nullopt,
                                std::nullopt, std::nullopt, true, 0.1, 1e-5);
              }),
              HasSubstr("expected input with at least 2 dimensions"));
}

TEST(NNLossGolden, LayerGroupAndInstanceNorm) {
  auto layer = [](L shape, double eps) {
    return [=](const Inputs &in) {
      return ops::layer_norm(in[0], shape, optionalInput(in, 1),
                             optionalInput(in, 2), eps);
    };
  };
  checkCase("layer_norm_last", 3, layer({4}, 1e-5));
  checkCase("layer_norm_two_dims", 3, layer({3, 4}, 1e-5));
  checkCase("layer_norm_plain", 1, layer({5}, 1e-5));
  checkCase("layer_norm_eps", 1, layer({2, 2}, 0.1));
  checkCase("layer_norm_double", 2, layer({3}, 1e-5));
  auto group = [](int64_t groups, double eps) {
    return [=](const Inputs &in) {
      return ops::group_norm(in[0], groups, optionalInput(in, 1),
                             optionalInput(in, 2), eps);
    };
  };
  checkCase("group_norm_basic", 3, group(2, 1e-5));
  checkCase("group_norm_plain", 1, group(3, 1e-5));
  checkCase("group_norm_one_group", 3, group(1, 1e-5));
  checkCase("group_norm_per_channel", 1, group(3, 0.01));
  checkCase("instance_norm_basic", 1, [](const Inputs &in) {
    return ops::instance_norm(in[0], std::nullopt, std::nullopt, std::nullopt,
                              std::nullopt, true, 0.1, 1e-5);
  });
  checkCase("instance_norm_running", 5, [](const Inputs &in) {
    Tensor runningMean = nonContiguous(in[3]),
           runningVar = nonContiguous(in[4]);
    Tensor out = ops::instance_norm(in[0], in[1], in[2], runningMean,
                                    runningVar, true, 0.2, 1e-5);
    return Outputs{out, runningMean, runningVar};
  });
  checkCase("instance_norm_eval", 3, [](const Inputs &in) {
    return ops::instance_norm(in[0], std::nullopt, std::nullopt, in[1], in[2],
                              false, 0.1, 1e-5);
  });

  Tensor x = zeros({4, 3, 5});
  EXPECT_THAT(errorOf([&] {
                ops::layer_norm(x, L{4}, std::nullopt, std::nullopt, 1e-5);
              }),
              HasSubstr("aten::layer_norm: given normalized_shape=[4], "
                        "expected input with shape [*, 4], but got input of "
                        "size[4, 3, 5]"));
  EXPECT_THAT(errorOf([&] {
                ops::layer_norm(x, L{5}, zeros({4}), std::nullopt, 1e-5);
              }),
              HasSubstr("to be of same shape as normalized_shape, but got "
                        "shape [4] and normalized_shape = [5]"));
  EXPECT_THAT(
      errorOf([&] { ops::group_norm(x, 2, std::nullopt, std::nullopt, 1e-5); }),
      HasSubstr("aten::group_norm: expected number of channels in "
                "input to be divisible by num_groups, but got input "
                "of shape [4, 3, 5] and num_groups=2"));
  EXPECT_THAT(errorOf([&] {
                ops::instance_norm(x, std::nullopt, std::nullopt, std::nullopt,
                                   std::nullopt, false, 0.1, 1e-5);
              }),
              HasSubstr("aten::instance_norm: expected running_mean and "
                        "running_var to be defined when use_input_stats is "
                        "false"));
}

} // namespace
