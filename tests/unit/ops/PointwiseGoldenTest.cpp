//===- PointwiseGoldenTest.cpp - Elementwise arithmetic against PyTorch ---===//
//
// The arithmetic of the pointwise family; the rest of the family's goldens
// are checked in UnaryMathGoldenTest.cpp, ComparisonGoldenTest.cpp and
// ActivationGoldenTest.cpp.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Pointwise.h"
#include "tests/unit/ops/PointwiseCheck.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::pointwise;

namespace {

TEST(PointwiseGolden, Add) {
  auto add = [](Inputs in) { return ops::add(in[0], in[1]); };
  for (const char *name :
       {"add_same_shape", "add_scalar_tensor", "add_int_float", "add_int64",
        "add_bool", "add_empty", "add_0d_0d", "add_int32_0d_int64",
        "add_float_0d_double", "add_int_0d_double", "add_uint8_int8",
        "add_int8_overflow"})
    checkCase(name, 2, add);
  checkCase("add_broadcast", 2,
            [](Inputs in) { return ops::add(in[0], in[1], /*alpha=*/2); });
  checkCase("add_alpha_float", 2,
            [](Inputs in) { return ops::add(in[0], in[1], 0.5); });
  checkCase("add_scalar_float_to_int", 1,
            [](Inputs in) { return ops::add(in[0], 1.5); });
  checkCase("add_scalar_alpha", 1,
            [](Inputs in) { return ops::add(in[0], 2, 3); });
  checkCase("add_scalar_uint8_wrap", 1,
            [](Inputs in) { return ops::add(in[0], 300); });
  checkCase("add_scalar_bool", 1,
            [](Inputs in) { return ops::add(in[0], true); });
  checkCase("add_inplace", 2, inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::add_(self, in[1]);
            }));
  checkCase("add_inplace_scalar_int", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::add_(self, 3, 2);
            }));
  checkCase("add_inplace_double_into_float", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::add_(self, in[1]);
            }));
}

TEST(PointwiseGolden, SubAndMul) {
  checkCase("sub_broadcast_alpha", 2,
            [](Inputs in) { return ops::sub(in[0], in[1], 2); });
  checkCase("sub_int_scalar", 1, [](Inputs in) { return ops::sub(in[0], 5); });
  checkCase("sub_uint8_wrap", 1, [](Inputs in) { return ops::sub(in[0], 5); });
  checkCase("sub_inplace", 2, inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::sub_(self, in[1]);
            }));
  checkCase("sub_inplace_scalar", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::sub_(self, 0.25, 4);
            }));
  checkCase("rsub_tensor", 2,
            [](Inputs in) { return ops::rsub(in[0], in[1], 2); });
  checkCase("rsub_scalar", 1, [](Inputs in) { return ops::rsub(in[0], 1.5); });
  checkCase("rsub_scalar_alpha", 1,
            [](Inputs in) { return ops::rsub(in[0], 2, 3); });
  auto mul = [](Inputs in) { return ops::mul(in[0], in[1]); };
  checkCase("mul_double", 2, mul);
  checkCase("mul_bool", 2, mul);
  checkCase("mul_int32_overflow", 2, mul);
  checkCase("mul_bool_scalar", 1, [](Inputs in) { return ops::mul(in[0], 2); });
  checkCase("mul_int_scalar_float", 1,
            [](Inputs in) { return ops::mul(in[0], 0.5); });
  checkCase("mul_inplace_scalar", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::mul_(self, 3);
            }));
  checkCase("mul_inplace_bool_into_float", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::mul_(self, in[1]);
            }));
}

TEST(PointwiseGolden, Division) {
  auto div = [](Inputs in) { return ops::div(in[0], in[1]); };
  for (const char *name : {"div_float", "div_int_int", "div_bool",
                           "div_float_by_zero", "true_divide_int"})
    checkCase(name, 2, div);
  checkCase("div_int_scalar", 1, [](Inputs in) { return ops::div(in[0], 4); });
  auto trunc = [](Inputs in) { return ops::div(in[0], in[1], "trunc"); };
  auto floor = [](Inputs in) { return ops::div(in[0], in[1], "floor"); };
  checkCase("div_trunc_int", 2, trunc);
  checkCase("div_trunc_float", 2, trunc);
  checkCase("div_trunc_uint8", 2, trunc);
  checkCase("div_floor_int", 2, floor);
  checkCase("div_floor_float", 2, floor);
  checkCase("div_floor_scalar_float", 1,
            [](Inputs in) { return ops::div(in[0], 2.5, "floor"); });
  checkCase("div_trunc_scalar_int", 1,
            [](Inputs in) { return ops::div(in[0], -3, "trunc"); });
  checkCase("div_inplace", 2, inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::div_(self, in[1]);
            }));
  checkCase("div_inplace_floor_int", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::div_(self, 3, "floor");
            }));
  checkCase("floor_divide_int", 2,
            [](Inputs in) { return ops::floor_divide(in[0], in[1]); });
  checkCase("floor_divide_float_scalar", 1,
            [](Inputs in) { return ops::floor_divide(in[0], -0.75); });
  checkCase("floor_divide_inplace", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::floor_divide_(self, in[1]);
            }));
}

TEST(PointwiseGolden, Remainders) {
  auto remainder = [](Inputs in) { return ops::remainder(in[0], in[1]); };
  checkCase("remainder_int", 2, remainder);
  checkCase("remainder_float", 2, remainder);
  checkCase("remainder_scalar", 1,
            [](Inputs in) { return ops::remainder(in[0], -2); });
  checkCase("remainder_scalar_tensor", 1,
            [](Inputs in) { return ops::remainder(2.5, in[0]); });
  checkCase("remainder_scalar_tensor_int", 1,
            [](Inputs in) { return ops::remainder(7, in[0]); });
  checkCase("remainder_inplace", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::remainder_(self, in[1]);
            }));
  auto fmod = [](Inputs in) { return ops::fmod(in[0], in[1]); };
  checkCase("fmod_int", 2, fmod);
  checkCase("fmod_float", 2, fmod);
  checkCase("fmod_scalar", 1, [](Inputs in) { return ops::fmod(in[0], 1.5); });
  checkCase("fmod_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::fmod_(self, -4);
            }));
}

TEST(PointwiseGolden, Pow) {
  auto pow = [](Inputs in) { return ops::pow(in[0], in[1]); };
  for (const char *name :
       {"pow_float", "pow_int_int", "pow_int_overflow", "pow_int_float"})
    checkCase(name, 2, pow);
  checkCase("pow_scalar_exponent_int", 1,
            [](Inputs in) { return ops::pow(in[0], 3); });
  checkCase("pow_scalar_exponent_half", 1,
            [](Inputs in) { return ops::pow(in[0], 0.5); });
  checkCase("pow_scalar_exponent_negative", 1,
            [](Inputs in) { return ops::pow(in[0], -2); });
  checkCase("pow_int_to_float_scalar", 1,
            [](Inputs in) { return ops::pow(in[0], 0.5); });
  checkCase("pow_bool_scalar", 1, [](Inputs in) { return ops::pow(in[0], 2); });
  checkCase("pow_uint8_scalar", 1,
            [](Inputs in) { return ops::pow(in[0], 2); });
  checkCase("pow_scalar_base_int", 1,
            [](Inputs in) { return ops::pow(2, in[0]); });
  checkCase("pow_scalar_base_negative_exponents", 1,
            [](Inputs in) { return ops::pow(-1, in[0]); });
  checkCase("pow_scalar_base_float", 1,
            [](Inputs in) { return ops::pow(2.5, in[0]); });
  checkCase("pow_scalar_base_tensor_float", 1,
            [](Inputs in) { return ops::pow(0.5, in[0]); });
  checkCase("pow_inplace", 2, inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::pow_(self, in[1]);
            }));
  checkCase("pow_inplace_scalar", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::pow_(self, 2);
            }));
  for (const char *name : {"square_float", "square_int", "square_bool"})
    checkCase(name, 1, [](Inputs in) { return ops::square(in[0]); });
  checkCase("square_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::square_(self);
            }));
}

TEST(PointwiseGolden, BinaryMath) {
  auto atan2 = [](Inputs in) { return ops::atan2(in[0], in[1]); };
  checkCase("atan2_float", 2, atan2);
  checkCase("atan2_int", 2, atan2);
  checkCase("atan2_inplace", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::atan2_(self, in[1]);
            }));
  checkCase("hypot_float_double", 2,
            [](Inputs in) { return ops::hypot(in[0], in[1]); });
  checkCase("hypot_inplace", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::hypot_(self, in[1]);
            }));
  auto xlogy = [](Inputs in) { return ops::xlogy(in[0], in[1]); };
  checkCase("xlogy_special", 2, xlogy);
  checkCase("xlogy_int", 2, xlogy);
  checkCase("xlogy_scalar_self", 1,
            [](Inputs in) { return ops::xlogy(2, in[0]); });
  checkCase("xlogy_scalar_other", 1,
            [](Inputs in) { return ops::xlogy(in[0], 3); });
  checkCase("xlogy_inplace", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::xlogy_(self, in[1]);
            }));
  checkCase("copysign_float", 2,
            [](Inputs in) { return ops::copysign(in[0], in[1]); });
  checkCase("copysign_int_scalar", 1,
            [](Inputs in) { return ops::copysign(in[0], -1); });
  checkCase("copysign_inplace", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::copysign_(self, in[1]);
            }));
  checkCase("logaddexp", 2,
            [](Inputs in) { return ops::logaddexp(in[0], in[1]); });
  checkCase("ldexp", 2, [](Inputs in) { return ops::ldexp(in[0], in[1]); });
  checkCase("gcd", 2, [](Inputs in) { return ops::gcd(in[0], in[1]); });
  checkCase("lcm", 2, [](Inputs in) { return ops::lcm(in[0], in[1]); });
}

TEST(PointwiseGolden, LerpAddcmulAddcdiv) {
  checkCase("lerp_scalar", 2,
            [](Inputs in) { return ops::lerp(in[0], in[1], 0.3); });
  checkCase("lerp_scalar_large_weight", 2,
            [](Inputs in) { return ops::lerp(in[0], in[1], 0.75); });
  checkCase("lerp_tensor", 3,
            [](Inputs in) { return ops::lerp(in[0], in[1], in[2]); });
  checkCase("lerp_inplace", 3, inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::lerp_(self, in[1], in[2]);
            }));
  checkCase("addcmul", 3,
            [](Inputs in) { return ops::addcmul(in[0], in[1], in[2], 0.5); });
  checkCase("addcmul_int", 3,
            [](Inputs in) { return ops::addcmul(in[0], in[1], in[2], 2); });
  checkCase("addcmul_mixed", 3,
            [](Inputs in) { return ops::addcmul(in[0], in[1], in[2]); });
  checkCase("addcmul_inplace", 3,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::addcmul_(self, in[1], in[2], -1);
            }));
  checkCase("addcdiv", 3,
            [](Inputs in) { return ops::addcdiv(in[0], in[1], in[2], 2); });
  checkCase("addcdiv_inplace", 3,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::addcdiv_(self, in[1], in[2]);
            }));
}

//===--- Errors -----------------------------------------------------------===//

Tensor floats(std::vector<float> v) {
  auto n = static_cast<int64_t>(v.size());
  return Tensor::fromVector(v, {n});
}
Tensor longs(std::vector<int64_t> v) {
  auto n = static_cast<int64_t>(v.size());
  return Tensor::fromVector(v, {n});
}
Tensor bools(std::vector<bool> v) {
  Tensor t =
      Tensor::empty(std::vector<int64_t>{int64_t(v.size())}, ScalarType::Bool);
  for (size_t i = 0; i < v.size(); ++i)
    t.setItem(static_cast<int64_t>(i), Scalar(bool(v[i])));
  return t;
}

TEST(PointwiseErrors, BroadcastAndInPlace) {
  Tensor a = floats({1, 2, 3}), b = floats({1, 2});
  expectUserError([&] { ops::add(a, b); },
                  "aten::add: shapes [3] and [2] cannot be broadcast");
  Tensor i = longs({1, 2, 3});
  expectUserError([&] { ops::add_(i, 1.5); },
                  "aten::add_: result type Float can't be cast to the "
                  "desired output type Long");
  Tensor row = floats({1, 2, 3});
  Tensor column = Tensor::fromVector<float>({1, 2}, {2, 1});
  expectUserError([&] { ops::mul_(row, column); },
                  "aten::mul_: output with shape [3] doesn't match the "
                  "broadcast shape [2, 3]");
  Tensor expanded = floats({1}).asStrided({3}, {0}, 0);
  expectUserError([&] { ops::add_(expanded, 1); },
                  "more than one element of the written-to tensor");
  Tensor flags = bools({true, false});
  expectUserError([&] { ops::add_(flags, 1); },
                  "result type Long can't be cast to the desired output type "
                  "Bool");
}

TEST(PointwiseErrors, Arithmetic) {
  Tensor i = longs({1, 2}), f = floats({1, 2}), b = bools({true, false});
  expectUserError([&] { ops::add(i, i, 0.5); },
                  "aten::add: for integral input tensors, argument alpha must "
                  "not be a floating point number");
  expectUserError([&] { ops::add(f, f, true); },
                  "aten::add: boolean alpha only supported for boolean");
  expectUserError([&] { ops::sub(b, b); },
                  "aten::sub: subtraction, the `-` operator, with two bool "
                  "tensors is not supported");
  expectUserError([&] { ops::sub(i, true); },
                  "with a bool tensor is not supported");
  expectUserError([&] { ops::rsub(b, 1); },
                  "aten::rsub: subtraction, the `-` operator, with a bool");
  expectUserError([&] { ops::div(f, f, "round"); },
                  "aten::div: expected rounding_mode to be one of None, "
                  "'trunc', or 'floor' but found 'round'");
  expectUserError(
      [&] {
        ops::div(i, longs({1, 0}), "floor");
      },
      "aten::div: ZeroDivisionError");
  expectUserError([&] { ops::div(i, 0, "trunc"); }, "ZeroDivisionError");
  expectUserError([&] { ops::floor_divide(i, 0); },
                  "aten::floor_divide: ZeroDivisionError");
  expectUserError(
      [&] {
        ops::remainder(i, longs({0, 1}));
      },
      "aten::remainder: ZeroDivisionError");
  expectUserError([&] { ops::fmod(i, 0); }, "aten::fmod: ZeroDivisionError");
  // uint8 arithmetic turns 256 into 0.
  expectUserError(
      [&] { ops::div(Tensor::scalar(3, ScalarType::Byte), 256, "floor"); },
      "ZeroDivisionError");
  expectUserError([&] { ops::div(b, b, "floor"); },
                  "aten::div: tensors of dtype Bool are not supported");
  expectUserError([&] { ops::remainder(b, b); }, "aten::remainder");
}

TEST(PointwiseErrors, DivisionByZeroOfEmptyTensorsIsFine) {
  Tensor empty = Tensor::empty(std::vector<int64_t>{0}, ScalarType::Long);
  EXPECT_EQ(ops::floor_divide(empty, longs({0})).numel(), 0);
}

TEST(PointwiseErrors, PowAndMath) {
  Tensor i = longs({1, 2}), f = floats({1, 2}), b = bools({true, false});
  expectUserError([&] { ops::pow(i, -1); },
                  "aten::pow: integers to negative integer powers are not "
                  "allowed");
  expectUserError([&] { ops::pow(b, b); },
                  "aten::pow: tensors of dtype Bool are not supported");
  expectUserError([&] { ops::hypot(i, i); },
                  "aten::hypot: tensors of dtype Long are not supported");
  expectUserError([&] { ops::logaddexp(i, i); }, "aten::logaddexp");
  expectUserError([&] { ops::gcd(f, f); },
                  "aten::gcd: tensors of dtype Float are not supported");
  expectUserError([&] { ops::lerp(f, f.to(ScalarType::Double), 0.5); },
                  "aten::lerp: expected dtype Float for `end` but got dtype "
                  "Double");
  expectUserError([&] { ops::lerp(f, f, i); },
                  "aten::lerp: expected dtype Float for `weight`");
  expectUserError([&] { ops::lerp(i, i, 0.5); }, "aten::lerp");
  expectUserError([&] { ops::addcdiv(f, i, i); },
                  "aten::addcdiv: integer division with addcdiv is no longer "
                  "supported");
  expectUserError([&] { ops::addcmul(b, b, b); }, "aten::addcmul");
  expectUserError(
      [&] {
        ops::atan2(f, floats({1, 2, 3}));
      },
      "aten::atan2: shapes [2] and [3] cannot be broadcast");
}

} // namespace
