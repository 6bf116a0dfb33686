//===- PointwiseKernelsTest.cpp - The pointwise family's bindings ---------===//
//
// The kernels of ir/ops/Pointwise.def and of the activations in NN.def, run
// through the interpreter as TorchScript graphs call them: which ops have a
// kernel, how arguments arrive (dtype codes, Devices, None, strings), and
// that in-place kernels write into the caller's tensor.
//
//===----------------------------------------------------------------------===//
#include "ir/Diagnostics.h"
#include "ir/OpTable.h"
#include "runtime/Interpreter.h"
#include "runtime/tensor/ops/Pointwise.h"
#include "tests/support/Golden.h"
#include "tests/support/RunGraph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string_view>

using namespace kiln;
using namespace kiln::testing;

namespace {

// Ops of Pointwise.def without a kernel (none).
const std::string_view kUnbound[] = {""};

TEST(PointwiseKernels, EveryPointwiseOpHasAKernel) {
  const KernelTable &kernels = KernelTable::get();
#define KILN_OP(Id, Schema, Traits)                                            \
  {                                                                            \
    bool unbound = std::find(std::begin(kUnbound), std::end(kUnbound), #Id) != \
                   std::end(kUnbound);                                         \
    EXPECT_EQ(kernels.find(OpId::Id) != nullptr, !unbound) << #Id;             \
  }
#include "ir/ops/Pointwise.def"
#undef KILN_OP
  for (OpId op :
       {OpId::aten_gelu, OpId::aten_gelu_, OpId::aten_silu, OpId::aten_silu_,
        OpId::aten_elu, OpId::aten_elu_, OpId::aten_leaky_relu,
        OpId::aten_leaky_relu_, OpId::aten_hardtanh, OpId::aten_hardtanh_,
        OpId::aten_softplus, OpId::aten_relu6, OpId::aten_relu6_,
        OpId::aten_hardswish, OpId::aten_hardswish_, OpId::aten_hardsigmoid,
        OpId::aten_hardsigmoid_, OpId::aten_mish, OpId::aten_mish_})
    EXPECT_NE(kernels.find(op), nullptr)
        << OpTable::get().info(op).schema.str();
}

Tensor floats(std::vector<float> v) {
  auto n = static_cast<int64_t>(v.size());
  return Tensor::fromVector(v, {n});
}

TEST(PointwiseKernels, ToOverloads) {
  // x.to(torch.int32), x.to(y), x.to("cpu", torch.float64, copy=True),
  // x.to(dtype=torch.float64, device="cpu") and the prim overloads.
  CompiledGraph c(R"IR(graph(%x : Tensor, %y : Tensor):
  %false : bool = prim::Constant[value=0]()
  %true : bool = prim::Constant[value=1]()
  %none : NoneType = prim::Constant()
  %int32 : int = prim::Constant[value=3]()
  %double : int = prim::Constant[value=7]()
  %cpu : Device = prim::Constant[value="cpu"]()
  %a : Tensor = aten::to(%x, %int32, %false, %false, %none)
  %b : Tensor = aten::to(%x, %y, %false, %false, %none)
  %c : Tensor = aten::to(%x, %cpu, %double, %false, %true, %none)
  %d : Tensor = aten::to(%x, %double, %none, %cpu, %none, %false, %false, %none)
  %e : Tensor = aten::to(%x, %cpu, %none, %false, %false)
  %f : Tensor = aten::to(%x, %int32, %false, %false)
  %g : Tensor = aten::to(%x, %false, %true)
  %h : Tensor = aten::type_as(%x, %y)
  return (%a, %b, %c, %d, %e, %f, %g, %h)
)IR");
  Tensor x = floats({1.5f, -2.5f});
  Tensor y = Tensor::fromVector<int64_t>({0}, {1});
  auto out = c.run({IValue(x), IValue(y)});
  ScalarType expected[] = {ScalarType::Int,    ScalarType::Long,
                           ScalarType::Double, ScalarType::Double,
                           ScalarType::Float,  ScalarType::Int,
                           ScalarType::Float,  ScalarType::Long};
  for (size_t i = 0; i < out.size(); ++i)
    EXPECT_EQ(out[i].toTensor().dtype(), expected[i]) << "output " << i;
  EXPECT_EQ(out[0].toTensor().item(1).toInt(), -2);
  EXPECT_TRUE(out[4].toTensor().isSame(x)) << "to(cpu) aliases";
  EXPECT_FALSE(out[6].toTensor().isSame(x)) << "copy=True copies";
}

TEST(PointwiseKernels, ToAnotherDeviceIsAnError) {
  CompiledGraph c(R"IR(graph(%x : Tensor):
  %false : bool = prim::Constant[value=0]()
  %none : NoneType = prim::Constant()
  %double : int = prim::Constant[value=7]()
  %cuda : Device = prim::Constant[value="cuda:0"]()
  %a : Tensor = aten::to(%x, %cuda, %double, %false, %false, %none) # m.py:2:8
  return (%a)
)IR");
  try {
    c.run({IValue(floats({1}))});
    FAIL() << "no error";
  } catch (const CompileError &e) {
    EXPECT_NE(std::string(e.what()).find(
                  "m.py:2:8: error: aten::to: Kiln runs on the CPU only"),
              std::string::npos)
        << e.what();
  }
}

TEST(PointwiseKernels, InPlaceKernelsWriteTheCallersTensor) {
  CompiledGraph c(R"IR(graph(%x : Tensor, %y : Tensor):
  %one : int = prim::Constant[value=1]()
  %a : Tensor = aten::add_(%x, %y, %one)
  %b : Tensor = aten::relu_(%a)
  %c : Tensor = aten::clamp_max_(%b, %one)
  return (%c)
)IR");
  Tensor x = floats({-3, 0.5f, 4});
  auto out = c.run({IValue(x), IValue(floats({1, 1, 1}))});
  EXPECT_TRUE(out[0].toTensor().isSame(x));
  EXPECT_TRUE(tensorsClose(x, floats({0, 1, 1})));
}

TEST(PointwiseKernels, OptionalAndStringArguments) {
  CompiledGraph c(R"IR(graph(%x : Tensor, %y : Tensor):
  %none : NoneType = prim::Constant()
  %floor : str = prim::Constant[value="floor"]()
  %tanh : str = prim::Constant[value="tanh"]()
  %half : float = prim::Constant[value=0.5]()
  %a : Tensor = aten::div(%x, %y, %floor)
  %b : Tensor = aten::div(%x, %y, %none)
  %c : Tensor = aten::clamp(%x, %none, %half)
  %d : Tensor = aten::clamp(%x, %y, %none)
  %e : Tensor = aten::gelu(%x, %tanh)
  %f : Tensor = aten::nan_to_num(%x, %half, %none, %none)
  return (%a, %b, %c, %d, %e, %f)
)IR");
  auto out = c.run({IValue(floats({-3, 4})), IValue(floats({2, 8}))});
  EXPECT_TRUE(tensorsClose(out[0].toTensor(), floats({-2, 0})));
  EXPECT_TRUE(tensorsClose(out[1].toTensor(), floats({-1.5f, 0.5f})));
  EXPECT_TRUE(tensorsClose(out[2].toTensor(), floats({-3, 0.5f})));
  EXPECT_TRUE(tensorsClose(out[3].toTensor(), floats({2, 8})));
  EXPECT_EQ(out[4].toTensor().numel(), 2);
  EXPECT_TRUE(tensorsClose(out[5].toTensor(), floats({-3, 4})));
}

TEST(PointwiseKernels, ListAndTupleResults) {
  CompiledGraph c(R"IR(graph(%x : Tensor):
  %idx : Tensor[] = aten::where(%x)
  %m : Tensor, %e : Tensor = aten::frexp(%x)
  return (%idx, %m, %e)
)IR");
  auto out = c.run({IValue(floats({0, 8, 0, -3}))});
  auto &indices = out[0].toList().items;
  ASSERT_EQ(indices.size(), 1u);
  EXPECT_TRUE(tensorsClose(indices[0].toTensor(),
                           Tensor::fromVector<int64_t>({1, 3}, {2})));
  EXPECT_TRUE(tensorsClose(out[1].toTensor(), floats({0, 0.5f, 0, -0.75f})));
  EXPECT_EQ(out[2].toTensor().dtype(), ScalarType::Int);
}

TEST(PointwiseKernels, LargeStridedTensorsRunInParallel) {
  // 300 x 400 elements, well above the parallel grain, read transposed: each
  // element must come out as if computed on its own.
  std::vector<int64_t> values(120000);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<int64_t>(i % 1000) - 500;
  Tensor base = Tensor::fromVector(values, {400, 300});
  Tensor x = base.asStrided({300, 400}, {1, 300}, 0);
  Tensor floored = ops::floor_divide(x, 7);
  Tensor compared = ops::gt(x, Tensor::scalar(0, ScalarType::Long));
  for (int64_t i = 0; i < x.numel(); i += 997) {
    int64_t v = x.item(i).toInt();
    EXPECT_EQ(floored.item(i).toInt(), (v - ((v % 7) + 7) % 7) / 7) << i;
    EXPECT_EQ(compared.item(i).toBool(), v > 0) << i;
  }
}

} // namespace
