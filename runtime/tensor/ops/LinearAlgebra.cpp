//===- LinearAlgebra.cpp - Matrix products --------------------------------===//
//
// Every product funnels into one routine, batchedProduct: out[b] = alpha *
// (a[b] @ b[b]) + beta * addend[b] over any batch shape, with operands of any
// strides. It is a cache-blocked loop (blocks of rows x columns x depth, the
// accumulators of a block held in a small buffer), parallel over blocks of
// output rows; each block of the right operand is first copied (packed)
// into contiguous accumulators.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/LinearAlgebra.h"

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Elementwise.h"
#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/ops/StridedViews.h"

#include <type_traits>

namespace kiln::ops {

namespace {

/// Products accumulate in double for floating types, int64 for integers
/// (integer results wrap as PyTorch's do).
template <typename T>
using Accumulator =
    std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;

/// A Scalar as the accumulator type: integer kernels truncate alpha and
/// beta to integers, as PyTorch does.
template <typename Acc> Acc scalarAs(Scalar s) {
  if constexpr (std::is_floating_point_v<Acc>)
    return static_cast<Acc>(s.toDouble());
  else
    return static_cast<Acc>(s.toInt());
}

/// "2x3", as PyTorch prints matrix shapes in product errors.
std::string matrixShape(const Tensor &t) {
  return std::to_string(t.size(-2)) + "x" + std::to_string(t.size(-1));
}

/// Offset (in elements, from the tensor's start) of batch element `index`
/// of `t`, whose leading dimensions are `batch`.
int64_t batchOffset(const Tensor &t, std::span<const int64_t> batch,
                    int64_t index) {
  int64_t offset = 0;
  for (size_t d = batch.size(); d-- > 0;) {
    offset += (index % batch[d]) * t.stride(static_cast<int64_t>(d));
    index /= batch[d];
  }
  return offset;
}

constexpr int64_t kRowBlock = 32;
constexpr int64_t kColumnBlock = 256;
constexpr int64_t kDepthBlock = 128;

template <typename T>
void productInto(const Tensor &out, const Tensor &a, const Tensor &b,
                 const Tensor *addend, Scalar betaScalar, Scalar alphaScalar) {
  using Acc = Accumulator<T>;
  int64_t rank = out.dim();
  std::span<const int64_t> batchShape(out.sizes().data(), rank - 2);
  int64_t batch = 1;
  for (int64_t s : batchShape)
    batch *= s;
  int64_t rows = out.size(-2), cols = out.size(-1), depth = a.size(-1);
  const Acc alpha = scalarAs<Acc>(alphaScalar);
  const Acc beta = scalarAs<Acc>(betaScalar);
  // BLAS's convention, which PyTorch keeps: a zero factor skips its term, so
  // NaN in an ignored operand does not reach the result.
  const bool useProduct = alpha != Acc(0);
  const bool useAddend = addend != nullptr && beta != Acc(0);

  const int64_t aRow = a.stride(-2), aCol = a.stride(-1);
  const int64_t bRow = b.stride(-2), bCol = b.stride(-1);
  const int64_t cRow = addend ? addend->stride(-2) : 0;
  const int64_t cCol = addend ? addend->stride(-1) : 0;
  int64_t rowBlocks = (rows + kRowBlock - 1) / kRowBlock;
  int64_t work = kRowBlock * std::max<int64_t>(1, cols * depth);
  int64_t grain = std::max<int64_t>(1, kParallelGrain / work);

  parallelFor(0, batch * rowBlocks, grain, [&](int64_t begin, int64_t end) {
    std::vector<Acc> acc(kRowBlock * kColumnBlock);
    std::vector<Acc> packed(kDepthBlock * kColumnBlock);
    for (int64_t task = begin; task < end; ++task) {
      int64_t bi = task / rowBlocks;
      int64_t i0 = (task % rowBlocks) * kRowBlock;
      int64_t i1 = std::min(rows, i0 + kRowBlock);
      const T *A = a.data<T>() + batchOffset(a, batchShape, bi);
      const T *B = b.data<T>() + batchOffset(b, batchShape, bi);
      const T *C =
          addend ? addend->data<T>() + batchOffset(*addend, batchShape, bi)
                 : nullptr;
      T *result = out.data<T>() + bi * rows * cols;
      for (int64_t j0 = 0; j0 < cols; j0 += kColumnBlock) {
        int64_t width = std::min(cols, j0 + kColumnBlock) - j0;
        std::fill(acc.begin(), acc.end(), Acc(0));
        for (int64_t k0 = 0; useProduct && k0 < depth; k0 += kDepthBlock) {
          int64_t k1 = std::min(depth, k0 + kDepthBlock);
          // Copy the block b[k0:k1, j0:j0+width] (any strides) to
          // contiguous rows of accumulators, which every row of a reuses.
          for (int64_t k = k0; k < k1; ++k)
            for (int64_t j = 0; j < width; ++j)
              packed[(k - k0) * kColumnBlock + j] =
                  static_cast<Acc>(B[k * bRow + (j0 + j) * bCol]);
          // acc[i][j] += a[i][k] * b[k][j]
          for (int64_t i = i0; i < i1; ++i) {
            Acc *accRow = &acc[(i - i0) * kColumnBlock];
            for (int64_t k = k0; k < k1; ++k) {
              Acc aik = static_cast<Acc>(A[i * aRow + k * aCol]);
              const Acc *bk = &packed[(k - k0) * kColumnBlock];
              for (int64_t j = 0; j < width; ++j)
                accRow[j] += aik * bk[j];
            }
          }
        }
        for (int64_t i = i0; i < i1; ++i) {
          const Acc *accRow = &acc[(i - i0) * kColumnBlock];
          for (int64_t j = 0; j < width; ++j) {
            Acc value = useProduct ? alpha * accRow[j] : Acc(0);
            if (useAddend)
              value += beta * static_cast<Acc>(C[i * cRow + (j0 + j) * cCol]);
            result[i * cols + j0 + j] = static_cast<T>(value);
          }
        }
      }
    }
  });
}

/// alpha * (a @ b) + beta * addend for a [..., n, m] and b [..., m, p] with
/// the same batch dimensions (possibly stride 0) and dtype; addend, if
/// given, is viewed at [..., n, p]. Returns a new contiguous [..., n, p].
Tensor batchedProduct(std::string_view op, const Tensor &a, const Tensor &b,
                      const Tensor *addend = nullptr, Scalar beta = 0,
                      Scalar alpha = 1) {
  std::vector<int64_t> shape = a.sizes();
  shape.back() = b.size(-1);
  Tensor out = Tensor::empty(shape, a.dtype());
  dispatchNumeric(a.dtype(), op, [&]<typename T>() {
    productInto<T>(out, a, b, addend, beta, alpha);
  });
  return out;
}

void checkSameDtype(std::string_view op, const char *what, const Tensor &a,
                    const Tensor &b) {
  KILN_USER_CHECK(a.dtype() == b.dtype(), op, ": expected ", what,
                  " to have the same dtype, but got ",
                  scalarTypeName(a.dtype()), " and ",
                  scalarTypeName(b.dtype()));
}

void checkDim(std::string_view op, const char *name, const Tensor &t,
              int64_t rank) {
  KILN_USER_CHECK(t.dim() == rank, op, ": ", name, " must be a ", rank,
                  "-D tensor, but got a ", t.dim(), "-D tensor of shape ",
                  t.shapeString());
}

/// `self` converted to `dtype` and viewed at `shape`; a UserError when it
/// does not broadcast to exactly that shape.
Tensor addendAt(std::string_view op, const Tensor &self,
                std::span<const int64_t> shape, ScalarType dtype) {
  bool fits = self.dim() <= static_cast<int64_t>(shape.size());
  for (int64_t d = 0; fits && d < self.dim(); ++d) {
    int64_t target = shape[shape.size() - self.dim() + d];
    fits = self.size(d) == 1 || self.size(d) == target;
  }
  KILN_USER_CHECK(fits, op, ": self of shape ", self.shapeString(),
                  " cannot be broadcast to the product's shape ",
                  shapeString(shape));
  return views::expand(self.to(dtype), shape);
}

/// Writes `result` into `self` for the in-place variants, whose result
/// must keep self's shape.
Tensor &assignInPlace(std::string_view op, Tensor &self, const Tensor &result) {
  KILN_USER_CHECK(self.sizes() == result.sizes(), op, ": the result of shape ",
                  result.shapeString(), " does not fit self of shape ",
                  self.shapeString());
  copyInto(self, result);
  return self;
}

void checkMatrices(std::string_view op, const Tensor &mat1,
                   const Tensor &mat2) {
  checkDim(op, "mat1", mat1, 2);
  checkDim(op, "mat2", mat2, 2);
  KILN_USER_CHECK(mat1.size(1) == mat2.size(0), op,
                  ": mat1 and mat2 shapes cannot be multiplied (",
                  matrixShape(mat1), " and ", matrixShape(mat2), ")");
  checkSameDtype(op, "mat1 and mat2", mat1, mat2);
}

void checkBatches(std::string_view op, const Tensor &batch1,
                  const Tensor &batch2) {
  checkDim(op, "batch1", batch1, 3);
  checkDim(op, "batch2", batch2, 3);
  KILN_USER_CHECK(batch1.size(0) == batch2.size(0) &&
                      batch1.size(2) == batch2.size(1),
                  op, ": expected batch2 of shape [", batch1.size(0), ", ",
                  batch1.size(2), ", *] to multiply batch1 of shape ",
                  batch1.shapeString(), ", but got ", batch2.shapeString());
  checkSameDtype(op, "batch1 and batch2", batch1, batch2);
}

void checkMatrixVector(std::string_view op, const Tensor &mat,
                       const Tensor &vec) {
  KILN_USER_CHECK(mat.dim() == 2 && vec.dim() == 1, op,
                  ": expected a matrix and a vector, but got shapes ",
                  mat.shapeString(), " and ", vec.shapeString());
  KILN_USER_CHECK(mat.size(1) == vec.size(0), op, ": size mismatch, ",
                  mat.shapeString(), " @ ", vec.shapeString());
  checkSameDtype(op, "mat and vec", mat, vec);
}

} // namespace

Tensor mm(const Tensor &self, const Tensor &mat2) {
  checkMatrices("aten::mm", self, mat2);
  return batchedProduct("aten::mm", self, mat2);
}

Tensor bmm(const Tensor &self, const Tensor &mat2) {
  checkBatches("aten::bmm", self, mat2);
  return batchedProduct("aten::bmm", self, mat2);
}

Tensor matmul(const Tensor &self, const Tensor &other) {
  constexpr std::string_view op = "aten::matmul";
  KILN_USER_CHECK(self.dim() >= 1 && other.dim() >= 1, op,
                  ": both arguments need to be at least 1D, but they are ",
                  self.dim(), "D and ", other.dim(), "D");
  if (self.dim() == 1 && other.dim() == 1)
    return dot(self, other);
  checkSameDtype(op, "both arguments", self, other);
  // A vector on the left is a 1 x n matrix, on the right an n x 1 matrix;
  // the added dimension is dropped from the result.
  Tensor a = self.dim() == 1 ? views::unsqueeze(self, 0) : self;
  Tensor b = other.dim() == 1 ? views::unsqueeze(other, 1) : other;
  KILN_USER_CHECK(a.size(-1) == b.size(-2), op, ": shapes ", self.shapeString(),
                  " and ", other.shapeString(), " cannot be multiplied (",
                  a.size(-1), " != ", b.size(-2), ")");
  std::span<const int64_t> batchA(a.sizes().data(), a.dim() - 2);
  std::span<const int64_t> batchB(b.sizes().data(), b.dim() - 2);
  std::vector<int64_t> batch = broadcastShapes(op, {batchA, batchB});
  std::vector<int64_t> shapeA = batch, shapeB = batch;
  shapeA.insert(shapeA.end(), {a.size(-2), a.size(-1)});
  shapeB.insert(shapeB.end(), {b.size(-2), b.size(-1)});
  Tensor product =
      batchedProduct(op, views::expand(a, shapeA), views::expand(b, shapeB));
  std::vector<int64_t> resultShape = batch;
  if (self.dim() > 1)
    resultShape.push_back(a.size(-2));
  if (other.dim() > 1)
    resultShape.push_back(b.size(-1));
  return views::reshapeContiguous(product, resultShape);
}

Tensor addmm(const Tensor &self, const Tensor &mat1, const Tensor &mat2,
             Scalar beta, Scalar alpha) {
  constexpr std::string_view op = "aten::addmm";
  checkMatrices(op, mat1, mat2);
  checkSameDtype(op, "self and mat2", self, mat2);
  std::vector<int64_t> shape = {mat1.size(0), mat2.size(1)};
  Tensor addend = addendAt(op, self, shape, mat1.dtype());
  return batchedProduct(op, mat1, mat2, &addend, beta, alpha);
}

Tensor &addmm_(Tensor &self, const Tensor &mat1, const Tensor &mat2,
               Scalar beta, Scalar alpha) {
  return assignInPlace("aten::addmm_", self,
                       addmm(self, mat1, mat2, beta, alpha));
}

Tensor addmv(const Tensor &self, const Tensor &mat, const Tensor &vec,
             Scalar beta, Scalar alpha) {
  constexpr std::string_view op = "aten::addmv";
  checkMatrixVector(op, mat, vec);
  // As in PyTorch, self is converted to the product's dtype.
  std::vector<int64_t> shape = {mat.size(0)};
  Tensor addend = views::unsqueeze(addendAt(op, self, shape, mat.dtype()), 1);
  Tensor product =
      batchedProduct(op, mat, views::unsqueeze(vec, 1), &addend, beta, alpha);
  return views::reshapeContiguous(product, {mat.size(0)});
}

Tensor &addmv_(Tensor &self, const Tensor &mat, const Tensor &vec, Scalar beta,
               Scalar alpha) {
  return assignInPlace("aten::addmv_", self,
                       addmv(self, mat, vec, beta, alpha));
}

Tensor baddbmm(const Tensor &self, const Tensor &batch1, const Tensor &batch2,
               Scalar beta, Scalar alpha) {
  constexpr std::string_view op = "aten::baddbmm";
  checkBatches(op, batch1, batch2);
  std::vector<int64_t> shape = {batch1.size(0), batch1.size(1), batch2.size(2)};
  Tensor addend = addendAt(op, self, shape, batch1.dtype());
  return batchedProduct(op, batch1, batch2, &addend, beta, alpha);
}

Tensor &baddbmm_(Tensor &self, const Tensor &batch1, const Tensor &batch2,
                 Scalar beta, Scalar alpha) {
  return assignInPlace("aten::baddbmm_", self,
                       baddbmm(self, batch1, batch2, beta, alpha));
}

Tensor mv(const Tensor &self, const Tensor &vec) {
  constexpr std::string_view op = "aten::mv";
  checkMatrixVector(op, self, vec);
  Tensor product = batchedProduct(op, self, views::unsqueeze(vec, 1));
  return views::reshapeContiguous(product, {self.size(0)});
}

Tensor dot(const Tensor &self, const Tensor &tensor) {
  constexpr std::string_view op = "aten::dot";
  KILN_USER_CHECK(self.dim() == 1 && tensor.dim() == 1, op,
                  ": 1D tensors expected, but got ", self.dim(), "D and ",
                  tensor.dim(), "D tensors");
  KILN_USER_CHECK(self.size(0) == tensor.size(0), op,
                  ": inconsistent tensor size, expected tensors of shapes ",
                  self.shapeString(), " and ", tensor.shapeString(),
                  " to have the same number of elements");
  checkSameDtype(op, "both vectors", self, tensor);
  Tensor product = batchedProduct(op, views::unsqueeze(self, 0),
                                  views::unsqueeze(tensor, 1));
  return views::reshapeContiguous(product, {});
}

Tensor linear(const Tensor &input, const Tensor &weight,
              const std::optional<Tensor> &bias) {
  constexpr std::string_view op = "aten::linear";
  KILN_USER_CHECK(weight.dim() == 1 || weight.dim() == 2, op,
                  ": weight must be 1-D or 2-D, but got shape ",
                  weight.shapeString());
  KILN_USER_CHECK(input.dim() >= 1, op,
                  ": input must have at least 1 dimension, but got a 0-d "
                  "tensor");
  Tensor weightT = weight.dim() == 2 ? views::transpose(weight, 0, 1) : weight;
  KILN_USER_CHECK(input.size(-1) == weightT.size(0), op, ": input of shape ",
                  input.shapeString(), " and weight of shape ",
                  weight.shapeString(), " cannot be multiplied (",
                  input.size(-1), " != ", weightT.size(0), ")");
  checkSameDtype(op, "input and weight", input, weight);
  if (bias && (input.dim() == 2 || input.dim() == 3)) {
    // PyTorch's fused path: addmm on the input folded to [rows, in], which
    // wants a matrix weight, a bias of the same dtype, and a bias that
    // broadcasts to [rows, out].
    KILN_USER_CHECK(weight.dim() == 2, op,
                    ": with a bias and a 2-D or 3-D input, weight must be a "
                    "matrix, but got shape ",
                    weight.shapeString());
    KILN_USER_CHECK(bias->dtype() == input.dtype(), op,
                    ": expected bias to have the input's dtype ",
                    scalarTypeName(input.dtype()), ", but got ",
                    scalarTypeName(bias->dtype()));
    int64_t rows =
        input.dim() == 2 ? input.size(0) : input.size(0) * input.size(1);
    Tensor flat =
        views::reshapeContiguous(input.contiguous(), {rows, input.size(-1)});
    Tensor out = addmm(*bias, flat, weightT);
    std::vector<int64_t> shape = input.sizes();
    shape.back() = weight.size(0);
    return views::reshapeContiguous(out, shape);
  }
  Tensor out = matmul(input, weightT);
  if (!bias)
    return out;
  // PyTorch adds the bias in place, so it must broadcast to the product.
  Tensor b = addendAt(op, *bias, out.sizes(), out.dtype());
  dispatchNumeric(out.dtype(), op, [&]<typename T>() {
    mapInto<T, T, T>(
        out, [](T x, T y) { return static_cast<T>(x + y); }, out, b);
  });
  return out;
}

} // namespace kiln::ops
