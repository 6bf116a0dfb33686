//===- ReductionKernelsTest.cpp - The bindings, run by the interpreter ----===//
//
// The graph TorchScript printed for a scripted function of reductions
// (tests/golden/reduction.py writes it, without source locations, as
// graph_reductions.ir) runs through the kernel table; its outputs must be
// PyTorch's. This checks what the per-op tests cannot: that each binding
// passes the schema's arguments (None dims, unbiased flags, dtype codes, str
// orders) to the right reference kernel.
//
// Golden tensors are small, so the kernels' parallel paths are checked here
// too: on a tensor large enough to be split across threads, every lane must
// give what it gives alone.
//
//===----------------------------------------------------------------------===//
#include "ir/Diagnostics.h"
#include "runtime/tensor/ops/Extrema.h"
#include "runtime/tensor/ops/Norm.h"
#include "runtime/tensor/ops/Reduction.h"
#include "runtime/tensor/ops/Scan.h"
#include "runtime/tensor/ops/Softmax.h"
#include "tests/support/RunGraph.h"
#include "tests/unit/ops/ReductionGoldenCheck.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::reduction;

namespace {

std::string readGoldenText(const std::string &file) {
  std::ifstream in(std::string(KILN_SOURCE_DIR) + "/tests/golden/reduction/" +
                   file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ReductionKernels, ScriptedFunctionMatchesPyTorch) {
  const std::string file = "graph_reductions.ir";
  CompiledGraph c(readGoldenText(file), /*seed=*/0, file);
  Tensor x = golden("reduction", "graph_reductions.in0");
  for (Tensor input : {x, nonContiguous(x)}) {
    std::vector<IValue> out = c.run({IValue(input)});
    ASSERT_EQ(out.size(), 1u);
    const std::vector<IValue> &items = out[0].toTupleItems();
    ASSERT_EQ(items.size(), 27u);
    for (size_t j = 0; j < items.size(); ++j) {
      std::string name = "graph_reductions.out" + std::to_string(j);
      EXPECT_TRUE(tensorsClose(items[j].toTensor(), golden("reduction", name)))
          << name << (input.isContiguous() ? "" : " (non-contiguous input)");
    }
  }
}

TEST(ReductionKernels, ErrorsNameTheOpAndLocation) {
  CompiledGraph c(R"IR(graph(%x : Tensor):
  %dim : int = prim::Constant[value=2]()
  %none : NoneType = prim::Constant()
  %y : Tensor = aten::softmax(%x, %dim, %none) # model.py:4:8
  return (%y)
)IR");
  try {
    c.run({IValue(zerosOf({2, 3}))});
    FAIL() << "no error";
  } catch (const CompileError &e) {
    std::string what = e.what();
    EXPECT_EQ(what.rfind("model.py:4:8: error: aten::softmax: dimension 2 is "
                         "out of range for a tensor of rank 2",
                         0),
              0u)
        << what;
  }
}

const std::vector<int64_t> kDim1 = {1};

TEST(ReductionKernels, ParallelLanesMatchSingleLanes) {
  // 128 rows of 1024: well above the parallel grain (kParallelGrain).
  constexpr int64_t rows = 128, cols = 1024;
  std::vector<float> values(rows * cols);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i)));
  Tensor big = Tensor::fromVector(values, {rows, cols});
  Tensor strided = nonContiguous(big);
  auto row = [&](int64_t r) {
    return big.asStrided({1, cols}, {cols, 1}, r * cols);
  };
  using RowOp = Tensor (*)(const Tensor &);
  std::vector<std::pair<const char *, RowOp>> perRow = {
      {"sum", [](const Tensor &t) { return ops::sum(t, kDim1, false); }},
      {"var", [](const Tensor &t) { return ops::var(t, kDim1, 1, false); }},
      {"logsumexp",
       [](const Tensor &t) { return ops::logsumexp(t, kDim1, false); }},
      {"max",
       [](const Tensor &t) { return std::get<0>(ops::max(t, 1, false)); }},
      {"argmin", [](const Tensor &t) { return ops::argmin(t, 1, false); }},
      {"median",
       [](const Tensor &t) { return std::get<1>(ops::median(t, 1, false)); }},
      {"norm", [](const Tensor &t) { return ops::norm(t, 3, kDim1, false); }},
      {"cumsum", [](const Tensor &t) { return ops::cumsum(t, 1); }},
      {"softmax", [](const Tensor &t) { return ops::softmax(t, 1); }},
      {"log_softmax", [](const Tensor &t) { return ops::log_softmax(t, 1); }},
  };
  for (auto [name, op] : perRow) {
    SCOPED_TRACE(name);
    Tensor all = op(big), allStrided = op(strided);
    EXPECT_TRUE(tensorsClose(allStrided, all));
    int64_t width = all.numel() / rows;
    for (int64_t r = 0; r < rows; r += 17) {
      Tensor alone = op(row(r));
      Tensor lane =
          all.asStrided({width}, {1}, all.storageOffset() + r * width);
      ASSERT_TRUE(tensorsClose(
          lane, alone.asStrided({width}, {1}, alone.storageOffset())))
          << "row " << r;
    }
  }
}

} // namespace
