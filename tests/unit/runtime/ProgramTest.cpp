//===- ProgramTest.cpp - Modules from weights, concurrent runs ------------===//
#include "runtime/Program.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace kiln;

namespace {

// A module graph as PyTorch prints an inlined nn.Linear-like module.
const char *kModule = R"IR(graph(%self : __torch__.M,
      %x : Tensor):
  %one : int = prim::Constant[value=1]()
  %lin : __torch__.Lin = prim::GetAttr[name="lin"](%self)
  %w : Tensor = prim::GetAttr[name="weight"](%lin)
  %b : Tensor? = prim::GetAttr[name="bias"](%lin)
  %training : bool = prim::GetAttr[name="training"](%self)
  %b2 : Tensor = prim::unchecked_cast(%b)
  %y : Tensor = aten::mul(%x, %w)
  %z : Tensor = aten::add(%y, %b2, %one)
  return (%z)
)IR";

Tensor vec(std::vector<float> v) {
  auto n = static_cast<int64_t>(v.size());
  return Tensor::fromVector<float>(v, {n});
}

TEST(Program, ModuleFromStateDict) {
  auto p = Program::fromIR(kModule, "m.ir");
  EXPECT_TRUE(p->takesModule());
  EXPECT_EQ(p->numUserInputs(), 1u);
  IValue self =
      p->makeModule({{"lin.weight", vec({2, 3})}, {"lin.bias", vec({1, 1})}});
  auto out = p->run({self, IValue(vec({1, 2}))});
  EXPECT_EQ(out[0].toTensor().item(0).toDouble(), 3.0);
  EXPECT_EQ(out[0].toTensor().item(1).toDouble(), 7.0);
}

TEST(Program, WeightMismatchesAreListed) {
  auto p = Program::fromIR(kModule, "m.ir");
  try {
    p->makeModule({{"lin.bias", vec({1})}, {"lin.extra", vec({1})}});
    FAIL() << "accepted";
  } catch (const UserError &e) {
    std::string what = e.what();
    EXPECT_NE(what.find("missing:\n    lin.weight"), std::string::npos) << what;
    EXPECT_NE(what.find("unexpected (the graph does not read them):\n    "
                        "lin.extra"),
              std::string::npos)
        << what;
  }
}

// One Program, many threads, each with its own inputs.
TEST(Program, RunsFromSeveralThreadsAtOnce) {
  auto p = Program::fromIR(R"IR(graph(%x : Tensor, %n : int):
  %t : bool = prim::Constant[value=1]()
  %one : int = prim::Constant[value=1]()
  %y : Tensor = prim::Loop(%n, %t, %x)
    block0(%i : int, %acc : Tensor):
      %a : Tensor = aten::add(%acc, %x, %one)
      -> (%t, %a)
  %none : NoneType = prim::Constant()
  %s : Tensor = aten::sum(%y, %none)
  return (%s)
)IR",
                           "loop.ir");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int r = 0; r < 200; ++r) {
        float v = static_cast<float>(t + 1);
        Tensor x = Tensor::full(std::vector<int64_t>{8}, Scalar(double(v)),
                                ScalarType::Float);
        int64_t n = r % 7;
        auto out = p->run({IValue(x), IValue(n)});
        double expected = 8.0 * v * static_cast<double>(n + 1);
        if (out[0].toTensor().item().toDouble() != expected)
          ++wrong;
      }
    });
  for (auto &th : threads)
    th.join();
  EXPECT_EQ(wrong.load(), 0);
}

} // namespace
