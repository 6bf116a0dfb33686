//===- ModuleStateTest.cpp - State dicts of module trees ------------------===//
#include "runtime/ModuleState.h"

#include "tests/support/ErrorOf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace kiln;
using kiln::testing::errorOf;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

using Kind = ModuleState::Kind;

Tensor zeros(std::vector<int64_t> sizes, ScalarType dtype = ScalarType::Float) {
  return Tensor::full(sizes, Scalar(0.0), dtype);
}

std::vector<std::string>
names(const std::vector<std::pair<std::string, Tensor>> &entries) {
  std::vector<std::string> out;
  for (const auto &[name, t] : entries)
    out.push_back(name);
  return out;
}

/// conv (weight, bias) + bn (weight, bias, running stats) set in the order a
/// ResNet block's __init__ would, with a buffer set before a parameter.
Ref<ModuleState> makeNet() {
  auto net = Ref<ModuleState>::make("Net", "__torch__.Net");
  auto conv = Ref<ModuleState>::make("Conv2d",
                                     "__torch__.torch.nn.modules.conv.Conv2d");
  conv->set("in_channels", Kind::Value, IValue(int64_t{1}));
  conv->set("weight", Kind::Parameter, IValue(zeros({4, 1, 3, 3})));
  conv->set("bias", Kind::Parameter, IValue(zeros({4})));
  auto bn = Ref<ModuleState>::make(
      "BatchNorm2d", "__torch__.torch.nn.modules.batchnorm.BatchNorm2d");
  bn->set("running_mean", Kind::Buffer, IValue(zeros({4})));
  bn->set("weight", Kind::Parameter, IValue(zeros({4})));
  bn->set("num_batches_tracked", Kind::Buffer,
          IValue(zeros({}, ScalarType::Long)));
  bn->set("bias", Kind::Parameter, IValue(zeros({4})));
  net->setModule("conv", conv);
  net->set("scale", Kind::Buffer, IValue(zeros({1})));
  net->setModule("bn", bn);
  net->set("head", Kind::Parameter, IValue(zeros({2})));
  net->set("extra", Kind::Parameter, IValue()); // register_parameter(.., None)
  return net;
}

TEST(ModuleState, StateDictOrderIsPyTorchs) {
  auto net = makeNet();
  EXPECT_THAT(names(net->stateDict()),
              ::testing::ElementsAre(
                  "head", "scale", "conv.weight", "conv.bias", "bn.weight",
                  "bn.bias", "bn.running_mean", "bn.num_batches_tracked"));
  EXPECT_THAT(names(net->namedParameters()),
              ::testing::ElementsAre("head", "conv.weight", "conv.bias",
                                     "bn.weight", "bn.bias"));
}

TEST(ModuleState, SetReplacesInPlace) {
  auto m = Ref<ModuleState>::make("M", "__torch__.M");
  m->set("a", Kind::Value, IValue(int64_t{1}));
  m->set("b", Kind::Value, IValue(int64_t{2}));
  m->set("a", Kind::Parameter, IValue(zeros({1})));
  ASSERT_EQ(m->entries.size(), 2u);
  EXPECT_EQ(m->entries[0].name, "a");
  EXPECT_EQ(m->entries[0].kind, Kind::Parameter);
  ASSERT_NE(m->find("b"), nullptr);
  EXPECT_EQ(m->find("b")->value.toInt(), 2);
  EXPECT_EQ(m->find("c"), nullptr);
}

TEST(ModuleState, SetTrainingRecurses) {
  auto net = makeNet();
  net->setTraining(false);
  EXPECT_FALSE(net->training);
  EXPECT_FALSE(net->find("conv")->module->training);
  EXPECT_FALSE(net->find("bn")->module->training);
}

TEST(ModuleState, LoadStateDictReplacesTensors) {
  auto net = makeNet();
  std::vector<std::pair<std::string, Tensor>> sd;
  for (auto &[name, t] : net->stateDict())
    sd.emplace_back(name, Tensor::full(t.sizes(), Scalar(1.0), t.dtype()));
  net->loadStateDict(sd, "the weights");
  for (auto &[name, t] : net->stateDict())
    EXPECT_EQ(t.item(0).toDouble(), 1.0) << name;
  EXPECT_TRUE(net->find("extra")->value.isNone());
}

TEST(ModuleState, LoadStateDictListsEveryProblem) {
  auto net = makeNet();
  std::vector<std::pair<std::string, Tensor>> sd;
  for (auto &[name, t] : net->stateDict()) {
    if (name == "conv.bias")
      continue; // missing
    if (name == "bn.weight")
      sd.emplace_back(name, zeros({5})); // wrong shape
    else if (name == "bn.num_batches_tracked")
      sd.emplace_back(name, zeros({})); // wrong dtype
    else
      sd.emplace_back(name, t);
  }
  sd.emplace_back("conv.bais", zeros({4})); // unexpected
  std::string err = errorOf([&] { net->loadStateDict(sd, "w.safetensors"); });
  EXPECT_THAT(err, HasSubstr("w.safetensors do not fit the module Net"));
  EXPECT_THAT(err, HasSubstr("missing:\n    conv.bias"));
  EXPECT_THAT(err, HasSubstr("unexpected:\n    conv.bais"));
  EXPECT_THAT(err, HasSubstr("bn.weight: expected Float[4], got Float[5]"));
  EXPECT_THAT(err, HasSubstr("bn.num_batches_tracked"));
  EXPECT_THAT(err, Not(HasSubstr("extra")));
  // Nothing changed: the load is all or nothing.
  EXPECT_EQ(net->find("head")->value.toTensor().item(0).toDouble(), 0.0);
}

} // namespace
