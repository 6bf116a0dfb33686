//===- ModuleStateProgramTest.cpp - Module objects from module trees ------===//
#include "runtime/ModuleState.h"
#include "runtime/Program.h"

#include <gtest/gtest.h>

using namespace kiln;

namespace {

// What the frontend emits for
//   class Net(nn.Module):
//     def __init__(self):
//       self.lin = Lin(); self.scale = 2.0; self.unused = 7
//     def forward(self, x):
//       y = self.lin.weight * x + self.lin.bias
//       return y * self.scale, self.training, self.lin.training
const char *kNet = R"IR(graph(%self : __torch__.Net,
      %x : Tensor):
  %one : int = prim::Constant[value=1]()
  %lin : __torch__.Lin = prim::GetAttr[name="lin"](%self)
  %w : Tensor = prim::GetAttr[name="weight"](%lin)
  %b : Tensor = prim::GetAttr[name="bias"](%lin)
  %scale : float = prim::GetAttr[name="scale"](%self)
  %y : Tensor = aten::mul(%w, %x)
  %z : Tensor = aten::add(%y, %b, %one)
  %out : Tensor = aten::mul(%z, %scale)
  %training : bool = prim::GetAttr[name="training"](%self)
  %lin_training : bool = prim::GetAttr[name="training"](%lin)
  %t : (Tensor, bool, bool) = prim::TupleConstruct(%out, %training, %lin_training)
  return (%t)
)IR";

Tensor vec(std::vector<float> v) {
  auto n = static_cast<int64_t>(v.size());
  return Tensor::fromVector<float>(v, {n});
}

ModuleState::Entry entry(std::string name, ModuleState::Kind kind,
                         IValue value) {
  ModuleState::Entry e;
  e.name = std::move(name);
  e.kind = kind;
  e.value = std::move(value);
  return e;
}

ModuleState::Entry submodule(std::string name, Ref<ModuleState> module) {
  ModuleState::Entry e;
  e.name = std::move(name);
  e.kind = ModuleState::Kind::Module;
  e.module = std::move(module);
  return e;
}

Ref<ModuleState> makeLin() {
  auto lin = Ref<ModuleState>::make("Lin", "__torch__.Lin");
  lin->entries.push_back(
      entry("weight", ModuleState::Kind::Parameter, IValue(vec({2, 3}))));
  lin->entries.push_back(
      entry("bias", ModuleState::Kind::Parameter, IValue(vec({1, 1}))));
  return lin;
}

Ref<ModuleState> makeNet() {
  auto net = Ref<ModuleState>::make("Net", "__torch__.Net");
  net->entries.push_back(submodule("lin", makeLin()));
  net->entries.push_back(entry("scale", ModuleState::Kind::Value, 2.0));
  net->entries.push_back(
      entry("unused", ModuleState::Kind::Value, IValue(int64_t{7})));
  return net;
}

TEST(ProgramModuleState, BuildsSelfFromTheTree) {
  auto p = Program::fromIR(kNet, "net.ir");
  Ref<ModuleState> net = makeNet();
  net->training = false;
  net->entries[0].module->training = true;
  IValue self = p->makeModule(*net);
  auto out = p->run({self, IValue(vec({1, 2}))});
  const auto &items = out[0].toTupleItems();
  // (2*1+1)*2, (3*2+1)*2
  EXPECT_EQ(items[0].toTensor().item(0).toDouble(), 6.0);
  EXPECT_EQ(items[0].toTensor().item(1).toDouble(), 14.0);
  EXPECT_FALSE(items[1].toBool());
  EXPECT_TRUE(items[2].toBool());
}

TEST(ProgramModuleState, SkipsAttributesTheGraphNeverReads) {
  auto p = Program::fromIR(kNet, "net.ir");
  Ref<ModuleState> net = makeNet();
  IValue self = p->makeModule(*net);
  const ObjectImpl &obj = self.toObject();
  EXPECT_EQ(obj.cls->name, "__torch__.Net");
  EXPECT_EQ(obj.cls->slotOf("unused"), -1);
  EXPECT_EQ(obj.slots.size(), obj.cls->attributes.size());
  // The object shares the state's tensors.
  const ObjectImpl &lin =
      obj.slots[static_cast<size_t>(obj.cls->slotOf("lin"))].toObject();
  EXPECT_EQ(lin.cls->name, "__torch__.Lin");
  const Tensor &weight =
      lin.slots[static_cast<size_t>(lin.cls->slotOf("weight"))].toTensor();
  EXPECT_TRUE(
      weight.isSame(net->entries[0].module->entries[0].value.toTensor()));
}

TEST(ProgramModuleState, ASharedSubmoduleIsOneObject) {
  auto p = Program::fromIR(R"IR(graph(%self : __torch__.Pair,
      %x : Tensor):
  %a : __torch__.Lin = prim::GetAttr[name="a"](%self)
  %b : __torch__.Lin = prim::GetAttr[name="b"](%self)
  %wa : Tensor = prim::GetAttr[name="weight"](%a)
  %wb : Tensor = prim::GetAttr[name="weight"](%b)
  %y : Tensor = aten::mul(%wa, %wb)
  return (%y)
)IR",
                           "pair.ir");
  auto pair = Ref<ModuleState>::make("Pair", "__torch__.Pair");
  Ref<ModuleState> lin = makeLin();
  pair->entries.push_back(submodule("a", lin));
  pair->entries.push_back(submodule("b", lin));
  IValue self = p->makeModule(*pair);
  const ObjectImpl &obj = self.toObject();
  EXPECT_EQ(
      obj.slots[static_cast<size_t>(obj.cls->slotOf("a"))].toObjectRef().get(),
      obj.slots[static_cast<size_t>(obj.cls->slotOf("b"))].toObjectRef().get());
  auto out = p->run({self, IValue(vec({0, 0}))});
  EXPECT_EQ(out[0].toTensor().item(1).toDouble(), 9.0);
}

TEST(ProgramModuleState, AMissingAttributeIsAnInternalError) {
  auto p = Program::fromIR(kNet, "net.ir");
  Ref<ModuleState> net = makeNet();
  net->entries[0].module->entries.pop_back(); // lin.bias
  try {
    p->makeModule(*net);
    FAIL() << "accepted";
  } catch (const InternalError &e) {
    std::string what = e.what();
    EXPECT_NE(what.find("lin.bias"), std::string::npos) << what;
  }
}

TEST(ProgramModuleState, AnotherClassIsAnInternalError) {
  auto p = Program::fromIR(kNet, "net.ir");
  Ref<ModuleState> net = makeNet();
  net->entries[0].module = Ref<ModuleState>::make("Conv", "__torch__.Conv");
  EXPECT_THROW(p->makeModule(*net), InternalError);
  auto other = Ref<ModuleState>::make("Other", "__torch__.Other");
  EXPECT_THROW(p->makeModule(*other), InternalError);
}

TEST(ProgramModuleState, AValueWhereTheGraphWantsAModuleIsAnInternalError) {
  auto p = Program::fromIR(kNet, "net.ir");
  Ref<ModuleState> net = makeNet();
  net->entries[0] = entry("lin", ModuleState::Kind::Value, IValue());
  EXPECT_THROW(p->makeModule(*net), InternalError);
}

} // namespace
