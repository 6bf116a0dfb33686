//===- LinearAlgebraGoldenTest.cpp - Matrix products against PyTorch ------===//
//
// Cases come from tests/golden/linalg.py; the scalar arguments of each case
// (alpha, beta, equations) are written there and repeated here.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/LinearAlgebra.h"

#include "tests/support/ErrorOf.h"
#include "tests/support/Golden.h"
#include "tests/support/RunGraph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;
using ::testing::HasSubstr;

namespace {

const char *kFamily = "linalg";
using Inputs = std::vector<Tensor>;

// Checks `fn(inputs)` against the case's out0, with the inputs as stored
// and again laid out non-contiguously.
template <typename F>
void checkCase(const std::string &name, size_t numInputs, F fn) {
  kiln::testing::checkCase(kFamily, name, numInputs, fn);
}

Tensor transposed(const Tensor &t) {
  return t.asStrided({t.size(1), t.size(0)}, {t.stride(1), t.stride(0)},
                     t.storageOffset());
}

Tensor randomFloats(std::vector<int64_t> sizes,
                    ScalarType dtype = ScalarType::Float) {
  Tensor t = Tensor::zeros(sizes, dtype);
  for (int64_t i = 0; i < t.numel(); ++i)
    t.setItem(i, static_cast<double>((i * 7) % 11) - 5.0);
  return t;
}

TEST(LinearAlgebraGolden, Mm) {
  auto mm = [](const Inputs &in) { return ops::mm(in[0], in[1]); };
  for (const char *name :
       {"mm_basic", "mm_double", "mm_int64", "mm_int32", "mm_uint8",
        "mm_empty_depth", "mm_empty_rows", "mm_inf_times_zero"})
    checkCase(name, 2, mm);
  checkCase("mm_transposed", 2, [](const Inputs &in) {
    return ops::mm(transposed(in[0]), transposed(in[1]));
  });
}

TEST(LinearAlgebraGolden, MmAcrossBlockEdges) {
  Inputs in = goldenInputs(kFamily, "mm_blocked", 2);
  Tensor expected = golden(kFamily, "mm_blocked.out0");
  EXPECT_TRUE(tensorsClose(
      ops::mm(in[0].to(ScalarType::Long), in[1].to(ScalarType::Long))
          .to(ScalarType::Short),
      expected));
  EXPECT_TRUE(tensorsClose(
      ops::mm(in[0].to(ScalarType::Float), in[1].to(ScalarType::Float)),
      expected.to(ScalarType::Float)));
  // b transposed: its columns are strided.
  Tensor bT = transposed(in[1].to(ScalarType::Float).contiguous());
  Tensor bStrided = transposed(bT.contiguous());
  EXPECT_TRUE(tensorsClose(ops::mm(in[0].to(ScalarType::Float), bStrided),
                           expected.to(ScalarType::Float)));
}

TEST(LinearAlgebraGolden, MmErrors) {
  Tensor a = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Float);
  Tensor b = Tensor::zeros(std::vector<int64_t>{4, 5}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::mm(a, b); }),
              HasSubstr("aten::mm: mat1 and mat2 shapes cannot be multiplied "
                        "(2x3 and 4x5)"));
  Tensor v = Tensor::zeros(std::vector<int64_t>{3}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::mm(a, v); }),
              HasSubstr("aten::mm: mat2 must be a 2-D tensor, but got a 1-D "
                        "tensor of shape [3]"));
  Tensor d = Tensor::zeros(std::vector<int64_t>{3, 2}, ScalarType::Double);
  EXPECT_THAT(errorOf([&] { ops::mm(a, d); }),
              HasSubstr("aten::mm: expected mat1 and mat2 to have the same "
                        "dtype, but got Float and Double"));
  Tensor flags = Tensor::zeros(std::vector<int64_t>{2, 2}, ScalarType::Bool);
  EXPECT_THAT(errorOf([&] { ops::mm(flags, flags); }), HasSubstr("aten::mm"));
}

TEST(LinearAlgebraGolden, Bmm) {
  auto bmm = [](const Inputs &in) { return ops::bmm(in[0], in[1]); };
  for (const char *name : {"bmm_basic", "bmm_int64", "bmm_empty_batch"})
    checkCase(name, 2, bmm);
  Tensor a = Tensor::zeros(std::vector<int64_t>{2, 2, 3}, ScalarType::Float);
  Tensor b = Tensor::zeros(std::vector<int64_t>{3, 3, 4}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::bmm(a, b); }),
              HasSubstr("aten::bmm: expected batch2 of shape [2, 3, *] to "
                        "multiply batch1 of shape [2, 2, 3], but got [3, 3, "
                        "4]"));
}

TEST(LinearAlgebraGolden, Matmul) {
  auto matmul = [](const Inputs &in) { return ops::matmul(in[0], in[1]); };
  for (const char *name :
       {"matmul_1d_1d", "matmul_2d_1d", "matmul_1d_2d", "matmul_2d_2d",
        "matmul_3d_1d", "matmul_1d_3d", "matmul_3d_2d", "matmul_2d_3d",
        "matmul_3d_3d", "matmul_broadcast_batch", "matmul_broadcast_both",
        "matmul_4d_1d", "matmul_int64", "matmul_double_1d_3d",
        "matmul_empty_batch", "matmul_empty_depth"})
    checkCase(name, 2, matmul);
}

TEST(LinearAlgebraGolden, MatmulErrors) {
  Tensor s = Tensor::zeros(std::vector<int64_t>{}, ScalarType::Float);
  Tensor v = Tensor::zeros(std::vector<int64_t>{4}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::matmul(s, v); }),
              HasSubstr("aten::matmul: both arguments need to be at least "
                        "1D, but they are 0D and 1D"));
  Tensor m = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::matmul(m, v); }),
              HasSubstr("aten::matmul: shapes [2, 3] and [4] cannot be "
                        "multiplied (3 != 4)"));
  Tensor a = Tensor::zeros(std::vector<int64_t>{2, 3, 4}, ScalarType::Float);
  Tensor b = Tensor::zeros(std::vector<int64_t>{5, 4, 2}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::matmul(a, b); }), HasSubstr("aten::matmul"));
  EXPECT_THAT(errorOf([&] {
                ops::matmul(v, Tensor::zeros(std::vector<int64_t>{3},
                                             ScalarType::Float));
              }),
              HasSubstr("aten::dot: inconsistent tensor size, expected "
                        "tensors of shapes [4] and [3]"));
}

TEST(LinearAlgebraGolden, Addmm) {
  checkCase("addmm_basic", 3,
            [](const Inputs &in) { return ops::addmm(in[0], in[1], in[2]); });
  checkCase("addmm_broadcast_self", 3, [](const Inputs &in) {
    return ops::addmm(in[0], in[1], in[2], /*beta=*/0.5, /*alpha=*/2);
  });
  checkCase("addmm_beta0_nan", 3, [](const Inputs &in) {
    return ops::addmm(in[0], in[1], in[2], /*beta=*/0);
  });
  checkCase("addmm_alpha0_nan", 3, [](const Inputs &in) {
    return ops::addmm(in[0], in[1], in[2], /*beta=*/2, /*alpha=*/0);
  });
  checkCase("addmm_int64", 3, [](const Inputs &in) {
    return ops::addmm(in[0], in[1], in[2], /*beta=*/2, /*alpha=*/3);
  });
  checkCase("addmm_int64_float_scalars", 3, [](const Inputs &in) {
    return ops::addmm(in[0], in[1], in[2], /*beta=*/0.5, /*alpha=*/1.7);
  });
  for (const char *name : {"addmm_scalar_self", "addmm_double"})
    checkCase(name, 3,
              [](const Inputs &in) { return ops::addmm(in[0], in[1], in[2]); });
  checkCase("addmm_inplace", 3, [](const Inputs &in) {
    Tensor self = in[0].clone();
    Tensor &result = ops::addmm_(self, in[1], in[2], 0.5, -1);
    EXPECT_TRUE(result.isSame(self));
    return self;
  });
  // In place into a strided self.
  Inputs in = goldenInputs(kFamily, "addmm_inplace", 3);
  Tensor self = nonContiguous(in[0]);
  ops::addmm_(self, in[1], in[2], 0.5, -1);
  EXPECT_TRUE(tensorsClose(self, golden(kFamily, "addmm_inplace.out0")));
}

TEST(LinearAlgebraGolden, AddmmErrors) {
  Tensor self = Tensor::zeros(std::vector<int64_t>{3}, ScalarType::Float);
  Tensor a = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Float);
  Tensor b = Tensor::zeros(std::vector<int64_t>{3, 4}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::addmm(self, a, b); }),
              HasSubstr("aten::addmm: self of shape [3] cannot be broadcast "
                        "to the product's shape [2, 4]"));
  Tensor small = Tensor::zeros(std::vector<int64_t>{4}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::addmm_(small, a, b); }),
              HasSubstr("aten::addmm_: the result of shape [2, 4] does not "
                        "fit self of shape [4]"));
  Tensor longSelf = Tensor::zeros(std::vector<int64_t>{2, 4}, ScalarType::Long);
  EXPECT_THAT(errorOf([&] { ops::addmm(longSelf, a, b); }),
              HasSubstr("aten::addmm: expected self and mat2 to have the same "
                        "dtype"));
}

TEST(LinearAlgebraGolden, AddmvAndBaddbmm) {
  checkCase("addmv_basic", 3, [](const Inputs &in) {
    return ops::addmv(in[0], in[1], in[2], 0.5, 2);
  });
  for (const char *name : {"addmv_broadcast_self", "addmv_int_self"})
    checkCase(name, 3,
              [](const Inputs &in) { return ops::addmv(in[0], in[1], in[2]); });
  checkCase("addmv_beta0_nan", 3, [](const Inputs &in) {
    return ops::addmv(in[0], in[1], in[2], /*beta=*/0);
  });
  checkCase("addmv_inplace", 3, [](const Inputs &in) {
    Tensor self = in[0].clone();
    return ops::addmv_(self, in[1], in[2]);
  });
  for (const char *name : {"baddbmm_basic", "baddbmm_broadcast_self"})
    checkCase(name, 3, [](const Inputs &in) {
      return ops::baddbmm(in[0], in[1], in[2], 0.5, 1.5);
    });
  checkCase("baddbmm_beta0_nan", 3, [](const Inputs &in) {
    return ops::baddbmm(in[0], in[1], in[2], /*beta=*/0);
  });
  checkCase("baddbmm_inplace", 3, [](const Inputs &in) {
    Tensor self = in[0].clone();
    return ops::baddbmm_(self, in[1], in[2]);
  });
  Tensor vec = Tensor::zeros(std::vector<int64_t>{3}, ScalarType::Float);
  Tensor mat = Tensor::zeros(std::vector<int64_t>{3, 2}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::addmv(vec, mat, vec); }),
              HasSubstr("aten::addmv: size mismatch, [3, 2] @ [3]"));
}

TEST(LinearAlgebraGolden, MvAndDot) {
  auto mv = [](const Inputs &in) { return ops::mv(in[0], in[1]); };
  for (const char *name :
       {"mv_basic", "mv_int64", "mv_empty", "mv_empty_depth"})
    checkCase(name, 2, mv);
  auto dot = [](const Inputs &in) { return ops::dot(in[0], in[1]); };
  for (const char *name : {"dot_basic", "dot_double", "dot_int64", "dot_empty"})
    checkCase(name, 2, dot);
  Tensor m = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::dot(m, m); }),
              HasSubstr("aten::dot: 1D tensors expected, but got 2D and 2D "
                        "tensors"));
  EXPECT_THAT(errorOf([&] { ops::mv(m, m); }),
              HasSubstr("aten::mv: expected a matrix and a vector, but got "
                        "shapes [2, 3] and [2, 3]"));
}

TEST(LinearAlgebraGolden, Linear) {
  auto linear = [](const Inputs &in) {
    return ops::linear(in[0], in[1],
                       in.size() > 2 ? std::optional<Tensor>(in[2])
                                     : std::nullopt);
  };
  for (const char *name :
       {"linear_bias", "linear_3d", "linear_1d_input", "linear_double",
        "linear_empty_batch", "linear_bias_2d", "linear_1d_weight_4d_bias",
        "linear_4d_double_bias"})
    checkCase(name, 3, linear);
  for (const char *name : {"linear_no_bias", "linear_1d_weight"})
    checkCase(name, 2, linear);
  Tensor x = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Float);
  Tensor w = Tensor::zeros(std::vector<int64_t>{4, 5}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::linear(x, w); }),
              HasSubstr("aten::linear: input of shape [2, 3] and weight of "
                        "shape [4, 5] cannot be multiplied (3 != 5)"));
  Tensor w1 = Tensor::zeros(std::vector<int64_t>{3}, ScalarType::Float);
  Tensor b = Tensor::zeros(std::vector<int64_t>{}, ScalarType::Float);
  EXPECT_THAT(errorOf([&] { ops::linear(x, w1, b); }),
              HasSubstr("aten::linear: with a bias and a 2-D or 3-D input, "
                        "weight must be a matrix"));
}

struct EinsumCase {
  const char *name;
  const char *equation;
  size_t numInputs;
};

TEST(LinearAlgebraGolden, Einsum) {
  const EinsumCase cases[] = {
      {"einsum_bmm", "bij,bjk->bik", 2},
      {"einsum_attention", "bhqd,bhkd->bhqk", 2},
      {"einsum_transpose", "ij->ji", 1},
      {"einsum_permute3", "ijk->kji", 1},
      {"einsum_diagonal", "ii->i", 1},
      {"einsum_trace", "ii", 1},
      {"einsum_batch_diagonal", "bii->bi", 1},
      {"einsum_sum_all", "ij->", 1},
      {"einsum_row_sum", "ij->i", 1},
      {"einsum_outer", "i,j->ij", 2},
      {"einsum_dot", "i,i->", 2},
      {"einsum_implicit_mm", "ij,jk", 2},
      {"einsum_implicit_order", "ba,Ab", 2},
      {"einsum_mm_transposed", "ij,kj->ik", 2},
      {"einsum_ellipsis_mm", "...ij,...jk", 2},
      {"einsum_ellipsis_broadcast", "i...,i...->...", 2},
      {"einsum_ellipsis_explicit", "...ij,...jk->...ik", 2},
      {"einsum_three_operands", "ij,jk,kl->il", 3},
      {"einsum_bilinear", "bn,anm,bm->ba", 3},
      {"einsum_broadcast_label", "ij,jk", 2},
      {"einsum_spaces", "i j , j k -> i k", 2},
      {"einsum_sum_before_product", "ijk,jl->il", 2},
      {"einsum_batch_outer", "bi,bj->bij", 2},
      {"einsum_empty", "bij,bjk->bik", 2},
      {"einsum_int64", "ij,jk->ik", 2},
      {"einsum_double", "bij,bjk->bik", 2},
  };
  for (const EinsumCase &c : cases)
    checkCase(c.name, c.numInputs, [&](const Inputs &in) {
      Tensor out = ops::einsum(c.equation, in);
      for (const Tensor &t : in)
        EXPECT_NE(out.storage().get(), t.storage().get())
            << "einsum returned a view of an operand";
      return out;
    });
}

TEST(LinearAlgebraGolden, EinsumErrors) {
  Tensor a = Tensor::zeros(std::vector<int64_t>{2, 3}, ScalarType::Float);
  Tensor b = Tensor::zeros(std::vector<int64_t>{4, 4}, ScalarType::Float);
  auto einsum = [](const char *eq, std::vector<Tensor> ts) {
    return errorOf([&] { ops::einsum(eq, ts); });
  };
  EXPECT_THAT(einsum("ij,jk->ik", {a, b}),
              HasSubstr("aten::einsum: subscript j has size 4 for operand 1 "
                        "which does not broadcast with previously seen size "
                        "3"));
  Tensor c = Tensor::zeros(std::vector<int64_t>{3, 4}, ScalarType::Float);
  EXPECT_THAT(einsum("ij,jk->iz", {a, c}),
              HasSubstr("aten::einsum: output subscript z does not appear"));
  EXPECT_THAT(einsum("ij,jk->ii", {a, c}),
              HasSubstr("aten::einsum: output subscript i appears more than "
                        "once"));
  EXPECT_THAT(einsum("ijk->i", {a}),
              HasSubstr("aten::einsum: the subscripts of operand 0 name 3 "
                        "dimension(s), but the operand has shape [2, 3]"));
  EXPECT_THAT(einsum("i1->i", {a}),
              HasSubstr("aten::einsum: invalid subscript '1'"));
  EXPECT_THAT(einsum("ij,jk", {a}),
              HasSubstr("aten::einsum: the equation 'ij,jk' has 2 "
                        "operand(s) but 1 tensor(s) were given"));
  EXPECT_THAT(einsum("ii->i", {a}),
              HasSubstr("aten::einsum: subscript i is repeated for operand "
                        "0 but the sizes don't match, 2 != 3"));
  EXPECT_THAT(einsum("ij,jk", {a, a.to(ScalarType::Double)}),
              HasSubstr("aten::einsum: expected operands of one dtype, but "
                        "got Float and Double"));
}

// The kernels read the schema's arguments: run a graph through them.
TEST(LinearAlgebraGolden, Kernels) {
  CompiledGraph g(R"IR(graph(%a : Tensor, %b : Tensor, %c : Tensor):
  %half : float = prim::Constant[value=0.5]()
  %two : int = prim::Constant[value=2]()
  %none : NoneType = prim::Constant()
  %eq : str = prim::Constant[value="ij,jk->ik"]()
  %mm : Tensor = aten::mm(%a, %b)
  %addmm : Tensor = aten::addmm(%c, %a, %b, %half, %two)
  %lin : Tensor = aten::linear(%a, %b, %none)
  %ops : Tensor[] = prim::ListConstruct(%a, %b)
  %ein : Tensor = aten::einsum(%eq, %ops, %none)
  %mat : Tensor = aten::matmul(%a, %b)
  return (%mm, %addmm, %lin, %ein, %mat)
)IR");
  Tensor a = randomFloats({2, 3}), b = randomFloats({3, 3}),
         c = randomFloats({2, 3});
  auto out = g.run({IValue(a), IValue(b), IValue(c)});
  Tensor mm = ops::mm(a, b);
  EXPECT_TRUE(tensorsClose(out[0].toTensor(), mm));
  EXPECT_TRUE(tensorsClose(out[1].toTensor(), ops::addmm(c, a, b, 0.5, 2)));
  EXPECT_TRUE(tensorsClose(out[2].toTensor(), ops::mm(a, transposed(b))));
  EXPECT_TRUE(tensorsClose(out[3].toTensor(), mm));
  EXPECT_TRUE(tensorsClose(out[4].toTensor(), mm));
}

} // namespace
