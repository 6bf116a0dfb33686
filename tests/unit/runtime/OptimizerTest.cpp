//===- OptimizerTest.cpp - torch.optim's update rules, replayed -----------===//
//
// tests/golden/optim.py ran torch.optim (foreach=False) for 5 steps on two
// parameters with recorded gradients; each case replays them with
// kiln::Optimizer and compares every step's parameters.
//
//===----------------------------------------------------------------------===//
#include "runtime/training/Optimizer.h"
#include "runtime/tensor/io/TensorFiles.h"
#include "support/Error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace kiln;

namespace {

struct Case {
  const char *name;
  OptimizerOptions options;
};

OptimizerOptions sgd(double lr, double momentum = 0, double dampening = 0,
                     bool nesterov = false, double weightDecay = 0) {
  OptimizerOptions o = OptimizerOptions::defaults("sgd", lr);
  o.momentum = momentum;
  o.dampening = dampening;
  o.nesterov = nesterov;
  o.weightDecay = weightDecay;
  return o;
}

OptimizerOptions adam(const char *kind, double lr, double weightDecay,
                      double beta1 = 0.9, double beta2 = 0.999,
                      double eps = 1e-8) {
  OptimizerOptions o = OptimizerOptions::defaults(kind, lr);
  o.weightDecay = weightDecay;
  o.beta1 = beta1;
  o.beta2 = beta2;
  o.eps = eps;
  return o;
}

// The configurations of tests/golden/optim.py.
const Case kCases[] = {
    {"sgd", sgd(0.1)},
    {"sgd_momentum", sgd(0.1, 0.9)},
    {"sgd_dampening", sgd(0.05, 0.8, 0.3)},
    {"sgd_nesterov_decay", sgd(0.1, 0.9, 0, true, 0.01)},
    {"adam", adam("adam", 0.01, 0)},
    {"adam_decay_betas", adam("adam", 0.003, 0.1, 0.8, 0.99, 1e-6)},
    {"adamw", adam("adamw", 0.01, 0.01)},
    {"adamw_decay", adam("adamw", 0.02, 0.3)},
};

class OptimizerGolden : public ::testing::TestWithParam<Case> {};

TEST_P(OptimizerGolden, MatchesTorchOptim) {
  const Case &c = GetParam();
  std::map<std::string, Tensor> golden;
  for (auto &[name, t] : readNpz(std::string(KILN_SOURCE_DIR) +
                                 "/tests/golden/optim/" + c.name + ".npz"))
    golden[name] = t;
  std::vector<Tensor> params{golden.at("p0_init").clone(),
                             golden.at("p1_init").clone()};
  Optimizer optimizer(c.options, params);
  for (int step = 1; step <= 5; ++step) {
    std::string s = std::to_string(step);
    optimizer.step({golden.at("g" + s + "_0"), golden.at("g" + s + "_1")});
    for (size_t i = 0; i < params.size(); ++i) {
      const Tensor &expected =
          golden.at("p" + std::to_string(i) + "_after" + s);
      ASSERT_EQ(params[i].numel(), expected.numel());
      for (int64_t k = 0; k < expected.numel(); ++k) {
        double want = expected.item(k).toDouble();
        double got = params[i].item(k).toDouble();
        EXPECT_NEAR(got, want, 1e-6 + 1e-5 * std::abs(want))
            << c.name << " step " << step << " parameter " << i << " element "
            << k;
      }
    }
  }
  EXPECT_EQ(optimizer.steps(0), 5);
}

TEST(Optimizer, SkipsParametersWithoutGradient) {
  Tensor a = Tensor::fromVector<float>({1, 2}, {2});
  Tensor b = Tensor::fromVector<float>({3}, {1});
  Optimizer optimizer(adam("adam", 0.1, 0), {a, b});
  optimizer.step({Tensor::fromVector<float>({1, 1}, {2}), Tensor()});
  EXPECT_EQ(optimizer.steps(0), 1);
  EXPECT_EQ(optimizer.steps(1), 0);
  EXPECT_NE(a.item(0).toDouble(), 1.0);
  EXPECT_EQ(b.item(0).toDouble(), 3.0);
}

INSTANTIATE_TEST_SUITE_P(TorchOptim, OptimizerGolden,
                         ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case> &p) {
                           return p.param.name;
                         });

TEST(Optimizer, RejectsWhatTorchOptimRejects) {
  EXPECT_THROW(OptimizerOptions::defaults("rmsprop", 0.1), UserError);
  EXPECT_THROW(optimizerStepIR(sgd(-1)), UserError);
  EXPECT_THROW(optimizerStepIR(sgd(0.1, 0, 0, /*nesterov=*/true)), UserError);
  EXPECT_THROW(optimizerStepIR(sgd(0.1, 0.9, 0.1, /*nesterov=*/true)),
               UserError);
  EXPECT_THROW(optimizerStepIR(adam("adam", 0.1, 0, /*beta1=*/1.0)), UserError);
  EXPECT_THROW(optimizerStepIR(adam("adam", 0.1, -1)), UserError);
}

TEST(Optimizer, ChecksTheGradients) {
  Tensor p = Tensor::zeros(std::vector<int64_t>{2, 2}, ScalarType::Float);
  Optimizer optimizer(sgd(0.1, 0.9), {p});
  EXPECT_THROW(optimizer.step({}), UserError);
  EXPECT_THROW(optimizer.step(
                   {Tensor::zeros(std::vector<int64_t>{4}, ScalarType::Float)}),
               UserError);
  EXPECT_THROW(optimizer.step({Tensor::zeros(std::vector<int64_t>{2, 2},
                                             ScalarType::Double)}),
               UserError);
  EXPECT_EQ(optimizer.steps(0), 0);
}

TEST(Optimizer, StepGraphIsReadableIR) {
  std::string text = optimizerStepIR(sgd(0.1, 0.9, 0, true));
  EXPECT_NE(text.find("%momentum_buffer : Tensor"), std::string::npos) << text;
  EXPECT_NE(text.find("aten::add_(%param, %nesterov, %neg_lr)"),
            std::string::npos)
      << text;
  EXPECT_EQ(OptimizerOptions::defaults("adam", 0.1).stateNames(),
            (std::vector<std::string>{"exp_avg", "exp_avg_sq"}));
}

} // namespace
