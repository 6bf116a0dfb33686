//===- Shape.h - Metadata, views, copies and fills --------------*- C++ -*-===//
//
// Reference kernels of the ops that query or restride a tensor: size, dim,
// numel; the views (view, reshape when the layout allows, flatten,
// unflatten, squeeze, unsqueeze, permute, transpose, expand, select, slice,
// narrow, split, chunk, unbind), which share storage with their input and
// copy nothing; and the copies and fills (contiguous, clone, copy_, fill_,
// zero_). Names and semantics are ATen's. The `_` variants change `self`
// in place (its geometry, for the view ops) and return it.
//
// Shape.cpp implements the metadata and views; Copies.cpp the copies,
// fills and the helpers the family's kernels share. Indexing ops are in
// Indexing.h; cat, stack, repeat, roll, flip, tril, triu and sort in
// Rearrange.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_SHAPE_H
#define KILN_RUNTIME_TENSOR_OPS_SHAPE_H

#include "runtime/tensor/Tensor.h"
#include "runtime/tensor/ops/Creation.h"
#include "support/Error.h"

#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace kiln::ops {

//===--- Metadata ---------------------------------------------------------===//

std::vector<int64_t> size(const Tensor &self);
int64_t size(const Tensor &self, int64_t dim);
int64_t dim(const Tensor &self);
int64_t numel(const Tensor &self);
/// The broadcast of two shapes (aten::_infer_size).
std::vector<int64_t> infer_size(std::span<const int64_t> a,
                                std::span<const int64_t> b);
/// `shape` with its -1 entry (if any) resolved for `numel` elements
/// (at::infer_size; `op` names the op in errors).
std::vector<int64_t> inferViewShape(std::string_view op,
                                    std::span<const int64_t> shape,
                                    int64_t numel);

//===--- Views ------------------------------------------------------------===//

/// UserError when the strides cannot express the shape (use reshape).
Tensor view(const Tensor &self, std::span<const int64_t> shape);
/// Reinterprets the bytes as `dtype` (aten::view.dtype).
Tensor view(const Tensor &self, ScalarType dtype);
Tensor view_as(const Tensor &self, const Tensor &other);
/// A view when the strides allow it, else a contiguous copy.
Tensor reshape(const Tensor &self, std::span<const int64_t> shape);
Tensor reshape_as(const Tensor &self, const Tensor &other);
Tensor flatten(const Tensor &self, int64_t startDim = 0, int64_t endDim = -1);
Tensor unflatten(const Tensor &self, int64_t dim,
                 std::span<const int64_t> sizes);
Tensor unsqueeze(const Tensor &self, int64_t dim);
Tensor &unsqueeze_(Tensor &self, int64_t dim);
/// Removes every dimension of size 1.
Tensor squeeze(const Tensor &self);
/// Removes `dim` if its size is 1.
Tensor squeeze(const Tensor &self, int64_t dim);
Tensor &squeeze_(Tensor &self);
Tensor &squeeze_(Tensor &self, int64_t dim);
Tensor permute(const Tensor &self, std::span<const int64_t> dims);
/// All dimensions reversed (Tensor.T).
Tensor numpy_T(const Tensor &self);
Tensor transpose(const Tensor &self, int64_t dim0, int64_t dim1);
Tensor &transpose_(Tensor &self, int64_t dim0, int64_t dim1);
/// transpose(0, 1) for tensors of rank <= 2.
Tensor t(const Tensor &self);
Tensor &t_(Tensor &self);
/// -1 keeps a size; new leading dimensions are added.
Tensor expand(const Tensor &self, std::span<const int64_t> size);
Tensor expand_as(const Tensor &self, const Tensor &other);
std::vector<Tensor> broadcast_tensors(std::span<const Tensor> tensors);
Tensor select(const Tensor &self, int64_t dim, int64_t index);
/// Python's self[start:end:step] along `dim`, bounds clamped as PyTorch.
Tensor slice(const Tensor &self, int64_t dim = 0,
             std::optional<int64_t> start = std::nullopt,
             std::optional<int64_t> end = std::nullopt, int64_t step = 1);
Tensor narrow(const Tensor &self, int64_t dim, int64_t start, int64_t length);
/// narrow.Tensor: `start` is a one-element tensor.
Tensor narrow(const Tensor &self, int64_t dim, const Tensor &start,
              int64_t length);
std::vector<Tensor> chunk(const Tensor &self, int64_t chunks, int64_t dim = 0);
std::vector<Tensor> split(const Tensor &self, int64_t splitSize,
                          int64_t dim = 0);
std::vector<Tensor> split_with_sizes(const Tensor &self,
                                     std::span<const int64_t> splitSizes,
                                     int64_t dim = 0);
std::vector<Tensor> unbind(const Tensor &self, int64_t dim = 0);
/// A new tensor over the same storage (autograd's detach; Kiln has no
/// graph to detach from).
Tensor detach(const Tensor &self);

//===--- Copies and fills -------------------------------------------------===//

/// `self` if already laid out in `format` (Contiguous, ChannelsLast,
/// ChannelsLast3d), else a copy that is.
Tensor contiguous(const Tensor &self,
                  MemoryFormat format = MemoryFormat::Contiguous);
/// A copy with its own storage; Preserve (the default) keeps the strides of
/// a non-overlapping dense tensor.
Tensor clone(const Tensor &self,
             std::optional<MemoryFormat> format = std::nullopt);
/// Copies `src` (broadcast, converted to self's dtype) into `self`.
Tensor &copy_(Tensor &self, const Tensor &src);
Tensor &copy_(Tensor &self, Scalar value);
/// aten::copy: a copy of `self` with `src` copied in.
Tensor copy(const Tensor &self, const Tensor &src);
Tensor &fill_(Tensor &self, Scalar value);
/// `value` must be 0-d.
Tensor &fill_(Tensor &self, const Tensor &value);
Tensor &zero_(Tensor &self);

//===--- Shared by the family's kernels -----------------------------------===//

/// UserError naming `op` when several elements of `t` share one memory
/// location (a broadcast dimension), which an in-place write must not
/// target (PyTorch's internal-overlap check).
void checkNoInternalOverlap(std::string_view op, const Tensor &t);

// These two were written while Elementwise.h's loops mishandled rank-0
// shapes; that is fixed, and they now amount to copyInto and Tensor::to.
/// copyInto(dst, src), 0-d tensors included.
void copyElements(const Tensor &dst, const Tensor &src);
/// t.to(dtype), 0-d tensors included.
Tensor convert(const Tensor &t, ScalarType dtype);

/// Sets every element of `t` to `value` (converted by scalarAs).
void fillElements(std::string_view op, const Tensor &t, Scalar value);

/// `value` as an element of type T, converted as PyTorch converts a Python
/// number into a tensor element: bool is `value != 0`; a value the type
/// cannot hold (300 as uint8, 1e300 or NaN as int64) is a UserError naming
/// `op`, except that negative ints wrap into unsigned types.
template <typename T> T scalarAs(std::string_view op, Scalar value) {
  using Limits = std::numeric_limits<T>;
  if constexpr (std::is_same_v<T, bool>) {
    return value.toBool();
  } else if constexpr (std::is_floating_point_v<T>) {
    double v = value.toDouble();
    KILN_USER_CHECK(!std::isfinite(v) ||
                        (v >= Limits::lowest() && v <= Limits::max()),
                    op, ": value ", v, " cannot be converted to type ",
                    scalarTypeName(scalarTypeOf<T>()), " without overflow");
    return static_cast<T>(v);
  } else if (value.isFloat()) {
    double v = value.toDouble();
    // 2^63 is the first double above int64's range.
    bool fits =
        v >= static_cast<double>(Limits::lowest()) &&
        (sizeof(T) < 8 ? v <= static_cast<double>(Limits::max()) : v < 0x1p63);
    KILN_USER_CHECK(fits, op, ": value ", v, " cannot be converted to type ",
                    scalarTypeName(scalarTypeOf<T>()), " without overflow");
    return static_cast<T>(v);
  } else {
    int64_t v = value.toInt();
    bool fits;
    if constexpr (std::is_unsigned_v<T>)
      fits = v <= static_cast<int64_t>(Limits::max()) &&
             v >= -static_cast<int64_t>(Limits::max());
    else
      fits = v >= static_cast<int64_t>(Limits::lowest()) &&
             v <= static_cast<int64_t>(Limits::max());
    KILN_USER_CHECK(fits, op, ": value ", v, " cannot be converted to type ",
                    scalarTypeName(scalarTypeOf<T>()), " without overflow");
    return static_cast<T>(v);
  }
}

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_SHAPE_H
