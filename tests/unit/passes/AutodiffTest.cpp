//===- AutodiffTest.cpp - Gradients against finite differences ------------===//
//
// gradcheck: for every differentiable op, a small float64 graph's gradient
// (passes/Autodiff.h's gradientOfSum, run by the interpreter) equals the
// central finite differences of the sum of its outputs. Plus the pass's
// errors and the shape of the forward and backward graphs.
//
//===----------------------------------------------------------------------===//
#include "passes/Autodiff.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "ir/Parser.h"
#include "runtime/Program.h"
#include "runtime/ValueArrays.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace kiln;

namespace {

struct GradCase {
  std::string name;
  /// One float64 tensor input per entry of `shapes`.
  std::string ir;
  std::vector<std::vector<int64_t>> shapes;
  /// Inputs drawn from [0.5, 1.5] instead of [-1, 1] (log, sqrt, pow).
  bool positive = false;
};

std::ostream &operator<<(std::ostream &out, const GradCase &c) {
  return out << c.name;
}

double sumOfOutputs(const std::vector<IValue> &results) {
  double total = 0;
  for (const IValue &v : flattenResults(results)) {
    if (!v.isTensor())
      continue;
    Tensor t = v.toTensor().to(ScalarType::Double).contiguous();
    for (int64_t i = 0; i < t.numel(); ++i)
      total += t.data<double>()[i];
  }
  return total;
}

class GradCheck : public testing::TestWithParam<GradCase> {};

TEST_P(GradCheck, MatchesFiniteDifferences) {
  const GradCase &c = GetParam();
  std::shared_ptr<Graph> graph = parseIR(c.ir, c.name + ".ir");
  Gradient gradient = differentiate(*graph);
  ASSERT_EQ(gradient.leaves.size(), c.shapes.size());
  auto forward = Program::fromGraph(graph);
  auto backward = Program::fromGraph(gradientOfSum(gradient));

  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> dist(c.positive ? 0.5 : -1.0,
                                              c.positive ? 1.5 : 1.0);
  std::vector<Tensor> inputs;
  std::vector<IValue> values;
  for (const auto &shape : c.shapes) {
    Tensor t = Tensor::empty(shape, ScalarType::Double);
    for (int64_t i = 0; i < t.numel(); ++i)
      t.data<double>()[i] = dist(rng);
    inputs.push_back(t);
    values.emplace_back(t);
  }
  std::vector<IValue> analytic = flattenResults(backward->run(values));
  ASSERT_EQ(analytic.size(), inputs.size());
  const double eps = 1e-6;
  for (size_t k = 0; k < inputs.size(); ++k) {
    Tensor got = analytic[k].toTensor().to(ScalarType::Double).contiguous();
    ASSERT_EQ(got.sizes(), inputs[k].sizes()) << "input " << k;
    double *x = inputs[k].data<double>();
    for (int64_t i = 0; i < inputs[k].numel(); ++i) {
      double saved = x[i];
      x[i] = saved + eps;
      double plus = sumOfOutputs(forward->run(values));
      x[i] = saved - eps;
      double minus = sumOfOutputs(forward->run(values));
      x[i] = saved;
      double numeric = (plus - minus) / (2 * eps);
      EXPECT_NEAR(got.data<double>()[i], numeric,
                  1e-5 + 1e-4 * std::abs(numeric))
          << "input " << k << ", element " << i;
    }
  }
}

// Graph text: "%x", "%y", ... are the inputs; constants as needed.
std::string graph1(const std::string &body) {
  return "graph(%x : Tensor):\n" + body;
}
std::string graph2(const std::string &body) {
  return "graph(%x : Tensor, %y : Tensor):\n" + body;
}
std::string graph3(const std::string &body) {
  return "graph(%x : Tensor, %y : Tensor, %z : Tensor):\n" + body;
}

const char *kConsts = R"IR(  %none : NoneType = prim::Constant()
  %false : bool = prim::Constant[value=0]()
  %true : bool = prim::Constant[value=1]()
  %m1 : int = prim::Constant[value=-1]()
  %0 : int = prim::Constant[value=0]()
  %1 : int = prim::Constant[value=1]()
  %2 : int = prim::Constant[value=2]()
  %3 : int = prim::Constant[value=3]()
  %half : float = prim::Constant[value=0.5]()
)IR";

std::string unary(const std::string &call) {
  return graph1(std::string(kConsts) + "  %r : Tensor = " + call +
                "\n  return (%r)\n");
}
std::string binary(const std::string &call) {
  return graph2(std::string(kConsts) + "  %r : Tensor = " + call +
                "\n  return (%r)\n");
}
std::string ternary(const std::string &call) {
  return graph3(std::string(kConsts) + "  %r : Tensor = " + call +
                "\n  return (%r)\n");
}
std::string body1(const std::string &lines) {
  return graph1(std::string(kConsts) + lines);
}
std::string body2(const std::string &lines) {
  return graph2(std::string(kConsts) + lines);
}

using Shapes = std::vector<std::vector<int64_t>>;

const GradCase kCases[] = {
    // Pointwise arithmetic, with broadcasting.
    {"add", binary("aten::add(%x, %y, %2)"), Shapes{{2, 3}, {3}}},
    {"add_scalar", unary("aten::add(%x, %half, %2)"), Shapes{{2, 3}}},
    {"sub", binary("aten::sub(%x, %y, %2)"), Shapes{{2, 1}, {2, 3}}},
    {"rsub", binary("aten::rsub(%x, %y, %2)"), Shapes{{2, 3}, {1, 3}}},
    {"rsub_scalar", unary("aten::rsub(%x, %half, %1)"), Shapes{{4}}},
    {"mul", binary("aten::mul(%x, %y)"), Shapes{{2, 3}, {2, 1}}},
    {"mul_scalar", unary("aten::mul(%x, %3)"), Shapes{{2, 3}}},
    {"div", binary("aten::div(%x, %y)"), Shapes{{3, 2}, {2}}, true},
    {"div_scalar", unary("aten::div(%x, %3)"), Shapes{{5}}},
    {"neg", unary("aten::neg(%x)"), Shapes{{2, 2}}},
    {"pow_scalar", unary("aten::pow(%x, %3)"), Shapes{{2, 3}}},
    {"pow_tensor", binary("aten::pow(%x, %y)"), Shapes{{2, 3}, {3}}, true},
    {"where",
     body2("  %c : Tensor = aten::gt(%x, %0)\n"
           "  %r : Tensor = aten::where(%c, %x, %y)\n"
           "  %q : Tensor = aten::mul(%r, %r)\n  return (%q)\n"),
     Shapes{{2, 3}, {3}}},
    // Unary math.
    {"exp", unary("aten::exp(%x)"), Shapes{{2, 3}}},
    {"log", unary("aten::log(%x)"), Shapes{{2, 3}}, true},
    {"tanh", unary("aten::tanh(%x)"), Shapes{{2, 3}}},
    {"sigmoid", unary("aten::sigmoid(%x)"), Shapes{{2, 3}}},
    {"relu", unary("aten::relu(%x)"), Shapes{{3, 4}}},
    {"gelu",
     body1("  %s : str = prim::Constant[value=\"none\"]()\n"
           "  %r : Tensor = aten::gelu(%x, %s)\n  return (%r)\n"),
     Shapes{{3, 4}}},
    {"gelu_tanh",
     body1("  %s : str = prim::Constant[value=\"tanh\"]()\n"
           "  %r : Tensor = aten::gelu(%x, %s)\n"
           "  return (%r)\n"),
     Shapes{{3, 4}}},
    {"leaky_relu", unary("aten::leaky_relu(%x, %half)"), Shapes{{3, 4}}},
    {"silu", unary("aten::silu(%x)"), Shapes{{3, 4}}},
    {"sqrt", unary("aten::sqrt(%x)"), Shapes{{2, 3}}, true},
    {"rsqrt", unary("aten::rsqrt(%x)"), Shapes{{2, 3}}, true},
    {"square", unary("aten::square(%x)"), Shapes{{2, 3}}},
    {"abs", unary("aten::abs(%x)"), Shapes{{2, 3}}},
    {"sin", unary("aten::sin(%x)"), Shapes{{2, 3}}},
    {"cos", unary("aten::cos(%x)"), Shapes{{2, 3}}},
    {"dropout_eval", unary("aten::dropout(%x, %half, %false)"), Shapes{{2, 3}}},
    // Views and indexing.
    {"view",
     body1("  %s : int[] = prim::ListConstruct(%3, %2)\n"
           "  %r : Tensor = aten::view(%x, %s)\n"
           "  %q : Tensor = aten::mul(%r, %r)\n  return (%q)\n"),
     Shapes{{2, 3}}},
    {"reshape",
     body1("  %s : int[] = prim::ListConstruct(%m1)\n"
           "  %r : Tensor = aten::reshape(%x, %s)\n"
           "  %q : Tensor = aten::exp(%r)\n  return (%q)\n"),
     Shapes{{2, 3}}},
    {"flatten",
     body1("  %r : Tensor = aten::flatten(%x, %1, %m1)\n"
           "  %q : Tensor = aten::sin(%r)\n  return (%q)\n"),
     Shapes{{2, 3, 2}}},
    {"permute",
     body1("  %p : int[] = prim::ListConstruct(%2, %0, %1)\n"
           "  %r : Tensor = aten::permute(%x, %p)\n"
           "  %q : Tensor = aten::mul(%r, %r)\n  return (%q)\n"),
     Shapes{{2, 3, 4}}},
    {"transpose",
     body1("  %r : Tensor = aten::transpose(%x, %0, %1)\n"
           "  %q : Tensor = aten::exp(%r)\n  return (%q)\n"),
     Shapes{{2, 3}}},
    {"t",
     body1("  %r : Tensor = aten::t(%x)\n"
           "  %q : Tensor = aten::exp(%r)\n  return (%q)\n"),
     Shapes{{2, 3}}},
    {"expand",
     body1("  %s : int[] = prim::ListConstruct(%2, %3, %3)\n"
           "  %r : Tensor = aten::expand(%x, %s, %false)\n"
           "  %q : Tensor = aten::sin(%r)\n  return (%q)\n"),
     Shapes{{3, 1}}},
    {"unsqueeze_squeeze",
     body1("  %r : Tensor = aten::unsqueeze(%x, %1)\n"
           "  %s : Tensor = aten::exp(%r)\n"
           "  %q : Tensor = aten::squeeze(%s, %1)\n  return (%q)\n"),
     Shapes{{2, 3}}},
    {"select",
     body1("  %r : Tensor = aten::select(%x, %1, %m1)\n"
           "  %q : Tensor = aten::exp(%r)\n  return (%q)\n"),
     Shapes{{2, 3}}},
    {"slice",
     body1("  %r : Tensor = aten::slice(%x, %1, %1, %none, %2)\n"
           "  %q : Tensor = aten::exp(%r)\n  return (%q)\n"),
     Shapes{{2, 5}}},
    {"narrow",
     body1("  %r : Tensor = aten::narrow(%x, %0, %1, %2)\n"
           "  %q : Tensor = aten::exp(%r)\n  return (%q)\n"),
     Shapes{{4, 2}}},
    {"cat",
     body2("  %l : Tensor[] = prim::ListConstruct(%x, %y, %x)\n"
           "  %r : Tensor = aten::cat(%l, %m1)\n"
           "  %q : Tensor = aten::sin(%r)\n  return (%q)\n"),
     Shapes{{2, 3}, {2, 2}}},
    {"stack",
     body2("  %l : Tensor[] = prim::ListConstruct(%x, %y)\n"
           "  %r : Tensor = aten::stack(%l, %1)\n"
           "  %q : Tensor = aten::sin(%r)\n  return (%q)\n"),
     Shapes{{2, 3}, {2, 3}}},
    {"chunk",
     body1("  %l : Tensor[] = aten::chunk(%x, %3, %1)\n"
           "  %a : Tensor, %b : Tensor, %c : Tensor = "
           "prim::ListUnpack(%l)\n"
           "  %p : Tensor = aten::mul(%a, %c)\n"
           "  %q : Tensor = aten::exp(%p)\n  return (%q)\n"),
     Shapes{{2, 6}}},
    {"contiguous",
     body1("  %r : Tensor = aten::t(%x)\n"
           "  %c : Tensor = aten::contiguous(%r, %0)\n"
           "  %q : Tensor = aten::exp(%c)\n  return (%q)\n"),
     Shapes{{2, 3}}},
    // Matrix products.
    {"mm", binary("aten::mm(%x, %y)"), Shapes{{2, 3}, {3, 4}}},
    {"bmm", binary("aten::bmm(%x, %y)"), Shapes{{2, 2, 3}, {2, 3, 2}}},
    {"matmul_batched", binary("aten::matmul(%x, %y)"),
     Shapes{{2, 2, 3}, {3, 2}}},
    {"matmul_vector", binary("aten::matmul(%x, %y)"), Shapes{{3}, {3, 2}}},
    {"matmul_matrix_vector", binary("aten::matmul(%x, %y)"),
     Shapes{{2, 3}, {3}}},
    {"addmm", ternary("aten::addmm(%x, %y, %z, %half, %2)"),
     Shapes{{4}, {2, 3}, {3, 4}}},
    {"linear", ternary("aten::linear(%x, %y, %z)"),
     Shapes{{2, 2, 3}, {4, 3}, {4}}},
    {"linear_nobias", binary("aten::linear(%x, %y, %none)"),
     Shapes{{2, 3}, {4, 3}}},
    // Convolution and pooling.
    {"conv2d",
     graph3(std::string(kConsts) +
            "  %s : int[] = prim::ListConstruct(%2, %1)\n"
            "  %p : int[] = prim::ListConstruct(%1, %0)\n"
            "  %d : int[] = prim::ListConstruct(%1, %2)\n"
            "  %r : Tensor = aten::conv2d(%x, %y, %z, %s, %p, %d, %1)\n"
            "  return (%r)\n"),
     Shapes{{2, 2, 5, 6}, {3, 2, 3, 2}, {3}}},
    {"conv2d_groups",
     graph2(std::string(kConsts) +
            "  %s : int[] = prim::ListConstruct(%1, %1)\n"
            "  %p : int[] = prim::ListConstruct(%1, %1)\n"
            "  %r : Tensor = aten::conv2d(%x, %y, %none, %s, %p, %s, %2)\n"
            "  return (%r)\n"),
     Shapes{{1, 4, 4, 4}, {2, 2, 3, 3}}},
    {"max_pool2d",
     body1("  %k : int[] = prim::ListConstruct(%2, %2)\n"
           "  %p : int[] = prim::ListConstruct(%1, %0)\n"
           "  %d : int[] = prim::ListConstruct(%1, %1)\n"
           "  %r : Tensor = aten::max_pool2d(%x, %k, %k, %p, %d, %false)\n"
           "  return (%r)\n"),
     Shapes{{1, 2, 4, 5}}},
    {"avg_pool2d",
     body1("  %k : int[] = prim::ListConstruct(%3, %2)\n"
           "  %s : int[] = prim::ListConstruct(%2, %1)\n"
           "  %p : int[] = prim::ListConstruct(%1, %1)\n"
           "  %r : Tensor = aten::avg_pool2d(%x, %k, %s, %p, %true, %false, "
           "%none)\n  return (%r)\n"),
     Shapes{{1, 2, 5, 4}}},
    {"adaptive_avg_pool2d",
     body1("  %o : int[] = prim::ListConstruct(%2, %3)\n"
           "  %r : Tensor = aten::adaptive_avg_pool2d(%x, %o)\n"
           "  %q : Tensor = aten::mul(%r, %r)\n  return (%q)\n"),
     Shapes{{2, 1, 5, 4}}},
    // Normalization, softmax, embedding.
    // The running statistics (constants) are not differentiated.
    {"batch_norm_eval",
     "graph(%x : Tensor, %w : Tensor, %b : Tensor):\n" + std::string(kConsts) +
         "  %mean : Tensor = prim::Constant[value=Double(2){0.25, -0.5}]()\n"
         "  %var : Tensor = prim::Constant[value=Double(2){0.5, 1.5}]()\n"
         "  %eps : float = prim::Constant[value=1.0000000000000001e-05]()\n"
         "  %r : Tensor = aten::batch_norm(%x, %w, %b, %mean, %var, %false, "
         "%half, %eps, %false)\n"
         "  %q : Tensor = aten::mul(%r, %r)\n  return (%q)\n",
     Shapes{{3, 2, 2}, {2}, {2}}},
    {"batch_norm_train",
     "graph(%x : Tensor, %w : Tensor, %b : Tensor):\n" + std::string(kConsts) +
         "  %eps : float = prim::Constant[value=1.0000000000000001e-05]()\n"
         "  %r : Tensor = aten::batch_norm(%x, %w, %b, %none, %none, %true, "
         "%half, %eps, %false)\n"
         "  %q : Tensor = aten::mul(%r, %r)\n  return (%q)\n",
     Shapes{{3, 2, 2}, {2}, {2}}},
    {"layer_norm",
     "graph(%x : Tensor, %w : Tensor, %b : Tensor):\n" + std::string(kConsts) +
         "  %s : int[] = prim::ListConstruct(%3)\n"
         "  %eps : float = prim::Constant[value=1.0000000000000001e-05]()\n"
         "  %r : Tensor = aten::layer_norm(%x, %s, %w, %b, %eps, %true)\n"
         "  %q : Tensor = aten::mul(%r, %r)\n  return (%q)\n",
     Shapes{{2, 2, 3}, {3}, {3}}},
    {"softmax",
     body1("  %r : Tensor = aten::softmax(%x, %m1, %none)\n"
           "  %q : Tensor = aten::mul(%r, %r)\n  return (%q)\n"),
     Shapes{{2, 4}}},
    {"log_softmax",
     body1("  %r : Tensor = aten::log_softmax(%x, %0, %none)\n"
           "  %q : Tensor = aten::mul(%r, %r)\n"
           "  return (%q)\n"),
     Shapes{{3, 2}}},
    {"embedding",
     body1("  %i : Tensor = prim::Constant[value=Long(2, 2){0, 2, 2, 3}]()\n"
           "  %r : Tensor = aten::embedding(%x, %i, %m1, %false, %false)\n"
           "  %q : Tensor = aten::mul(%r, %r)\n  return (%q)\n"),
     Shapes{{4, 3}}},
    // Reductions and losses.
    {"sum",
     body1("  %r : Tensor = aten::mul(%x, %x)\n"
           "  %q : Tensor = aten::sum(%r, %none)\n"
           "  %e : Tensor = aten::exp(%q)\n  return (%e)\n"),
     Shapes{{2, 3}}},
    {"mean",
     body1("  %r : Tensor = aten::mean(%x, %none)\n"
           "  %e : Tensor = aten::exp(%r)\n  return (%e)\n"),
     Shapes{{2, 3}}},
    {"sum_dim",
     body1("  %d : int[] = prim::ListConstruct(%m1, %0)\n"
           "  %r : Tensor = aten::sum(%x, %d, %false, %none)\n"
           "  %e : Tensor = aten::exp(%r)\n  return (%e)\n"),
     Shapes{{2, 3, 2}}},
    {"mean_dim_keepdim",
     body1("  %d : int[] = prim::ListConstruct(%1)\n"
           "  %r : Tensor = aten::mean(%x, %d, %true, %none)\n"
           "  %e : Tensor = aten::exp(%r)\n  return (%e)\n"),
     Shapes{{2, 3, 2}}},
    {"mse_loss", binary("aten::mse_loss(%x, %y, %1)"), Shapes{{2, 3}, {2, 3}}},
    {"mse_loss_none", binary("aten::mse_loss(%x, %y, %0)"),
     Shapes{{2, 3}, {2, 3}}},
    {"nll_loss_mean",
     body1("  %t : Tensor = prim::Constant[value=Long(3){2, 0, 1}]()\n"
           "  %r : Tensor = aten::nll_loss(%x, %t, %none, %1, %m1)\n"
           "  return (%r)\n"),
     Shapes{{3, 4}}},
    // Class weights are not differentiated (nor are they in PyTorch).
    {"nll_loss_weight_ignore_sum",
     body1("  %t : Tensor = prim::Constant[value=Long(3){2, 0, 3}]()\n"
           "  %w : Tensor = prim::Constant[value=Double(4){0.5, 1., 2., "
           "3.}]()\n"
           "  %r : Tensor = aten::nll_loss(%x, %t, %w, %2, %0)\n"
           "  return (%r)\n"),
     Shapes{{3, 4}}},
    {"cross_entropy_mean",
     body1("  %t : Tensor = prim::Constant[value=Long(3){2, 0, 1}]()\n"
           "  %ls : float = prim::Constant[value=0.]()\n"
           "  %r : Tensor = aten::cross_entropy_loss(%x, %t, %none, %1, %m1, "
           "%ls)\n  return (%r)\n"),
     Shapes{{3, 4}}},
    {"cross_entropy_weight_none",
     body1("  %t : Tensor = prim::Constant[value=Long(3){2, 0, 1}]()\n"
           "  %ls : float = prim::Constant[value=0.]()\n"
           "  %w : Tensor = prim::Constant[value=Double(4){0.5, 1., 2., "
           "3.}]()\n"
           "  %r : Tensor = aten::cross_entropy_loss(%x, %t, %w, %0, %0, "
           "%ls)\n"
           "  %q : Tensor = aten::mul(%r, %r)\n  return (%q)\n"),
     Shapes{{3, 4}}},
    {"bce_with_logits",
     binary("aten::binary_cross_entropy_with_logits(%x, %y, %none, %none, "
            "%1)"),
     Shapes{{2, 3}, {2, 3}}},
    {"bce_with_logits_weights",
     body2("  %w : Tensor = prim::Constant[value=Double(3){0.5, 1., 2.}]()\n"
           "  %p : Tensor = prim::Constant[value=Double(3){3., 1., 0.25}]()\n"
           "  %r : Tensor = aten::binary_cross_entropy_with_logits(%x, %y, "
           "%w, %p, %2)\n  return (%r)\n"),
     Shapes{{2, 3}, {2, 3}}, true},
    {"erf", unary("aten::erf(%x)"), Shapes{{2, 3}}},
    {"max_dim",
     body1("  %v : Tensor, %i : Tensor = aten::max(%x, %1, %false)\n"
           "  %q : Tensor = aten::mul(%v, %v)\n  return (%q)\n"),
     Shapes{{3, 4}}},
    {"max_all",
     body1("  %v : Tensor = aten::max(%x)\n"
           "  %q : Tensor = aten::exp(%v)\n  return (%q)\n"),
     Shapes{{3, 4}}},
    {"masked_fill",
     body1("  %m : Tensor = prim::Constant[value=Bool(2, 2){1, 0, 0, 1}]()\n"
           "  %r : Tensor = aten::masked_fill(%x, %m, %half)\n"
           "  %q : Tensor = aten::exp(%r)\n  return (%q)\n"),
     Shapes{{2, 2}}},
    // Control flow and several outputs.
    {"if_on_data",
     body1("  %s : Tensor = aten::sum(%x, %none)\n"
           "  %c : bool = aten::Bool(%s)\n"
           "  %r : Tensor = prim::If(%c)\n"
           "    block0():\n"
           "      %a : Tensor = aten::exp(%x)\n"
           "      %b : Tensor = aten::mul(%a, %x)\n"
           "      -> (%b)\n"
           "    block1():\n"
           "      %d : Tensor = aten::sin(%x)\n"
           "      -> (%d)\n"
           "  return (%r)\n"),
     Shapes{{2, 3}}},
    {"tuple_outputs",
     body2("  %a : Tensor = aten::mul(%x, %y)\n"
           "  %b : Tensor = aten::tanh(%x)\n"
           "  %t : (Tensor, Tensor) = prim::TupleConstruct(%a, %b)\n"
           "  return (%t)\n"),
     Shapes{{2, 3}, {2, 3}}},
};

INSTANTIATE_TEST_SUITE_P(Ops, GradCheck, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<GradCase> &param) {
                           return param.param.name;
                         });

TEST(Autodiff, EveryFormulaFitsItsOps) {
  // The first differentiation parses ir/ops/Gradients.def and checks each
  // formula's inputs and results against its ops' schemas (an internal
  // error otherwise).
  auto g = parseIR("graph(%x : Tensor):\n  %r : Tensor = aten::exp(%x)\n"
                   "  return (%r)\n");
  EXPECT_NO_THROW(differentiate(*g));
}

TEST(Autodiff, LoopsAreLocatedErrors) {
  auto g = parseIR(R"IR(graph(%x : Tensor, %n : int):
  %true : bool = prim::Constant[value=1]()
  %r : Tensor = prim::Loop(%n, %true, %x)
    block0(%i : int, %acc : Tensor):
      %y : Tensor = aten::sin(%acc)
      -> (%true, %y)
  return (%r)
)IR",
                   "loop.ir");
  try {
    differentiate(*g);
    FAIL() << "expected an error";
  } catch (const CompileError &e) {
    EXPECT_NE(std::string(e.what()).find("loop.ir:3:"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("data-dependent trip count"),
              std::string::npos)
        << e.what();
  }
}

TEST(Autodiff, NothingToDifferentiate) {
  auto g = parseIR(R"IR(graph(%x : Tensor):
  %n : int = aten::dim(%x)
  return (%n)
)IR",
                   "int.ir");
  EXPECT_THROW(differentiate(*g), CompileError);
}

TEST(Autodiff, OpsWithoutFormulaAreLocatedErrors) {
  auto g = parseIR(R"IR(graph(%x : Tensor):
  %r : Tensor = aten::erfinv(%x)
  return (%r)
)IR",
                   "erfinv.ir");
  try {
    differentiate(*g);
    FAIL() << "expected an error";
  } catch (const CompileError &e) {
    EXPECT_NE(std::string(e.what()).find("erfinv.ir:2:"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("no gradient formula"),
              std::string::npos)
        << e.what();
  }
}

TEST(Autodiff, ForwardSavesWhatBackwardNeeds) {
  auto g = parseIR(R"IR(graph(%x : Tensor, %y : Tensor):
  %r : Tensor = aten::mul(%x, %y)
  %e : Tensor = aten::exp(%r)
  return (%e)
)IR",
                   "saved.ir");
  Gradient gradient = differentiate(*g);
  EXPECT_EQ(gradient.numOutputs, 1u);
  EXPECT_EQ(gradient.numSeeds, 1u);
  // exp's result, x and y are saved.
  EXPECT_EQ(gradient.forward->outputs().size(), 2u + 3u);
  EXPECT_EQ(gradient.backward->inputs().size(), 1u + 3u);
  EXPECT_EQ(gradient.backward->outputs().size(), 2u);
}

} // namespace
