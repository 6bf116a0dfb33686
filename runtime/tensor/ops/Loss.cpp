//===- Loss.cpp - Loss functions ------------------------------------------===//
//
// The elementwise losses compute each element's loss (in double) into a
// tensor of the result dtype and then reduce it; the classification losses
// see their input as [N, C, S] (S = the product of the extra dimensions)
// and their target as [N, S].
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Loss.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"
#include "runtime/tensor/ops/StridedViews.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiln::ops {

namespace {

LossReduction reductionOf(std::string_view op, int64_t reduction) {
  KILN_USER_CHECK(reduction >= 0 && reduction <= 2, op, ": invalid reduction ",
                  reduction, " (expected 0 = none, 1 = mean, 2 = sum)");
  return static_cast<LossReduction>(reduction);
}

/// The per-element `loss` reduced as asked: the sum and the mean are 0-d
/// (accumulated in double, or int64 for integers).
Tensor reduce(std::string_view op, const Tensor &loss,
              LossReduction reduction) {
  if (reduction == LossReduction::None)
    return loss;
  bool floating = isFloatingType(loss.dtype());
  KILN_USER_CHECK(floating || reduction == LossReduction::Sum, op,
                  ": the mean reduction needs a floating-point dtype, but "
                  "got ",
                  scalarTypeName(loss.dtype()));
  Tensor out = Tensor::empty(std::vector<int64_t>{}, loss.dtype());
  dispatchNumeric(loss.dtype(), op, [&]<typename T>() {
    using Acc =
        std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
    Acc sum = 0;
    forEachElement<T>(
        loss.sizes(), [&](T v) { sum += static_cast<Acc>(v); }, loss);
    if (reduction == LossReduction::Mean)
      sum /= static_cast<Acc>(loss.numel()); // 0 / 0 = NaN when empty
    out.data<T>()[0] = static_cast<T>(sum);
  });
  return out;
}

/// f(x, y) (in double) over the broadcast of self and target, in the
/// promoted dtype, then reduced. Floating dtypes only unless `integers`.
template <typename F>
Tensor pointwiseLoss(std::string_view op, const Tensor &self,
                     const Tensor &target, int64_t reduction, bool integers,
                     const F &f) {
  LossReduction r = reductionOf(op, reduction);
  ScalarType dtype = resultType({self, target});
  auto shape = broadcastShapes(op, {self.sizes(), target.sizes()});
  Tensor loss = Tensor::empty(shape, dtype);
  Tensor a = self.to(dtype), b = target.to(dtype);
  auto compute = [&]<typename T>() {
    mapInto<T, T, T>(
        loss,
        [&](T x, T y) {
          if constexpr (std::is_floating_point_v<T>)
            return static_cast<T>(f(double(x), double(y)));
          else
            return static_cast<T>(x > y ? x - y : y - x); // |x - y|
        },
        a, b);
  };
  if (integers)
    dispatchNumeric(dtype, op, compute);
  else
    dispatchFloating(dtype, op, compute);
  return reduce(op, loss, r);
}

//===--- Negative log-likelihood -----------------------------------------===//

/// The class weights as doubles (all 1 without a weight tensor).
std::vector<double> classWeights(const std::optional<Tensor> &weight,
                                 int64_t classes) {
  std::vector<double> w(classes, 1.0);
  if (weight)
    for (int64_t c = 0; c < classes; ++c)
      w[c] = weight->item(c).toDouble();
  return w;
}

/// Checks class-index targets and the class weights.
void checkClassTargets(std::string_view op, const Tensor &self,
                       const Tensor &target,
                       const std::optional<Tensor> &weight, int64_t classes) {
  KILN_USER_CHECK(target.dtype() == ScalarType::Long ||
                      target.dtype() == ScalarType::Byte,
                  op, ": expected class-index targets of dtype Long, but got ",
                  scalarTypeName(target.dtype()));
  dispatchFloating(self.dtype(), op, []<typename T>() {});
  if (!weight)
    return;
  KILN_USER_CHECK(weight->dim() == 1 && weight->numel() == classes, op,
                  ": weight tensor should be defined either for all ", classes,
                  " classes or no classes but got weight tensor of "
                  "shape: ",
                  weight->shapeString());
  KILN_USER_CHECK(weight->dtype() == self.dtype(), op,
                  ": expected weight to have the input's dtype ",
                  scalarTypeName(self.dtype()), ", but got ",
                  scalarTypeName(weight->dtype()));
}

/// The NLL of log-probabilities `input` viewed as [N, C, S] and targets as
/// [N, S]; `lossShape` is the unreduced result's shape.
Tensor nllCore(std::string_view op, const Tensor &input, const Tensor &target,
               const std::optional<Tensor> &weight, int64_t reduction,
               int64_t ignoreIndex, int64_t batch, int64_t classes,
               int64_t spatial, std::vector<int64_t> lossShape) {
  LossReduction r = reductionOf(op, reduction);
  Tensor x = input.contiguous();
  Tensor t = target.to(ScalarType::Long).contiguous();
  std::vector<double> w = classWeights(weight, classes);
  Tensor loss = Tensor::empty(lossShape, input.dtype());
  double total = 0, totalWeight = 0;
  dispatchFloating(input.dtype(), op, [&]<typename T>() {
    const T *in = x.data<T>();
    const int64_t *targets = t.data<int64_t>();
    T *out = loss.data<T>();
    for (int64_t n = 0; n < batch; ++n)
      for (int64_t s = 0; s < spatial; ++s) {
        int64_t k = targets[n * spatial + s];
        double value = 0;
        if (k != ignoreIndex) {
          KILN_USER_CHECK(k >= 0 && k < classes, op, ": target ", k,
                          " is out of bounds (", classes, " classes)");
          value = -w[k] * in[(n * classes + k) * spatial + s];
          totalWeight += w[k];
        }
        total += value;
        out[n * spatial + s] = static_cast<T>(value);
      }
  });
  if (r == LossReduction::None)
    return loss;
  if (r == LossReduction::Mean)
    total /= totalWeight; // NaN when everything was ignored
  return Tensor::scalar(total, input.dtype());
}

/// log_softmax over the classes of [N, C, S], in double.
Tensor logSoftmaxClasses(std::string_view op, const Tensor &self, int64_t batch,
                         int64_t classes, int64_t spatial) {
  Tensor x = self.contiguous();
  Tensor out = Tensor::empty(self.sizes(), self.dtype());
  dispatchFloating(self.dtype(), op, [&]<typename T>() {
    const T *in = x.data<T>();
    T *y = out.data<T>();
    for (int64_t n = 0; n < batch; ++n)
      for (int64_t s = 0; s < spatial; ++s) {
        auto at = [&](int64_t c) { return (n * classes + c) * spatial + s; };
        double max = -std::numeric_limits<double>::infinity();
        for (int64_t c = 0; c < classes; ++c)
          max = std::max<double>(max, in[at(c)]);
        double sum = 0;
        for (int64_t c = 0; c < classes; ++c)
          sum += std::exp(in[at(c)] - max);
        double logSum = max + std::log(sum);
        for (int64_t c = 0; c < classes; ++c)
          y[at(c)] = static_cast<T>(in[at(c)] - logSum);
      }
  });
  return out;
}

/// [N, C, S] of an input [C], [N, C] or [N, C, ...].
struct ClassLayout {
  int64_t batch, classes, spatial;
};

ClassLayout classLayout(const Tensor &self) {
  if (self.dim() == 1)
    return {1, self.size(0), 1};
  ClassLayout l{self.size(0), self.size(1), 1};
  for (int64_t d = 2; d < self.dim(); ++d)
    l.spatial *= self.size(d);
  return l;
}

} // namespace

Tensor nll_loss(const Tensor &self, const Tensor &target,
                const std::optional<Tensor> &weight, int64_t reduction,
                int64_t ignoreIndex) {
  constexpr std::string_view op = "aten::nll_loss";
  KILN_USER_CHECK(self.dim() == 1 || self.dim() == 2, op,
                  ": input tensor should be 1D or 2D, but got shape ",
                  self.shapeString());
  KILN_USER_CHECK(target.dim() <= 1, op,
                  ": 0D or 1D target tensor expected, multi-target not "
                  "supported, but got shape ",
                  target.shapeString());
  bool unbatched = self.dim() == 1 && target.dim() == 0;
  KILN_USER_CHECK(unbatched || (self.dim() == 2 && target.dim() == 1 &&
                                self.size(0) == target.size(0)),
                  op, ": size mismatch (got input: ", self.shapeString(),
                  ", target: ", target.shapeString(), ")");
  ClassLayout l = classLayout(self);
  checkClassTargets(op, self, target, weight, l.classes);
  return nllCore(op, self, target, weight, reduction, ignoreIndex, l.batch,
                 l.classes, 1, target.sizes());
}

Tensor nll_loss2d(const Tensor &self, const Tensor &target,
                  const std::optional<Tensor> &weight, int64_t reduction,
                  int64_t ignoreIndex) {
  constexpr std::string_view op = "aten::nll_loss2d";
  KILN_USER_CHECK(self.dim() == 4, op,
                  ": only batches of spatial inputs supported (4D tensors), "
                  "but got input of shape ",
                  self.shapeString());
  KILN_USER_CHECK(target.dim() == 3, op,
                  ": only batches of spatial targets supported (3D tensors), "
                  "but got targets of shape ",
                  target.shapeString());
  KILN_USER_CHECK(self.size(0) == target.size(0) &&
                      self.size(2) == target.size(1) &&
                      self.size(3) == target.size(2),
                  op, ": size mismatch (got input: ", self.shapeString(),
                  ", target: ", target.shapeString(), ")");
  ClassLayout l = classLayout(self);
  checkClassTargets(op, self, target, weight, l.classes);
  return nllCore(op, self, target, weight, reduction, ignoreIndex, l.batch,
                 l.classes, l.spatial, target.sizes());
}

Tensor nll_loss_nd(const Tensor &self, const Tensor &target,
                   const std::optional<Tensor> &weight, int64_t reduction,
                   int64_t ignoreIndex) {
  constexpr std::string_view op = "aten::nll_loss_nd";
  KILN_USER_CHECK(self.dim() >= 1, op,
                  ": expected 1 or more dimensions (got 0)");
  KILN_USER_CHECK(
      self.dim() == 1 || (target.dim() >= 1 && self.size(0) == target.size(0)),
      op, ": expected input batch_size (", self.size(0),
      ") to match target batch_size (", target.dim() ? target.size(0) : 0, ")");
  if (self.dim() <= 2)
    return nll_loss(self, target, weight, reduction, ignoreIndex);
  std::vector<int64_t> expected = {self.size(0)};
  expected.insert(expected.end(), self.sizes().begin() + 2, self.sizes().end());
  KILN_USER_CHECK(target.sizes() == expected, op, ": expected target size ",
                  shapeString(expected), ", got ", target.shapeString());
  ClassLayout l = classLayout(self);
  checkClassTargets(op, self, target, weight, l.classes);
  return nllCore(op, self, target, weight, reduction, ignoreIndex, l.batch,
                 l.classes, l.spatial, target.sizes());
}

Tensor cross_entropy_loss(const Tensor &self, const Tensor &target,
                          const std::optional<Tensor> &weight,
                          int64_t reduction, int64_t ignoreIndex,
                          double labelSmoothing) {
  constexpr std::string_view op = "aten::cross_entropy_loss";
  KILN_USER_CHECK(self.dim() >= 1, op,
                  ": expected an input of 1 or more dimensions, but got a 0-d "
                  "tensor");
  LossReduction r = reductionOf(op, reduction);
  ClassLayout l = classLayout(self);
  KILN_USER_CHECK(
      labelSmoothing <= 1.0, op,
      ": label_smoothing must be between 0.0 and 1.0. Got: ", labelSmoothing);
  double smoothing = std::max(labelSmoothing, 0.0); // PyTorch ignores < 0

  if (self.sizes() == target.sizes()) {
    // Class probabilities: loss = -sum_c w[c] * target[c] * log p[c].
    KILN_USER_CHECK(isFloatingType(target.dtype()), op,
                    ": expected floating point type for target with class "
                    "probabilities, got ",
                    scalarTypeName(target.dtype()));
    KILN_USER_CHECK(ignoreIndex < 0, op,
                    ": ignore_index is not supported for floating point "
                    "target");
    KILN_USER_CHECK(
        !weight || (weight->dim() == 1 && weight->numel() == l.classes), op,
        ": weight tensor should be defined either for all ", l.classes,
        " classes or no classes but got weight tensor "
        "of shape: ",
        weight->shapeString());
    ScalarType dtype = promoteTypes(self.dtype(), target.dtype());
    if (weight)
      dtype = promoteTypes(dtype, weight->dtype());
    Tensor logp =
        logSoftmaxClasses(op, self, l.batch, l.classes, l.spatial).to(dtype);
    Tensor p = target.to(dtype).contiguous();
    std::vector<double> w = classWeights(weight, l.classes);
    std::vector<int64_t> lossShape = self.sizes();
    lossShape.erase(lossShape.begin() + (self.dim() == 1 ? 0 : 1));
    Tensor loss = Tensor::empty(lossShape, dtype);
    dispatchFloating(dtype, op, [&]<typename T>() {
      const T *lp = logp.data<T>(), *tp = p.data<T>();
      T *out = loss.data<T>();
      for (int64_t n = 0; n < l.batch; ++n)
        for (int64_t s = 0; s < l.spatial; ++s) {
          double sum = 0;
          for (int64_t c = 0; c < l.classes; ++c) {
            int64_t at = (n * l.classes + c) * l.spatial + s;
            double prob = tp[at] * (1 - smoothing) + smoothing / l.classes;
            sum -= w[c] * prob * lp[at];
          }
          out[n * l.spatial + s] = static_cast<T>(sum);
        }
    });
    if (r != LossReduction::Mean)
      return reduce(op, loss, r);
    // The mean is over the samples, not weighted.
    Tensor sum = reduce(op, loss, LossReduction::Sum);
    double count = static_cast<double>(l.batch * l.spatial);
    return Tensor::scalar(sum.item().toDouble() / count, dtype);
  }

  Tensor logp = logSoftmaxClasses(op, self, l.batch, l.classes, l.spatial);
  Tensor nll = nll_loss_nd(logp, target, weight, reduction, ignoreIndex);
  if (smoothing == 0)
    return nll;
  std::vector<double> w = classWeights(weight, l.classes);

  // Label smoothing adds, per sample, -sum_c w[c] log p[c] / C (zero for
  // ignored samples); its mean divides by the targets' total weight.
  Tensor t = target.to(ScalarType::Long).contiguous();
  Tensor smooth = Tensor::empty(nll.sizes(), self.dtype());
  double smoothSum = 0, targetWeight = 0;
  dispatchFloating(self.dtype(), op, [&]<typename T>() {
    const T *lp = logp.contiguous().data<T>();
    const int64_t *targets = t.data<int64_t>();
    for (int64_t i = 0; i < l.batch * l.spatial; ++i) {
      int64_t n = i / l.spatial, s = i % l.spatial;
      double value = 0;
      if (targets[i] != ignoreIndex) {
        for (int64_t c = 0; c < l.classes; ++c)
          value -= w[c] * lp[(n * l.classes + c) * l.spatial + s];
        targetWeight += w[targets[i]];
      }
      smoothSum += value;
      if (r == LossReduction::None)
        smooth.data<T>()[i] = static_cast<T>(value);
    }
  });
  double scale = smoothing / static_cast<double>(l.classes);
  if (r == LossReduction::None) {
    Tensor out = Tensor::empty(nll.sizes(), self.dtype());
    dispatchFloating(self.dtype(), op, [&]<typename T>() {
      mapInto<T, T, T>(
          out,
          [&](T a, T b) {
            return static_cast<T>((1 - smoothing) * a + scale * b);
          },
          nll, smooth);
    });
    return out;
  }
  double smoothTerm =
      r == LossReduction::Mean ? smoothSum / targetWeight : smoothSum;
  return Tensor::scalar((1 - smoothing) * nll.item().toDouble() +
                            scale * smoothTerm,
                        self.dtype());
}

//===--- Regression and binary losses ------------------------------------===//

Tensor mse_loss(const Tensor &self, const Tensor &target, int64_t reduction) {
  return pointwiseLoss("aten::mse_loss", self, target, reduction, false,
                       [](double x, double y) { return (x - y) * (x - y); });
}

Tensor l1_loss(const Tensor &self, const Tensor &target, int64_t reduction) {
  return pointwiseLoss("aten::l1_loss", self, target, reduction, true,
                       [](double x, double y) { return std::abs(x - y); });
}

Tensor smooth_l1_loss(const Tensor &self, const Tensor &target,
                      int64_t reduction, double beta) {
  constexpr std::string_view op = "aten::smooth_l1_loss";
  KILN_USER_CHECK(beta >= 0, op,
                  ": smooth_l1_loss does not support negative values for "
                  "beta, got ",
                  beta);
  return pointwiseLoss(op, self, target, reduction, false,
                       [beta](double x, double y) {
                         double z = std::abs(x - y);
                         return z < beta ? 0.5 * z * z / beta : z - 0.5 * beta;
                       });
}

Tensor binary_cross_entropy(const Tensor &self, const Tensor &target,
                            const std::optional<Tensor> &weight,
                            int64_t reduction) {
  constexpr std::string_view op = "aten::binary_cross_entropy";
  LossReduction r = reductionOf(op, reduction);
  dispatchFloating(self.dtype(), op, []<typename T>() {});
  KILN_USER_CHECK(target.dtype() == self.dtype(), op,
                  ": expected target to have the input's dtype ",
                  scalarTypeName(self.dtype()), ", but got ",
                  scalarTypeName(target.dtype()));
  // The result has the input's shape; target and weight broadcast to it.
  for (const Tensor *t : {&target, weight ? &*weight : nullptr}) {
    if (!t)
      continue;
    auto shape = broadcastShapes(op, {self.sizes(), t->sizes()});
    KILN_USER_CHECK(
        shape == self.sizes(), op, ": a tensor of shape ", t->shapeString(),
        " does not broadcast to the input's shape ", self.shapeString());
  }
  Tensor w =
      weight ? weight->to(self.dtype()) : Tensor::scalar(1.0, self.dtype());
  Tensor loss = Tensor::empty(self.sizes(), self.dtype());
  dispatchFloating(self.dtype(), op, [&]<typename T>() {
    bool inRange = true;
    forEachElement<T>(
        self.sizes(), [&](T x) { inRange = inRange && x >= 0 && x <= 1; },
        self);
    KILN_USER_CHECK(inRange, op,
                    ": all elements of input should be between 0 and 1");
    mapInto<T, T, T, T>(
        loss,
        [](T x, T y, T wt) {
          double logX = std::max(std::log(double(x)), -100.0);
          double log1mX = std::max(std::log1p(-double(x)), -100.0);
          return static_cast<T>(-wt * (y * logX + (1 - y) * log1mX));
        },
        self, target, w);
  });
  return reduce(op, loss, r);
}

Tensor binary_cross_entropy_with_logits(const Tensor &self,
                                        const Tensor &target,
                                        const std::optional<Tensor> &weight,
                                        const std::optional<Tensor> &posWeight,
                                        int64_t reduction) {
  constexpr std::string_view op = "aten::binary_cross_entropy_with_logits";
  LossReduction r = reductionOf(op, reduction);
  KILN_USER_CHECK(isFloatingType(target.dtype()), op,
                  ": expected a floating-point target, but got ",
                  scalarTypeName(target.dtype()));
  KILN_USER_CHECK(isFloatingType(self.dtype()), op,
                  ": expected a floating-point input, but got ",
                  scalarTypeName(self.dtype()));
  // PyTorch computes in place on a tensor of target's shape and dtype.
  Tensor one = Tensor::scalar(1.0, ScalarType::Double);
  const Tensor &w = weight ? *weight : one;
  const Tensor &pw = posWeight ? *posWeight : one;
  auto shape = broadcastShapes(
      op, {self.sizes(), target.sizes(), w.sizes(), pw.sizes()});
  KILN_USER_CHECK(shape == target.sizes(), op, ": output with shape ",
                  target.shapeString(), " doesn't match the broadcast shape ",
                  shapeString(shape));
  Tensor loss = Tensor::empty(shape, target.dtype());
  auto asDouble = [](const Tensor &t) { return t.to(ScalarType::Double); };
  dispatchFloating(target.dtype(), op, [&]<typename T>() {
    mapInto<T, double, double, double, double>(
        loss,
        [](double x, double y, double wt, double p) {
          // log(1 + exp(-x)) without overflow: m + log(exp(-m) + exp(-x - m))
          // with m = max(-x, 0).
          double m = std::max(-x, 0.0);
          double softplus = m + std::log(std::exp(-m) + std::exp(-x - m));
          double logWeight = (p - 1) * y + 1;
          return static_cast<T>(wt * ((1 - y) * x + logWeight * softplus));
        },
        asDouble(self), asDouble(target), asDouble(w), asDouble(pw));
  });
  return reduce(op, loss, r);
}

} // namespace kiln::ops
