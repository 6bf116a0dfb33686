//===- ExecutorTest.cpp - Specialization per input signature --------------===//
#include "ir/IR.h"
#include "runtime/KernelEvaluator.h"
#include "runtime/Program.h"

#include <gtest/gtest.h>

#include <thread>

using namespace kiln;

namespace {

const char *kChain = R"IR(graph(%x : Tensor,
      %y : Tensor):
  %one : int = prim::Constant[value=1]()
  %a : Tensor = aten::add(%x, %y, %one)
  %b : Tensor = aten::tanh(%a)
  %c : Tensor = aten::mul(%b, %x)
  return (%c)
)IR";

Tensor ones(std::vector<int64_t> sizes) {
  int64_t n = 1;
  for (int64_t s : sizes)
    n *= s;
  return Tensor::fromVector<float>(std::vector<float>(n, 0.5f), sizes);
}

TEST(Executor, SpecializesOncePerSignature) {
  auto p = Program::fromIR(kChain, "chain.ir");
  const Executor &e = p->executor();
  EXPECT_EQ(e.numSpecializations(), 0u);
  p->run({IValue(ones({2, 3})), IValue(ones({3}))});
  p->run({IValue(ones({2, 3})), IValue(ones({3}))});
  EXPECT_EQ(e.numSpecializations(), 1u);
  // A new batch size specializes again, by itself.
  auto out = p->run({IValue(ones({5, 3})), IValue(ones({3}))});
  EXPECT_EQ(e.numSpecializations(), 2u);
  EXPECT_EQ(out[0].toTensor().sizes(), (std::vector<int64_t>{5, 3}));

  std::vector<IValue> inputs{IValue(ones({5, 3})), IValue(ones({3}))};
  auto s = e.specializationFor(inputs);
  std::string text = s->graph->toString();
  EXPECT_NE(text.find("graph(%x : Float(5, 3, strides=[3, 1], "
                      "requires_grad=0, device=cpu)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Float(5, 3, requires_grad=0, device=cpu) = "
                      "prim::FusionGroup_0(%x, %y)"),
            std::string::npos)
      << text;
  // The program's own graph is untouched.
  EXPECT_EQ(p->graph().toString().find("FusionGroup"), std::string::npos);
}

TEST(Executor, SameNumbersWithAndWithoutThePipeline) {
  auto optimized = Program::fromIR(kChain, "chain.ir");
  auto plain = Program::fromIR(kChain, "chain.ir", {""});
  EXPECT_TRUE(plain->executor().generic().graph.get() == &plain->graph());
  Tensor x = ones({4, 3}), y = ones({3});
  Tensor a = optimized->run({IValue(x), IValue(y)})[0].toTensor();
  Tensor b = plain->run({IValue(x), IValue(y)})[0].toTensor();
  for (int64_t i = 0; i < a.numel(); ++i)
    EXPECT_EQ(a.item(i).toDouble(), b.item(i).toDouble());
}

TEST(Executor, ConcurrentRunsShareTheCache) {
  auto p = Program::fromIR(kChain, "chain.ir");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        int64_t batch = 1 + (t + i) % 3;
        auto out = p->run({IValue(ones({batch, 3})), IValue(ones({3}))});
        EXPECT_EQ(out[0].toTensor().sizes()[0], batch);
      }
    });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(p->executor().numSpecializations(), 3u);
}

const char *kModule = R"IR(graph(%self : __torch__.Net,
      %x : Tensor):
  %p : float = prim::Constant[value=0.5]()
  %w : Tensor = prim::GetAttr[name="weight"](%self)
  %t : bool = prim::GetAttr[name="training"](%self)
  %y : Tensor = aten::matmul(%x, %w)
  %z : Tensor = aten::dropout(%y, %p, %t)
  return (%z)
)IR";

TEST(Executor, SpecializesOnModuleAttributes) {
  auto p = Program::fromIR(kModule, "module.ir");
  IValue self = p->makeModule({{"weight", ones({3, 4})}});
  std::vector<IValue> inputs{self, IValue(ones({2, 3}))};
  auto eval = p->executor().specializationFor(inputs);
  std::string text = eval->graph->toString();
  // The weight's shape is known, so the product's is; evaluation mode
  // removes the dropout.
  EXPECT_NE(text.find("%w : Float(3, 4, strides=[4, 1], requires_grad=0, "
                      "device=cpu) = prim::GetAttr"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Float(2, 4, requires_grad=0, device=cpu) = "
                      "aten::matmul"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("dropout"), std::string::npos) << text;

  // Same shapes, new weights: the same Code.
  IValue other = p->makeModule({{"weight", ones({3, 4})}});
  EXPECT_EQ(p->executor().specializationFor({{other, inputs[1]}}), eval);

  // Training mode and another weight shape each specialize again.
  ObjectImpl &object = self.toObject();
  object.slots[static_cast<size_t>(object.cls->slotOf("training"))] =
      IValue(true);
  auto train = p->executor().specializationFor(inputs);
  EXPECT_NE(train, eval);
  EXPECT_NE(train->graph->toString().find("aten::dropout"), std::string::npos);
  IValue wide = p->makeModule({{"weight", ones({3, 5})}});
  auto out = p->run({wide, inputs[1]});
  EXPECT_EQ(out[0].toTensor().sizes(), (std::vector<int64_t>{2, 5}));
  EXPECT_EQ(p->executor().numSpecializations(), 3u);
}

TEST(Executor, FoldsConstantTensorsWithTheRuntimesKernels) {
  setConstantEvaluator(nullptr);
  auto p = Program::fromIR(R"IR(graph(%x : Tensor):
  %c : Tensor = prim::Constant[value={2}]()
  %e : Tensor = aten::exp(%c)
  %y : Tensor = aten::mul(%x, %e)
  return (%y)
)IR",
                           "fold.ir");
  EXPECT_EQ(constantEvaluator(), &kernelConstantEvaluator());
  std::string text = p->executor().generic().graph->toString();
  EXPECT_EQ(text.find("aten::exp"), std::string::npos) << text;
}

TEST(Executor, UnknownPassIsAUserError) {
  EXPECT_THROW(Program::fromIR(kChain, "chain.ir", {"nope"}), UserError);
}

} // namespace
