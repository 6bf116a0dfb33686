//===- ElementwiseKernelTest.cpp - JIT kernels against the reference ------===//
//
// Every graph runs twice through the executor's default pipeline: once with
// the code generator registered (its fusion groups become JIT kernels) and
// once without (the reference kernels). The results must agree on random
// inputs of odd sizes, sizes below and above the vector width, broadcast,
// non-contiguous and empty inputs, in float32 and float64 (int64 and bool
// where the ops take them).
//
//===----------------------------------------------------------------------===//
#include "codegen/CodegenCompiler.h"
#include "runtime/KernelCompiler.h"
#include "runtime/Program.h"
#include "runtime/tensor/Tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace kiln::codegen {
namespace {

// Registers a compiler for one scope.
class WithCompiler {
public:
  explicit WithCompiler(KernelCompiler *c) : saved_(kernelCompiler()) {
    setKernelCompiler(c);
  }
  ~WithCompiler() { setKernelCompiler(saved_); }

private:
  KernelCompiler *saved_;
};

Tensor randomTensor(std::vector<int64_t> sizes, ScalarType dtype,
                    std::mt19937 &rng, double lo = -3, double hi = 3) {
  int64_t n = 1;
  for (int64_t s : sizes)
    n *= s;
  std::uniform_real_distribution<double> dist(lo, hi);
  if (dtype == ScalarType::Float) {
    std::vector<float> v(n);
    for (auto &x : v)
      x = static_cast<float>(dist(rng));
    return Tensor::fromVector<float>(v, sizes);
  }
  if (dtype == ScalarType::Double) {
    std::vector<double> v(n);
    for (auto &x : v)
      x = dist(rng);
    return Tensor::fromVector<double>(v, sizes);
  }
  if (dtype == ScalarType::Long) {
    std::vector<int64_t> v(n);
    for (auto &x : v)
      x = static_cast<int64_t>(std::floor(dist(rng) * 10));
    return Tensor::fromVector<int64_t>(v, sizes);
  }
  std::vector<bool> v(n);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = dist(rng) > 0;
  return Tensor::fromVector<bool>(v, sizes);
}

// The tensor's elements as doubles (row-major).
std::vector<double> valuesOf(const Tensor &t) {
  Tensor c = t.contiguous().to(ScalarType::Double);
  const double *p = c.data<double>();
  return std::vector<double>(p, p + c.numel());
}

struct Outcome {
  std::vector<IValue> outputs;
  std::string code; // the specialized Code's listing
};

Outcome runWith(KernelCompiler *compiler, const std::string &ir,
                const std::vector<IValue> &inputs) {
  WithCompiler scope(compiler);
  auto program = Program::fromIR(ir, "test.ir");
  Outcome o;
  o.outputs = program->run(inputs);
  o.code = program->executor().specializationFor(inputs)->code->dump();
  return o;
}

// Runs `ir` with and without the JIT; expects equal results (within
// `rtol` for floats) and, when `expectJit`, that a JIT kernel ran.
void expectSameResults(const std::string &ir, const std::vector<IValue> &inputs,
                       double rtol, bool expectJit = true,
                       const std::string &what = "") {
  Outcome ref = runWith(nullptr, ir, inputs);
  Outcome jit = runWith(&codegenCompiler(), ir, inputs);
  if (expectJit) {
    EXPECT_NE(jit.code.find("jit kiln_ew_"), std::string::npos) << what << "\n"
                                                                << jit.code;
  }
  ASSERT_EQ(ref.outputs.size(), jit.outputs.size());
  for (size_t o = 0; o < ref.outputs.size(); ++o) {
    const Tensor &r = ref.outputs[o].toTensor();
    const Tensor &j = jit.outputs[o].toTensor();
    ASSERT_EQ(r.dtype(), j.dtype()) << what;
    ASSERT_EQ(r.sizes(), j.sizes()) << what;
    std::vector<double> rv = valuesOf(r), jv = valuesOf(j);
    for (size_t i = 0; i < rv.size(); ++i) {
      if (std::isnan(rv[i])) {
        EXPECT_TRUE(std::isnan(jv[i]))
            << what << " output " << o << " [" << i << "]";
        continue;
      }
      if (rv[i] == jv[i])
        continue; // also infinities
      double tol = rtol * std::max(1.0, std::fabs(rv[i]));
      ASSERT_NEAR(rv[i], jv[i], tol)
          << what << " output " << o << " element " << i;
    }
  }
}

double tolerance(ScalarType t) { return t == ScalarType::Float ? 2e-6 : 1e-13; }

const std::vector<std::vector<int64_t>> kShapes = {
    {0},  {1},    {3},    {15},      {16},      {17},   {31},
    {33}, {7, 9}, {5, 0}, {3, 5, 7}, {65, 129}, {40000}};

const char *kGeluTanh = R"IR(graph(%x : Tensor):
  %half : float = prim::Constant[value=0.5]()
  %one : int = prim::Constant[value=1]()
  %k : float = prim::Constant[value=0.79788456]()
  %c : float = prim::Constant[value=0.044715]()
  %a : Tensor = aten::mul(%x, %c)
  %b : Tensor = aten::mul(%a, %x)
  %d : Tensor = aten::mul(%b, %x)
  %e : Tensor = aten::add(%x, %d, %one)
  %f : Tensor = aten::mul(%e, %k)
  %g : Tensor = aten::tanh(%f)
  %h : Tensor = aten::add(%g, %one, %one)
  %i : Tensor = aten::mul(%x, %half)
  %y : Tensor = aten::mul(%i, %h)
  return (%y)
)IR";

TEST(ElementwiseKernel, GeluTanhChainOnEveryShape) {
  std::mt19937 rng(1);
  for (ScalarType t : {ScalarType::Float, ScalarType::Double})
    for (const auto &shape : kShapes) {
      Tensor x = randomTensor(shape, t, rng);
      expectSameResults(kGeluTanh, {IValue(x)}, tolerance(t),
                        /*expectJit=*/true,
                        std::string(scalarTypeName(t)) + " " + x.shapeString());
    }
}

// One unary op per graph (in a group with a mul so that fusion happens).
TEST(ElementwiseKernel, UnaryOps) {
  const char *ops[] = {
      "aten::exp(%a)",
      "aten::tanh(%a)",
      "aten::sigmoid(%a)",
      "aten::relu(%a)",
      "aten::neg(%a)",
      "aten::abs(%a)",
      "aten::erf(%a)",
      "aten::erfc(%a)",
      "aten::silu(%a)",
      "aten::sin(%a)",
      "aten::cos(%a)",
      "aten::atan(%a)",
      "aten::expm1(%a)",
      "aten::floor(%a)",
      "aten::ceil(%a)",
      "aten::trunc(%a)",
      "aten::square(%a)",
      "aten::reciprocal(%a)",
      "aten::hardsigmoid(%a)",
      "aten::hardswish(%a)",
      "aten::mish(%a)",
      "aten::relu6(%a)",
      "aten::sinh(%a)",
      "aten::asinh(%a)",
      "aten::exp2(%a)",
      "aten::gelu(%a, %none_s)",
      "aten::gelu(%a, %tanh_s)",
      "aten::leaky_relu(%a, %slope)",
      "aten::hardtanh(%a, %lo, %hi)",
      "aten::clamp(%a, %lo, %hi)",
      "aten::clamp(%a, %nothing, %hi)",
      "aten::clamp_min(%a, %lo)",
      "aten::pow(%a, %two)",
      "aten::pow(%a, %three)",
      "aten::elu(%a, %one, %one, %one)",
      "aten::softplus(%a, %one, %twenty)",
  };
  // Ops whose domain is x >= 0 or x > 0 (after abs(a) + 0.5).
  const char *positive[] = {
      "aten::log(%p)",        "aten::sqrt(%p)",
      "aten::rsqrt(%p)",      "aten::log1p(%p)",
      "aten::log2(%p)",       "aten::log10(%p)",
      "aten::pow(%p, %half)", "aten::pow(%p, %twopointfive)",
      "aten::acosh(%q)"};
  std::mt19937 rng(2);
  auto graphFor = [](const std::string &call) {
    return std::string(R"IR(graph(%x : Tensor):
  %one : int = prim::Constant[value=1]()
  %two : int = prim::Constant[value=2]()
  %three : int = prim::Constant[value=3]()
  %twenty : int = prim::Constant[value=20]()
  %half : float = prim::Constant[value=0.5]()
  %twopointfive : float = prim::Constant[value=2.5]()
  %slope : float = prim::Constant[value=0.02]()
  %lo : float = prim::Constant[value=-1.5]()
  %hi : float = prim::Constant[value=2.]()
  %nothing : NoneType = prim::Constant()
  %none_s : str = prim::Constant[value="none"]()
  %tanh_s : str = prim::Constant[value="tanh"]()
  %a : Tensor = aten::mul(%x, %two)
  %m : Tensor = aten::abs(%a)
  %p : Tensor = aten::add(%m, %half, %one)
  %q : Tensor = aten::add(%p, %one, %one)
  %y : Tensor = )IR") +
           call + R"IR(
  return (%y)
)IR";
  };
  std::vector<std::string> calls(std::begin(ops), std::end(ops));
  calls.insert(calls.end(), std::begin(positive), std::end(positive));
  for (const std::string &call : calls)
    for (ScalarType t : {ScalarType::Float, ScalarType::Double})
      for (const auto &shape :
           std::vector<std::vector<int64_t>>{{5}, {37, 19}, {2, 0}}) {
        Tensor x = randomTensor(shape, t, rng);
        // erfc/exp/sinh grow fast: compare relative to magnitude.
        expectSameResults(graphFor(call), {IValue(x)}, 4 * tolerance(t), true,
                          call + " " + std::string(scalarTypeName(t)) + " " +
                              x.shapeString());
      }
}

const char *kBinary = R"IR(graph(%x : Tensor, %y : Tensor):
  %one : int = prim::Constant[value=1]()
  %alpha : float = prim::Constant[value=0.5]()
  %a : Tensor = aten::add(%x, %y, %one)
  %b : Tensor = aten::sub(%a, %y, %alpha)
  %c : Tensor = aten::mul(%b, %y)
  %d : Tensor = aten::maximum(%c, %x)
  %e : Tensor = aten::minimum(%d, %y)
  %f : Tensor = aten::sigmoid(%e)
  %g : Tensor = aten::div(%f, %a)
  return (%g, %c)
)IR";

TEST(ElementwiseKernel, BroadcastingAndStrides) {
  std::mt19937 rng(3);
  struct Case {
    std::vector<int64_t> x, y;
  };
  std::vector<Case> cases = {
      {{17}, {17}},
      {{7, 19}, {19}},
      {{7, 19}, {7, 1}},
      {{1, 19}, {7, 1}},
      {{3, 4, 33}, {33}},
      {{3, 4, 33}, {4, 1}},
      {{3, 1, 33}, {1, 4, 1}},
      {{64, 48}, {1}},
      {{5, 3}, {}},
      {{0, 3}, {3}},
      // Beyond 8 MB of results: the streaming kernel (aligned vector loop,
      // non-temporal stores), with odd rows.
      {{1031, 1029}, {1029}},
      {{1029, 1031}, {1029, 1}},
      {{300, 300}, {300, 1}}};
  for (ScalarType t : {ScalarType::Float, ScalarType::Double})
    for (const Case &c : cases) {
      Tensor x = randomTensor(c.x, t, rng), y = randomTensor(c.y, t, rng);
      expectSameResults(kBinary, {IValue(x), IValue(y)}, tolerance(t), true,
                        x.shapeString() + " " + y.shapeString());
    }
}

TEST(ElementwiseKernel, NonContiguousInputs) {
  std::mt19937 rng(4);
  for (ScalarType t : {ScalarType::Float, ScalarType::Double}) {
    // Transposed.
    Tensor base = randomTensor({33, 21}, t, rng);
    Tensor xt = base.asStrided({21, 33}, {1, 21}, 0);
    Tensor y = randomTensor({21, 33}, t, rng);
    expectSameResults(kBinary, {IValue(xt), IValue(y)}, tolerance(t), true,
                      "transposed");
    // Every other column, from an offset.
    Tensor wide = randomTensor({9, 70}, t, rng);
    Tensor sliced = wide.asStrided({9, 34}, {70, 2}, 1);
    Tensor z = randomTensor({9, 34}, t, rng);
    expectSameResults(kBinary, {IValue(z), IValue(sliced)}, tolerance(t), true,
                      "sliced");
    // Sliced rows: contiguous inner, strided outer.
    Tensor rows = wide.asStrided({9, 40}, {70, 1}, 3);
    Tensor w = randomTensor({9, 40}, t, rng);
    expectSameResults(kBinary, {IValue(rows), IValue(w)}, tolerance(t), true,
                      "rows");
  }
}

// One kernel for a plan: a new batch size reuses it, and inputs it was not
// compiled for (other strides) fall back or still compute right.
TEST(ElementwiseKernel, NewShapesReuseTheKernel) {
  std::mt19937 rng(5);
  WithCompiler scope(&codegenCompiler());
  auto program = Program::fromIR(kBinary, "test.ir");
  auto refProgram = [&] {
    WithCompiler none(nullptr);
    return Program::fromIR(kBinary, "test.ir");
  }();
  std::string symbol;
  for (int64_t batch : {4, 9, 1, 130}) {
    Tensor x = randomTensor({batch, 24}, ScalarType::Float, rng);
    Tensor y = randomTensor({24}, ScalarType::Float, rng);
    std::vector<IValue> in{IValue(x), IValue(y)};
    auto out = program->run(in);
    auto ref = refProgram->run(in);
    std::vector<double> a = valuesOf(out[0].toTensor()),
                        b = valuesOf(ref[0].toTensor());
    for (size_t i = 0; i < a.size(); ++i)
      ASSERT_NEAR(a[i], b[i], 1e-6 * std::max(1.0, std::fabs(b[i])));
    std::string code = program->executor().specializationFor(in)->code->dump();
    size_t at = code.find("jit kiln_ew_");
    ASSERT_NE(at, std::string::npos) << code;
    std::string s = code.substr(at, 4 + 8 + 16);
    if (symbol.empty())
      symbol = s;
    if (batch != 1) { // [1, 24] collapses to one dimension: another plan
      EXPECT_EQ(s, symbol);
    }
  }
}

TEST(ElementwiseKernel, ScalarInputsAreArguments) {
  const char *ir = R"IR(graph(%x : Tensor, %s : float, %n : int):
  %one : int = prim::Constant[value=1]()
  %a : Tensor = aten::mul(%x, %s)
  %b : Tensor = aten::add(%a, %n, %one)
  %c : Tensor = aten::tanh(%b)
  return (%c)
)IR";
  std::mt19937 rng(6);
  for (double s : {0.25, -3.0})
    for (int64_t n : {int64_t{0}, int64_t{7}}) {
      Tensor x = randomTensor({19, 3}, ScalarType::Float, rng);
      expectSameResults(ir, {IValue(x), IValue(s), IValue(n)}, 2e-6);
    }
}

TEST(ElementwiseKernel, ComparisonsWhereAndBoolOutputs) {
  const char *ir = R"IR(graph(%x : Tensor, %y : Tensor):
  %zero : float = prim::Constant[value=0.1]()
  %small : float = prim::Constant[value=0.01]()
  %m : Tensor = aten::gt(%x, %zero)
  %n : Tensor = aten::le(%x, %y)
  %z : Tensor = aten::mul(%y, %small)
  %w : Tensor = aten::where(%m, %x, %z)
  %k : Tensor = aten::logical_and(%m, %n)
  %e : Tensor = aten::eq(%x, %y)
  return (%w, %k, %e)
)IR";
  std::mt19937 rng(7);
  for (ScalarType t : {ScalarType::Float, ScalarType::Double}) {
    Tensor x = randomTensor({23, 17}, t, rng);
    Tensor y = randomTensor({17}, t, rng);
    expectSameResults(ir, {IValue(x), IValue(y)}, tolerance(t));
    // Equal elements and the float32 rounding of 0.1 itself.
    Tensor same = x.clone();
    expectSameResults(ir, {IValue(x), IValue(same)}, tolerance(t));
  }
}

TEST(ElementwiseKernel, Int64AndMixedDtypes) {
  // int64 kernels where every dtype is known: mul, maximum, where.
  const char *typed = R"IR(graph(%x : Tensor, %y : Tensor):
  %three : int = prim::Constant[value=3]()
  %a : Tensor = aten::mul(%x, %three)
  %b : Tensor = aten::mul(%a, %y)
  %m : Tensor = aten::gt(%b, %x)
  %c : Tensor = aten::where(%m, %b, %y)
  return (%c, %m)
)IR";
  const char *ir = R"IR(graph(%x : Tensor, %y : Tensor):
  %one : int = prim::Constant[value=1]()
  %three : int = prim::Constant[value=3]()
  %a : Tensor = aten::mul(%x, %three)
  %b : Tensor = aten::add(%a, %y, %one)
  %c : Tensor = aten::relu(%b)
  %d : Tensor = aten::maximum(%c, %x)
  %e : Tensor = aten::neg(%d)
  return (%e)
)IR";
  std::mt19937 rng(8);
  for (const auto &shape : std::vector<std::vector<int64_t>>{{5}, {17, 9}}) {
    Tensor x = randomTensor(shape, ScalarType::Long, rng);
    Tensor y0 = randomTensor(shape, ScalarType::Long, rng);
    expectSameResults(typed, {IValue(x), IValue(y0)}, 0,
                      /*expectJit=*/true, "typed int64");
    Tensor y = randomTensor(shape, ScalarType::Long, rng);
    // Shape propagation leaves add's int64 result without a dtype, so the
    // group declines today; the numbers must be right either way.
    expectSameResults(ir, {IValue(x), IValue(y)}, 0, /*expectJit=*/false);
    Tensor yf = randomTensor(shape, ScalarType::Float, rng);
    expectSameResults(ir, {IValue(x), IValue(yf)}, 2e-6, /*expectJit=*/false);
  }
}

TEST(ElementwiseKernel, SpecialValues) {
  std::vector<float> v = {0.f,    -0.f,   1e-30f,   -1e-30f,   88.f, -88.f,
                          100.f,  -100.f, INFINITY, -INFINITY, NAN,  1e30f,
                          -1e30f, 3.f,    -3.f,     0.5f,      20.f};
  Tensor x = Tensor::fromVector<float>(v, {static_cast<int64_t>(v.size())});
  expectSameResults(kGeluTanh, {IValue(x)}, 2e-6);
}

TEST(ElementwiseKernel, DeclinesUnsupportedGroups) {
  // remainder has no emitter: the group stays on the reference path.
  const char *ir = R"IR(graph(%x : Tensor, %y : Tensor):
  %a : Tensor = aten::remainder(%x, %y)
  %b : Tensor = aten::mul(%a, %y)
  return (%b)
)IR";
  std::mt19937 rng(9);
  Tensor x = randomTensor({9}, ScalarType::Float, rng);
  Tensor y = randomTensor({9}, ScalarType::Float, rng, 1, 2);
  expectSameResults(ir, {IValue(x), IValue(y)}, 0, /*expectJit=*/false);
  Outcome jit = runWith(&codegenCompiler(), ir, {IValue(x), IValue(y)});
  EXPECT_EQ(jit.code.find("jit kiln_ew_"), std::string::npos) << jit.code;
}

// Distance in units in the last place of T between two finite values.
template <typename T> double ulpDistance(T a, T b) {
  using I = std::conditional_t<sizeof(T) == 4, int32_t, int64_t>;
  auto ordered = [](T v) {
    I i;
    std::memcpy(&i, &v, sizeof v);
    return i < 0 ? std::numeric_limits<I>::min() - i : i;
  };
  I x = ordered(a), y = ordered(b);
  return static_cast<double>(x > y ? x - y : y - x);
}

// The JIT's transcendental functions (libmvec in vectors) against the
// reference kernels (libm): the maximum error in ulp over a dense sweep.
// Prints the table docs/codegen.md quotes.
template <typename T> void measureAccuracy(ScalarType dtype, int64_t n) {
  struct Fn {
    const char *op;
    double lo, hi;
  };
  const Fn fns[] = {{"aten::exp", -80, 80},    {"aten::log", 1e-6, 1e6},
                    {"aten::tanh", -10, 10},   {"aten::sigmoid", -20, 20},
                    {"aten::erf", -5, 5},      {"aten::erfc", -3, 8},
                    {"aten::expm1", -10, 10},  {"aten::log1p", -0.9, 100},
                    {"aten::sin", -100, 100},  {"aten::cos", -100, 100},
                    {"aten::atan", -100, 100}, {"aten::gelu", -10, 10}};
  auto callOf = [](const std::string &op) {
    return op == "aten::gelu" ? op + "(%z, %none_s)" : op + "(%z)";
  };
  for (const Fn &fn : fns) {
    std::string ir = std::string(R"IR(graph(%x : Tensor):
  %one : int = prim::Constant[value=1]()
  %none_s : str = prim::Constant[value="none"]()
  %z : Tensor = aten::neg(%x)
  %y : Tensor = )IR") +
                     callOf(fn.op) + R"IR(
  return (%y)
)IR";
    std::vector<T> xs(n);
    for (int64_t i = 0; i < n; ++i)
      xs[i] = -static_cast<T>(fn.lo + (fn.hi - fn.lo) * (i + 0.5) / n);
    Tensor x = Tensor::fromVector<T>(xs, {n});
    Outcome ref = runWith(nullptr, ir, {IValue(x)});
    Outcome jit = runWith(&codegenCompiler(), ir, {IValue(x)});
    ASSERT_NE(jit.code.find("jit kiln_ew_"), std::string::npos) << fn.op << "\n"
                                                                << jit.code;
    const T *r = ref.outputs[0].toTensor().template data<T>();
    const T *j = jit.outputs[0].toTensor().template data<T>();
    double maxUlp = 0, maxRel = 0, maxAbs = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (!std::isfinite(r[i]) || !std::isfinite(j[i])) {
        EXPECT_EQ(std::isnan(r[i]), std::isnan(j[i])) << fn.op << " " << xs[i];
        continue;
      }
      maxUlp = std::max(maxUlp, ulpDistance(r[i], j[i]));
      maxAbs = std::max(maxAbs, std::fabs(static_cast<double>(j[i] - r[i])));
      if (r[i] != 0)
        maxRel = std::max(maxRel,
                          std::fabs(static_cast<double>(j[i] - r[i]) / r[i]));
    }
    std::printf("accuracy %-8s %-14s [%g, %g]: max %.0f ulp, max rel %.2e, "
                "max abs %.2e\n",
                std::string(scalarTypeName(dtype)).c_str(), fn.op, fn.lo, fn.hi,
                maxUlp, maxRel, maxAbs);
    // GELU cancels (1 + erf(x) near x = -4): its bound is absolute.
    if (std::string(fn.op) == "aten::gelu")
      EXPECT_LE(maxAbs, sizeof(T) == 4 ? 1e-6 : 1e-14) << fn.op;
    else
      EXPECT_LE(maxUlp, 8) << fn.op;
  }
}

TEST(ElementwiseKernel, VectorMathAccuracyFloat) {
  measureAccuracy<float>(ScalarType::Float, int64_t{1} << 22);
}
TEST(ElementwiseKernel, VectorMathAccuracyDouble) {
  measureAccuracy<double>(ScalarType::Double, int64_t{1} << 20);
}

} // namespace
} // namespace kiln::codegen
