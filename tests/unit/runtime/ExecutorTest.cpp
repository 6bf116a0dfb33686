//===- ExecutorTest.cpp - Specialization per input signature --------------===//
#include "ir/IR.h"
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

TEST(Executor, UnknownPassIsAUserError) {
  EXPECT_THROW(Program::fromIR(kChain, "chain.ir", {"nope"}), UserError);
}

} // namespace
