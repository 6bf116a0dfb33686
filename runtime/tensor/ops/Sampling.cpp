//===- Sampling.cpp - Random tensors --------------------------------------===//
#include "runtime/tensor/ops/Sampling.h"

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"
#include "runtime/tensor/ops/Indexing.h"
#include "runtime/tensor/ops/Shape.h"
#include "support/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace kiln::ops {

namespace {

constexpr ScalarType kDefaultDtype = ScalarType::Float;

/// Uniform on [0, n) without modulo bias (n > 0).
uint64_t uniformBelow(Generator &gen, uint64_t n) {
  // Values below `threshold` would make the low residues more likely.
  uint64_t threshold = (0 - n) % n;
  uint64_t r;
  do {
    r = gen.next();
  } while (r < threshold);
  return r % n;
}

/// t[p] = draw() for every element, in row-major order (one draw each, on
/// this thread, so the seed fixes the result).
template <typename T, typename Draw>
void fillRandom(const Tensor &t, const Draw &draw) {
  T *p = t.data<T>();
  std::array<std::vector<int64_t>, 1> strides = {t.strides()};
  strided::forEachOffset<1>(
      t.sizes(), strides, /*parallel=*/false,
      [&](const std::array<int64_t, 1> &at) { p[at[0]] = draw(); });
}

/// Probabilities must lie in [0, 1].
void checkProbabilities(std::string_view op, const Tensor &p) {
  KILN_USER_CHECK(isFloatingType(p.dtype()), op,
                  ": expects a floating tensor of probabilities, got ",
                  p.describe());
  Tensor flat = convert(p, ScalarType::Double).contiguous();
  const double *v = flat.data<double>();
  for (int64_t i = 0; i < flat.numel(); ++i)
    KILN_USER_CHECK(v[i] >= 0 && v[i] <= 1, op,
                    ": probabilities must be in [0, 1], got ", v[i]);
}

/// out = 1 where a uniform draw is below p (broadcast to out), else 0.
void bernoulliInto(std::string_view op, const Tensor &out, const Tensor &p,
                   Generator &gen) {
  Tensor probs = convert(p, ScalarType::Double);
  std::array<std::vector<int64_t>, 2> strides = {
      out.strides(), broadcastStrides(probs, out.sizes())};
  const double *pr = probs.data<double>();
  dispatchAll(out.dtype(), op, [&]<typename T>() {
    T *o = out.data<T>();
    strided::forEachOffset<2>(out.sizes(), strides, /*parallel=*/false,
                              [&](const std::array<int64_t, 2> &at) {
                                o[at[0]] =
                                    static_cast<T>(gen.uniform() < pr[at[1]]);
                              });
  });
}

/// mean + std * (standard normal), mean and std broadcast to `shape`.
Tensor normalSamples(std::string_view op, const Tensor &mean,
                     const Tensor &stddev, ScalarType dtype, Generator &gen) {
  KILN_USER_CHECK(isFloatingType(dtype) && hasArithmetic(dtype), op,
                  ": expects floating tensors, got ", scalarTypeName(dtype));
  auto shape = broadcastShapes(op, {mean.sizes(), stddev.sizes()});
  Tensor z = Tensor::empty(shape, ScalarType::Double);
  fillRandom<double>(z, [&] { return gen.normal(); });
  Tensor out = Tensor::empty(shape, dtype);
  Tensor m = convert(mean, dtype), s = convert(stddev, dtype);
  dispatchFloating(dtype, op, [&]<typename T>() {
    const T *sv = s.data<T>();
    std::array<std::vector<int64_t>, 1> sStrides = {s.strides()};
    strided::forEachOffset<1>(s.sizes(), sStrides, false,
                              [&](const std::array<int64_t, 1> &at) {
                                KILN_USER_CHECK(!(sv[at[0]] < 0), op,
                                                ": normal expects all "
                                                "elements of std >= 0.0");
                              });
    std::array<std::vector<int64_t>, 4> strides = {
        out.strides(), broadcastStrides(m, shape), broadcastStrides(s, shape),
        z.strides()};
    T *o = out.data<T>();
    const T *mv = m.data<T>();
    const double *zv = z.data<double>();
    strided::forEachOffset<4>(shape, strides, /*parallel=*/true,
                              [&](const std::array<int64_t, 4> &at) {
                                o[at[0]] = static_cast<T>(
                                    mv[at[1]] + sv[at[2]] * zv[at[3]]);
                              });
  });
  return out;
}

/// The allowed [low, high) of randint for dtype T (PyTorch's bounds check
/// of random_; floating dtypes only warn in PyTorch, so are not checked).
template <typename T>
void checkRandintBounds(std::string_view op, int64_t low, int64_t high) {
  if constexpr (std::is_integral_v<T>) {
    using Limits = std::numeric_limits<T>;
    auto lo = static_cast<int64_t>(Limits::lowest());
    auto hi = static_cast<int64_t>(Limits::max());
    KILN_USER_CHECK(low >= lo && low <= hi, op, ": from (", low,
                    ") is out of bounds for ",
                    scalarTypeName(scalarTypeOf<T>()));
    KILN_USER_CHECK(high - 1 >= lo && high - 1 <= hi, op, ": to - 1 (",
                    high - 1, ") is out of bounds for ",
                    scalarTypeName(scalarTypeOf<T>()));
  }
}

} // namespace

Tensor rand(std::span<const int64_t> size, Generator &gen,
            std::optional<ScalarType> dtype) {
  Tensor out = empty(size, dtype.value_or(kDefaultDtype));
  return uniform_(out, 0.0, 1.0, gen);
}

Tensor randn(std::span<const int64_t> size, Generator &gen,
             std::optional<ScalarType> dtype) {
  Tensor out = empty(size, dtype.value_or(kDefaultDtype));
  return normal_(out, 0.0, 1.0, gen);
}

Tensor rand_like(const Tensor &self, Generator &gen,
                 std::optional<ScalarType> dtype,
                 std::optional<MemoryFormat> format) {
  Tensor out =
      emptyLike("aten::rand_like", self, dtype.value_or(self.dtype()), format);
  return uniform_(out, 0.0, 1.0, gen);
}

Tensor randn_like(const Tensor &self, Generator &gen,
                  std::optional<ScalarType> dtype,
                  std::optional<MemoryFormat> format) {
  Tensor out =
      emptyLike("aten::randn_like", self, dtype.value_or(self.dtype()), format);
  return normal_(out, 0.0, 1.0, gen);
}

static Tensor &randintInto(std::string_view op, Tensor &out, int64_t low,
                           int64_t high, Generator &gen) {
  KILN_USER_CHECK(low < high, op,
                  ": random_ expects 'from' to be less than 'to', but got "
                  "from=",
                  low, " >= to=", high);
  // high - low can exceed int64 but not uint64.
  uint64_t range = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
  dispatchAll(out.dtype(), op, [&]<typename T>() {
    checkRandintBounds<T>(op, low, high);
    fillRandom<T>(out, [&] {
      return static_cast<T>(static_cast<int64_t>(static_cast<uint64_t>(low) +
                                                 uniformBelow(gen, range)));
    });
  });
  return out;
}

Tensor randint(int64_t low, int64_t high, std::span<const int64_t> size,
               Generator &gen, std::optional<ScalarType> dtype) {
  Tensor out = empty(size, dtype.value_or(kDefaultDtype));
  return randintInto("aten::randint", out, low, high, gen);
}

Tensor randint_like(const Tensor &self, int64_t low, int64_t high,
                    Generator &gen, std::optional<ScalarType> dtype,
                    std::optional<MemoryFormat> format) {
  constexpr std::string_view op = "aten::randint_like";
  Tensor out = emptyLike(op, self, dtype.value_or(self.dtype()), format);
  return randintInto(op, out, low, high, gen);
}

Tensor randperm(int64_t n, Generator &gen, std::optional<ScalarType> dtype) {
  constexpr std::string_view op = "aten::randperm";
  KILN_USER_CHECK(n >= 0, op, ": n must be non-negative, got ", n);
  ScalarType t = dtype.value_or(ScalarType::Long);
  return dispatchNumeric(t, op, [&]<typename T>() {
    // Every value up to n - 1 must be exact in T.
    if constexpr (std::is_floating_point_v<T>)
      KILN_USER_CHECK(n <= (int64_t{1} << std::numeric_limits<T>::digits) + 1,
                      op, ": n cannot be greater than 2^",
                      std::numeric_limits<T>::digits, "+1 for ",
                      scalarTypeName(t), ", got ", n);
    else
      KILN_USER_CHECK(n - 1 <=
                          static_cast<int64_t>(std::numeric_limits<T>::max()),
                      op, ": n = ", n, " is too large for ", scalarTypeName(t));
    Tensor out = empty(std::vector<int64_t>{n}, t);
    T *p = out.data<T>();
    std::vector<int64_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    // Fisher-Yates, from the back.
    for (int64_t i = n - 1; i > 0; --i)
      std::swap(perm[i], perm[uniformBelow(gen, i + 1)]);
    for (int64_t i = 0; i < n; ++i)
      p[i] = static_cast<T>(perm[i]);
    return out;
  });
}

Tensor bernoulli(const Tensor &self, Generator &gen) {
  constexpr std::string_view op = "aten::bernoulli";
  checkProbabilities(op, self);
  Tensor out = emptyLike(op, self, self.dtype(), std::nullopt);
  bernoulliInto(op, out, self, gen);
  return out;
}

Tensor bernoulli(const Tensor &self, double p, Generator &gen) {
  constexpr std::string_view op = "aten::bernoulli";
  KILN_USER_CHECK(p >= 0 && p <= 1, op,
                  ": expects p to be in [0, 1], but got p=", p);
  Tensor out = emptyLike(op, self, self.dtype(), std::nullopt);
  bernoulliInto(op, out, Tensor::scalar(p, ScalarType::Double), gen);
  return out;
}

Tensor bernoulli(const Tensor &self, const Tensor &p, Generator &gen) {
  constexpr std::string_view op = "aten::bernoulli";
  checkProbabilities(op, p);
  Tensor probs = expand(p, self.sizes()); // p must broadcast to self
  Tensor out = emptyLike(op, self, self.dtype(), std::nullopt);
  bernoulliInto(op, out, probs, gen);
  return out;
}

Tensor &bernoulli_(Tensor &self, double p, Generator &gen) {
  checkNoInternalOverlap("aten::bernoulli_", self);
  copyElements(self, bernoulli(self, p, gen));
  return self;
}

Tensor &bernoulli_(Tensor &self, const Tensor &p, Generator &gen) {
  checkNoInternalOverlap("aten::bernoulli_", self);
  copyElements(self, bernoulli(self, p, gen));
  return self;
}

Tensor normal(const Tensor &mean, const Tensor &stddev, Generator &gen) {
  return normalSamples("aten::normal", mean, stddev, mean.dtype(), gen);
}

Tensor normal(const Tensor &mean, double stddev, Generator &gen) {
  KILN_USER_CHECK(stddev >= 0,
                  "aten::normal: normal expects std >= 0.0, but found std ",
                  stddev);
  return normalSamples("aten::normal", mean,
                       Tensor::scalar(stddev, ScalarType::Double), mean.dtype(),
                       gen);
}

Tensor normal(double mean, const Tensor &stddev, Generator &gen) {
  return normalSamples("aten::normal", Tensor::scalar(mean, ScalarType::Double),
                       stddev, stddev.dtype(), gen);
}

Tensor normal(double mean, double stddev, std::span<const int64_t> size,
              Generator &gen, std::optional<ScalarType> dtype) {
  Tensor out = empty(size, dtype.value_or(kDefaultDtype));
  return normal_(out, mean, stddev, gen);
}

Tensor &normal_(Tensor &self, double mean, double stddev, Generator &gen) {
  constexpr std::string_view op = "aten::normal_";
  KILN_USER_CHECK(stddev >= 0, op,
                  ": normal expects std >= 0.0, but found std ", stddev);
  checkNoInternalOverlap(op, self);
  dispatchFloating(self.dtype(), op, [&]<typename T>() {
    fillRandom<T>(self,
                  [&] { return static_cast<T>(mean + stddev * gen.normal()); });
  });
  return self;
}

Tensor multinomial(const Tensor &self, int64_t numSamples, bool replacement,
                   Generator &gen) {
  constexpr std::string_view op = "aten::multinomial";
  KILN_USER_CHECK(isFloatingType(self.dtype()), op,
                  ": multinomial only supports floating-point dtypes for "
                  "input, got: ",
                  scalarTypeName(self.dtype()));
  KILN_USER_CHECK(self.dim() == 1 || self.dim() == 2, op,
                  ": prob_dist must be 1 or 2 dim, got ", self.describe());
  KILN_USER_CHECK(numSamples > 0, op, ": cannot sample n_sample <= 0 samples");
  int64_t n = self.size(-1);
  KILN_USER_CHECK(replacement || numSamples <= n, op, ": cannot sample ",
                  numSamples, " > prob_dist.size(-1) (", n,
                  ") samples without replacement");
  int64_t rows = self.dim() == 2 ? self.sizes()[0] : 1;
  Tensor probs = convert(self, ScalarType::Double).contiguous();
  std::vector<int64_t> shape = {numSamples};
  if (self.dim() == 2)
    shape.insert(shape.begin(), rows);
  Tensor out = empty(shape, ScalarType::Long);
  int64_t *o = out.data<int64_t>();
  std::vector<double> scratch(n);
  std::vector<int64_t> order(n);
  for (int64_t r = 0; r < rows; ++r) {
    const double *p = probs.data<double>() + r * n;
    double total = 0;
    for (int64_t i = 0; i < n; ++i) {
      KILN_USER_CHECK(std::isfinite(p[i]) && p[i] >= 0, op,
                      ": probability tensor contains either `inf`, `nan` or "
                      "element < 0");
      total += p[i];
    }
    KILN_USER_CHECK(total > 0, op,
                    ": invalid multinomial distribution (sum of "
                    "probabilities <= 0)");
    int64_t *row = o + r * numSamples;
    if (replacement) {
      // Invert the cumulative distribution; a zero weight never owns an
      // interval.
      std::partial_sum(p, p + n, scratch.begin());
      for (int64_t k = 0; k < numSamples; ++k) {
        double target = gen.uniform() * scratch[n - 1];
        auto it = std::upper_bound(scratch.begin(), scratch.end(), target);
        row[k] = std::min<int64_t>(it - scratch.begin(), n - 1);
      }
      continue;
    }
    // Without replacement, PyTorch's exponential trick: the k largest
    // p / Exp(1) are a weighted sample of k categories (zero weights last).
    for (int64_t i = 0; i < n; ++i)
      scratch[i] = p[i] / -std::log1p(-gen.uniform());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      return scratch[a] > scratch[b];
    });
    std::copy(order.begin(), order.begin() + numSamples, row);
  }
  return out;
}

Tensor &uniform_(Tensor &self, double from, double to, Generator &gen) {
  constexpr std::string_view op = "aten::uniform_";
  checkNoInternalOverlap(op, self);
  dispatchFloating(self.dtype(), op, [&]<typename T>() {
    using Limits = std::numeric_limits<T>;
    KILN_USER_CHECK(from >= Limits::lowest() && from <= Limits::max(), op,
                    ": from (", from, ") is out of bounds for ",
                    scalarTypeName(self.dtype()));
    KILN_USER_CHECK(to >= Limits::lowest() && to <= Limits::max(), op, ": to (",
                    to, ") is out of bounds for ",
                    scalarTypeName(self.dtype()));
    KILN_USER_CHECK(from <= to, op,
                    ": expects to return a [from, to) range, but found from=",
                    from, " > to=", to);
    KILN_USER_CHECK(
        to - from <= Limits::max(), op, ": expects to-from <= the largest ",
        scalarTypeName(self.dtype()), ", but found to=", to, ", from=", from);
    T lo = static_cast<T>(from), hi = static_cast<T>(to);
    // The largest T below `to`, so that rounding never reaches it.
    T top = lo < hi ? std::nextafter(hi, lo) : hi;
    fillRandom<T>(self, [&] {
      T v = static_cast<T>(from + (to - from) * gen.uniform());
      return std::min(v, top);
    });
  });
  return self;
}

} // namespace kiln::ops
