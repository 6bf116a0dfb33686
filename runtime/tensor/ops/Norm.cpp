//===- Norm.cpp - Vector and matrix norms ---------------------------------===//
#include "runtime/tensor/ops/Norm.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Reduction.h"
#include "runtime/tensor/ops/ReduceAlongDim.h"

#include <cmath>
#include <limits>

namespace kiln::ops {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The vector norm of order p as a reduction over doubles.
struct VectorNorm {
  double p;

  double start() const { return p == -kInf ? kInf : 0.0; }
  void step(double &acc, double x) const {
    double a = std::abs(x);
    if (std::isnan(acc))
      return;
    if (p == kInf)
      acc = std::isnan(a) || a > acc ? a : acc;
    else if (p == -kInf)
      acc = std::isnan(a) || a < acc ? a : acc;
    else if (p == 0)
      acc += a != 0;
    else if (p == 1)
      acc += a;
    else if (p == 2)
      acc += a * a;
    else
      acc += std::pow(a, p);
  }
  double finish(double acc) const {
    if (std::isinf(p) || p == 0 || p == 1)
      return acc;
    if (p == 2)
      return std::sqrt(acc);
    return std::pow(acc, 1.0 / p);
  }
};

/// The p-norm of the floating tensor `in` over dims, as float64.
Tensor vectorNorm(std::string_view op, const Tensor &in,
                  std::span<const int64_t> dims, bool keepdim, double p) {
  ReductionShape rs = reductionShape(op, in, dims, keepdim);
  Tensor out = Tensor::empty(rs.outSizes, ScalarType::Double);
  VectorNorm norm{p};
  dispatchFloating(in.dtype(), op, [&]<typename T>() {
    reduceInto<double, T, double>(
        out, in, rs, [&] { return norm.start(); },
        [&](double &acc, T v, int64_t) { norm.step(acc, v); },
        [&](double acc, int64_t) { return norm.finish(acc); });
  });
  return out;
}

/// The maximum (or minimum) of a float64 tensor over `dim`, kept as size 1.
Tensor extremumOver(std::string_view op, const Tensor &in, int64_t dim,
                    bool isMax) {
  KILN_USER_CHECK(in.sizes()[dim] != 0, op, ": cannot reduce dimension ", dim,
                  " of size 0 of ", in.describe(),
                  ": the operation has no identity");
  ReductionShape rs =
      reductionShape(op, in, std::span<const int64_t>(&dim, 1), true);
  Tensor out = Tensor::empty(rs.outSizes, ScalarType::Double);
  reduceInto<double, double, double>(
      out, in, rs, [=] { return isMax ? -kInf : kInf; },
      [=](double &acc, double v, int64_t) {
        if (!std::isnan(acc) && (std::isnan(v) || (isMax ? v > acc : v < acc)))
          acc = v;
      },
      [](double acc, int64_t) { return acc; });
  return out;
}

/// The singular values of the rows x cols matrix `a` (row-major, rows >=
/// cols) by one-sided Jacobi rotations: the columns are made orthogonal and
/// their norms are the singular values.
void singularValuesOf(std::vector<double> &a, int64_t rows, int64_t cols,
                      double *out) {
  auto at = [&](int64_t r, int64_t c) -> double & { return a[r * cols + c]; };
  for (int sweep = 0; sweep < 64; ++sweep) {
    bool rotated = false;
    for (int64_t i = 0; i < cols; ++i) {
      for (int64_t j = i + 1; j < cols; ++j) {
        double alpha = 0, beta = 0, gamma = 0;
        for (int64_t r = 0; r < rows; ++r) {
          alpha += at(r, i) * at(r, i);
          beta += at(r, j) * at(r, j);
          gamma += at(r, i) * at(r, j);
        }
        if (std::abs(gamma) <= 1e-15 * std::sqrt(alpha * beta))
          continue;
        rotated = true;
        double zeta = (beta - alpha) / (2 * gamma);
        double t = std::copysign(1.0, zeta) /
                   (std::abs(zeta) + std::sqrt(1 + zeta * zeta));
        double c = 1 / std::sqrt(1 + t * t), s = c * t;
        for (int64_t r = 0; r < rows; ++r) {
          double x = at(r, i), y = at(r, j);
          at(r, i) = c * x - s * y;
          at(r, j) = s * x + c * y;
        }
      }
    }
    if (!rotated)
      break;
  }
  for (int64_t c = 0; c < cols; ++c) {
    double sum = 0;
    for (int64_t r = 0; r < rows; ++r)
      sum += at(r, c) * at(r, c);
    out[c] = std::sqrt(sum);
  }
}

/// The singular values of the matrices of the float64 tensor `x` in
/// dimensions (d0, d1): shape [other dims..., min(m, n)].
Tensor singularValues(std::string_view op, const Tensor &x, int64_t d0,
                      int64_t d1) {
  std::vector<int64_t> sizes, strides, batch;
  for (int64_t d = 0; d < x.dim(); ++d) {
    if (d == d0 || d == d1)
      continue;
    sizes.push_back(x.sizes()[d]);
    strides.push_back(x.strides()[d]);
    batch.push_back(x.sizes()[d]);
  }
  int64_t m = x.sizes()[d0], n = x.sizes()[d1];
  sizes.insert(sizes.end(), {m, n});
  strides.insert(strides.end(), {x.strides()[d0], x.strides()[d1]});
  Tensor matrices = x.asStrided(sizes, strides, x.storageOffset()).contiguous();
  const double *data = matrices.data<double>();
  for (int64_t i = 0; i < matrices.numel(); ++i)
    KILN_USER_CHECK(std::isfinite(data[i]), op,
                    ": the singular values of a matrix with non-finite "
                    "elements are undefined");
  int64_t k = std::min(m, n);
  std::vector<int64_t> outSizes = batch;
  outSizes.push_back(k);
  Tensor out = Tensor::empty(outSizes, ScalarType::Double);
  int64_t count = laneCount(out, out.dim() - 1);
  double *result = out.data<double>();
  forEachLane(count, m * n * k, [&](int64_t b) {
    const double *matrix = data + b * m * n;
    // Jacobi wants at least as many rows as columns: use the transpose.
    std::vector<double> a(matrix, matrix + m * n);
    if (m < n)
      for (int64_t r = 0; r < m; ++r)
        for (int64_t c = 0; c < n; ++c)
          a[c * m + r] = matrix[r * n + c];
    singularValuesOf(a, std::max(m, n), k, result + b * k);
  });
  return out;
}

/// The norm's result dtype and the input in it: PyTorch's checks of
/// linalg.norm (floating input, floating dtype it converts to without
/// narrowing).
Tensor linalgInput(std::string_view op, const Tensor &self,
                   std::optional<ScalarType> dtype) {
  KILN_USER_CHECK(isFloatingType(self.dtype()), op,
                  ": expected a floating point input, got ",
                  scalarTypeName(self.dtype()));
  if (!dtype)
    return self;
  KILN_USER_CHECK(isFloatingType(*dtype), op,
                  ": dtype should be floating point, got ",
                  scalarTypeName(*dtype));
  KILN_USER_CHECK(promoteTypes(self.dtype(), *dtype) == *dtype, op,
                  ": the input's dtype ", scalarTypeName(self.dtype()),
                  " cannot be converted without narrowing to ",
                  scalarTypeName(*dtype));
  return convertTo(self, *dtype);
}

Tensor linalgVectorNorm(std::string_view op, const Tensor &in, double ord,
                        std::span<const int64_t> dims, bool keepdim) {
  if (ord < 0 || std::isinf(ord))
    for (int64_t d : normalizeDims(op, dims, in.dim()))
      KILN_USER_CHECK(in.dim() == 0 || in.sizes()[d] != 0, op,
                      ": cannot compute the ", ord, " norm over dimension ", d,
                      " of size 0 of ", in.describe(),
                      ": the operation has no identity");
  return convertTo(vectorNorm(op, in, dims, keepdim, ord), in.dtype());
}

/// The matrix norm "fro", "nuc" or of a numeric order (2, -2, 1, -1, inf,
/// -inf) of `in` over `dims` (two of them, or the last two).
Tensor matrixNorm(std::string_view op, const Tensor &in, std::string_view ord,
                  double p, std::span<const int64_t> dims, bool keepdim) {
  KILN_USER_CHECK(in.dim() >= 2, op,
                  ": a matrix norm needs an input of at least 2 dimensions, "
                  "got ",
                  in.describe());
  int64_t d0 = normalizeDim(op, dims[0], in.dim());
  int64_t d1 = normalizeDim(op, dims[1], in.dim());
  KILN_USER_CHECK(d0 != d1, op, ": the two dims of a matrix norm must differ, ",
                  "got ", dims[0], " and ", dims[1]);
  // Maxima and minima have no identity: the orders other than "fro" and
  // "nuc" need the dimensions they take them over to be non-empty.
  int64_t m = in.sizes()[d0], n = in.sizes()[d1];
  if (ord.empty()) {
    bool empty = std::abs(p) == 2   ? std::min(m, n) == 0
                 : std::abs(p) == 1 ? n == 0
                                    : m == 0;
    KILN_USER_CHECK(!empty, op, ": cannot compute the matrix ", p,
                    " norm of the empty matrices of ", in.describe(),
                    ": the operation has no identity");
  }
  Tensor x = convertTo(in, ScalarType::Double);
  std::vector<int64_t> keptSizes = in.sizes(), outSizes;
  keptSizes[d0] = keptSizes[d1] = 1;
  for (int64_t d = 0; d < in.dim(); ++d)
    if (d != d0 && d != d1)
      outSizes.push_back(in.sizes()[d]);
  Tensor result;
  if (ord == "fro") {
    result = vectorNorm(op, x, std::vector<int64_t>{d0, d1}, true, 2);
  } else if (ord == "nuc" || p == 2 || p == -2) {
    Tensor sv = singularValues(op, x, d0, d1);
    int64_t last = sv.dim() - 1;
    result =
        ord == "nuc"
            ? vectorNorm(op, sv, std::span<const int64_t>(&last, 1), false, 1)
            : extremumOver(op, sv, last, /*isMax=*/p > 0);
  } else {
    // Order 1: the largest absolute column sum; inf: the largest row sum.
    int64_t summed = std::abs(p) == 1 ? d0 : d1;
    Tensor sums =
        vectorNorm(op, x, std::span<const int64_t>(&summed, 1), true, 1);
    result = extremumOver(op, sums, summed == d0 ? d1 : d0, /*isMax=*/p > 0);
  }
  result = reshapeContiguous(result, keepdim ? keptSizes : outSizes);
  return convertTo(result, in.dtype());
}

} // namespace

Tensor norm(const Tensor &self, std::optional<Scalar> p,
            std::span<const int64_t> dims, bool keepdim,
            std::optional<ScalarType> dtype) {
  const char *op = "aten::norm";
  if (dtype)
    KILN_USER_CHECK(isFloatingType(*dtype), op,
                    ": the desired output dtype should be floating point, "
                    "got ",
                    scalarTypeName(*dtype));
  else
    KILN_USER_CHECK(isFloatingType(self.dtype()), op,
                    ": input dtype should be floating point, got ",
                    scalarTypeName(self.dtype()));
  Tensor in = convertTo(self, dtype.value_or(self.dtype()));
  if (in.numel() == 0)
    return Tensor::zeros(reductionShape(op, in, dims, keepdim).outSizes,
                         in.dtype());
  return convertTo(vectorNorm(op, in, dims, keepdim, p ? p->toDouble() : 2.0),
                   in.dtype());
}

Tensor linalg_norm(const Tensor &self, std::optional<Scalar> ord,
                   const std::optional<std::vector<int64_t>> &dim, bool keepdim,
                   std::optional<ScalarType> dtype) {
  const char *op = "aten::linalg_norm";
  if (dim)
    KILN_USER_CHECK(dim->size() == 1 || dim->size() == 2, op,
                    ": dim must have 1 or 2 elements, got ", shapeString(*dim));
  Tensor in = linalgInput(op, self, dtype);
  if (!ord) {
    // The 2-norm of the flattened tensor or of vectors; "fro" of matrices.
    if (dim && dim->size() == 2)
      return matrixNorm(op, in, "fro", 0, *dim, keepdim);
    return linalgVectorNorm(op, in, 2, dim.value_or(std::vector<int64_t>{}),
                            keepdim);
  }
  std::vector<int64_t> dims;
  if (dim) {
    dims = *dim;
  } else {
    KILN_USER_CHECK(self.dim() == 1 || self.dim() == 2, op,
                    ": without dim, an ord needs a 1-d or 2-d input, got ",
                    self.describe());
    dims =
        self.dim() == 1 ? std::vector<int64_t>{0} : std::vector<int64_t>{0, 1};
  }
  double p = ord->toDouble();
  if (dims.size() == 1)
    return linalgVectorNorm(op, in, p, dims, keepdim);
  KILN_USER_CHECK(std::abs(p) == 1 || std::abs(p) == 2 || std::isinf(p), op,
                  ": matrix norm order ", p, " is not supported");
  return matrixNorm(op, in, "", p, dims, keepdim);
}

Tensor linalg_norm(const Tensor &self, std::string_view ord,
                   const std::optional<std::vector<int64_t>> &dim, bool keepdim,
                   std::optional<ScalarType> dtype) {
  const char *op = "aten::linalg_norm";
  if (dim)
    KILN_USER_CHECK(dim->size() == 1 || dim->size() == 2, op,
                    ": dim must have 1 or 2 elements, got ", shapeString(*dim));
  Tensor in = linalgInput(op, self, dtype);
  KILN_USER_CHECK(self.dim() >= 2, op,
                  ": a matrix norm needs an input of at least 2 dimensions, "
                  "got ",
                  self.describe());
  KILN_USER_CHECK(ord == "fro" || ord == "nuc", op, ": matrix norm order \"",
                  ord, "\" is not supported (\"fro\" or \"nuc\")");
  if (!dim)
    KILN_USER_CHECK(self.dim() == 2, op,
                    ": without dim, an ord needs a 1-d or 2-d input, got ",
                    self.describe());
  std::vector<int64_t> dims = dim.value_or(std::vector<int64_t>{0, 1});
  KILN_USER_CHECK(dims.size() == 2, op, ": a matrix norm needs 2 dims, got ",
                  shapeString(dims));
  return matrixNorm(op, in, ord, 0, dims, keepdim);
}

} // namespace kiln::ops
