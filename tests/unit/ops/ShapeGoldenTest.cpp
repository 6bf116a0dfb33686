//===- ShapeGoldenTest.cpp - Views, copies and rearranging against PyTorch ===//
#include "runtime/tensor/ops/Rearrange.h"
#include "runtime/tensor/ops/Shape.h"
#include "tests/unit/ops/GoldenCases.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::shape;

namespace {

/// A view of `base`: same storage, no copy.
::testing::AssertionResult isViewOf(const Tensor &view, const Tensor &base) {
  if (view.storage() != base.storage())
    return ::testing::AssertionFailure() << "the result has its own storage";
  return ::testing::AssertionSuccess();
}

TEST(ShapeGolden, Metadata) {
  check("size", 1, [](const Inputs &in) {
    return Tensor::fromVector(ops::size(in[0]), {3});
  });
  check("size_dim", 1, [](const Inputs &in) {
    return Tensor::fromVector<int64_t>(
        {ops::size(in[0], 1), ops::size(in[0], -1)}, {2});
  });
  check("dim_numel", 1, [](const Inputs &in) {
    return Tensor::fromVector<int64_t>({ops::dim(in[0]), ops::numel(in[0])},
                                       {2});
  });
  check("infer_size", 0, [](const Inputs &) {
    return Tensor::fromVector(ops::infer_size(V{2, 1, 4}, V{3, 1}), {3});
  });
}

TEST(ShapeGolden, ViewAndReshape) {
  check("view", 1, [](const Inputs &in) { return ops::view(in[0], V{6, 4}); });
  check("view_infer", 1, [](const Inputs &in) {
    return ops::view(in[0], V{-1, 2, 2});
  });
  check("view_0d", 1, [](const Inputs &in) {
    return ops::view(in[0], V{1, 1});
  });
  check("view_to_0d", 1,
        [](const Inputs &in) { return ops::view(in[0], V{}); });
  check("view_empty", 1, [](const Inputs &in) {
    return ops::view(in[0], V{3, 0});
  });
  check("view_int64", 1, [](const Inputs &in) {
    return ops::view(in[0], V{3, 4});
  });
  check("view_as", 2,
        [](const Inputs &in) { return ops::view_as(in[0], in[1]); });
  check("reshape_view", 1, [](const Inputs &in) {
    return ops::reshape(in[0], V{4, -1});
  });
  check("reshape_copy", 1,
        [](const Inputs &in) { return ops::reshape(ops::t(in[0]), V{-1}); });
  check("reshape_as", 2,
        [](const Inputs &in) { return ops::reshape_as(in[0], in[1]); });
  check("flatten", 1, [](const Inputs &in) { return ops::flatten(in[0]); });
  check("flatten_mid", 1,
        [](const Inputs &in) { return ops::flatten(in[0], 1, 2); });
  check("flatten_neg", 1,
        [](const Inputs &in) { return ops::flatten(in[0], -3, -2); });
  check("flatten_0d", 1, [](const Inputs &in) { return ops::flatten(in[0]); });
  check("flatten_same", 1,
        [](const Inputs &in) { return ops::flatten(in[0], 1, 1); });
  check("unflatten", 1, [](const Inputs &in) {
    return ops::unflatten(in[0], 1, V{2, -1});
  });
  check("unflatten_neg", 1, [](const Inputs &in) {
    return ops::unflatten(in[0], -1, V{3, 1, 2});
  });
}

TEST(ShapeGolden, ViewDtype) {
  // Reinterpreting bytes needs the stored (contiguous) layout.
  check("view_dtype_int32", 1,
        [](const Inputs &in) { return ops::view(in[0], ScalarType::Int); },
        {.contiguousOnly = true});
  check("view_dtype_int16", 1,
        [](const Inputs &in) { return ops::view(in[0], ScalarType::Short); },
        {.contiguousOnly = true});
  check("view_dtype_double", 1,
        [](const Inputs &in) { return ops::view(in[0], ScalarType::Double); },
        {.contiguousOnly = true});
}

TEST(ShapeGolden, SqueezeUnsqueezePermute) {
  check("unsqueeze", 1,
        [](const Inputs &in) { return ops::unsqueeze(in[0], 0); });
  check("unsqueeze_last", 1,
        [](const Inputs &in) { return ops::unsqueeze(in[0], -1); });
  check("unsqueeze_mid", 1,
        [](const Inputs &in) { return ops::unsqueeze(in[0], 1); });
  check("unsqueeze_0d", 1,
        [](const Inputs &in) { return ops::unsqueeze(in[0], 0); });
  check("unsqueeze_", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::unsqueeze_(x, 2);
  });
  check("squeeze", 1, [](const Inputs &in) { return ops::squeeze(in[0]); });
  check("squeeze_dim", 1,
        [](const Inputs &in) { return ops::squeeze(in[0], 2); });
  check("squeeze_dim_noop", 1,
        [](const Inputs &in) { return ops::squeeze(in[0], 1); });
  check("squeeze_0d", 1,
        [](const Inputs &in) { return ops::squeeze(in[0], 0); });
  check("squeeze_", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::squeeze_(x);
  });
  check("squeeze__dim", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::squeeze_(x, -2);
  });
  check("permute", 1, [](const Inputs &in) {
    return ops::permute(in[0], V{2, 0, 1});
  });
  check("permute_neg", 1, [](const Inputs &in) {
    return ops::permute(in[0], V{-1, 0, -2});
  });
  check("numpy_T", 1, [](const Inputs &in) { return ops::numpy_T(in[0]); });
  check("transpose", 1,
        [](const Inputs &in) { return ops::transpose(in[0], 0, 2); });
  check("transpose_neg", 1,
        [](const Inputs &in) { return ops::transpose(in[0], -1, 1); });
  check("transpose_", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::transpose_(x, 0, 1);
  });
  check("t", 1, [](const Inputs &in) { return ops::t(in[0]); });
  check("t_1d", 1, [](const Inputs &in) { return ops::t(in[0]); });
  check("t_", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::t_(x);
  });
}

TEST(ShapeGolden, Expand) {
  check("expand", 1, [](const Inputs &in) {
    return ops::expand(in[0], V{2, 3, 4});
  });
  check("expand_keep", 1, [](const Inputs &in) {
    return ops::expand(in[0], V{2, -1, 4});
  });
  check("expand_0d", 1, [](const Inputs &in) {
    return ops::expand(in[0], V{2, 2});
  });
  check("expand_as", 2,
        [](const Inputs &in) { return ops::expand_as(in[0], in[1]); });
  check("broadcast_tensors", 3,
        [](const Inputs &in) { return ops::broadcast_tensors(in); });
  check("detach", 1, [](const Inputs &in) { return ops::detach(in[0]); });
}

TEST(ShapeGolden, SelectSliceNarrow) {
  check("select", 1, [](const Inputs &in) { return ops::select(in[0], 1, 2); });
  check("select_neg", 1,
        [](const Inputs &in) { return ops::select(in[0], -1, -4); });
  check("slice", 1,
        [](const Inputs &in) { return ops::slice(in[0], 1, 1, 3); });
  check("slice_step", 1, [](const Inputs &in) {
    return ops::slice(in[0], 0, std::nullopt, std::nullopt, 2);
  });
  check("slice_neg", 1,
        [](const Inputs &in) { return ops::slice(in[0], 1, -3, -1); });
  check("slice_clamp", 1,
        [](const Inputs &in) { return ops::slice(in[0], 1, -100, 100, 3); });
  check("slice_empty", 1,
        [](const Inputs &in) { return ops::slice(in[0], 1, 3, 1); });
  check("narrow", 1,
        [](const Inputs &in) { return ops::narrow(in[0], 1, 1, 2); });
  check("narrow_neg", 1,
        [](const Inputs &in) { return ops::narrow(in[0], 0, -2, 2); });
  check("narrow_tensor", 1, [](const Inputs &in) {
    return ops::narrow(in[0], 1, Tensor::scalar(int64_t{2}, ScalarType::Long),
                       2);
  });
}

TEST(ShapeGolden, SplitChunkUnbind) {
  check("chunk", 1, [](const Inputs &in) { return ops::chunk(in[0], 3); });
  check("chunk_dim", 1,
        [](const Inputs &in) { return ops::chunk(in[0], 2, 1); });
  check("chunk_many", 1,
        [](const Inputs &in) { return ops::chunk(in[0], 5, 1); });
  check("chunk_empty", 1,
        [](const Inputs &in) { return ops::chunk(in[0], 3); });
  check("split", 1, [](const Inputs &in) { return ops::split(in[0], 2); });
  check("split_dim", 1,
        [](const Inputs &in) { return ops::split(in[0], 2, -1); });
  check("split_big", 1, [](const Inputs &in) { return ops::split(in[0], 10); });
  check("split_with_sizes", 1, [](const Inputs &in) {
    return ops::split_with_sizes(in[0], V{1, 3, 0, 1}, 1);
  });
  check("unbind", 1, [](const Inputs &in) { return ops::unbind(in[0]); });
  check("unbind_dim", 1,
        [](const Inputs &in) { return ops::unbind(in[0], 1); });
}

// Writing through a view reaches the base; the goldens hold the base after
// PyTorch's same write.
TEST(ShapeGolden, WritesThroughViews) {
  check("view_write", 1, [](const Inputs &in) {
    Tensor base = in[0].clone();
    Tensor part = ops::narrow(ops::view(base, V{6}), 0, 1, 3);
    EXPECT_TRUE(isViewOf(part, base));
    ops::fill_(part, 7);
    return base;
  });
  check("select_write", 1, [](const Inputs &in) {
    Tensor base = in[0].clone();
    Tensor column = ops::select(base, 1, 1);
    EXPECT_TRUE(isViewOf(column, base));
    ops::fill_(column, -5);
    return base;
  });
  check("slice_write", 1, [](const Inputs &in) {
    Tensor base = in[0].clone();
    Tensor part = ops::slice(base, 1, 1, std::nullopt, 2);
    EXPECT_TRUE(isViewOf(part, base));
    ops::fill_(part, 0);
    return base;
  });
}

TEST(ShapeGolden, ViewsShareStorage) {
  Tensor x = Tensor::zeros(V{2, 3, 4}, ScalarType::Float);
  std::vector<Tensor> views = {
      ops::view(x, V{6, 4}),
      ops::reshape(x, V{4, -1}),
      ops::flatten(x),
      ops::unflatten(x, 2, V{2, 2}),
      ops::unsqueeze(x, 1),
      ops::squeeze(ops::unsqueeze(x, 0)),
      ops::permute(x, V{2, 0, 1}),
      ops::transpose(x, 0, 1),
      ops::t(ops::select(x, 0, 1)),
      ops::expand(ops::select(x, 2, 0), V{5, 2, 3}),
      ops::slice(x, 2, 1, 3),
      ops::narrow(x, 1, 1, 2),
      ops::split(x, 1, 0)[1],
      ops::chunk(x, 2, 2)[1],
      ops::unbind(x, 2)[3],
      ops::detach(x),
      ops::view(x, ScalarType::Int),
      ops::numpy_T(x),
      ops::broadcast_tensors(std::vector<Tensor>{x, x})[0],
  };
  for (size_t i = 0; i < views.size(); ++i)
    EXPECT_TRUE(isViewOf(views[i], x)) << "view " << i;
  // reshape and flatten copy only when the strides do not allow a view.
  Tensor transposed = ops::t(Tensor::zeros(V{3, 4}, ScalarType::Float));
  EXPECT_FALSE(isViewOf(ops::reshape(transposed, V{12}), transposed));
  EXPECT_TRUE(isViewOf(ops::reshape(transposed, V{2, 2, 3}), transposed));
  // contiguous returns the tensor itself when it already is.
  EXPECT_TRUE(ops::contiguous(x).isSame(x));
  EXPECT_FALSE(isViewOf(ops::contiguous(transposed), transposed));
}

TEST(ShapeGolden, InPlaceViewOpsChangeTheTensor) {
  Tensor x = Tensor::zeros(V{2, 3}, ScalarType::Float);
  Tensor alias = x; // another handle of the same tensor
  ops::t_(x);
  EXPECT_EQ(alias.sizes(), (V{3, 2}));
  ops::unsqueeze_(x, 0);
  EXPECT_EQ(alias.sizes(), (V{1, 3, 2}));
  ops::squeeze_(x);
  EXPECT_EQ(alias.sizes(), (V{3, 2}));
  ops::transpose_(x, 0, 1);
  EXPECT_EQ(alias.sizes(), (V{2, 3}));
  EXPECT_EQ(alias.strides(), (V{3, 1}));
}

Tensor stridesOf(const Tensor &t) {
  return Tensor::fromVector(t.strides(), {t.dim()});
}

// The goldens hold PyTorch's strides of the result.
TEST(ShapeGolden, CloneLayouts) {
  check("clone_strides_transposed", 1,
        [](const Inputs &in) { return stridesOf(ops::clone(ops::t(in[0]))); });
  check("clone_strides_contiguous_format", 1, [](const Inputs &in) {
    return stridesOf(ops::clone(ops::t(in[0]), ops::MemoryFormat::Contiguous));
  });
  check("clone_strides_sliced", 1, [](const Inputs &in) {
    return stridesOf(
        ops::clone(ops::slice(in[0], 1, std::nullopt, std::nullopt, 2)));
  });
  check("clone_strides_permuted_slice", 1, [](const Inputs &in) {
    Tensor sliced = ops::slice(in[0], 2, std::nullopt, std::nullopt, 2);
    return stridesOf(ops::clone(ops::permute(sliced, V{0, 2, 3, 1})));
  });
  check("clone_strides_expanded", 1, [](const Inputs &in) {
    Tensor expanded = ops::expand(in[0], V{3, 2, 4});
    return stridesOf(ops::clone(ops::permute(expanded, V{2, 0, 1})));
  });
  check("contiguous_channels_last_strides", 1, [](const Inputs &in) {
    Tensor out = ops::contiguous(in[0], ops::MemoryFormat::ChannelsLast);
    EXPECT_TRUE(
        ops::contiguous(out, ops::MemoryFormat::ChannelsLast).isSame(out));
    return stridesOf(out);
  });
}

TEST(ShapeGolden, CopiesAndFills) {
  check("contiguous", 1,
        [](const Inputs &in) { return ops::contiguous(ops::t(in[0])); });
  check("clone", 1, [](const Inputs &in) { return ops::clone(ops::t(in[0])); });
  check("copy_", 2, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::copy_(x, in[1]);
  });
  check("copy_to_int", 2, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::copy_(x, in[1]);
  });
  check("copy_functional", 2,
        [](const Inputs &in) { return ops::copy(in[0], in[1]); });
  check("copy_float", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::copy_(x, Scalar(2.5));
  });
  check("fill_", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::fill_(x, 2.75);
  });
  check("fill_int", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::fill_(x, -3.7);
  });
  check("fill_bool", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::fill_(x, 2);
  });
  check("fill_tensor", 2, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::fill_(x, in[1]);
  });
  check("zero_", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::zero_(x);
  });
}

TEST(ShapeGolden, CatStackRepeat) {
  auto cat = [](int64_t dim) {
    return [dim](const Inputs &in) { return ops::cat(in, dim); };
  };
  check("cat", 2, cat(0));
  check("cat_dim1", 3, cat(1));
  check("cat_neg", 2, cat(-1));
  check("cat_promote", 2, cat(0));
  check("cat_bool_int", 2, cat(0));
  check("cat_legacy_empty", 2, [](const Inputs &in) {
    return ops::cat(std::vector<Tensor>{in[0], in[1], in[0]}, 1);
  });
  check("cat_empty_rows", 2, cat(0));
  check("stack", 2, [](const Inputs &in) { return ops::stack(in); });
  check("stack_last", 2, [](const Inputs &in) { return ops::stack(in, -1); });
  check("stack_0d", 2, [](const Inputs &in) { return ops::stack(in); });
  check("repeat", 1, [](const Inputs &in) {
    return ops::repeat(in[0], V{2, 1, 2});
  });
  check("repeat_same_rank", 1, [](const Inputs &in) {
    return ops::repeat(in[0], V{3, 2});
  });
  check("repeat_zero", 1, [](const Inputs &in) {
    return ops::repeat(in[0], V{2, 0});
  });
  check("repeat_0d", 1,
        [](const Inputs &in) { return ops::repeat(in[0], V{3}); });
}

TEST(ShapeGolden, RollFlipTriangles) {
  check("roll_flat", 1,
        [](const Inputs &in) { return ops::roll(in[0], V{2}, V{}); });
  check("roll_dim", 1,
        [](const Inputs &in) { return ops::roll(in[0], V{1}, V{1}); });
  check("roll_neg_big", 1,
        [](const Inputs &in) { return ops::roll(in[0], V{-7}, V{0}); });
  check("roll_multi", 1, [](const Inputs &in) {
    return ops::roll(in[0], V{1, -1}, V{0, 1});
  });
  check("flip", 1, [](const Inputs &in) { return ops::flip(in[0], V{0}); });
  check("flip_multi", 1, [](const Inputs &in) {
    return ops::flip(in[0], V{0, -1});
  });
  check("flip_int", 1, [](const Inputs &in) { return ops::flip(in[0], V{1}); });
  check("tril", 1, [](const Inputs &in) { return ops::tril(in[0]); });
  check("tril_diag", 1, [](const Inputs &in) { return ops::tril(in[0], 1); });
  check("triu", 1, [](const Inputs &in) { return ops::triu(in[0]); });
  check("triu_neg_batched", 1,
        [](const Inputs &in) { return ops::triu(in[0], -1); });
  check("tril_bool", 1, [](const Inputs &in) { return ops::tril(in[0], -1); });
  check("tril_", 1, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::tril_(x);
  });
}

TEST(ShapeGolden, Sort) {
  check("sort", 1, [](const Inputs &in) { return ops::sort(in[0]); });
  check("sort_desc_dim0", 1,
        [](const Inputs &in) { return ops::sort(in[0], 0, true); });
  check("sort_stable_dups", 1,
        [](const Inputs &in) { return ops::sort(in[0], -1, true); });
  check("sort_nan", 1, [](const Inputs &in) { return ops::sort(in[0]); });
  check("sort_nan_desc", 1,
        [](const Inputs &in) { return ops::sort(in[0], -1, true); });
  check("sort_bool", 1, [](const Inputs &in) { return ops::sort(in[0]); });
  check("sort_0d", 1, [](const Inputs &in) { return ops::sort(in[0]); });
}

TEST(ShapeGolden, Errors) {
  Tensor x = Tensor::zeros(V{2, 3}, ScalarType::Float);
  Tensor scalar = Tensor::scalar(1.0, ScalarType::Float);
  expectUserError([&] { ops::view(ops::t(x), V{-1}); }, "aten::view: view size",
                  "Use .reshape(...) instead");
  expectUserError([&] { ops::view(x, V{4}); }, "aten::view: shape '[4]'",
                  "invalid for input of size 6");
  expectUserError(
      [&] {
        ops::reshape(x, V{-1, -1});
      },
      "aten::reshape: only one");
  expectUserError([&] { ops::reshape(x, V{-2, 3}); }, "aten::reshape: invalid");
  expectUserError(
      [&] {
        ops::view(Tensor::zeros(V{0, 3}, ScalarType::Float), V{0, -1});
      },
      "aten::view: cannot reshape tensor of 0 elements");
  expectUserError([&] { ops::view(x, ScalarType::Double); },
                  "aten::view: self.size(-1) must be divisible by 2");
  expectUserError([&] { ops::flatten(x, 1, 0); },
                  "aten::flatten: start_dim cannot come after end_dim");
  expectUserError(
      [&] {
        ops::unflatten(x, 1, V{2, 2});
      },
      "aten::unflatten: Provided sizes [2, 2]");
  expectUserError([&] { ops::unsqueeze(x, 3); }, "aten::unsqueeze: dimension 3",
                  "out of range");
  expectUserError(
      [&] {
        ops::permute(x, V{0, 0});
      },
      "aten::permute: dimension");
  expectUserError([&] { ops::permute(x, V{0}); }, "aten::permute: the tensor");
  expectUserError(
      [&] {
        ops::t(Tensor::zeros(V{1, 2, 3}, ScalarType::Float));
      },
      "aten::t: expects a tensor with <= 2 dimensions");
  expectUserError(
      [&] {
        ops::expand(x, V{3, 4});
      },
      "aten::expand: the expanded size of the tensor (4)",
      "Target sizes: [3, 4]");
  expectUserError([&] { ops::expand(x, V{3}); },
                  "aten::expand: the number of sizes provided (1)");
  expectUserError(
      [&] {
        ops::expand(x, V{-1, 2, 3});
      },
      "aten::expand: the expanded size of the tensor (-1)");
  expectUserError([&] { ops::select(x, 0, 2); }, "aten::select: index 2 out",
                  "[2, 3]");
  expectUserError([&] { ops::select(scalar, 0, 0); },
                  "aten::select: cannot be applied to a 0-dim tensor");
  expectUserError([&] { ops::slice(x, 1, 0, 2, 0); },
                  "aten::slice: slice step must be positive");
  expectUserError([&] { ops::narrow(x, 1, 2, 2); },
                  "aten::narrow: start (2) + length (2) exceeds");
  expectUserError([&] { ops::chunk(x, 0); }, "aten::chunk: expects `chunks`");
  expectUserError([&] { ops::split(x, -1); },
                  "aten::split: expects split_size");
  expectUserError([&] { ops::split(x, 0, 1); },
                  "aten::split: split_size can only be 0");
  expectUserError(
      [&] {
        ops::split_with_sizes(x, V{1, 1}, 1);
      },
      "aten::split_with_sizes: expects split_sizes to sum exactly "
      "to 3");
  expectUserError([&] { ops::contiguous(x, ops::MemoryFormat::Preserve); },
                  "aten::contiguous: preserve memory format");
  expectUserError([&] { ops::contiguous(x, ops::MemoryFormat::ChannelsLast); },
                  "aten::contiguous: required rank 4");
  expectUserError(
      [&] {
        Tensor y = x.clone();
        ops::fill_(y, Tensor::zeros(V{1}, ScalarType::Float));
      },
      "aten::fill_: only supports 0-dimension value tensor");
  expectUserError(
      [&] {
        Tensor y = Tensor::zeros(V{2}, ScalarType::Byte);
        ops::fill_(y, 300);
      },
      "aten::fill_: value 300 cannot be converted to type Byte");
  expectUserError(
      [&] {
        Tensor y = ops::expand(scalar, V{3});
        ops::fill_(y, 1);
      },
      "aten::fill_: more than one element");
  expectUserError(
      [&] {
        Tensor base = Tensor::zeros(V{4}, ScalarType::Float);
        Tensor dst = ops::slice(base, 0, 1, 4);
        ops::copy_(dst, ops::slice(base, 0, 0, 3));
      },
      "aten::copy_: some elements of the input tensor");
}

TEST(ShapeGolden, RearrangeErrors) {
  Tensor x = Tensor::zeros(V{2, 3}, ScalarType::Float);
  expectUserError([&] { ops::cat(std::vector<Tensor>{}); },
                  "aten::cat: expected a non-empty list");
  expectUserError(
      [&] {
        ops::cat(
            std::vector<Tensor>{x, Tensor::zeros(V{3, 3}, ScalarType::Float)},
            1);
      },
      "aten::cat: Sizes of tensors must match except in dimension 1",
      "tensor number 1");
  expectUserError(
      [&] {
        ops::cat(
            std::vector<Tensor>{x, Tensor::scalar(1.0, ScalarType::Float)});
      },
      "aten::cat: zero-dimensional tensor (at position 1)");
  expectUserError(
      [&] {
        ops::cat(std::vector<Tensor>{
            x, Tensor::zeros(V{2, 3, 1}, ScalarType::Float)});
      },
      "aten::cat: Tensors must have same number of dimensions: got 2 and 3");
  expectUserError(
      [&] {
        ops::stack(
            std::vector<Tensor>{x, Tensor::zeros(V{3}, ScalarType::Float)});
      },
      "aten::stack: expects each tensor to be equal size, but got [2, 3] at "
      "entry 0 and [3] at entry 1");
  expectUserError([&] { ops::repeat(x, V{2}); },
                  "aten::repeat: Number of dimensions of repeat dims");
  expectUserError(
      [&] {
        ops::roll(x, V{1, 2}, V{0});
      },
      "aten::roll: shifts and dimensions must align");
  expectUserError(
      [&] {
        ops::flip(x, V{0, -2});
      },
      "aten::flip: dim -2 appears multiple times");
  expectUserError([&] { ops::tril(Tensor::zeros(V{3}, ScalarType::Float)); },
                  "aten::tril: input tensor must have at least 2 dimensions");
  expectUserError([&] { ops::sort(x, 2); }, "aten::sort: dimension 2");
}

} // namespace
