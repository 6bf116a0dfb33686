//===- ComparisonGoldenTest.cpp - Comparisons, logic, clamp, where --------===//
#include "runtime/tensor/ops/Pointwise.h"
#include "tests/unit/ops/PointwiseCheck.h"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::pointwise;

namespace {

using Compare = Tensor (*)(const Tensor &, const Tensor &);
using CompareScalar = Tensor (*)(const Tensor &, Scalar);
using CompareInPlace = Tensor &(*)(Tensor &, const Tensor &);

TEST(ComparisonGolden, Comparisons) {
  std::tuple<std::string, Compare, CompareScalar, CompareInPlace>
      comparisons[] = {
          {"eq", ops::eq, ops::eq, ops::eq_},
          {"ne", ops::ne, ops::ne, ops::ne_},
          {"lt", ops::lt, ops::lt, ops::lt_},
          {"le", ops::le, ops::le, ops::le_},
          {"gt", ops::gt, ops::gt, ops::gt_},
          {"ge", ops::ge, ops::ge, ops::ge_},
      };
  for (auto [name, tensorOp, scalarOp, inplaceOp] : comparisons) {
    checkCase(name + "_tensor", 2,
              [=](Inputs in) { return tensorOp(in[0], in[1]); });
    checkCase(name + "_scalar", 1,
              [=](Inputs in) { return scalarOp(in[0], 1); });
    checkCase(name + "_inplace", 2,
              inPlace([=](Tensor &self, Inputs in) -> Tensor & {
                return inplaceOp(self, in[1]);
              }));
  }
  checkCase("lt_int_float_scalar", 1,
            [](Inputs in) { return ops::lt(in[0], 1.5); });
  checkCase("eq_int_float", 2, [](Inputs in) { return ops::eq(in[0], in[1]); });
  checkCase("eq_bool_scalar", 1, [](Inputs in) { return ops::eq(in[0], 1); });
  checkCase("lt_bool_float", 1, [](Inputs in) { return ops::lt(in[0], 0.5); });
  // PyTorch converts -1 to the uint8 tensor's dtype: 255.
  checkCase("gt_uint8_negative_scalar", 1,
            [](Inputs in) { return ops::gt(in[0], -1); });
  checkCase("ne_nan", 2, [](Inputs in) { return ops::ne(in[0], in[1]); });
  checkCase("eq_nan_scalar", 1,
            [](Inputs in) { return ops::eq(in[0], std::nan("")); });
  checkCase("gt_int32_double_0d", 2,
            [](Inputs in) { return ops::gt(in[0], in[1]); });
  checkCase("le_empty", 2, [](Inputs in) { return ops::le(in[0], in[1]); });
  checkCase("lt_inplace_scalar", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::lt_(self, 0.5);
            }));
}

TEST(ComparisonGolden, Logical) {
  checkCase("logical_and", 2,
            [](Inputs in) { return ops::logical_and(in[0], in[1]); });
  checkCase("logical_or", 2,
            [](Inputs in) { return ops::logical_or(in[0], in[1]); });
  checkCase("logical_xor", 2,
            [](Inputs in) { return ops::logical_xor(in[0], in[1]); });
  checkCase("logical_not", 1,
            [](Inputs in) { return ops::logical_not(in[0]); });
  checkCase("logical_not_int", 1,
            [](Inputs in) { return ops::logical_not(in[0]); });
  checkCase("logical_and_inplace", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::logical_and_(self, in[1]);
            }));
  checkCase("logical_not_inplace", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::logical_not_(self);
            }));
}

TEST(ComparisonGolden, Bitwise) {
  checkCase("bitwise_and", 2,
            [](Inputs in) { return ops::bitwise_and(in[0], in[1]); });
  checkCase("bitwise_or_bool", 2,
            [](Inputs in) { return ops::bitwise_or(in[0], in[1]); });
  checkCase("bitwise_xor_uint8_scalar", 1,
            [](Inputs in) { return ops::bitwise_xor(in[0], 3); });
  checkCase("bitwise_and_scalar_tensor", 1,
            [](Inputs in) { return ops::bitwise_and(3, in[0]); });
  checkCase("bitwise_or_bool_int_scalar", 1,
            [](Inputs in) { return ops::bitwise_or(in[0], 1); });
  checkCase("bitwise_and_int_bool_scalar", 1,
            [](Inputs in) { return ops::bitwise_and(in[0], true); });
  checkCase("bitwise_xor_int32_int64", 2,
            [](Inputs in) { return ops::bitwise_xor(in[0], in[1]); });
  for (const char *name :
       {"bitwise_not_int", "bitwise_not_bool", "bitwise_not_uint8"})
    checkCase(name, 1, [](Inputs in) { return ops::bitwise_not(in[0]); });
  checkCase("bitwise_and_inplace", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::bitwise_and_(self, in[1]);
            }));
  checkCase("bitwise_or_inplace_scalar", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::bitwise_or_(self, true);
            }));
  checkCase("left_shift", 2,
            [](Inputs in) { return ops::bitwise_left_shift(in[0], in[1]); });
  checkCase("right_shift", 2,
            [](Inputs in) { return ops::bitwise_right_shift(in[0], in[1]); });
  checkCase("left_shift_uint8_scalar", 1,
            [](Inputs in) { return ops::bitwise_left_shift(in[0], 3); });
  checkCase("right_shift_int8_scalar", 1,
            [](Inputs in) { return ops::bitwise_right_shift(in[0], 2); });
  checkCase("left_shift_scalar_tensor", 1,
            [](Inputs in) { return ops::bitwise_left_shift(3, in[0]); });
  checkCase("left_shift_bool_scalar", 1,
            [](Inputs in) { return ops::bitwise_left_shift(in[0], 1); });
  checkCase("right_shift_inplace", 2,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::bitwise_right_shift_(self, in[1]);
            }));
}

TEST(ComparisonGolden, MinimumAndMaximum) {
  auto maximum = [](Inputs in) { return ops::maximum(in[0], in[1]); };
  auto minimum = [](Inputs in) { return ops::minimum(in[0], in[1]); };
  for (const char *name :
       {"maximum", "maximum_nan", "maximum_int_float", "maximum_bool"})
    checkCase(name, 2, maximum);
  checkCase("minimum_nan", 2, minimum);
  checkCase("minimum_int_uint8", 2, minimum);
  checkCase("fmax_nan", 2, [](Inputs in) { return ops::fmax(in[0], in[1]); });
  checkCase("fmax_int", 2, [](Inputs in) { return ops::fmax(in[0], in[1]); });
  checkCase("fmin_nan", 2, [](Inputs in) { return ops::fmin(in[0], in[1]); });
}

TEST(ComparisonGolden, Clamp) {
  using S = std::optional<Scalar>;
  checkCase("clamp", 1, [](Inputs in) { return ops::clamp(in[0], -0.5, 0.5); });
  checkCase("clamp_min_only", 1,
            [](Inputs in) { return ops::clamp(in[0], 0.1, std::nullopt); });
  checkCase("clamp_max_only", 1,
            [](Inputs in) { return ops::clamp(in[0], std::nullopt, -0.1); });
  checkCase("clamp_nan", 1,
            [](Inputs in) { return ops::clamp(in[0], -1.5, 1.5); });
  checkCase("clamp_nan_bound", 1,
            [](Inputs in) { return ops::clamp(in[0], 0.0, std::nan("")); });
  checkCase("clamp_nan_min_only", 1, [](Inputs in) {
    return ops::clamp(in[0], std::nan(""), std::nullopt);
  });
  checkCase("clamp_min_above_max", 1,
            [](Inputs in) { return ops::clamp(in[0], S(2), S(1)); });
  checkCase("clamp_int", 1,
            [](Inputs in) { return ops::clamp(in[0], S(-2), S(3)); });
  checkCase("clamp_int_float_bound", 1,
            [](Inputs in) { return ops::clamp(in[0], 0.5, std::nullopt); });
  checkCase("clamp_bool_int_bound", 1,
            [](Inputs in) { return ops::clamp(in[0], S(0), std::nullopt); });
  checkCase("clamp_uint8_negative_bound", 1,
            [](Inputs in) { return ops::clamp(in[0], S(-1), std::nullopt); });
  using T = std::optional<Tensor>;
  checkCase("clamp_tensor", 3,
            [](Inputs in) { return ops::clamp(in[0], T(in[1]), T(in[2])); });
  checkCase("clamp_tensor_nan", 3,
            [](Inputs in) { return ops::clamp(in[0], T(in[1]), T(in[2])); });
  checkCase("clamp_tensor_min_only", 2,
            [](Inputs in) { return ops::clamp(in[0], T(in[1]), T()); });
  checkCase("clamp_tensor_max_only_promotes", 2,
            [](Inputs in) { return ops::clamp(in[0], T(), T(in[1])); });
  checkCase("clamp_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::clamp_(self, S(-0.25), S(0.25));
            }));
  checkCase("clamp_inplace_tensor", 3,
            inPlace([](Tensor &self, Inputs in) -> Tensor & {
              return ops::clamp_(self, T(in[1]), T(in[2]));
            }));
  checkCase("clamp_min", 1,
            [](Inputs in) { return ops::clamp_min(in[0], 0.0); });
  checkCase("clamp_min_nan_bound", 1,
            [](Inputs in) { return ops::clamp_min(in[0], std::nan("")); });
  checkCase("clamp_max", 1,
            [](Inputs in) { return ops::clamp_max(in[0], 0.5); });
  checkCase("clamp_min_tensor", 2,
            [](Inputs in) { return ops::clamp_min(in[0], in[1]); });
  checkCase("clamp_max_tensor", 2,
            [](Inputs in) { return ops::clamp_max(in[0], in[1]); });
  checkCase("clamp_min_inplace", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::clamp_min_(self, -1);
            }));
  checkCase("clip", 1,
            [](Inputs in) { return ops::clamp(in[0], S(-1), S(1)); });
}

TEST(ComparisonGolden, Where) {
  auto where = [](Inputs in) { return ops::where(in[0], in[1], in[2]); };
  for (const char *name :
       {"where", "where_broadcast_promote", "where_uint8_condition",
        "where_int_double", "where_empty"})
    checkCase(name, 3, where);
  checkCase("where_scalar_self", 2,
            [](Inputs in) { return ops::where(in[0], 1.5, in[1]); });
  checkCase("where_scalar_other", 2,
            [](Inputs in) { return ops::where(in[0], in[1], -1); });
  checkCase("where_scalars_int", 1,
            [](Inputs in) { return ops::where(in[0], 1, 0); });
  checkCase("where_scalars_float", 1,
            [](Inputs in) { return ops::where(in[0], 1.0, 0); });
  checkCase("where_scalars_bool", 1,
            [](Inputs in) { return ops::where(in[0], true, false); });
  for (const char *name :
       {"where_nonzero", "where_nonzero_float", "where_nonzero_0d"})
    checkCase(name, 1, [](Inputs in) { return ops::where(in[0]); });
}

//===--- Errors -----------------------------------------------------------===//

TEST(ComparisonErrors, Messages) {
  Tensor f = Tensor::fromVector<float>({1, 2}, {2});
  Tensor i = Tensor::fromVector<int64_t>({1, 2}, {2});
  Tensor three = Tensor::fromVector<float>({1, 2, 3}, {3});
  expectUserError([&] { ops::lt(f, three); },
                  "aten::lt: shapes [2] and [3] cannot be broadcast");
  Tensor column = Tensor::fromVector<float>({1, 2}, {2, 1});
  expectUserError([&] { ops::eq_(f, column); },
                  "aten::eq_: output with shape [2] doesn't match the "
                  "broadcast shape [2, 2]");
  expectUserError([&] { ops::bitwise_and(f, f); },
                  "aten::bitwise_and: tensors of dtype Float are not "
                  "supported");
  expectUserError([&] { ops::bitwise_or(i, 1.5); },
                  "aten::bitwise_or: tensors of dtype Float");
  expectUserError([&] { ops::bitwise_not(f); }, "aten::bitwise_not");
  Tensor b = i.to(ScalarType::Bool);
  expectUserError([&] { ops::bitwise_left_shift(b, b); },
                  "aten::bitwise_left_shift: tensors of dtype Bool");
  expectUserError([&] { ops::bitwise_or_(b, 2); },
                  "aten::bitwise_or_: result type Long can't be cast to the "
                  "desired output type Bool");
  using S = std::optional<Scalar>;
  expectUserError([&] { ops::clamp(f, S(), S()); },
                  "aten::clamp: at least one of 'min' or 'max' must not be "
                  "None");
  expectUserError(
      [&] { ops::clamp(f, std::optional<Tensor>(), std::optional<Tensor>()); },
      "at least one of 'min' or 'max'");
  expectUserError([&] { ops::clamp(b, false, true); },
                  "aten::clamp: tensors of dtype Bool");
  expectUserError([&] { ops::clamp_(i, 0.5, std::nullopt); },
                  "aten::clamp_: result type Float can't be cast");
  expectUserError([&] { ops::where(i, f, f); },
                  "aten::where: expected condition to be a boolean tensor, "
                  "but got a tensor with dtype Long");
  expectUserError([&] { ops::where(b, f, three); },
                  "aten::where: shapes [2] and [2] and [3] cannot be "
                  "broadcast");
}

} // namespace
