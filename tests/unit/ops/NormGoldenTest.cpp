//===- NormGoldenTest.cpp - norm and linalg_norm against PyTorch ----------===//
#include "runtime/tensor/ops/Norm.h"
#include "tests/unit/ops/ReductionGoldenCheck.h"

#include <gtest/gtest.h>

#include <limits>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::reduction;

namespace {

using OptionalDims = std::optional<std::vector<int64_t>>;
constexpr double kInf = std::numeric_limits<double>::infinity();

// aten::norm with p over dims (empty: all).
auto normOf(std::optional<Scalar> p, D dims = {}, bool keepdim = false,
            std::optional<ScalarType> dtype = kNone) {
  return [=](const Inputs &in) {
    return ops::norm(in[0], p, dims, keepdim, dtype);
  };
}

// aten::linalg_norm with a numeric (or no) ord.
auto linalgNorm(std::optional<Scalar> ord, OptionalDims dims = kNone,
                bool keepdim = false, std::optional<ScalarType> dtype = kNone) {
  return [=](const Inputs &in) {
    return ops::linalg_norm(in[0], ord, dims, keepdim, dtype);
  };
}

// aten::linalg_norm.ord_str
auto linalgNorm(std::string ord, OptionalDims dims = kNone,
                bool keepdim = false) {
  return [=](const Inputs &in) {
    return ops::linalg_norm(in[0], ord, dims, keepdim, kNone);
  };
}

TEST(NormGolden, Norm) {
  checkCase("norm_default", 1, normOf(Scalar(int64_t(2))));
  checkCase("norm_p1", 1, normOf(Scalar(int64_t(1))));
  checkCase("norm_p3", 1, normOf(Scalar(int64_t(3))));
  checkCase("norm_pfrac", 1, normOf(Scalar(0.5)));
  checkCase("norm_pneg", 1, normOf(Scalar(int64_t(-1))));
  checkCase("norm_p0", 1, normOf(Scalar(int64_t(0))));
  checkCase("norm_inf", 1, normOf(Scalar(kInf)));
  checkCase("norm_ninf", 1, normOf(Scalar(-kInf)));
  checkCase("norm_nan", 1, normOf(Scalar(kInf)));
  checkCase("norm_dim", 1, normOf(Scalar(int64_t(2)), {1}));
  checkCase("norm_dim_none_p", 1, normOf(kNone, {0}, true));
  checkCase("norm_dims_keepdim", 1, normOf(Scalar(int64_t(3)), {0, 2}, true));
  checkCase("norm_dim_inf", 1, normOf(Scalar(kInf), {-1}));
  checkCase("norm_empty_dims", 1, normOf(Scalar(int64_t(1)), {}, true));
  checkCase("norm_dim_dtype", 1,
            normOf(Scalar(int64_t(2)), {1}, false, ScalarType::Double));
  checkCase("norm_dtype", 1,
            normOf(Scalar(int64_t(1)), {}, false, ScalarType::Double));
  checkCase("norm_dtype_narrowing", 1,
            normOf(Scalar(int64_t(2)), {}, false, ScalarType::Float));
  checkCase("norm_int_dtype", 1,
            normOf(Scalar(int64_t(2)), {0}, false, ScalarType::Float));
  checkCase("norm_empty", 1, normOf(Scalar(-kInf), {0}));
  checkCase("norm_scalar", 1, normOf(Scalar(int64_t(2)), {0}, true));
  checkCase("norm_scalar_dtype", 1,
            normOf(Scalar(int64_t(1)), {}, false, ScalarType::Double));
  checkCase("norm_p0_nan", 1, normOf(Scalar(int64_t(0))));
}

TEST(NormGolden, LinalgVectorNorm) {
  checkCase("linalg_norm_default", 1, linalgNorm(kNone));
  checkCase("linalg_norm_default_keepdim", 1, linalgNorm(kNone, kNone, true));
  checkCase("linalg_norm_vector_ord", 1, linalgNorm(Scalar(int64_t(3))));
  checkCase("linalg_norm_vector_dim", 1, linalgNorm(Scalar(kInf), D{1}, true));
  checkCase("linalg_norm_vector_ord0", 1, linalgNorm(Scalar(int64_t(0)), D{0}));
  checkCase("linalg_norm_vector_dtype", 1,
            linalgNorm(Scalar(1.5), D{-1}, false, ScalarType::Double));
  checkCase("linalg_norm_scalar", 1, linalgNorm(kNone));
}

TEST(NormGolden, LinalgMatrixNorm) {
  checkCase("linalg_norm_none_dims2", 1, linalgNorm(kNone, D{0, 2}));
  checkCase("linalg_norm_fro", 1, linalgNorm(std::string("fro")));
  checkCase("linalg_norm_fro_dims_keepdim", 1,
            linalgNorm(std::string("fro"), D{2, 0}, true));
  checkCase("linalg_norm_nuc", 1, linalgNorm(std::string("nuc")));
  checkCase("linalg_norm_nuc_batched", 1,
            linalgNorm(std::string("nuc"), D{1, 2}));
  checkCase("linalg_norm_nuc_empty", 1,
            linalgNorm(std::string("nuc"), D{1, 2}));
  checkCase("linalg_norm_2", 1, linalgNorm(Scalar(int64_t(2))));
  checkCase("linalg_norm_neg2", 1, linalgNorm(Scalar(int64_t(-2))));
  checkCase("linalg_norm_2_dims_keepdim", 1,
            linalgNorm(Scalar(int64_t(2)), D{2, 0}, true));
  checkCase("linalg_norm_1", 1, linalgNorm(Scalar(int64_t(1))));
  checkCase("linalg_norm_neg1", 1, linalgNorm(Scalar(int64_t(-1))));
  checkCase("linalg_norm_inf", 1, linalgNorm(Scalar(kInf)));
  checkCase("linalg_norm_ninf_dims", 1,
            linalgNorm(Scalar(-kInf), D{1, 0}, true));
  checkCase("linalg_norm_1_dims", 1, linalgNorm(Scalar(int64_t(1)), D{-1, 0}));
  checkCase("linalg_norm_matrix_dtype", 1,
            linalgNorm(Scalar(int64_t(2)), D{0, 1}, false, ScalarType::Double));
  checkCase("linalg_norm_1_empty", 1, linalgNorm(Scalar(int64_t(1))));
  checkCase("linalg_norm_double", 1, linalgNorm(std::string("nuc")));
}

TEST(NormErrors, DtypesOrdersDims) {
  Tensor x = zerosOf({2, 3});
  expectUserError(
      "aten::norm: input dtype should be floating point, got Long",
      [&] { ops::norm(zerosOf({2}, ScalarType::Long), 2, {}, false); });
  expectUserError("aten::norm: the desired output dtype should be floating "
                  "point, got Long",
                  [&] { ops::norm(x, 2, {}, false, ScalarType::Long); });
  expectUserError("aten::norm: dimension 0 appears more than once", [&] {
    ops::norm(x, 2, D{0, 0}, false);
  });
  auto linalg = [&](const Tensor &t, std::optional<Scalar> ord,
                    OptionalDims dim, std::optional<ScalarType> dtype = kNone) {
    return [=] { ops::linalg_norm(t, ord, dim, false, dtype); };
  };
  expectUserError("aten::linalg_norm: expected a floating point input, got "
                  "Long",
                  linalg(zerosOf({2}, ScalarType::Long), kNone, kNone));
  expectUserError("aten::linalg_norm: dtype should be floating point, got Int",
                  linalg(x, kNone, kNone, ScalarType::Int));
  expectUserError("aten::linalg_norm: the input's dtype Double cannot be "
                  "converted without narrowing to Float",
                  linalg(zerosOf({2}, ScalarType::Double), kNone, kNone,
                         ScalarType::Float));
  expectUserError("aten::linalg_norm: dim must have 1 or 2 elements, got "
                  "[0, 1, 0]",
                  linalg(x, kNone, D{0, 1, 0}));
  expectUserError("aten::linalg_norm: without dim, an ord needs a 1-d or 2-d "
                  "input, got Float[2, 3, 4]",
                  linalg(zerosOf({2, 3, 4}), Scalar(int64_t(1)), kNone));
  expectUserError("aten::linalg_norm: matrix norm order 3 is not supported",
                  linalg(x, Scalar(int64_t(3)), kNone));
  expectUserError("aten::linalg_norm: the two dims of a matrix norm must "
                  "differ, got 1 and -1",
                  linalg(x, Scalar(int64_t(2)), D{1, -1}));
  expectUserError("aten::linalg_norm: cannot compute the inf norm over "
                  "dimension 0 of size 0",
                  linalg(zerosOf({0}), Scalar(kInf), kNone));
  expectUserError("aten::linalg_norm: cannot compute the -1 norm over "
                  "dimension 0 of size 0",
                  linalg(zerosOf({0, 3}), Scalar(int64_t(-1)), D{0}));
  expectUserError("aten::linalg_norm: cannot compute the matrix 2 norm of the "
                  "empty matrices "
                  "of Float[2, 0]",
                  linalg(zerosOf({2, 0}), Scalar(int64_t(2)), kNone));
  Tensor nan =
      Tensor::full(std::vector<int64_t>{2, 2},
                   std::numeric_limits<double>::quiet_NaN(), ScalarType::Float);
  expectUserError("aten::linalg_norm: the singular values of a matrix with "
                  "non-finite elements are undefined",
                  linalg(nan, Scalar(int64_t(2)), kNone));
  expectUserError("aten::linalg_norm: a matrix norm needs an input of at "
                  "least 2 dimensions, got Float[3]",
                  [&] {
                    ops::linalg_norm(zerosOf({3}), std::string_view("fro"),
                                     kNone, false, kNone);
                  });
  expectUserError("aten::linalg_norm: matrix norm order \"abc\" is not "
                  "supported",
                  [&] {
                    ops::linalg_norm(x, std::string_view("abc"), kNone, false,
                                     kNone);
                  });
  expectUserError(
      "aten::linalg_norm: a matrix norm needs 2 dims, got [1]", [&] {
        ops::linalg_norm(x, std::string_view("fro"), D{1}, false, kNone);
      });
}

} // namespace
