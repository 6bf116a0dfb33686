//===- NN.cpp - Dropout, padding, glu, pixel_shuffle ----------------------===//
#include "runtime/tensor/ops/NN.h"

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"
#include "runtime/tensor/Reduction.h"
#include "runtime/tensor/ops/NNArguments.h"
#include "runtime/tensor/ops/StridedViews.h"

#include <cmath>

namespace kiln::ops {

namespace {

/// out[i0, i1, ...] = src[maps[0][i0], maps[1][i1], ...] (the padding
/// modes other than "constant" are such gathers, one index map per
/// dimension).
void gatherInto(std::string_view op, const Tensor &out, const Tensor &src,
                const std::vector<std::vector<int64_t>> &maps) {
  const std::vector<int64_t> &sizes = out.sizes();
  if (out.numel() == 0)
    return;
  // Each dimension's map as storage offsets.
  size_t rank = maps.size();
  std::vector<std::vector<int64_t>> offsets(rank);
  for (size_t d = 0; d < rank; ++d)
    for (int64_t i : maps[d])
      offsets[d].push_back(i * src.stride(static_cast<int64_t>(d)));
  int64_t inner = sizes.back(), outer = out.numel() / inner;
  dispatchAll(src.dtype(), op, [&]<typename T>() {
    const T *in = src.data<T>();
    T *o = out.data<T>();
    int64_t grain = std::max<int64_t>(1, kParallelGrain / inner);
    parallelFor(0, outer, grain, [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row) {
        int64_t base = 0, rest = row;
        for (size_t d = rank - 1; d-- > 0;) {
          base += offsets[d][rest % sizes[d]];
          rest /= sizes[d];
        }
        const std::vector<int64_t> &last = offsets[rank - 1];
        for (int64_t j = 0; j < inner; ++j)
          o[row * inner + j] = in[base + last[j]];
      }
    });
  });
}

std::vector<int64_t> identityMap(int64_t size) {
  std::vector<int64_t> map(size);
  for (int64_t i = 0; i < size; ++i)
    map[i] = i;
  return map;
}

//===--- Dropout ---------------------------------------------------------===//

/// The result of (feature) dropout, or nothing when it is the input itself.
std::optional<Tensor> dropoutResult(std::string_view op, const Tensor &input,
                                    double p, bool train, bool feature,
                                    Generator &generator) {
  KILN_USER_CHECK(p >= 0 && p <= 1, op,
                  ": dropout probability has to be between 0 and 1, but got ",
                  p);
  if (p == 0 || !train || input.numel() == 0)
    return std::nullopt;
  Tensor out = Tensor::empty(input.sizes(), input.dtype());
  if (p == 1) {
    // input * 0, as PyTorch computes it: NaN and infinity stay NaN.
    dispatchAll(input.dtype(), op, [&]<typename T>() {
      mapInto<T, T>(
          out, [](T x) { return static_cast<T>(x * T(0)); }, input);
    });
    return out;
  }
  KILN_USER_CHECK(isFloatingType(input.dtype()), op,
                  ": dropout in training needs a floating-point input, but "
                  "got ",
                  scalarTypeName(input.dtype()));
  // The noise: one draw per element, or per (batch, channel) for feature
  // dropout, in row-major order.
  std::vector<int64_t> noiseShape = input.sizes();
  if (feature) {
    KILN_USER_CHECK(input.dim() >= 2, op,
                    ": feature dropout requires at least 2 dimensions in the "
                    "input, but got shape ",
                    input.shapeString());
    for (size_t d = 2; d < noiseShape.size(); ++d)
      noiseShape[d] = 1;
  }
  Tensor noise = Tensor::empty(noiseShape, input.dtype());
  dispatchFloating(input.dtype(), op, [&]<typename T>() {
    T *n = noise.data<T>();
    const T kept = T(1) / static_cast<T>(1 - p);
    for (int64_t i = 0; i < noise.numel(); ++i)
      n[i] = generator.uniform() < 1 - p ? kept : T(0);
    mapInto<T, T, T>(
        out, [](T x, T m) { return x * m; }, input,
        views::expand(noise, input.sizes()));
  });
  return out;
}

Tensor &dropoutInPlace(std::string_view op, Tensor &self, double p, bool train,
                       bool feature, Generator &generator) {
  if (auto result = dropoutResult(op, self, p, train, feature, generator))
    copyInto(self, *result);
  return self;
}

//===--- Padding ---------------------------------------------------------===//

/// Checks the amounts of mode "reflect", "replicate" or "circular" for
/// dimension `dim` of `self`; returns the padded size.
int64_t checkPadAmounts(std::string_view op, std::string_view mode,
                        const Tensor &self, int64_t dim, int64_t low,
                        int64_t high) {
  int64_t size = self.size(dim);
  int64_t padded = checkedSum(op, {size, low, high});
  if (mode == "circular") {
    KILN_USER_CHECK(low <= size && high <= size, op,
                    ": padding value causes wrapping around more than once "
                    "(padding (",
                    low, ", ", high, ") at dimension ", dim, " of input ",
                    self.shapeString(), ")");
    // Negative amounts crop first; something must remain to wrap around.
    KILN_USER_CHECK(
        size - std::max<int64_t>(0, -low) - std::max<int64_t>(0, -high) > 0, op,
        ": padding (", low, ", ", high, ") leaves nothing of dimension ", dim,
        " of input ", self.shapeString());
    return padded;
  }
  if (mode == "reflect")
    KILN_USER_CHECK(low < size && high < size, op,
                    ": padding size should be less than the corresponding "
                    "input dimension, but got: padding (",
                    low, ", ", high, ") at dimension ", dim, " of input ",
                    self.shapeString());
  KILN_USER_CHECK(padded >= 1, op, ": padding (", low, ", ", high,
                  ") of dimension ", dim, " of input ", self.shapeString(),
                  " leaves no elements");
  return padded;
}

/// The index map of a dimension of `size` padded by checked amounts.
std::vector<int64_t> padMap(std::string_view mode, int64_t size, int64_t low,
                            int64_t high) {
  std::vector<int64_t> map;
  if (mode == "circular") {
    // Crop by the negative amounts, wrap around what is left.
    int64_t start = std::max<int64_t>(0, -low);
    int64_t kept = size - start - std::max<int64_t>(0, -high);
    int64_t before = std::max<int64_t>(0, low);
    for (int64_t i = 0; i < size + low + high; ++i)
      map.push_back(start + ((i - before) % kept + kept) % kept);
    return map;
  }
  for (int64_t i = 0; i < size + low + high; ++i) {
    int64_t j = i - low;
    if (mode == "reflect") {
      j = j < 0 ? -j : j;
      j = j >= size ? 2 * (size - 1) - j : j;
    } else {
      j = std::clamp<int64_t>(j, 0, size - 1);
    }
    map.push_back(j);
  }
  return map;
}

} // namespace

Tensor dropout(const Tensor &input, double p, bool train,
               Generator &generator) {
  return dropoutResult("aten::dropout", input, p, train, false, generator)
      .value_or(input);
}

Tensor &dropout_(Tensor &self, double p, bool train, Generator &generator) {
  return dropoutInPlace("aten::dropout_", self, p, train, false, generator);
}

Tensor feature_dropout(const Tensor &input, double p, bool train,
                       Generator &generator) {
  return dropoutResult("aten::feature_dropout", input, p, train, true,
                       generator)
      .value_or(input);
}

Tensor &feature_dropout_(Tensor &self, double p, bool train,
                         Generator &generator) {
  return dropoutInPlace("aten::feature_dropout_", self, p, train, true,
                        generator);
}

Tensor constant_pad_nd(const Tensor &self, std::span<const int64_t> pad,
                       Scalar value) {
  constexpr std::string_view op = "aten::constant_pad_nd";
  int64_t rank = self.dim(), padded = static_cast<int64_t>(pad.size()) / 2;
  KILN_USER_CHECK(pad.size() % 2 == 0, op,
                  ": length of pad must be even but instead it equals ",
                  pad.size());
  KILN_USER_CHECK(padded <= rank, op,
                  ": length of pad should be no more than twice the number "
                  "of dimensions of the input. Pad length is ",
                  pad.size(), " while the input has ", rank, " dimensions.");
  // Per dimension: the low and high amounts, and the copied window.
  std::vector<int64_t> outSizes = self.sizes(), copySizes = self.sizes();
  int64_t srcOffset = self.storageOffset();
  std::vector<int64_t> dstStart(rank, 0);
  for (int64_t j = 0; j < padded; ++j) {
    int64_t d = rank - 1 - j, low = pad[2 * j], high = pad[2 * j + 1];
    int64_t size = self.size(d);
    outSizes[d] = checkedSum(op, {size, low, high});
    KILN_USER_CHECK(outSizes[d] >= 0, op, ": the input size ", size,
                    ", plus negative padding ", low, " and ", high,
                    " resulted in a negative output size, which is invalid. "
                    "Check dimension ",
                    d, " of your input.");
    copySizes[d] = std::max<int64_t>(0, size - std::max<int64_t>(0, -low) -
                                            std::max<int64_t>(0, -high));
    srcOffset += std::max<int64_t>(0, -low) * self.stride(d);
    dstStart[d] = std::max<int64_t>(0, low);
  }
  Tensor out = Tensor::full(outSizes, value, self.dtype());
  int64_t dstOffset = 0;
  for (int64_t d = 0; d < rank; ++d)
    dstOffset += dstStart[d] * out.stride(d);
  copyInto(out.asStrided(copySizes, out.strides(), dstOffset),
           self.asStrided(copySizes, self.strides(), srcOffset));
  return out;
}

Tensor pad(const Tensor &self, std::span<const int64_t> pad,
           std::string_view mode, std::optional<double> value) {
  constexpr std::string_view op = "aten::pad";
  KILN_USER_CHECK(pad.size() % 2 == 0, op,
                  ": padding length must be divisible by 2, but got ",
                  pad.size());
  KILN_USER_CHECK(static_cast<int64_t>(pad.size()) <= 2 * self.dim(), op,
                  ": padding length should be less than or equal to two "
                  "times the input dimension but got padding length ",
                  pad.size(), " and input of dimension ", self.dim());
  if (mode == "constant")
    return constant_pad_nd(self, pad, value.value_or(0.0));
  KILN_USER_CHECK(mode == "reflect" || mode == "replicate" ||
                      mode == "circular",
                  op, ": unrecognised padding mode ", mode);
  KILN_USER_CHECK(!value || *value == 0, op, ": padding mode \"", mode,
                  "\" doesn't take in value argument");
  int64_t padded = static_cast<int64_t>(pad.size()) / 2;
  // Reflect and replicate take batched or unbatched inputs, circular
  // only batched ones ([N, C, ...]).
  bool fits = padded >= 1 && padded <= 3 &&
              (self.dim() == padded + 2 ||
               (mode != "circular" && self.dim() == padded + 1));
  KILN_USER_CHECK(fits, op, ": mode \"", mode,
                  "\" pads the last 1 to 3 dimensions of an input with ",
                  mode == "circular" ? "two" : "one or two",
                  " more, but got padding length ", pad.size(),
                  " for an input of shape ", self.shapeString());
  if (mode != "circular")
    dispatchFloating(self.dtype(), op, []<typename T>() {});
  // Check everything and allocate the result before building index maps.
  std::vector<int64_t> outSizes = self.sizes();
  for (int64_t j = 0; j < padded; ++j) {
    int64_t d = self.dim() - 1 - j;
    outSizes[d] =
        checkPadAmounts(op, mode, self, d, pad[2 * j], pad[2 * j + 1]);
  }
  Tensor out = Tensor::empty(outSizes, self.dtype());
  std::vector<std::vector<int64_t>> maps;
  for (int64_t d = 0; d < self.dim(); ++d) {
    int64_t j = self.dim() - 1 - d; // the pad pair of dimension d, if any
    if (j >= padded)
      maps.push_back(identityMap(self.size(d)));
    else
      maps.push_back(padMap(mode, self.size(d), pad[2 * j], pad[2 * j + 1]));
  }
  gatherInto(op, out, self, maps);
  return out;
}

Tensor glu(const Tensor &self, int64_t dim) {
  constexpr std::string_view op = "aten::glu";
  KILN_USER_CHECK(self.dim() > 0, op,
                  ": glu does not support scalars because halving size must "
                  "be even");
  int64_t d = normalizeDim(op, dim, self.dim());
  KILN_USER_CHECK(self.size(d) % 2 == 0, op,
                  ": halving dimension must be even, but dimension ", d,
                  " is size ", self.size(d));
  std::vector<int64_t> half = self.sizes();
  half[d] /= 2;
  Tensor a = self.asStrided(half, self.strides(), self.storageOffset());
  Tensor b = self.asStrided(half, self.strides(),
                            self.storageOffset() + half[d] * self.stride(d));
  Tensor out = Tensor::empty(half, self.dtype());
  dispatchFloating(self.dtype(), op, [&]<typename T>() {
    mapInto<T, T, T>(
        out,
        [](T x, T y) { return static_cast<T>(x / (1 + std::exp(-double(y)))); },
        a, b);
  });
  return out;
}

Tensor pixel_shuffle(const Tensor &self, int64_t upscaleFactor) {
  constexpr std::string_view op = "aten::pixel_shuffle";
  int64_t r = upscaleFactor;
  KILN_USER_CHECK(self.dim() >= 3, op,
                  ": pixel_shuffle expects input to have at least 3 "
                  "dimensions, but got input with ",
                  self.dim(), " dimension(s)");
  KILN_USER_CHECK(r > 0, op,
                  ": pixel_shuffle expects a positive upscale_factor, but "
                  "got ",
                  r);
  int64_t channels = self.size(-3), height = self.size(-2),
          width = self.size(-1);
  KILN_USER_CHECK(channels % (r * r) == 0, op,
                  ": pixel_shuffle expects its input's 'channel' dimension "
                  "to be divisible by the square of upscale_factor, but "
                  "input.size(-3)=",
                  channels, " is not divisible by ", r * r);
  // [*, c, r, r, h, w] viewed as [*, c, h, r, w, r].
  std::vector<int64_t> lead(self.sizes().begin(), self.sizes().end() - 3);
  std::vector<int64_t> split = lead;
  split.insert(split.end(), {channels / (r * r), r, r, height, width});
  Tensor x = views::reshapeContiguous(self.contiguous(), split);
  int64_t k = static_cast<int64_t>(lead.size());
  std::vector<int64_t> order;
  for (int64_t i = 0; i < k; ++i)
    order.push_back(i);
  order.insert(order.end(), {k, k + 3, k + 1, k + 4, k + 2});
  std::vector<int64_t> shape = lead;
  shape.insert(shape.end(), {channels / (r * r), height * r, width * r});
  return views::reshapeContiguous(views::permute(x, order).contiguous(), shape);
}

} // namespace kiln::ops
