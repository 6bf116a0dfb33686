//===- Normalization.cpp - Batch, layer, group, instance norm -------------===//
//
// Each norm views its (contiguous) input as [outer, channels, inner] and
// works in two steps: the mean and variance of each group of elements that
// share statistics (two passes in double: the mean, then the squared
// deviations), then out = (x - mean) / sqrt(var + eps) * weight + bias.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Normalization.h"

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Parallel.h"

#include <cmath>
#include <limits>

namespace kiln::ops {

namespace {

/// Mean and sum of squared deviations of a set of elements.
struct Moments {
  double mean = 0, squares = 0;
  int64_t count = 0;
  double biasedVar() const { return squares / static_cast<double>(count); }
  double unbiasedVar() const {
    return squares / static_cast<double>(count - 1);
  }
};

/// The moments of the elements data[base + i * outerStride + j] for
/// i < outerCount, j < innerCount.
template <typename T>
Moments momentsOf(const T *data, int64_t base, int64_t outerCount,
                  int64_t outerStride, int64_t innerCount) {
  Moments m;
  m.count = outerCount * innerCount;
  double sum = 0;
  for (int64_t i = 0; i < outerCount; ++i)
    for (int64_t j = 0; j < innerCount; ++j)
      sum += data[base + i * outerStride + j];
  m.mean = sum / static_cast<double>(m.count);
  for (int64_t i = 0; i < outerCount; ++i)
    for (int64_t j = 0; j < innerCount; ++j) {
      double d = data[base + i * outerStride + j] - m.mean;
      m.squares += d * d;
    }
  return m;
}

/// Checks an optional per-channel parameter: `count` elements, input's dtype.
void checkParameter(std::string_view op, const char *name,
                    const std::optional<Tensor> &t, int64_t count,
                    ScalarType dtype) {
  if (!t)
    return;
  KILN_USER_CHECK(t->numel() == count, op, ": ", name, " should contain ",
                  count, " elements not ", t->numel());
  KILN_USER_CHECK(t->dtype() == dtype, op, ": expected ", name,
                  " to have the input's dtype ", scalarTypeName(dtype),
                  ", but got ", scalarTypeName(t->dtype()));
}

/// A parameter as a contiguous double vector (`fill` when absent).
std::vector<double> valuesOf(const std::optional<Tensor> &t, int64_t count,
                             double fill) {
  std::vector<double> v(count, fill);
  if (t)
    for (int64_t i = 0; i < count; ++i)
      v[i] = t->item(i).toDouble();
  return v;
}

/// running = (1 - momentum) * running + momentum * value, in place.
void updateRunning(const std::optional<Tensor> &running,
                   const std::vector<double> &value, double momentum) {
  if (!running)
    return;
  Tensor updated = Tensor::empty(running->sizes(), ScalarType::Double);
  for (int64_t i = 0; i < running->numel(); ++i)
    updated.setItem(i, (1 - momentum) * running->item(i).toDouble() +
                           momentum * value[i]);
  copyInto(*running, updated);
}

/// [outer, channels, inner] sizes of a [N, C, ...] input.
struct ChannelLayout {
  int64_t outer, channels, inner;
};

ChannelLayout channelLayout(std::string_view op, const Tensor &input) {
  KILN_USER_CHECK(input.dim() >= 2, op,
                  ": expected input with at least 2 dimensions, but got "
                  "shape ",
                  input.shapeString());
  ChannelLayout l{input.size(0), input.size(1), 1};
  for (int64_t d = 2; d < input.dim(); ++d)
    l.inner *= input.size(d);
  return l;
}

/// out[n, c, s] = (x - mean[r]) * invstd[r] * weight[c] + bias[c], with r
/// = statOf(n, c): the affine step shared by batch, instance and group norm.
template <typename StatOf>
Tensor
normalizeChannels(std::string_view op, const Tensor &input,
                  const ChannelLayout &l, const std::vector<double> &mean,
                  const std::vector<double> &invstd,
                  const std::vector<double> &weight,
                  const std::vector<double> &bias, const StatOf &statOf) {
  Tensor in = input.contiguous();
  Tensor out = Tensor::empty(input.sizes(), input.dtype());
  dispatchFloating(input.dtype(), op, [&]<typename T>() {
    const T *x = in.data<T>();
    T *y = out.data<T>();
    int64_t grain =
        std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, l.inner));
    parallelFor(0, l.outer * l.channels, grain,
                [&](int64_t begin, int64_t end) {
                  for (int64_t row = begin; row < end; ++row) {
                    int64_t n = row / l.channels, c = row % l.channels;
                    int64_t r = statOf(n, c);
                    double scale = invstd[r] * weight[c];
                    double shift = bias[c] - mean[r] * scale;
                    for (int64_t s = 0; s < l.inner; ++s)
                      y[row * l.inner + s] =
                          static_cast<T>(x[row * l.inner + s] * scale + shift);
                  }
                });
  });
  return out;
}

} // namespace

Tensor batch_norm(const Tensor &input, const OptionalTensor &weight,
                  const OptionalTensor &bias, const OptionalTensor &runningMean,
                  const OptionalTensor &runningVar, bool training,
                  double momentum, double eps) {
  constexpr std::string_view op = "aten::batch_norm";
  ChannelLayout l = channelLayout(op, input);
  dispatchFloating(input.dtype(), op, []<typename T>() {});
  checkParameter(op, "weight", weight, l.channels, input.dtype());
  checkParameter(op, "bias", bias, l.channels, input.dtype());
  checkParameter(op, "running_mean", runningMean, l.channels, input.dtype());
  checkParameter(op, "running_var", runningVar, l.channels, input.dtype());
  KILN_USER_CHECK(training || runningMean, op,
                  ": running_mean must be defined in evaluation mode");
  KILN_USER_CHECK(training || runningVar, op,
                  ": running_var must be defined in evaluation mode");
  if (input.numel() == 0)
    return Tensor::empty(input.sizes(), input.dtype());

  std::vector<double> mean(l.channels), invstd(l.channels);
  if (training) {
    Tensor in = input.contiguous();
    std::vector<double> unbiased(l.channels);
    dispatchFloating(input.dtype(), op, [&]<typename T>() {
      parallelFor(0, l.channels, 1, [&](int64_t begin, int64_t end) {
        for (int64_t c = begin; c < end; ++c) {
          Moments m = momentsOf(in.data<T>(), c * l.inner, l.outer,
                                l.channels * l.inner, l.inner);
          mean[c] = m.mean;
          invstd[c] = 1 / std::sqrt(m.biasedVar() + eps);
          unbiased[c] = m.unbiasedVar();
        }
      });
    });
    updateRunning(runningMean, mean, momentum);
    updateRunning(runningVar, unbiased, momentum);
  } else {
    mean = valuesOf(runningMean, l.channels, 0);
    std::vector<double> var = valuesOf(runningVar, l.channels, 1);
    for (int64_t c = 0; c < l.channels; ++c)
      invstd[c] = 1 / std::sqrt(var[c] + eps);
  }
  return normalizeChannels(
      op, input, l, mean, invstd, valuesOf(weight, l.channels, 1),
      valuesOf(bias, l.channels, 0), [](int64_t, int64_t c) { return c; });
}

Tensor instance_norm(const Tensor &input, const OptionalTensor &weight,
                     const OptionalTensor &bias,
                     const OptionalTensor &runningMean,
                     const OptionalTensor &runningVar, bool useInputStats,
                     double momentum, double eps) {
  constexpr std::string_view op = "aten::instance_norm";
  ChannelLayout l = channelLayout(op, input);
  dispatchFloating(input.dtype(), op, []<typename T>() {});
  checkParameter(op, "weight", weight, l.channels, input.dtype());
  checkParameter(op, "bias", bias, l.channels, input.dtype());
  checkParameter(op, "running_mean", runningMean, l.channels, input.dtype());
  checkParameter(op, "running_var", runningVar, l.channels, input.dtype());
  KILN_USER_CHECK(useInputStats || (runningMean && runningVar), op,
                  ": expected running_mean and running_var to be defined "
                  "when use_input_stats is false");
  if (input.numel() == 0)
    return Tensor::empty(input.sizes(), input.dtype());

  std::vector<double> weights = valuesOf(weight, l.channels, 1);
  std::vector<double> biases = valuesOf(bias, l.channels, 0);
  if (!useInputStats) {
    std::vector<double> mean = valuesOf(runningMean, l.channels, 0);
    std::vector<double> var = valuesOf(runningVar, l.channels, 1);
    std::vector<double> invstd(l.channels);
    for (int64_t c = 0; c < l.channels; ++c)
      invstd[c] = 1 / std::sqrt(var[c] + eps);
    return normalizeChannels(op, input, l, mean, invstd, weights, biases,
                             [](int64_t, int64_t c) { return c; });
  }
  int64_t rows = l.outer * l.channels;
  std::vector<double> mean(rows), invstd(rows), unbiased(rows);
  Tensor in = input.contiguous();
  dispatchFloating(input.dtype(), op, [&]<typename T>() {
    for (int64_t r = 0; r < rows; ++r) {
      Moments m = momentsOf(in.data<T>(), r * l.inner, 1, 0, l.inner);
      mean[r] = m.mean;
      invstd[r] = 1 / std::sqrt(m.biasedVar() + eps);
      unbiased[r] = m.unbiasedVar();
    }
  });
  // The running statistics move toward the batch's average instance.
  std::vector<double> meanOfMeans(l.channels, 0), meanOfVars(l.channels, 0);
  for (int64_t r = 0; r < rows; ++r) {
    meanOfMeans[r % l.channels] += mean[r] / static_cast<double>(l.outer);
    meanOfVars[r % l.channels] += unbiased[r] / static_cast<double>(l.outer);
  }
  updateRunning(runningMean, meanOfMeans, momentum);
  updateRunning(runningVar, meanOfVars, momentum);
  int64_t channels = l.channels;
  return normalizeChannels(
      op, input, l, mean, invstd, weights, biases,
      [channels](int64_t n, int64_t c) { return n * channels + c; });
}

Tensor group_norm(const Tensor &input, int64_t numGroups,
                  const OptionalTensor &weight, const OptionalTensor &bias,
                  double eps) {
  constexpr std::string_view op = "aten::group_norm";
  ChannelLayout l = channelLayout(op, input);
  dispatchFloating(input.dtype(), op, []<typename T>() {});
  KILN_USER_CHECK(numGroups > 0, op,
                  ": expected num groups to be greater than 0, got ",
                  numGroups);
  KILN_USER_CHECK(l.channels % numGroups == 0, op,
                  ": expected number of channels in input to be divisible by "
                  "num_groups, but got input of shape ",
                  input.shapeString(), " and num_groups=", numGroups);
  for (const auto *p : {&weight, &bias})
    KILN_USER_CHECK(
        !*p || ((*p)->dim() == 1 && (*p)->size(0) == l.channels), op,
        ": expected weight and bias to be vectors of size equal "
        "to the number of channels in input, but got shape ",
        (*p)->shapeString(), " and input of shape ", input.shapeString());
  checkParameter(op, "weight", weight, l.channels, input.dtype());
  checkParameter(op, "bias", bias, l.channels, input.dtype());
  if (input.numel() == 0)
    return Tensor::empty(input.sizes(), input.dtype());

  int64_t perGroup = l.channels / numGroups;
  int64_t rows = l.outer * numGroups;
  std::vector<double> mean(rows), invstd(rows);
  Tensor in = input.contiguous();
  dispatchFloating(input.dtype(), op, [&]<typename T>() {
    for (int64_t r = 0; r < rows; ++r) {
      Moments m = momentsOf(in.data<T>(), r * perGroup * l.inner, 1, 0,
                            perGroup * l.inner);
      mean[r] = m.mean;
      invstd[r] = 1 / std::sqrt(m.biasedVar() + eps);
    }
  });
  return normalizeChannels(op, input, l, mean, invstd,
                           valuesOf(weight, l.channels, 1),
                           valuesOf(bias, l.channels, 0),
                           [numGroups, perGroup](int64_t n, int64_t c) {
                             return n * numGroups + c / perGroup;
                           });
}

Tensor layer_norm(const Tensor &input, std::span<const int64_t> normalizedShape,
                  const OptionalTensor &weight, const OptionalTensor &bias,
                  double eps) {
  constexpr std::string_view op = "aten::layer_norm";
  int64_t k = static_cast<int64_t>(normalizedShape.size());
  KILN_USER_CHECK(k >= 1, op,
                  ": expected normalized_shape to be at least "
                  "1-dimensional, i.e., containing at least one element, but "
                  "got normalized_shape = []");
  for (const auto *p : {&weight, &bias})
    KILN_USER_CHECK(
        !*p || std::equal((*p)->sizes().begin(), (*p)->sizes().end(),
                          normalizedShape.begin(), normalizedShape.end()),
        op,
        ": expected weight and bias to be of same shape as "
        "normalized_shape, but got shape ",
        (*p)->shapeString(),
        " and normalized_shape = ", shapeString(normalizedShape));
  bool matches = input.dim() >= k &&
                 std::equal(normalizedShape.begin(), normalizedShape.end(),
                            input.sizes().end() - k);
  KILN_USER_CHECK(matches, op,
                  ": given normalized_shape=", shapeString(normalizedShape),
                  ", expected input with shape [*, ",
                  shapeString(normalizedShape).substr(1),
                  ", but got input of size", input.shapeString());
  dispatchFloating(input.dtype(), op, []<typename T>() {});
  int64_t inner = 1;
  for (int64_t s : normalizedShape)
    inner *= s;
  checkParameter(op, "weight", weight, inner, input.dtype());
  checkParameter(op, "bias", bias, inner, input.dtype());
  Tensor out = Tensor::empty(input.sizes(), input.dtype());
  if (input.numel() == 0)
    return out;

  int64_t rows = input.numel() / inner;
  std::vector<double> w = valuesOf(weight, inner, 1),
                      b = valuesOf(bias, inner, 0);
  Tensor in = input.contiguous();
  dispatchFloating(input.dtype(), op, [&]<typename T>() {
    const T *x = in.data<T>();
    T *y = out.data<T>();
    int64_t grain = std::max<int64_t>(1, kParallelGrain / inner);
    parallelFor(0, rows, grain, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        Moments m = momentsOf(x, r * inner, 1, 0, inner);
        double invstd = 1 / std::sqrt(m.biasedVar() + eps);
        for (int64_t i = 0; i < inner; ++i)
          y[r * inner + i] = static_cast<T>(
              (x[r * inner + i] - m.mean) * invstd * w[i] + b[i]);
      }
    });
  });
  return out;
}

} // namespace kiln::ops
