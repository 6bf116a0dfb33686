//===- PointwiseGoldenTest.cpp - Elementwise ops against PyTorch ----------===//
#include "runtime/tensor/ops/Pointwise.h"
#include "tests/support/Golden.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;

namespace {

const char *kFamily = "pointwise";

// Checks `fn(inputs)` against the case's out0, with the inputs as stored
// and again laid out non-contiguously.
template <typename F>
void checkCase(const std::string &name, size_t numInputs, F fn) {
  SCOPED_TRACE(name);
  std::vector<Tensor> in = goldenInputs(kFamily, name, numInputs);
  Tensor expected = golden(kFamily, name + ".out0");
  EXPECT_TRUE(tensorsClose(fn(in), expected));
  for (Tensor &t : in)
    t = nonContiguous(t);
  EXPECT_TRUE(tensorsClose(fn(in), expected)) << "(non-contiguous inputs)";
}

TEST(PointwiseGolden, Add) {
  auto add = [](const std::vector<Tensor> &in) {
    return ops::add(in[0], in[1]);
  };
  checkCase("add_same_shape", 2, add);
  checkCase("add_scalar_tensor", 2, add);
  checkCase("add_int_float", 2, add);
  checkCase("add_int64", 2, add);
  checkCase("add_bool", 2, add);
  checkCase("add_empty", 2, add);
  checkCase("add_broadcast", 2, [](const std::vector<Tensor> &in) {
    return ops::add(in[0], in[1], /*alpha=*/2);
  });
}

TEST(PointwiseGolden, MulAndRelu) {
  checkCase("mul_double", 2, [](const std::vector<Tensor> &in) {
    return ops::mul(in[0], in[1]);
  });
  checkCase("relu", 1,
            [](const std::vector<Tensor> &in) { return ops::relu(in[0]); });
  checkCase("relu_int", 1,
            [](const std::vector<Tensor> &in) { return ops::relu(in[0]); });
}

} // namespace
