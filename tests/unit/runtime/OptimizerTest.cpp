//===- OptimizerTest.cpp - SGD and Adam against torch.optim ---------------===//
//
// Four steps of each configuration in tests/data/optimizers (written by
// make_optimizer_goldens.py from torch.optim) give PyTorch's parameters.
//
//===----------------------------------------------------------------------===//
#include "runtime/Optimizers.h"
#include "runtime/tensor/io/TensorFiles.h"
#include "support/Error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

using namespace kiln;

namespace {

std::map<std::string, Tensor> load(const std::string &name) {
  std::map<std::string, Tensor> out;
  for (auto &[key, t] : readNpz(std::string(KILN_SOURCE_DIR) +
                                "/tests/data/optimizers/" + name + ".npz"))
    out.emplace(key, t);
  return out;
}

template <typename Optimizer, typename Options>
void checkSteps(const std::string &name, Options options) {
  auto data = load(name);
  Tensor param = data.at("param").clone();
  Optimizer optimizer({param}, options);
  for (int i = 0; i < 4; ++i) {
    optimizer.step({data.at("grad" + std::to_string(i))});
    const Tensor &want = data.at("after" + std::to_string(i));
    ASSERT_EQ(param.sizes(), want.sizes());
    for (int64_t k = 0; k < param.numel(); ++k) {
      float got = param.data<float>()[k], expected = want.data<float>()[k];
      EXPECT_NEAR(got, expected, 1e-6 + 1e-5 * std::abs(expected))
          << name << ", step " << i << ", element " << k;
    }
  }
}

TEST(Optimizers, SGD) { checkSteps<SGD>("sgd", SGDOptions{.lr = 0.1}); }

TEST(Optimizers, SGDMomentumDampeningWeightDecay) {
  checkSteps<SGD>("sgd_momentum", SGDOptions{.lr = 0.05,
                                             .momentum = 0.9,
                                             .dampening = 0.1,
                                             .weightDecay = 0.01});
}

TEST(Optimizers, SGDNesterov) {
  checkSteps<SGD>("sgd_nesterov", SGDOptions{.lr = 0.05,
                                             .momentum = 0.8,
                                             .weightDecay = 0.02,
                                             .nesterov = true});
}

TEST(Optimizers, SGDMaximize) {
  checkSteps<SGD>("sgd_maximize",
                  SGDOptions{.lr = 0.1, .momentum = 0.5, .maximize = true});
}

TEST(Optimizers, Adam) { checkSteps<Adam>("adam", AdamOptions{.lr = 0.01}); }

TEST(Optimizers, AdamWeightDecayAmsgrad) {
  checkSteps<Adam>("adam_decay_amsgrad", AdamOptions{.lr = 0.02,
                                                     .beta1 = 0.8,
                                                     .beta2 = 0.95,
                                                     .eps = 1e-6,
                                                     .weightDecay = 0.1,
                                                     .amsgrad = true});
}

TEST(Optimizers, AdamW) {
  checkSteps<Adam>("adamw", AdamOptions{.lr = 0.01,
                                        .weightDecay = 0.05,
                                        .decoupledWeightDecay = true});
}

TEST(Optimizers, BadArgumentsAreUserErrors) {
  Tensor p = Tensor::zeros(std::vector<int64_t>{2}, ScalarType::Float);
  EXPECT_THROW(SGD({p}, SGDOptions{.lr = -1}), UserError);
  EXPECT_THROW(SGD({p}, SGDOptions{.lr = 0.1, .nesterov = true}), UserError);
  EXPECT_THROW(Adam({p}, AdamOptions{.beta1 = 1.0}), UserError);
  SGD sgd({p}, SGDOptions{.lr = 0.1});
  Tensor wrong = Tensor::zeros(std::vector<int64_t>{3}, ScalarType::Float);
  EXPECT_THROW(sgd.step({wrong}), UserError);
  EXPECT_THROW(sgd.step({}), UserError);
}

} // namespace
