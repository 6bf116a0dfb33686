//===- ActivationGoldenTest.cpp - Activations and aten::to against PyTorch ===//
#include "runtime/tensor/ops/Pointwise.h"
#include "tests/unit/ops/PointwiseCheck.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::pointwise;

namespace {

TEST(ActivationGolden, ReluFamily) {
  for (const char *name : {"relu", "relu_int", "relu_special", "relu_uint8"})
    checkCase(name, 1, [](Inputs in) { return ops::relu(in[0]); });
  checkCase("relu_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::relu_(self);
            }));
  checkCase("relu6", 1, [](Inputs in) { return ops::relu6(in[0]); });
  checkCase("relu6_int", 1, [](Inputs in) { return ops::relu6(in[0]); });
  checkCase("relu6_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::relu6_(self);
            }));
  checkCase("hardtanh", 1, [](Inputs in) { return ops::hardtanh(in[0]); });
  checkCase("hardtanh_bounds", 1,
            [](Inputs in) { return ops::hardtanh(in[0], -2.0, 0.5); });
  checkCase("hardtanh_int_fractional_bounds", 1,
            [](Inputs in) { return ops::hardtanh(in[0], -0.5, 0.5); });
  checkCase("hardtanh_uint8", 1,
            [](Inputs in) { return ops::hardtanh(in[0], 0, 100); });
  checkCase("hardtanh_inplace", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::hardtanh_(self, 0.0, 1.0);
            }));
  checkCase("leaky_relu", 1, [](Inputs in) { return ops::leaky_relu(in[0]); });
  checkCase("leaky_relu_slope", 1,
            [](Inputs in) { return ops::leaky_relu(in[0], 0.2); });
  checkCase("leaky_relu_inplace", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::leaky_relu_(self, 2.0);
            }));
}

TEST(ActivationGolden, Smooth) {
  checkCase("elu", 1, [](Inputs in) { return ops::elu(in[0]); });
  checkCase("elu_params", 1,
            [](Inputs in) { return ops::elu(in[0], 0.5, 2.0, 3.0); });
  checkCase("elu_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::elu_(self, 1.5);
            }));
  checkCase("gelu", 1, [](Inputs in) { return ops::gelu(in[0]); });
  checkCase("gelu_tanh", 1, [](Inputs in) { return ops::gelu(in[0], "tanh"); });
  checkCase("gelu_double", 1, [](Inputs in) { return ops::gelu(in[0]); });
  checkCase("gelu_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::gelu_(self, "tanh");
            }));
  checkCase("silu", 1, [](Inputs in) { return ops::silu(in[0]); });
  checkCase("silu_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::silu_(self);
            }));
  checkCase("mish", 1, [](Inputs in) { return ops::mish(in[0]); });
  checkCase("mish_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::mish_(self);
            }));
  checkCase("softplus", 1, [](Inputs in) { return ops::softplus(in[0]); });
  checkCase("softplus_params", 1,
            [](Inputs in) { return ops::softplus(in[0], 2, 10); });
  checkCase("hardsigmoid", 1,
            [](Inputs in) { return ops::hardsigmoid(in[0]); });
  checkCase("hardsigmoid_inplace", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::hardsigmoid_(self);
            }));
  checkCase("hardswish", 1, [](Inputs in) { return ops::hardswish(in[0]); });
  checkCase("hardswish_inplace", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::hardswish_(self);
            }));
}

TEST(ActivationErrors, Messages) {
  Tensor b = Tensor::fromVector<int64_t>({1, 0}, {2}).to(ScalarType::Bool);
  Tensor i = Tensor::fromVector<int64_t>({1, -2}, {2});
  Tensor f = Tensor::fromVector<float>({1, -2}, {2});
  expectUserError([&] { ops::relu(b); },
                  "aten::relu: bool inputs are not supported");
  expectUserError([&] { ops::hardtanh(b); },
                  "aten::hardtanh: bool inputs are not supported");
  expectUserError([&] { ops::relu6(b); }, "aten::relu6: bool inputs");
  Tensor u = i.to(ScalarType::Byte);
  expectUserError([&] { ops::hardtanh(u); },
                  "aten::hardtanh: cannot do hardtanh on an unsigned type "
                  "with negative limits");
  expectUserError([&] { ops::gelu(f, "fast"); },
                  "aten::gelu: approximate argument must be either none or "
                  "tanh, got 'fast'");
  for (auto op : {ops::silu, ops::mish, ops::hardswish, ops::hardsigmoid})
    expectUserError([&] { op(i); }, "tensors of dtype Long are not supported");
  expectUserError([&] { ops::gelu(i); },
                  "aten::gelu: tensors of dtype Long are not supported");
  expectUserError([&] { ops::elu(i); }, "aten::elu: tensors of dtype Long");
  expectUserError([&] { ops::softplus(i); }, "aten::softplus");
  expectUserError([&] { ops::leaky_relu(i); }, "aten::leaky_relu");
}

//===--- aten::to ---------------------------------------------------------===//

TEST(ConversionGolden, To) {
  checkCase("to_int32", 1,
            [](Inputs in) { return ops::to(in[0], ScalarType::Int); });
  checkCase("to_uint8", 1,
            [](Inputs in) { return ops::to(in[0], ScalarType::Byte); });
  checkCase("to_double", 1,
            [](Inputs in) { return ops::to(in[0], ScalarType::Double); });
  checkCase("to_bool", 1,
            [](Inputs in) { return ops::to(in[0], ScalarType::Bool); });
  checkCase("to_float_from_bool", 1,
            [](Inputs in) { return ops::to(in[0], ScalarType::Float); });
  checkCase("to_int8_wrap", 1,
            [](Inputs in) { return ops::to(in[0], ScalarType::Char); });
  checkCase("to_other", 2,
            [](Inputs in) { return ops::to(in[0], in[1].dtype()); });
  checkCase("type_as", 2, [](Inputs in) { return ops::type_as(in[0], in[1]); });
}

TEST(Conversion, AliasesUnlessACopyIsNeeded) {
  Tensor x = Tensor::fromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_TRUE(ops::to(x, ScalarType::Float).isSame(x));
  EXPECT_FALSE(ops::to(x, ScalarType::Float, /*copy=*/true).isSame(x));
  Tensor t = x.asStrided({3, 2}, {1, 3}, 0); // x.t()
  ops::ToOptions contiguous;
  contiguous.memoryFormat = 0;
  // As PyTorch: a transposed matrix is not channels-last, so it aliases.
  EXPECT_TRUE(ops::to(t, contiguous).isSame(t));
  // A copy preserving the format keeps the transposed strides.
  Tensor copy = ops::to(t, ScalarType::Double);
  EXPECT_EQ(copy.strides(), (std::vector<int64_t>{1, 3}));
  EXPECT_TRUE(tensorsClose(copy, ops::to(t.contiguous(), ScalarType::Double)));
  // contiguous_format with a copy gives row-major strides.
  contiguous.copy = true;
  EXPECT_EQ(ops::to(t, contiguous).strides(), (std::vector<int64_t>{2, 1}));
  // A broadcast view is not dense: its copy is contiguous.
  Tensor wide =
      Tensor::fromVector<float>({1, 2}, {2}).asStrided({3, 2}, {0, 1}, 0);
  EXPECT_EQ(ops::to(wide, ScalarType::Double).strides(),
            (std::vector<int64_t>{2, 1}));
  // An NHWC-strided 4-d tensor is copied by contiguous_format.
  Tensor nchw =
      Tensor::zeros(std::vector<int64_t>{1, 3, 2, 2}, ScalarType::Float);
  Tensor nhwc = Tensor::zeros(std::vector<int64_t>{12}, ScalarType::Float)
                    .asStrided({1, 3, 2, 2}, {12, 1, 6, 3}, 0);
  contiguous.copy = false;
  EXPECT_TRUE(ops::to(nchw, contiguous).isSame(nchw));
  Tensor converted = ops::to(nhwc, contiguous);
  EXPECT_FALSE(converted.isSame(nhwc));
  EXPECT_TRUE(converted.isContiguous());
}

TEST(ConversionErrors, Messages) {
  Tensor x = Tensor::fromVector<float>({1, 2}, {2});
  ops::ToOptions cuda;
  cuda.device = "cuda:0";
  expectUserError([&] { ops::to(x, cuda); },
                  "aten::to: Kiln runs on the CPU only; cannot move a tensor "
                  "to device 'cuda:0'");
  ops::ToOptions cpu;
  cpu.device = "cpu";
  EXPECT_TRUE(ops::to(x, cpu).isSame(x));
  ops::ToOptions sparse;
  sparse.layout = 1;
  expectUserError([&] { ops::to(x, sparse); },
                  "aten::to: only the strided layout is supported");
  ops::ToOptions pinned;
  pinned.pinMemory = true;
  expectUserError([&] { ops::to(x, pinned); },
                  "aten::to: pin_memory=True is not supported");
  ops::ToOptions channelsLast;
  channelsLast.memoryFormat = 2;
  expectUserError([&] { ops::to(x, channelsLast); },
                  "aten::to: memory format channels_last is not supported");
  expectUserError([&] { ops::to(x, ScalarType::Half); },
                  "aten::to: Kiln has no arithmetic for Half tensors");
}

} // namespace
