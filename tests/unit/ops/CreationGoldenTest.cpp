//===- CreationGoldenTest.cpp - Tensor factories against PyTorch ----------===//
#include "ir/Diagnostics.h"
#include "runtime/tensor/ops/Creation.h"
#include "tests/support/RunGraph.h"
#include "tests/unit/ops/GoldenCases.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::creation;

namespace {

TEST(CreationGolden, Filled) {
  check("zeros", 0, [](const Inputs &) { return ops::zeros(V{2, 3}); });
  check("zeros_int64", 0, [](const Inputs &) {
    return ops::zeros(V{2, 3}, ScalarType::Long);
  });
  check("zeros_0d", 0, [](const Inputs &) { return ops::zeros(V{}); });
  check("ones", 0, [](const Inputs &) { return ops::ones(V{3, 1}); });
  check("ones_bool", 0,
        [](const Inputs &) { return ops::ones(V{2}, ScalarType::Bool); });
  check("full_float", 0, [](const Inputs &) {
    return ops::full(V{2, 2}, Scalar(1.5));
  });
  check("full_int", 0, [](const Inputs &) { return ops::full(V{3}, 7); });
  check("full_dtype", 0, [](const Inputs &) {
    return ops::full(V{2}, Scalar(3.7), ScalarType::Int);
  });
  check("full_empty", 0, [](const Inputs &) {
    return ops::full(V{0, 2}, Scalar(1.0));
  });
  check("empty", 0, [](const Inputs &) {
    return meta(ops::empty(V{2, 0, 3}));
  });
  check("empty_dtype", 0, [](const Inputs &) {
    return meta(ops::empty(V{4}, ScalarType::Double));
  });
}

TEST(CreationGolden, LikeAndNew) {
  check("zeros_like", 1,
        [](const Inputs &in) { return ops::zeros_like(in[0]); });
  check("zeros_like_dtype", 1, [](const Inputs &in) {
    return ops::zeros_like(in[0], ScalarType::Double);
  });
  check("ones_like", 1, [](const Inputs &in) { return ops::ones_like(in[0]); });
  check("full_like", 1,
        [](const Inputs &in) { return ops::full_like(in[0], Scalar(2.5)); });
  check("full_like_dtype", 1, [](const Inputs &in) {
    return ops::full_like(in[0], Scalar(2.5), ScalarType::Float);
  });
  check("empty_like", 1,
        [](const Inputs &in) { return meta(ops::empty_like(in[0])); });
  check("new_zeros", 1, [](const Inputs &in) {
    return ops::new_zeros(in[0], V{2, 2});
  });
  check("new_ones", 1, [](const Inputs &in) {
    return ops::new_ones(in[0], V{1, 3});
  });
  check("new_full", 1, [](const Inputs &in) {
    return ops::new_full(in[0], V{2}, Scalar(3.9));
  });
  check("new_full_dtype", 1, [](const Inputs &in) {
    return ops::new_full(in[0], V{2}, Scalar(3.9), ScalarType::Float);
  });
  check("new_empty", 1, [](const Inputs &in) {
    return meta(ops::new_empty(in[0], V{3, 2}));
  });
}

Tensor stridesOf(const Tensor &t) {
  return Tensor::fromVector(t.strides(), {t.dim()});
}

// The goldens hold PyTorch's strides of the result.
TEST(CreationGolden, Layouts) {
  auto transposed = [](const Tensor &x) {
    return x.asStrided({x.size(1), x.size(0)}, {x.stride(1), x.stride(0)},
                       x.storageOffset());
  };
  check("zeros_like_strides", 1, [&](const Inputs &in) {
    return stridesOf(ops::zeros_like(transposed(in[0])));
  });
  check("empty_like_contiguous_strides", 1, [&](const Inputs &in) {
    return stridesOf(ops::empty_like(transposed(in[0]), std::nullopt,
                                     ops::MemoryFormat::Contiguous));
  });
  check("empty_channels_last_strides", 0, [](const Inputs &) {
    return stridesOf(ops::empty(V{2, 3, 4, 5}, std::nullopt,
                                ops::MemoryFormat::ChannelsLast));
  });
}

TEST(CreationGolden, Ranges) {
  check("arange_int", 0, [](const Inputs &) { return ops::arange(0, 5); });
  check("arange_float_end", 0,
        [](const Inputs &) { return ops::arange(0, Scalar(4.5)); });
  check("arange_start", 0, [](const Inputs &) { return ops::arange(-2, 3); });
  check("arange_step", 0, [](const Inputs &) {
    return ops::arange(1, Scalar(2.5), Scalar(0.5));
  });
  check("arange_tenths", 0,
        [](const Inputs &) { return ops::arange(0, 1, Scalar(0.1)); });
  check("arange_neg_step", 0,
        [](const Inputs &) { return ops::arange(0, -10, -3); });
  check("arange_empty", 0, [](const Inputs &) { return ops::arange(3, 3); });
  check("arange_double", 0, [](const Inputs &) {
    return ops::arange(0, 10, 3, ScalarType::Double);
  });
  check("arange_int64_fraction", 0, [](const Inputs &) {
    return ops::arange(Scalar(-0.5), 3, 1, ScalarType::Long);
  });
  check("arange_int32_fraction", 0, [](const Inputs &) {
    return ops::arange(Scalar(-0.5), 3, 1, ScalarType::Int);
  });
  check("arange_uint8", 0,
        [](const Inputs &) { return ops::arange(2, 9, 2, ScalarType::Byte); });
  check("linspace", 0, [](const Inputs &) { return ops::linspace(0, 1, 5); });
  check("linspace_long", 0, [](const Inputs &) {
    return ops::linspace(Scalar(-1.5), Scalar(2.5), 9);
  });
  check("linspace_one", 0,
        [](const Inputs &) { return ops::linspace(3, 10, 1); });
  check("linspace_zero", 0,
        [](const Inputs &) { return ops::linspace(3, 10, 0); });
  check("linspace_int64", 0, [](const Inputs &) {
    return ops::linspace(0, 10, 7, ScalarType::Long);
  });
  check("linspace_int64_desc", 0, [](const Inputs &) {
    return ops::linspace(10, 0, 7, ScalarType::Long);
  });
  check("linspace_int64_neg", 0, [](const Inputs &) {
    return ops::linspace(-3, 4, 6, ScalarType::Long);
  });
  check("linspace_double", 0, [](const Inputs &) {
    return ops::linspace(2, -1, 4, ScalarType::Double);
  });
  check("scalar_tensor", 0,
        [](const Inputs &) { return ops::scalar_tensor(3); });
  check("scalar_tensor_dtype", 0, [](const Inputs &) {
    return ops::scalar_tensor(Scalar(3.5), ScalarType::Long);
  });
  check("scalar_tensor_bool", 0,
        [](const Inputs &) { return ops::scalar_tensor(Scalar(true)); });
  check("eye", 0, [](const Inputs &) { return ops::eye(3); });
  check("eye_rect", 0,
        [](const Inputs &) { return ops::eye(2, 4, ScalarType::Long); });
  check("eye_tall", 0, [](const Inputs &) { return ops::eye(3, 2); });
  check("eye_bool", 0, [](const Inputs &) {
    return ops::eye(2, std::nullopt, ScalarType::Bool);
  });
  check("eye_0", 0, [](const Inputs &) { return ops::eye(0); });
}

TEST(CreationGolden, OneHot) {
  check("one_hot", 1, [](const Inputs &in) { return ops::one_hot(in[0]); });
  check("one_hot_classes", 1,
        [](const Inputs &in) { return ops::one_hot(in[0], 5); });
  check("one_hot_0d", 1,
        [](const Inputs &in) { return ops::one_hot(in[0], 3); });
  check("one_hot_empty", 1,
        [](const Inputs &in) { return ops::one_hot(in[0], 3); });
}

//===--- Through the interpreter ------------------------------------------===//

/// A graph returning aten::tensor/as_tensor applied to the value `%v`
/// defined by `values`.
std::vector<Tensor> tensorOf(const std::string &values,
                             const std::string &call) {
  std::string graph = "graph():\n"
                      "  %none : NoneType = prim::Constant()\n"
                      "  %false : bool = prim::Constant[value=0]()\n"
                      "  %f64 : int = prim::Constant[value=7]()\n"
                      "  %i32 : int = prim::Constant[value=3]()\n" +
                      values + "  %result : Tensor = " + call +
                      "\n  return (%result)\n";
  return {runGraph(graph)[0].toTensor()};
}

const char *kInts = "  %1 : int = prim::Constant[value=1]()\n"
                    "  %2 : int = prim::Constant[value=2]()\n"
                    "  %3 : int = prim::Constant[value=3]()\n"
                    "  %4 : int = prim::Constant[value=4]()\n"
                    "  %5 : int = prim::Constant[value=5]()\n"
                    "  %6 : int = prim::Constant[value=6]()\n";

TEST(CreationGolden, TensorFromValues) {
  auto run = [](const std::string &values, const std::string &call) {
    return [=](const Inputs &) { return tensorOf(values, call); };
  };
  check("tensor_int", 0,
        run("  %v : int = prim::Constant[value=3]()\n",
            "aten::tensor(%v, %none, %none, %false)"));
  check("tensor_float", 0,
        run("  %v : float = prim::Constant[value=2.5]()\n",
            "aten::tensor(%v, %none, %none, %false)"));
  check("tensor_bool", 0,
        run("  %v : bool = prim::Constant[value=1]()\n",
            "aten::tensor(%v, %none, %none, %false)"));
  check("tensor_int_dtype", 0,
        run("  %v : int = prim::Constant[value=3]()\n",
            "aten::tensor(%v, %f64, %none, %false)"));
  check("tensor_int_list", 0,
        run(std::string(kInts) +
                "  %a : int[] = prim::ListConstruct(%1, %2)\n"
                "  %b : int[] = prim::ListConstruct(%3, %4)\n"
                "  %c : int[] = prim::ListConstruct(%5, %6)\n"
                "  %v : int[][] = prim::ListConstruct(%a, %b, %c)\n",
            "aten::tensor(%v, %none, %none, %false)"));
  check("tensor_float_list", 0,
        run("  %x : float = prim::Constant[value=1.5]()\n"
            "  %y : float = prim::Constant[value=-2.]()\n"
            "  %a : float[] = prim::ListConstruct(%x)\n"
            "  %b : float[] = prim::ListConstruct(%y)\n"
            "  %c : float[][] = prim::ListConstruct(%a, %b)\n"
            "  %v : float[][][] = prim::ListConstruct(%c)\n",
            "aten::tensor(%v, %none, %none, %false)"));
  check("tensor_bool_list", 0,
        run("  %t : bool = prim::Constant[value=1]()\n"
            "  %v : bool[] = prim::ListConstruct(%t, %false, %t)\n",
            "aten::tensor(%v, %none, %none, %false)"));
  check("tensor_list_dtype", 0,
        run(std::string(kInts) + "  %v : int[] = prim::ListConstruct(%1, %2)\n",
            "aten::tensor(%v, %f64, %none, %false)"));
  // An empty int[] is int64 because of its type.
  check("tensor_empty_int_list", 0,
        run("  %v : int[] = prim::ListConstruct()\n",
            "aten::tensor(%v, %none, %none, %false)"));
  check("tensor_empty_rows", 0,
        run("  %a : int[] = prim::ListConstruct()\n"
            "  %v : int[][] = prim::ListConstruct(%a, %a)\n",
            "aten::tensor(%v, %none, %none, %false)"));
  check("as_tensor_float", 0,
        run("  %v : float = prim::Constant[value=1.25]()\n",
            "aten::as_tensor(%v, %none, %none)"));
  check("as_tensor_list", 0,
        run("  %x : float = prim::Constant[value=1.]()\n"
            "  %y : float = prim::Constant[value=2.]()\n"
            "  %v : float[] = prim::ListConstruct(%x, %y)\n",
            "aten::as_tensor(%v, %i32, %none)"));
}

TEST(CreationGolden, TensorFromValuesErrors) {
  try {
    tensorOf(std::string(kInts) + "  %a : int[] = prim::ListConstruct(%1, %2)\n"
                                  "  %b : int[] = prim::ListConstruct(%3)\n"
                                  "  %v : int[][] = prim::ListConstruct(%a, "
                                  "%b)\n",
             "aten::tensor(%v, %none, %none, %false)");
    FAIL() << "a ragged list was accepted";
  } catch (const CompileError &e) {
    EXPECT_NE(std::string(e.what()).find(
                  "aten::tensor: Expected sequence of length 2 at dim 1 (got "
                  "1)"),
              std::string::npos)
        << e.what();
  }
  try {
    tensorOf("  %v : int = prim::Constant[value=3]()\n"
             "  %true : bool = prim::Constant[value=1]()\n",
             "aten::tensor(%v, %none, %none, %true)");
    FAIL() << "requires_grad=True was accepted";
  } catch (const CompileError &e) {
    EXPECT_NE(std::string(e.what()).find("aten::tensor: requires_grad=True"),
              std::string::npos)
        << e.what();
  }
}

TEST(CreationGolden, FactoryOptionsAreChecked) {
  auto zeros = [](const std::string &options) {
    std::string graph = "graph():\n" + std::string(kInts) +
                        "  %none : NoneType = prim::Constant()\n"
                        "  %true : bool = prim::Constant[value=1]()\n"
                        "  %cuda : Device = prim::Constant[value=\"cuda\"]()\n"
                        "  %cpu : Device = prim::Constant[value=\"cpu\"]()\n"
                        "  %s : int[] = prim::ListConstruct(%2)\n"
                        "  %t : Tensor = aten::zeros(%s, " +
                        options + ")\n  return (%t)\n";
    return runGraph(graph)[0].toTensor();
  };
  EXPECT_EQ(zeros("%none, %none, %cpu, %none").sizes(), (V{2}));
  auto expectError = [&](const std::string &options, const std::string &what) {
    try {
      zeros(options);
      ADD_FAILURE() << "no error for " << options;
    } catch (const CompileError &e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos)
          << e.what();
    }
  };
  expectError("%none, %none, %cuda, %none",
              "aten::zeros: only the cpu device is supported, got 'cuda'");
  expectError("%none, %1, %none, %none",
              "aten::zeros: only the strided layout is supported");
  expectError("%none, %none, %none, %true",
              "aten::zeros: pin_memory=True is not supported");
}

TEST(CreationGolden, Errors) {
  expectUserError(
      [] {
        ops::zeros(V{2, -1});
      },
      "aten::zeros: negative dimension -1 in size [2, -1]");
  expectUserError([] { ops::full(V{2}, 300, ScalarType::Byte); },
                  "aten::full: value 300 cannot be converted to type Byte");
  expectUserError([] { ops::arange(0, 10, 0); },
                  "aten::arange: step must be nonzero");
  expectUserError([] { ops::arange(0, 10, -3); },
                  "aten::arange: upper bound and larger bound inconsistent "
                  "with step sign");
  expectUserError([] { ops::arange(0, Scalar(INFINITY)); },
                  "aten::arange: unsupported range: 0 -> inf");
  expectUserError(
      [] { ops::arange(0, Scalar(1e30), Scalar(1.0), ScalarType::Long); },
      "aten::arange: value 1e+30 cannot be converted to type Long");
  expectUserError([] { ops::arange(0, 3, 1, ScalarType::Bool); },
                  "aten::arange: not implemented for Bool");
  expectUserError([] { ops::linspace(0, 1, -1); },
                  "aten::linspace: number of steps must be non-negative");
  expectUserError([] { ops::eye(-1); },
                  "aten::eye: n must be greater or equal to 0, got -1");
  expectUserError([] { ops::eye(2, -1); },
                  "aten::eye: m must be greater or equal to 0, got -1");
  expectUserError(
      [] {
        ops::empty(V{2, 3}, std::nullopt, ops::MemoryFormat::ChannelsLast);
      },
      "aten::empty: required rank 4 tensor to use channels_last");
  Tensor classes = Tensor::fromVector<int64_t>({0, 2}, {2});
  expectUserError([&] { ops::one_hot(classes, 2); },
                  "aten::one_hot: Class values must be smaller than "
                  "num_classes");
  expectUserError(
      [] {
        ops::one_hot(Tensor::fromVector<int64_t>({0, -2}, {2}), 3);
      },
      "aten::one_hot: Class values must be non-negative");
  expectUserError([] { ops::one_hot(Tensor::zeros(V{2}, ScalarType::Int)); },
                  "aten::one_hot: one_hot is only applicable to index tensor");
  expectUserError([] { ops::one_hot(Tensor::zeros(V{0}, ScalarType::Long)); },
                  "aten::one_hot: Can not infer total number of classes");
}

} // namespace
