//===- UnaryMathGoldenTest.cpp - Functions of one tensor against PyTorch --===//
#include "runtime/tensor/ops/Pointwise.h"
#include "tests/unit/ops/PointwiseCheck.h"

#include <gtest/gtest.h>

#include <utility>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::pointwise;

namespace {

using UnaryOp = Tensor (*)(const Tensor &);

TEST(UnaryMathGolden, FloatingFunctions) {
  std::pair<const char *, UnaryOp> functions[] = {
      {"sqrt", ops::sqrt},
      {"rsqrt", ops::rsqrt},
      {"reciprocal", ops::reciprocal},
      {"exp", ops::exp},
      {"exp2", ops::exp2},
      {"expm1", ops::expm1},
      {"log", ops::log},
      {"log1p", ops::log1p},
      {"log2", ops::log2},
      {"log10", ops::log10},
      {"sin", ops::sin},
      {"cos", ops::cos},
      {"tan", ops::tan},
      {"asin", ops::asin},
      {"acos", ops::acos},
      {"atan", ops::atan},
      {"sinh", ops::sinh},
      {"cosh", ops::cosh},
      {"tanh", ops::tanh},
      {"asinh", ops::asinh},
      {"acosh", ops::acosh},
      {"atanh", ops::atanh},
      {"sigmoid", ops::sigmoid},
      {"erf", ops::erf},
      {"erfc", ops::erfc},
      {"lgamma", ops::lgamma},
      {"digamma", ops::digamma},
      {"erfinv", ops::erfinv},
  };
  for (auto [name, fn] : functions)
    checkCase(name, 1, [fn](Inputs in) { return fn(in[0]); });
}

TEST(UnaryMathGolden, DtypesAndSpecialValues) {
  std::pair<const char *, UnaryOp> cases[] = {
      {"sqrt_double", ops::sqrt},
      {"sqrt_int", ops::sqrt},
      {"sqrt_bool", ops::sqrt},
      {"sqrt_special", ops::sqrt},
      {"exp_uint8", ops::exp},
      {"exp_special", ops::exp},
      {"log_special", ops::log},
      {"log_int32", ops::log},
      {"rsqrt_special", ops::rsqrt},
      {"reciprocal_special", ops::reciprocal},
      {"reciprocal_bool", ops::reciprocal},
      {"sigmoid_special", ops::sigmoid},
      {"sigmoid_bool", ops::sigmoid},
      {"tanh_int", ops::tanh},
      {"erf_special", ops::erf},
      {"lgamma_int", ops::lgamma},
      {"digamma_special", ops::digamma},
      {"digamma_int", ops::digamma},
      {"erfinv_special", ops::erfinv},
      {"sin_double", ops::sin},
      {"exp_0d", ops::exp},
      {"exp_empty", ops::exp},
  };
  for (auto [name, fn] : cases)
    checkCase(name, 1, [fn](Inputs in) { return fn(in[0]); });
  checkCase("sqrt_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::sqrt_(self);
            }));
  checkCase("sigmoid_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::sigmoid_(self);
            }));
}

TEST(UnaryMathGolden, SignAndMagnitude) {
  std::pair<const char *, UnaryOp> cases[] = {
      {"abs_float", ops::abs},   {"abs_int", ops::abs},
      {"abs_uint8", ops::abs},   {"neg_float", ops::neg},
      {"neg_int", ops::neg},     {"neg_uint8", ops::neg},
      {"sign_float", ops::sign}, {"sign_int", ops::sign},
      {"sign_bool", ops::sign},  {"sign_uint8", ops::sign},
      {"sgn", ops::sgn},
  };
  for (auto [name, fn] : cases)
    checkCase(name, 1, [fn](Inputs in) { return fn(in[0]); });
  checkCase("abs_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::abs_(self);
            }));
  checkCase("neg_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::neg_(self);
            }));
  checkCase("sign_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::sign_(self);
            }));
}

TEST(UnaryMathGolden, Rounding) {
  std::pair<const char *, UnaryOp> cases[] = {
      {"floor", ops::floor},        {"ceil", ops::ceil},
      {"trunc", ops::trunc},        {"round", ops::round},
      {"round_double", ops::round}, {"round_int", ops::round},
      {"floor_int", ops::floor},    {"ceil_uint8", ops::ceil},
      {"frac", ops::frac},
  };
  for (auto [name, fn] : cases)
    checkCase(name, 1, [fn](Inputs in) { return fn(in[0]); });
  checkCase("round_decimals", 1,
            [](Inputs in) { return ops::round(in[0], 2); });
  checkCase("round_decimals_negative", 1,
            [](Inputs in) { return ops::round(in[0], -2); });
  checkCase("round_decimals_inplace", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::round_(self, 1);
            }));
  checkCase("floor_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::floor_(self);
            }));
  checkCase("round_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::round_(self);
            }));
}

TEST(UnaryMathGolden, OtherFunctions) {
  checkCase("angle", 1, [](Inputs in) { return ops::angle(in[0]); });
  checkCase("angle_int", 1, [](Inputs in) { return ops::angle(in[0]); });
  checkCase("logit", 1, [](Inputs in) { return ops::logit(in[0]); });
  checkCase("logit_eps", 1, [](Inputs in) { return ops::logit(in[0], 0.1); });
  checkCase("logit_inplace", 1, inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::logit_(self);
            }));
  checkCase("frexp", 1, [](Inputs in) {
    auto [mantissa, exponent] = ops::frexp(in[0]);
    return std::vector<Tensor>{mantissa, exponent};
  });
}

TEST(UnaryMathGolden, NanAndInfinity) {
  checkCase("nan_to_num", 1, [](Inputs in) { return ops::nan_to_num(in[0]); });
  checkCase("nan_to_num_values", 1,
            [](Inputs in) { return ops::nan_to_num(in[0], 1.0, 2.0, -2.0); });
  checkCase("nan_to_num_double", 1, [](Inputs in) {
    return ops::nan_to_num(in[0], std::nullopt, 1e300);
  });
  checkCase("nan_to_num_int", 1,
            [](Inputs in) { return ops::nan_to_num(in[0]); });
  checkCase("nan_to_num_inplace", 1,
            inPlace([](Tensor &self, Inputs) -> Tensor & {
              return ops::nan_to_num_(self, std::nullopt, std::nullopt, 0.0);
            }));
  std::pair<const char *, UnaryOp> cases[] = {
      {"isnan", ops::isnan},       {"isinf", ops::isinf},
      {"isposinf", ops::isposinf}, {"isneginf", ops::isneginf},
      {"isfinite", ops::isfinite}, {"isfinite_int", ops::isfinite},
      {"isnan_bool", ops::isnan},  {"isreal", ops::isreal},
  };
  for (auto [name, fn] : cases)
    checkCase(name, 1, [fn](Inputs in) { return fn(in[0]); });
}

TEST(UnaryMathErrors, DtypesTheOpsRefuse) {
  Tensor b = Tensor::scalar(true, ScalarType::Bool);
  Tensor i = Tensor::scalar(3, ScalarType::Long);
  expectUserError([&] { ops::neg(b); },
                  "aten::neg: negation, the `-` operator, on a bool tensor "
                  "is not supported");
  expectUserError([&] { ops::positive(b); },
                  "aten::positive: the `+` operator, on a bool tensor");
  expectUserError([&] { ops::abs(b); },
                  "aten::abs: tensors of dtype Bool are not supported");
  expectUserError([&] { ops::floor(b); }, "aten::floor: tensors of dtype Bool");
  expectUserError([&] { ops::frac(i); },
                  "aten::frac: tensors of dtype Long are not supported");
  expectUserError([&] { ops::round(i, 2); },
                  "aten::round: tensors of dtype Long are not supported");
  expectUserError([&] { ops::frexp(i); }, "aten::frexp");
  expectUserError([&] { ops::sqrt_(i); },
                  "aten::sqrt_: result type Float can't be cast to the "
                  "desired output type Long");
  EXPECT_TRUE(ops::positive(i).isSame(i));
}

} // namespace
