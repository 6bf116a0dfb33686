//===- IndexingGoldenTest.cpp - Indexing, scatter, masks against PyTorch --===//
#include "runtime/tensor/ops/Indexing.h"
#include "runtime/tensor/ops/Shape.h"
#include "tests/support/RunGraph.h"
#include "tests/unit/ops/GoldenCases.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::shape;

namespace {

using Indices = std::vector<std::optional<Tensor>>;

TEST(IndexingGolden, IndexSelect) {
  check("index_select", 2,
        [](const Inputs &in) { return ops::index_select(in[0], 0, in[1]); });
  check("index_select_dim1", 2,
        [](const Inputs &in) { return ops::index_select(in[0], 1, in[1]); });
  check("index_select_0d_index", 2,
        [](const Inputs &in) { return ops::index_select(in[0], 1, in[1]); });
  check("index_select_empty", 2,
        [](const Inputs &in) { return ops::index_select(in[0], 0, in[1]); });
}

TEST(IndexingGolden, AdvancedIndex) {
  auto first = [](const Inputs &in) {
    return ops::index(in[0], Indices{in[1]});
  };
  check("index", 2, first);
  check("index_2d_index", 2, first);
  check("index_pair", 3, [](const Inputs &in) {
    return ops::index(in[0], Indices{in[1], in[2]});
  });
  check("index_broadcast", 3, [](const Inputs &in) {
    return ops::index(in[0], Indices{in[1], in[2]});
  });
  check("index_none_first", 2, [](const Inputs &in) {
    return ops::index(in[0], Indices{std::nullopt, in[1]});
  });
  check("index_non_adjacent", 3, [](const Inputs &in) {
    return ops::index(in[0], Indices{in[1], std::nullopt, in[2]});
  });
  check("index_non_adjacent_later", 3, [](const Inputs &in) {
    return ops::index(in[0], Indices{std::nullopt, in[1], std::nullopt, in[2]});
  });
  check("index_adjacent_mid", 3, [](const Inputs &in) {
    return ops::index(in[0], Indices{std::nullopt, in[1], in[2]});
  });
  check("index_mask", 2, first);
  check("index_mask_rows", 2, first);
  check("index_mask_uint8", 2, first);
  check("index_mask_and_int", 3, [](const Inputs &in) {
    return ops::index(in[0], Indices{in[1], in[2]});
  });
  check("index_0d_index", 2, first);
  check("index_int64_values", 2, [](const Inputs &in) {
    return ops::index(in[0], Indices{std::nullopt, in[1]});
  });
  check("index_empty", 2, first);
}

TEST(IndexingGolden, IndexPut) {
  check("index_put", 3, [](const Inputs &in) {
    return ops::index_put(in[0], Indices{in[1]}, in[2]);
  });
  check("index_put_broadcast", 3, [](const Inputs &in) {
    return ops::index_put(in[0], Indices{std::nullopt, in[1]}, in[2]);
  });
  check("index_put_scalar_value", 4, [](const Inputs &in) {
    return ops::index_put(in[0], Indices{in[1], in[2]}, in[3]);
  });
  check("index_put_accumulate", 3, [](const Inputs &in) {
    return ops::index_put(in[0], Indices{in[1]}, in[2], /*accumulate=*/true);
  });
  check("index_put_duplicates", 3, [](const Inputs &in) {
    return ops::index_put(in[0], Indices{in[1]}, in[2]);
  });
  check("index_put_mask", 3, [](const Inputs &in) {
    return ops::index_put(in[0], Indices{in[1]}, in[2]);
  });
  check("index_put_", 3, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::index_put_(x, Indices{in[1]}, in[2]);
  });
}

TEST(IndexingGolden, GatherScatter) {
  check("gather", 2,
        [](const Inputs &in) { return ops::gather(in[0], 1, in[1]); });
  check("gather_dim0", 2,
        [](const Inputs &in) { return ops::gather(in[0], 0, in[1]); });
  check("gather_smaller", 2,
        [](const Inputs &in) { return ops::gather(in[0], 1, in[1]); });
  check("gather_0d", 2,
        [](const Inputs &in) { return ops::gather(in[0], 0, in[1]); });
  check("scatter", 3,
        [](const Inputs &in) { return ops::scatter(in[0], 1, in[1], in[2]); });
  check("scatter_dim0", 3,
        [](const Inputs &in) { return ops::scatter(in[0], 0, in[1], in[2]); });
  check("scatter_value", 2, [](const Inputs &in) {
    return ops::scatter(in[0], 1, in[1], Scalar(9.5));
  });
  check("scatter_value_int", 2, [](const Inputs &in) {
    return ops::scatter(in[0], 1, in[1], Scalar(7.9));
  });
  check("scatter_add_reduce", 3, [](const Inputs &in) {
    return ops::scatter(in[0], 0, in[1], in[2],
                        ops::scatterReduceFromName("aten::scatter", "add"));
  });
  check("scatter_multiply", 2, [](const Inputs &in) {
    return ops::scatter(
        in[0], 0, in[1], Scalar(3.0),
        ops::scatterReduceFromName("aten::scatter", "multiply"));
  });
  check("scatter_", 3, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::scatter_(x, 1, in[1], in[2]);
  });
  check("scatter_add", 3, [](const Inputs &in) {
    return ops::scatter_add(in[0], 1, in[1], in[2]);
  });
  check("scatter_add_int", 3, [](const Inputs &in) {
    return ops::scatter_add(in[0], 0, in[1], in[2]);
  });
  check("scatter_add_", 3, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::scatter_add_(x, 0, in[1], in[2]);
  });
}

TEST(IndexingGolden, ScatterReduce) {
  for (std::string reduce : {"sum", "prod", "mean", "amax", "amin"}) {
    for (bool includeSelf : {true, false}) {
      std::string name =
          "scatter_reduce_" + reduce + "_" + (includeSelf ? "self" : "noself");
      check(name, 3, [&](const Inputs &in) {
        return ops::scatter_reduce(
            in[0], 1, in[1], in[2],
            ops::scatterReduceTwoFromName("aten::scatter_reduce", reduce),
            includeSelf);
      });
    }
  }
  check("scatter_reduce_mean_int", 3, [](const Inputs &in) {
    return ops::scatter_reduce(in[0], 0, in[1], in[2],
                               ops::ScatterReduce::Mean);
  });
}

TEST(IndexingGolden, Masks) {
  check("masked_fill", 2, [](const Inputs &in) {
    return ops::masked_fill(in[0], in[1], Scalar(-1.5));
  });
  check("masked_fill_broadcast", 2, [](const Inputs &in) {
    return ops::masked_fill(in[0], in[1], Scalar(4));
  });
  check("masked_fill_tensor", 3,
        [](const Inputs &in) { return ops::masked_fill(in[0], in[1], in[2]); });
  check("masked_fill_int", 2, [](const Inputs &in) {
    return ops::masked_fill(in[0], in[1], Scalar(7.9));
  });
  check("masked_fill_uint8_mask", 2, [](const Inputs &in) {
    return ops::masked_fill(in[0], in[1], Scalar(0.0));
  });
  check("masked_fill_", 2, [](const Inputs &in) {
    Tensor x = in[0].clone();
    return ops::masked_fill_(x, in[1], Scalar(2));
  });
  check("masked_select", 2,
        [](const Inputs &in) { return ops::masked_select(in[0], in[1]); });
  check("masked_select_broadcast", 2,
        [](const Inputs &in) { return ops::masked_select(in[0], in[1]); });
  check("masked_scatter", 3, [](const Inputs &in) {
    return ops::masked_scatter(in[0], in[1], in[2]);
  });
  check("masked_scatter_broadcast", 3, [](const Inputs &in) {
    return ops::masked_scatter(in[0], in[1], in[2]);
  });
}

TEST(IndexingGolden, Embedding) {
  check("embedding", 2,
        [](const Inputs &in) { return ops::embedding(in[0], in[1]); });
  check("embedding_int32", 2,
        [](const Inputs &in) { return ops::embedding(in[0], in[1], 1); });
  check("embedding_0d", 2,
        [](const Inputs &in) { return ops::embedding(in[0], in[1]); });
}

Tensor longs(std::vector<int64_t> values) {
  auto n = static_cast<int64_t>(values.size());
  return Tensor::fromVector(values, {n});
}

TEST(IndexingGolden, Errors) {
  Tensor x = Tensor::zeros(V{2, 3}, ScalarType::Float);
  Tensor mask = Tensor::zeros(V{3}, ScalarType::Bool);
  expectUserError(
      [&] {
        ops::index_select(x, 1, longs({0, 5}));
      },
      "aten::index_select: index 5 is out of range");
  expectUserError(
      [&] {
        ops::index_select(x, 1, Tensor::zeros(V{1, 1}, ScalarType::Long));
      },
      "aten::index_select: Index is supposed to be a vector");
  expectUserError(
      [&] { ops::index_select(x, 1, Tensor::zeros(V{1}, ScalarType::Float)); },
      "aten::index_select: Expected dtype int32 or int64");
  expectUserError(
      [&] {
        ops::index(x, Indices{longs({0, 2})});
      },
      "aten::index: index 2 is out of bounds for dimension 0 with "
      "size 2");
  expectUserError(
      [&] {
        ops::index(x, Indices{longs({0}), longs({0}), longs({0})});
      },
      "aten::index: too many indices for tensor of dimension 2 (got 3)");
  expectUserError(
      [&] {
        ops::index(x, Indices{longs({1, 0}), longs({0, 1, 2})});
      },
      "aten::index: shape mismatch: indexing tensors could not be broadcast "
      "together with shapes [2], [3]");
  expectUserError([&] { ops::index(x, Indices{mask}); },
                  "aten::index: The shape of the mask [3] at index 0 does not "
                  "match the shape of the indexed tensor [2, 3] at index 0");
  expectUserError(
      [&] { ops::index(x, Indices{Tensor::zeros(V{1}, ScalarType::Int)}); },
      "aten::index: tensors used as indices must be long, byte or bool");
  expectUserError(
      [&] {
        ops::index_put(x, Indices{longs({0, 0})},
                       Tensor::zeros(V{2}, ScalarType::Float));
      },
      "aten::index_put_: shape mismatch: value tensor of shape [2] cannot be "
      "broadcast to indexing result of shape [2, 3]");
  expectUserError(
      [&] {
        ops::index_put(x, Indices{longs({0})},
                       Tensor::zeros(V{3}, ScalarType::Long));
      },
      "aten::index_put_: Index put requires the source and destination "
      "dtypes match");
  expectUserError(
      [&] {
        ops::gather(x, 1, Tensor::zeros(V{2, 1}, ScalarType::Int));
      },
      "aten::gather: Expected dtype int64 for index");
  expectUserError([&] { ops::gather(x, 1, longs({0})); },
                  "aten::gather: Index tensor must have the same number of "
                  "dimensions");
  expectUserError(
      [&] {
        ops::gather(x, 1, Tensor::zeros(V{3, 1}, ScalarType::Long));
      },
      "aten::gather: Size does not match at dimension 0");
  expectUserError(
      [&] {
        ops::gather(x, 1, Tensor::full(V{2, 1}, int64_t{3}, ScalarType::Long));
      },
      "aten::gather: index 3 is out of bounds for dimension 1 with size 3");
  expectUserError(
      [&] {
        ops::scatter(x, 1, Tensor::zeros(V{2, 1}, ScalarType::Long),
                     Tensor::zeros(V{1, 1}, ScalarType::Float));
      },
      "aten::scatter: Expected index [2, 1] to be smaller than self [2, 3] "
      "apart from dimension 1 and to be smaller size than src [1, 1]");
  expectUserError(
      [&] {
        ops::scatter(x, 1, Tensor::zeros(V{2, 1}, ScalarType::Long),
                     Tensor::zeros(V{2, 1}, ScalarType::Long));
      },
      "aten::scatter: Expected self.dtype to be equal to src.dtype");
  expectUserError(
      [&] {
        ops::scatter(x, 1, Tensor::full(V{2, 1}, int64_t{-1}, ScalarType::Long),
                     Scalar(1.0));
      },
      "aten::scatter: index -1 is out of bounds for dimension 1 with size 3");
  expectUserError([&] { ops::scatterReduceFromName("aten::scatter", "mean"); },
                  "aten::scatter: reduce argument must be either add or "
                  "multiply");
  expectUserError(
      [&] { ops::scatterReduceTwoFromName("aten::scatter_reduce", "max"); },
      "aten::scatter_reduce: reduce argument must be either sum, prod, mean, "
      "amax or amin");
}

TEST(IndexingGolden, MaskErrors) {
  Tensor x = Tensor::zeros(V{2, 3}, ScalarType::Float);
  Tensor mask = Tensor::zeros(V{3}, ScalarType::Bool);
  expectUserError([&] { ops::masked_fill(x, mask, x); },
                  "aten::masked_fill_: only supports a 0-dimensional value "
                  "tensor");
  expectUserError(
      [&] {
        Tensor y = x.clone();
        ops::masked_fill_(y, Tensor::zeros(V{1, 2, 3}, ScalarType::Bool),
                          Scalar(1.0));
      },
      "aten::masked_fill_: mask of shape [1, 2, 3] cannot be broadcast to "
      "self of shape [2, 3]");
  expectUserError(
      [&] { ops::masked_fill(x, Tensor::zeros(V{3}, ScalarType::Long), 1.0); },
      "aten::masked_fill_: expected a bool (or uint8) mask");
  expectUserError(
      [&] { ops::masked_select(x, Tensor::zeros(V{4}, ScalarType::Bool)); },
      "aten::masked_select: shapes [2, 3] and [4] cannot be broadcast");
  expectUserError(
      [&] {
        ops::masked_scatter(x, Tensor::full(V{3}, true, ScalarType::Bool),
                            Tensor::zeros(V{5}, ScalarType::Float));
      },
      "aten::masked_scatter_: Number of elements of source (5) < number of "
      "ones in mask (6)");
  expectUserError([&] { ops::embedding(x, longs({2})); },
                  "aten::embedding: index 2 out of range");
  expectUserError([&] { ops::embedding(longs({2}), longs({0})); },
                  "aten::embedding: 'weight' must be 2-D");
  expectUserError([&] { ops::embedding(x, longs({0}), -1, true); },
                  "aten::embedding: scale_grad_by_freq and sparse must be "
                  "False");
}

// shape.py's pipeline() through the kernels' bindings: Tensor?[] lists
// with None, list and tuple results.
TEST(IndexingGolden, ThroughTheInterpreter) {
  CompiledGraph pipeline(R"IR(graph(%x : Tensor, %i : Tensor):
  %none : NoneType = prim::Constant()
  %0 : int = prim::Constant[value=0]()
  %1 : int = prim::Constant[value=1]()
  %2 : int = prim::Constant[value=2]()
  %3 : int = prim::Constant[value=3]()
  %4 : int = prim::Constant[value=4]()
  %true : bool = prim::Constant[value=1]()
  %shape : int[] = prim::ListConstruct(%3, %4)
  %v : Tensor = aten::view(%x, %shape)
  %y : Tensor = aten::t(%v)
  %rows : Tensor?[] = prim::ListConstruct(%i)
  %z : Tensor = aten::index(%y, %rows)
  %sizes : int[] = prim::ListConstruct(%1, %2)
  %parts : Tensor[] = aten::split(%z, %sizes, %1)
  %a : Tensor, %b : Tensor = prim::ListUnpack(%parts)
  %s : Tensor, %idx : Tensor = aten::sort(%b, %0, %true)
  %joined : Tensor[] = prim::ListConstruct(%s, %a)
  %c : Tensor = aten::cat(%joined, %1)
  %columns : Tensor?[] = prim::ListConstruct(%none, %i)
  %w : Tensor = aten::index(%v, %columns)
  return (%c, %idx, %w)
)IR",
                         /*seed=*/0, "pipeline.ir");
  check("pipeline", 2, [&](const Inputs &in) {
    std::vector<Tensor> out;
    for (IValue &v : pipeline.run({IValue(in[0]), IValue(in[1])}))
      out.push_back(v.toTensor());
    return out;
  });
}

} // namespace
