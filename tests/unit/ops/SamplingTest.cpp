//===- SamplingTest.cpp - Random tensors: shapes, ranges, distributions ---===//
//
// Random results cannot be compared with PyTorch's value by value. Their
// shapes and dtypes are checked against what PyTorch gives (creation.py's
// *_meta cases); their values against the distribution: on samples of
// kSamples elements, a mean within about 6 standard errors of the true
// mean and a variance within about 6 standard errors of the true variance
// (the tolerances are written next to each check), so a correct sampler
// fails with a probability below 1e-8 while a wrong scale or offset fails.
// The seed fixes every draw, so the tests are deterministic.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Sampling.h"
#include "ir/Diagnostics.h"
#include "tests/support/RunGraph.h"
#include "tests/unit/ops/GoldenCases.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

using namespace kiln;
using namespace kiln::testing;
using namespace kiln::testing::creation;

namespace {

constexpr int64_t kSamples = 100000;

struct Moments {
  double mean = 0, variance = 0, min = INFINITY, max = -INFINITY;
};

Moments moments(const Tensor &t) {
  Moments m;
  int64_t n = t.numel();
  for (int64_t i = 0; i < n; ++i) {
    double v = t.item(i).toDouble();
    m.mean += v;
    m.min = std::min(m.min, v);
    m.max = std::max(m.max, v);
  }
  m.mean /= static_cast<double>(n);
  for (int64_t i = 0; i < n; ++i) {
    double d = t.item(i).toDouble() - m.mean;
    m.variance += d * d;
  }
  m.variance /= static_cast<double>(n - 1);
  return m;
}

TEST(Sampling, ShapesAndDtypesArePyTorchs) {
  Generator gen(1);
  check("rand_meta", 0, [&](const Inputs &) {
    return meta(ops::rand(V{2, 3}, gen));
  });
  check("rand_double_meta", 0, [&](const Inputs &) {
    return meta(ops::rand(V{4}, gen, ScalarType::Double));
  });
  check("randn_meta", 0, [&](const Inputs &) {
    return meta(ops::randn(V{3, 1}, gen));
  });
  check("rand_like_meta", 1,
        [&](const Inputs &in) { return meta(ops::rand_like(in[0], gen)); });
  check("randn_like_meta", 1, [&](const Inputs &in) {
    return meta(ops::randn_like(in[0], gen, ScalarType::Float));
  });
  check("randint_meta", 0, [&](const Inputs &) {
    return meta(ops::randint(0, 5, V{2, 3}, gen, ScalarType::Long));
  });
  // A None dtype gives float32 (the schema's default is int64).
  check("randint_none_dtype_meta", 0,
        [&](const Inputs &) { return meta(ops::randint(0, 5, V{3}, gen)); });
  check("randint_low_meta", 0, [&](const Inputs &) {
    return meta(ops::randint(-3, 4, V{5}, gen, ScalarType::Int));
  });
  check("randint_like_meta", 1, [&](const Inputs &in) {
    return meta(ops::randint_like(in[0], 0, 3, gen));
  });
  check("randperm_meta", 0,
        [&](const Inputs &) { return meta(ops::randperm(6, gen)); });
  check("randperm_float_meta", 0, [&](const Inputs &) {
    return meta(ops::randperm(4, gen, ScalarType::Float));
  });
  check("bernoulli_meta", 1,
        [&](const Inputs &in) { return meta(ops::bernoulli(in[0], gen)); });
  check("bernoulli_p_meta", 1, [&](const Inputs &in) {
    return meta(ops::bernoulli(in[0], 0.5, gen));
  });
  check("normal_tensors_meta", 2,
        [&](const Inputs &in) { return meta(ops::normal(in[0], in[1], gen)); });
  check("normal_float_tensor_meta", 1,
        [&](const Inputs &in) { return meta(ops::normal(0.5, in[0], gen)); });
  check("normal_size_meta", 0,
        [&](const Inputs &) { return meta(ops::normal(0.0, 1.0, V{4}, gen)); });
  check("multinomial_meta", 1, [&](const Inputs &in) {
    return meta(ops::multinomial(in[0], 2, false, gen));
  });
  check("multinomial_1d_meta", 1, [&](const Inputs &in) {
    return meta(ops::multinomial(in[0], 5, true, gen));
  });
}

TEST(Sampling, SameSeedSameNumbers) {
  Generator a(42), b(42), c(43);
  Tensor x = ops::randn(V{64}, a), y = ops::randn(V{64}, b);
  EXPECT_TRUE(x.identical(y));
  EXPECT_FALSE(x.identical(ops::randn(V{64}, c)));
  // The draws continue: a second call gives other numbers.
  EXPECT_FALSE(x.identical(ops::randn(V{64}, a)));
}

TEST(Sampling, UniformDistribution) {
  Generator gen(7);
  for (ScalarType t : {ScalarType::Float, ScalarType::Double}) {
    Moments m = moments(ops::rand(V{kSamples}, gen, t));
    EXPECT_GE(m.min, 0.0);
    EXPECT_LT(m.max, 1.0);
    // Standard error of the mean: sqrt(1/12 / n) = 0.0009.
    EXPECT_NEAR(m.mean, 0.5, 0.006);
    // Variance 1/12; its standard error is about 0.0002.
    EXPECT_NEAR(m.variance, 1.0 / 12, 0.0015);
  }
  Tensor x = Tensor::empty(V{kSamples}, ScalarType::Float);
  Moments m = moments(ops::uniform_(x, -2.0, 5.0, gen));
  EXPECT_GE(m.min, -2.0);
  EXPECT_LT(m.max, 5.0);
  // Mean 1.5 (standard error 0.0064); variance 49/12 (standard error 0.01).
  EXPECT_NEAR(m.mean, 1.5, 0.04);
  EXPECT_NEAR(m.variance, 49.0 / 12, 0.07);
  Tensor point = Tensor::empty(V{8}, ScalarType::Float);
  EXPECT_EQ(moments(ops::uniform_(point, 3.0, 3.0, gen)).max, 3.0);
}

TEST(Sampling, NormalDistribution) {
  Generator gen(11);
  Moments m = moments(ops::randn(V{kSamples}, gen));
  // Standard error of the mean 0.0032; of the variance 0.0045.
  EXPECT_NEAR(m.mean, 0.0, 0.02);
  EXPECT_NEAR(m.variance, 1.0, 0.03);
  m = moments(ops::normal(2.0, 3.0, V{kSamples}, gen, ScalarType::Double));
  // Standard errors: mean 0.0095, variance 0.04.
  EXPECT_NEAR(m.mean, 2.0, 0.06);
  EXPECT_NEAR(m.variance, 9.0, 0.25);
  Tensor x = Tensor::empty(V{kSamples}, ScalarType::Float);
  m = moments(ops::normal_(x, -1.0, 0.5, gen));
  // Standard errors: mean 0.0016, variance 0.0011.
  EXPECT_NEAR(m.mean, -1.0, 0.01);
  EXPECT_NEAR(m.variance, 0.25, 0.007);
  // Tensor means and stds broadcast: column j has mean j and std j + 1.
  Tensor means = Tensor::fromVector<float>({0, 1, 2}, {3});
  Tensor stds = Tensor::fromVector<float>({1, 2, 3}, {3});
  Tensor rows = Tensor::zeros(V{kSamples / 10, 1}, ScalarType::Float);
  Tensor samples = ops::normal(ops::normal(rows, 0.0, gen), stds, gen);
  EXPECT_EQ(samples.sizes(), (V{kSamples / 10, 3}));
  Tensor shifted = ops::normal(means, 1.0, gen);
  EXPECT_EQ(shifted.sizes(), (V{3}));
  for (int64_t j = 0; j < 3; ++j) {
    std::vector<float> column;
    for (int64_t i = 0; i < kSamples / 10; ++i)
      column.push_back(static_cast<float>(samples.item(i * 3 + j).toDouble()));
    Moments c = moments(Tensor::fromVector(column, {kSamples / 10}));
    double sd = static_cast<double>(j + 1);
    // n = 10000: standard errors sd/100 (mean) and sd^2 * 0.014 (variance).
    EXPECT_NEAR(c.mean, 0.0, 0.06 * sd) << j;
    EXPECT_NEAR(c.variance, sd * sd, 0.09 * sd * sd) << j;
  }
}

TEST(Sampling, RandintIsUniformOverItsRange) {
  Generator gen(3);
  Tensor x = ops::randint(-3, 4, V{kSamples}, gen, ScalarType::Int);
  EXPECT_EQ(x.dtype(), ScalarType::Int);
  std::vector<int64_t> counts(7);
  for (int64_t i = 0; i < kSamples; ++i) {
    int64_t v = x.item(i).toInt();
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    ++counts[v + 3];
  }
  // Each value has probability 1/7; standard error of a frequency 0.0011.
  for (int64_t c : counts)
    EXPECT_NEAR(static_cast<double>(c) / kSamples, 1.0 / 7, 0.007);
  Tensor wide =
      ops::randint(INT64_MIN, INT64_MAX, V{1000}, gen, ScalarType::Long);
  Moments m = moments(wide);
  EXPECT_LT(m.min, -1e18);
  EXPECT_GT(m.max, 1e18);
  Tensor bits = ops::randint(0, 2, V{1000}, gen, ScalarType::Bool);
  EXPECT_EQ(bits.dtype(), ScalarType::Bool);
  Tensor like =
      ops::randint_like(Tensor::zeros(V{3, 2}, ScalarType::Double), 5, 6, gen);
  EXPECT_EQ(moments(like).min, 5.0);
  EXPECT_EQ(moments(like).max, 5.0);
}

TEST(Sampling, RandpermIsAPermutation) {
  Generator gen(5);
  Tensor p = ops::randperm(1000, gen);
  EXPECT_EQ(p.dtype(), ScalarType::Long);
  std::set<int64_t> seen;
  int64_t fixedPoints = 0;
  for (int64_t i = 0; i < 1000; ++i) {
    seen.insert(p.item(i).toInt());
    fixedPoints += p.item(i).toInt() == i;
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(*seen.begin(), 0);
  EXPECT_EQ(*seen.rbegin(), 999);
  // A uniform permutation has 1 fixed point on average.
  EXPECT_LT(fixedPoints, 10);
  EXPECT_EQ(ops::randperm(0, gen).sizes(), (V{0}));
  EXPECT_EQ(ops::randperm(256, gen, ScalarType::Byte).numel(), 256);
}

TEST(Sampling, Bernoulli) {
  Generator gen(9);
  Tensor ints = Tensor::zeros(V{kSamples}, ScalarType::Long);
  Moments m = moments(ops::bernoulli(ints, 0.3, gen));
  EXPECT_EQ(m.min, 0.0);
  EXPECT_EQ(m.max, 1.0);
  // Standard error sqrt(0.21 / n) = 0.0014.
  EXPECT_NEAR(m.mean, 0.3, 0.009);
  Tensor probs = Tensor::fromVector<float>({0, 1, 0, 1}, {2, 2});
  EXPECT_TRUE(ops::bernoulli(probs, gen).identical(probs));
  Tensor self = Tensor::zeros(V{3, 2}, ScalarType::Double);
  Tensor columns = Tensor::fromVector<double>({1, 0}, {2});
  Tensor drawn = ops::bernoulli_(self, columns, gen);
  for (int64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(drawn.item(2 * i).toDouble(), 1.0);
    EXPECT_EQ(drawn.item(2 * i + 1).toDouble(), 0.0);
  }
  Tensor flags = Tensor::zeros(V{1000}, ScalarType::Bool);
  ops::bernoulli_(flags, 0.5, gen);
  m = moments(flags);
  EXPECT_NEAR(m.mean, 0.5, 0.1);
}

TEST(Sampling, Multinomial) {
  Generator gen(13);
  Tensor weights = Tensor::fromVector<float>({0, 1, 2, 7}, {4});
  Tensor drawn = ops::multinomial(weights, kSamples, true, gen);
  std::vector<int64_t> counts(4);
  for (int64_t i = 0; i < kSamples; ++i)
    ++counts[drawn.item(i).toInt()];
  EXPECT_EQ(counts[0], 0);
  // Standard errors of the frequencies: about 0.001.
  EXPECT_NEAR(counts[1] / double(kSamples), 0.1, 0.006);
  EXPECT_NEAR(counts[2] / double(kSamples), 0.2, 0.008);
  EXPECT_NEAR(counts[3] / double(kSamples), 0.7, 0.009);
  // Without replacement: distinct categories, zero weights last; the
  // heaviest category comes first most often.
  Tensor rows = Tensor::fromVector<double>({0, 1, 2, 7, 5, 0, 0, 5}, {2, 4});
  int64_t heavyFirst = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    Tensor s = ops::multinomial(rows, 3, false, gen);
    std::set<int64_t> first = {s.item(0).toInt(), s.item(1).toInt(),
                               s.item(2).toInt()};
    EXPECT_EQ(first, (std::set<int64_t>{1, 2, 3}));
    heavyFirst += s.item(0).toInt() == 3;
    std::set<int64_t> second = {s.item(3).toInt(), s.item(4).toInt()};
    EXPECT_EQ(second, (std::set<int64_t>{0, 3}));
  }
  // P(first = 3) = 0.7 (standard error 0.015).
  EXPECT_NEAR(heavyFirst / 1000.0, 0.7, 0.09);
}

TEST(Sampling, Errors) {
  Generator gen;
  expectUserError([&] { ops::rand(V{2}, gen, ScalarType::Long); },
                  "aten::uniform_: tensors of dtype Long are not supported");
  expectUserError([&] { ops::randn(V{-2}, gen); },
                  "aten::empty: negative dimension -2");
  expectUserError([&] { ops::randint(5, 5, V{3}, gen); },
                  "aten::randint: random_ expects 'from' to be less than "
                  "'to', but got from=5 >= to=5");
  expectUserError([&] { ops::randint(0, 300, V{3}, gen, ScalarType::Byte); },
                  "aten::randint: to - 1 (299) is out of bounds for Byte");
  expectUserError([&] { ops::randint(-1, 2, V{3}, gen, ScalarType::Bool); },
                  "aten::randint: from (-1) is out of bounds for Bool");
  expectUserError([&] { ops::randperm(-1, gen); },
                  "aten::randperm: n must be non-negative, got -1");
  expectUserError([&] { ops::randperm(257, gen, ScalarType::Byte); },
                  "aten::randperm: n = 257 is too large for Byte");
  expectUserError(
      [&] { ops::bernoulli(Tensor::zeros(V{2}, ScalarType::Float), 1.5, gen); },
      "aten::bernoulli: expects p to be in [0, 1], but got p=1.5");
  expectUserError(
      [&] {
        ops::bernoulli(Tensor::fromVector<float>({2, 1}, {2}), gen);
      },
      "aten::bernoulli: probabilities must be in [0, 1], got 2");
  expectUserError(
      [&] {
        ops::bernoulli(Tensor::zeros(V{3}, ScalarType::Float),
                       Tensor::zeros(V{2, 3}, ScalarType::Float), gen);
      },
      "aten::expand: the number of sizes provided (1)");
  expectUserError([&] { ops::normal(0.0, -1.0, V{2}, gen); },
                  "aten::normal_: normal expects std >= 0.0, but found std -1");
  expectUserError(
      [&] {
        ops::normal(0.0, Tensor::fromVector<float>({1, -1}, {2}), gen);
      },
      "aten::normal: normal expects all elements of std >= 0.0");
  expectUserError(
      [&] { ops::normal(Tensor::zeros(V{2}, ScalarType::Long), 1.0, gen); },
      "aten::normal: expects floating tensors, got Long");
  Tensor x = Tensor::zeros(V{2}, ScalarType::Float);
  expectUserError([&] { ops::multinomial(x, 3, false, gen); },
                  "aten::multinomial: cannot sample 3 > prob_dist.size(-1) "
                  "(2) samples without replacement");
  expectUserError([&] { ops::multinomial(x, 1, true, gen); },
                  "aten::multinomial: invalid multinomial distribution (sum "
                  "of probabilities <= 0)");
  expectUserError(
      [&] {
        ops::multinomial(Tensor::fromVector<float>({1, -1}, {2}), 1, true, gen);
      },
      "aten::multinomial: probability tensor contains either `inf`, `nan` "
      "or element < 0");
  expectUserError([&] { ops::uniform_(x, 2.0, 1.0, gen); },
                  "aten::uniform_: expects to return a [from, to) range, but "
                  "found from=2 > to=1");
  expectUserError([&] { ops::uniform_(x, -INFINITY, 1.0, gen); },
                  "aten::uniform_: from (-inf) is out of bounds for Float");
}

//===--- Through the interpreter: the run's generator ---------------------===//

const char *kRandomOps = R"IR(graph():
  %none : NoneType = prim::Constant()
  %2 : int = prim::Constant[value=2]()
  %3 : int = prim::Constant[value=3]()
  %9 : int = prim::Constant[value=9]()
  %long : int = prim::Constant[value=4]()
  %zero : float = prim::Constant[value=0.]()
  %half : float = prim::Constant[value=0.5]()
  %s : int[] = prim::ListConstruct(%2, %3)
  %a : Tensor = aten::rand(%s, %none, %none, %none, %none)
  %b : Tensor = aten::randn(%s, %none, %none, %none, %none)
  %c : Tensor = aten::randint(%9, %s, %long, %none, %none, %none)
  %d : Tensor = aten::randperm(%9, %long, %none, %none, %none)
  %e : Tensor = aten::bernoulli(%a, %half, %none)
  %f : Tensor = aten::normal(%zero, %half, %s, %none, %none, %none, %none, %none)
  %g : Tensor = aten::rand_like(%b, %none, %none, %none, %none, %none)
  %h : Tensor = aten::uniform_(%g, %zero, %half, %none)
  return (%a, %b, %c, %d, %e, %f, %h)
)IR";

TEST(Sampling, KernelsDrawFromTheRunsGenerator) {
  std::vector<IValue> first = CompiledGraph(kRandomOps, 17).run();
  std::vector<IValue> again = CompiledGraph(kRandomOps, 17).run();
  std::vector<IValue> other = CompiledGraph(kRandomOps, 18).run();
  ASSERT_EQ(first.size(), 7u);
  for (size_t i = 0; i < first.size(); ++i) {
    const Tensor &t = first[i].toTensor();
    EXPECT_TRUE(t.identical(again[i].toTensor())) << "output " << i;
    EXPECT_EQ(t.sizes(), i == 3 ? V{9} : (V{2, 3})) << "output " << i;
  }
  EXPECT_FALSE(first[0].toTensor().identical(other[0].toTensor()));
  EXPECT_EQ(first[2].toTensor().dtype(), ScalarType::Long);
  EXPECT_EQ(first[3].toTensor().dtype(), ScalarType::Long);
  EXPECT_LT(moments(first[6].toTensor()).max, 0.5);
}

TEST(Sampling, AGeneratorArgumentIsAnError) {
  // aten::rand.generator(int[] size, *, Generator? generator, ...): pass
  // something other than None where the Generator goes.
  KernelFn kernel = KernelTable::get().find(OpId::aten_rand_generator);
  ASSERT_NE(kernel, nullptr);
  std::vector<IValue> regs = {IValue::list({IValue(int64_t{2})}),
                              IValue(int64_t{1}),
                              IValue(),
                              IValue(),
                              IValue(),
                              IValue(),
                              IValue()};
  uint32_t inputs[] = {0, 1, 2, 3, 4, 5};
  uint32_t outputs[] = {6};
  Generator gen;
  RunContext ctx;
  ctx.generator = &gen;
  KernelArgs args{regs.data(), inputs, outputs, 6, 1, nullptr, &ctx};
  expectUserError([&] { kernel(args); },
                  "aten::rand: a Generator argument is not supported");
  regs[1] = IValue();
  kernel(args);
  EXPECT_EQ(regs[6].toTensor().sizes(), (V{2}));
}

} // namespace
