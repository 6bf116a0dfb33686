//===- Shape.cpp - Kernels of the shape, view and indexing ops ------------===//
#include "runtime/tensor/ops/Shape.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/tensor/ops/Comparison.h"
#include "runtime/tensor/ops/Indexing.h"
#include "runtime/tensor/ops/Rearrange.h"

namespace kiln {

namespace {

using OptionalTensors = std::vector<std::optional<Tensor>>;

OptionalTensors allPresent(const std::vector<Tensor> &indices) {
  return OptionalTensors(indices.begin(), indices.end());
}

void registerViewKernels(KernelTable &t) {
  bind<[](const Tensor &self) { return ops::size(self); }>(t, OpId::aten_size);
  bind<[](const Tensor &self, int64_t dim) { return ops::size(self, dim); }>(
      t, OpId::aten_size_int);
  bind<[](const Tensor &self) { return ops::dim(self); }>(t, OpId::aten_dim);
  bind<[](const Tensor &self) { return ops::numel(self); }>(t,
                                                            OpId::aten_numel);
  bind<[](std::vector<int64_t> a, std::vector<int64_t> b) {
    return ops::infer_size(a, b);
  }>(t, OpId::aten__infer_size);
  bind<[](std::vector<Tensor> tensors) {
    return ops::broadcast_tensors(tensors);
  }>(t, OpId::aten_broadcast_tensors);

  bind<[](const Tensor &self, std::vector<int64_t> size) {
    return ops::view(self, size);
  }>(t, OpId::aten_view);
  bind<[](const Tensor &self, ScalarType dtype) {
    return ops::view(self, dtype);
  }>(t, OpId::aten_view_dtype);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::view_as(self, other);
  }>(t, OpId::aten_view_as);
  bind<[](const Tensor &self, std::vector<int64_t> shape) {
    return ops::reshape(self, shape);
  }>(t, OpId::aten_reshape);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::reshape_as(self, other);
  }>(t, OpId::aten_reshape_as);
  bind<[](const Tensor &self, int64_t start, int64_t end) {
    return ops::flatten(self, start, end);
  }>(t, OpId::aten_flatten_using_ints);
  bind<[](const Tensor &self, int64_t dim, std::vector<int64_t> sizes) {
    return ops::unflatten(self, dim, sizes);
  }>(t, OpId::aten_unflatten_int);
  bind<[](const Tensor &self, int64_t dim) {
    return ops::unsqueeze(self, dim);
  }>(t, OpId::aten_unsqueeze);
  bind<[](const Tensor &self, int64_t dim) {
    Tensor out = self;
    return ops::unsqueeze_(out, dim);
  }>(t, OpId::aten_unsqueeze_);
  bind<[](const Tensor &self) { return ops::squeeze(self); }>(
      t, OpId::aten_squeeze);
  bind<[](const Tensor &self, int64_t dim) { return ops::squeeze(self, dim); }>(
      t, OpId::aten_squeeze_dim);
  bind<[](const Tensor &self) {
    Tensor out = self;
    return ops::squeeze_(out);
  }>(t, OpId::aten_squeeze_);
  bind<[](const Tensor &self, int64_t dim) {
    Tensor out = self;
    return ops::squeeze_(out, dim);
  }>(t, OpId::aten_squeeze__dim);
  bind<[](const Tensor &self, std::vector<int64_t> dims) {
    return ops::permute(self, dims);
  }>(t, OpId::aten_permute);
  bind<[](const Tensor &self) { return ops::numpy_T(self); }>(
      t, OpId::aten_numpy_T);
  bind<[](const Tensor &self) { return ops::numpy_T(self); }>(
      t, OpId::aten_numpy_T_a);
  bind<[](const Tensor &self, int64_t dim0, int64_t dim1) {
    return ops::transpose(self, dim0, dim1);
  }>(t, OpId::aten_transpose_int);
  bind<[](const Tensor &self, int64_t dim0, int64_t dim1) {
    Tensor out = self;
    return ops::transpose_(out, dim0, dim1);
  }>(t, OpId::aten_transpose_);
  bind<[](const Tensor &self) { return ops::t(self); }>(t, OpId::aten_t);
  bind<[](const Tensor &self) {
    Tensor out = self;
    return ops::t_(out);
  }>(t, OpId::aten_t_);
  // `implicit` only marks expands that broadcasting inserted.
  bind<[](const Tensor &self, std::vector<int64_t> size, bool) {
    return ops::expand(self, size);
  }>(t, OpId::aten_expand);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::expand_as(self, other);
  }>(t, OpId::aten_expand_as);
  bind<[](const Tensor &self) { return ops::detach(self); }>(t,
                                                             OpId::aten_detach);
  bind<[](const Tensor &self) { return self; }>(t, OpId::aten_detach_);
}

void registerSliceKernels(KernelTable &t) {
  bind<[](const Tensor &self, int64_t dim, int64_t index) {
    return ops::select(self, dim, index);
  }>(t, OpId::aten_select_int);
  bind<[](const Tensor &self, int64_t dim, std::optional<int64_t> start,
          std::optional<int64_t> end, int64_t step) {
    return ops::slice(self, dim, start, end, step);
  }>(t, OpId::aten_slice_Tensor);
  bind<[](const Tensor &self, int64_t dim, int64_t start, int64_t length) {
    return ops::narrow(self, dim, start, length);
  }>(t, OpId::aten_narrow);
  bind<[](const Tensor &self, int64_t dim, const Tensor &start,
          int64_t length) { return ops::narrow(self, dim, start, length); }>(
      t, OpId::aten_narrow_Tensor);
  bind<[](const Tensor &self, int64_t chunks, int64_t dim) {
    return ops::chunk(self, chunks, dim);
  }>(t, OpId::aten_chunk);
  bind<[](const Tensor &self, int64_t size, int64_t dim) {
    return ops::split(self, size, dim);
  }>(t, OpId::aten_split_Tensor);
  bind<[](const Tensor &self, int64_t size, int64_t dim) {
    return ops::split(self, size, dim);
  }>(t, OpId::aten_unsafe_split_Tensor);
  bind<[](const Tensor &self, std::vector<int64_t> sizes, int64_t dim) {
    return ops::split_with_sizes(self, sizes, dim);
  }>(t, OpId::aten_split);
  bind<[](const Tensor &self, std::vector<int64_t> sizes, int64_t dim) {
    return ops::split_with_sizes(self, sizes, dim);
  }>(t, OpId::aten_split_sizes);
  bind<[](const Tensor &self, std::vector<int64_t> sizes, int64_t dim) {
    return ops::split_with_sizes(self, sizes, dim);
  }>(t, OpId::aten_split_with_sizes);
  bind<[](const Tensor &self, int64_t dim) { return ops::unbind(self, dim); }>(
      t, OpId::aten_unbind_int);
}

void registerCopyKernels(KernelTable &t) {
  bind<[](const Tensor &self, int64_t format) {
    return ops::contiguous(
        self, ops::memoryFormatFromCode("aten::contiguous", format));
  }>(t, OpId::aten_contiguous);
  bind<[](const Tensor &self, std::optional<int64_t> format) {
    std::optional<ops::MemoryFormat> f;
    if (format)
      f = ops::memoryFormatFromCode("aten::clone", *format);
    return ops::clone(self, f);
  }>(t, OpId::aten_clone);
  bind<[](const Tensor &self, const Tensor &src, bool) {
    return ops::copy(self, src);
  }>(t, OpId::aten_copy);
  bind<[](const Tensor &self, const Tensor &src, bool) {
    Tensor out = self;
    return ops::copy_(out, src);
  }>(t, OpId::aten_copy_);
  bind<[](const Tensor &self, const Tensor &other) {
    Tensor out = self;
    return ops::copy_(out, other);
  }>(t, OpId::aten_copy__Tensor);
  bind<[](const Tensor &self, double other) {
    Tensor out = self;
    return ops::copy_(out, Scalar(other));
  }>(t, OpId::aten_copy__float);
  bind<[](const Tensor &self, int64_t other) {
    Tensor out = self;
    return ops::copy_(out, Scalar(other));
  }>(t, OpId::aten_copy__int);
  bind<[](const Tensor &self, Scalar value) {
    Tensor out = self;
    return ops::fill_(out, value);
  }>(t, OpId::aten_fill__Scalar);
  bind<[](const Tensor &self, const Tensor &value) {
    Tensor out = self;
    return ops::fill_(out, value);
  }>(t, OpId::aten_fill__Tensor);
  bind<[](const Tensor &self) {
    Tensor out = self;
    return ops::zero_(out);
  }>(t, OpId::aten_zero_);
}

void registerRearrangeKernels(KernelTable &t) {
  bind<[](std::vector<Tensor> tensors, int64_t dim) {
    return ops::cat(tensors, dim);
  }>(t, OpId::aten_cat);
  bind<[](std::vector<Tensor> tensors, int64_t dim) {
    return ops::stack(tensors, dim);
  }>(t, OpId::aten_stack);
  bind<[](const Tensor &self, std::vector<int64_t> repeats) {
    return ops::repeat(self, repeats);
  }>(t, OpId::aten_repeat);
  bind<[](const Tensor &self, std::vector<int64_t> shifts,
          std::vector<int64_t> dims) { return ops::roll(self, shifts, dims); }>(
      t, OpId::aten_roll);
  bind<[](const Tensor &self, std::vector<int64_t> dims) {
    return ops::flip(self, dims);
  }>(t, OpId::aten_flip);
  bind<[](const Tensor &self, int64_t diagonal) {
    return ops::tril(self, diagonal);
  }>(t, OpId::aten_tril);
  bind<[](const Tensor &self, int64_t diagonal) {
    return ops::triu(self, diagonal);
  }>(t, OpId::aten_triu);
  bind<[](const Tensor &self, int64_t diagonal) {
    Tensor out = self;
    return ops::tril_(out, diagonal);
  }>(t, OpId::aten_tril_);
  bind<[](const Tensor &self, int64_t diagonal) {
    Tensor out = self;
    return ops::triu_(out, diagonal);
  }>(t, OpId::aten_triu_);
  bind<[](const Tensor &self, int64_t dim, bool descending) {
    return ops::sort(self, dim, descending);
  }>(t, OpId::aten_sort);
  // Kiln's sort is always stable, which stable=False allows.
  bind<[](const Tensor &self, std::optional<bool> stable, int64_t dim,
          bool descending) {
    KILN_USER_CHECK(stable.has_value(),
                    "aten::sort: stable must be True or False, not None");
    return ops::sort(self, dim, descending);
  }>(t, OpId::aten_sort_stable);
  bind<[](const Tensor &self, int64_t dim, bool descending) {
    return std::get<1>(ops::sort(self, dim, descending));
  }>(t, OpId::aten_argsort);
  bind<[](const Tensor &self, bool stable, int64_t dim, bool descending) {
    (void)stable; // Kiln's sort is always stable
    return std::get<1>(ops::sort(self, dim, descending));
  }>(t, OpId::aten_argsort_stable);
  // The k first of a sort (stable, so ties keep their order); `sorted` may
  // be False, which allows any order.
  bind<[](const Tensor &self, int64_t k, int64_t dim, bool largest,
          bool sorted) {
    (void)sorted;
    int64_t d = self.dim() == 0 ? 0 : (dim < 0 ? dim + self.dim() : dim);
    int64_t size = self.dim() == 0 ? 1 : self.size(d);
    KILN_USER_CHECK(k >= 0 && k <= size,
                    "aten::topk: selected index k out of range (k = ", k,
                    ", dimension size ", size, ")");
    auto [values, indices] = ops::sort(self, dim, largest);
    if (self.dim() == 0)
      return std::make_tuple(values, indices);
    return std::make_tuple(ops::narrow(values, d, 0, k).contiguous(),
                           ops::narrow(indices, d, 0, k).contiguous());
  }>(t, OpId::aten_topk);
  // One row of indices per nonzero element (as_tuple=False).
  bind<[](const Tensor &self) {
    std::vector<Tensor> columns = ops::where(self);
    if (self.dim() == 0) { // [n, 0]
      std::vector<int64_t> column = {columns[0].size(0), 1};
      return ops::narrow(ops::reshape(columns[0], column), 1, 0, 0)
          .contiguous();
    }
    return ops::stack(columns, 1);
  }>(t, OpId::aten_nonzero);
  // Each element (along dim, else of the flattened tensor) `repeats` times.
  bind<[](const Tensor &self, int64_t repeats, std::optional<int64_t> dim,
          std::optional<int64_t> outputSize) {
    KILN_USER_CHECK(repeats >= 0,
                    "aten::repeat_interleave: repeats must be >= 0, not ",
                    repeats);
    Tensor x = dim ? self : ops::flatten(self);
    int64_t d = dim ? (*dim < 0 ? *dim + x.dim() : *dim) : 0;
    KILN_USER_CHECK(d >= 0 && d < std::max<int64_t>(x.dim(), 1),
                    "aten::repeat_interleave: dim ", *dim, " is out of range");
    if (x.dim() == 0)
      x = ops::unsqueeze(x, 0);
    std::vector<int64_t> sizes = x.sizes();
    Tensor spread = ops::unsqueeze(x, d + 1);
    std::vector<int64_t> wide = spread.sizes();
    wide[size_t(d + 1)] = repeats;
    sizes[size_t(d)] *= repeats;
    KILN_USER_CHECK(!outputSize || *outputSize == sizes[size_t(d)],
                    "aten::repeat_interleave: output_size ", *outputSize,
                    " does not match the result's ", sizes[size_t(d)]);
    return ops::reshape(ops::expand(spread, wide).contiguous(), sizes);
  }>(t, OpId::aten_repeat_interleave_self_int);
}

void registerIndexKernels(KernelTable &t) {
  bind<[](const Tensor &self, int64_t dim, const Tensor &index) {
    return ops::index_select(self, dim, index);
  }>(t, OpId::aten_index_select);
  bind<[](const Tensor &self, OptionalTensors indices) {
    return ops::index(self, indices);
  }>(t, OpId::aten_index_Tensor);
  bind<[](const Tensor &self, std::vector<Tensor> indices) {
    return ops::index(self, allPresent(indices));
  }>(t, OpId::aten_index_Tensor_hacked_twin);
  bind<[](const Tensor &self, OptionalTensors indices, const Tensor &values,
          bool accumulate) {
    return ops::index_put(self, indices, values, accumulate);
  }>(t, OpId::aten_index_put);
  bind<[](const Tensor &self, std::vector<Tensor> indices, const Tensor &values,
          bool accumulate) {
    return ops::index_put(self, allPresent(indices), values, accumulate);
  }>(t, OpId::aten_index_put_hacked_twin);
  bind<[](const Tensor &self, OptionalTensors indices, const Tensor &values,
          bool accumulate) {
    Tensor out = self;
    return ops::index_put_(out, indices, values, accumulate);
  }>(t, OpId::aten_index_put_);
  bind<[](const Tensor &self, std::vector<Tensor> indices, const Tensor &values,
          bool accumulate) {
    Tensor out = self;
    return ops::index_put_(out, allPresent(indices), values, accumulate);
  }>(t, OpId::aten_index_put__hacked_twin);
  // sparse_grad only changes the gradient's layout.
  bind<[](const Tensor &self, int64_t dim, const Tensor &index, bool) {
    return ops::gather(self, dim, index);
  }>(t, OpId::aten_gather);
  bind<[](const Tensor &weight, const Tensor &indices, int64_t paddingIdx,
          bool scaleGradByFreq, bool sparse) {
    return ops::embedding(weight, indices, paddingIdx, scaleGradByFreq, sparse);
  }>(t, OpId::aten_embedding);
}

void registerScatterKernels(KernelTable &t) {
  bind<[](const Tensor &self, int64_t dim, const Tensor &index,
          const Tensor &src) { return ops::scatter(self, dim, index, src); }>(
      t, OpId::aten_scatter_src);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index, Scalar value) {
    return ops::scatter(self, dim, index, value);
  }>(t, OpId::aten_scatter_value);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index,
          const Tensor &src, const std::string &reduce) {
    return ops::scatter(self, dim, index, src,
                        ops::scatterReduceFromName("aten::scatter", reduce));
  }>(t, OpId::aten_scatter_reduce);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index, Scalar value,
          const std::string &reduce) {
    return ops::scatter(self, dim, index, value,
                        ops::scatterReduceFromName("aten::scatter", reduce));
  }>(t, OpId::aten_scatter_value_reduce);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index,
          const Tensor &src) {
    Tensor out = self;
    return ops::scatter_(out, dim, index, src);
  }>(t, OpId::aten_scatter__src);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index, Scalar value) {
    Tensor out = self;
    return ops::scatter_(out, dim, index, value);
  }>(t, OpId::aten_scatter__value);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index,
          const Tensor &src, const std::string &reduce) {
    Tensor out = self;
    return ops::scatter_(out, dim, index, src,
                         ops::scatterReduceFromName("aten::scatter_", reduce));
  }>(t, OpId::aten_scatter__reduce);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index, Scalar value,
          const std::string &reduce) {
    Tensor out = self;
    return ops::scatter_(out, dim, index, value,
                         ops::scatterReduceFromName("aten::scatter_", reduce));
  }>(t, OpId::aten_scatter__value_reduce);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index,
          const Tensor &src) {
    return ops::scatter_add(self, dim, index, src);
  }>(t, OpId::aten_scatter_add);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index,
          const Tensor &src) {
    Tensor out = self;
    return ops::scatter_add_(out, dim, index, src);
  }>(t, OpId::aten_scatter_add_);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index,
          const Tensor &src, const std::string &reduce, bool includeSelf) {
    return ops::scatter_reduce(
        self, dim, index, src,
        ops::scatterReduceTwoFromName("aten::scatter_reduce", reduce),
        includeSelf);
  }>(t, OpId::aten_scatter_reduce_two);
  bind<[](const Tensor &self, int64_t dim, const Tensor &index,
          const Tensor &src, const std::string &reduce, bool includeSelf) {
    Tensor out = self;
    return ops::scatter_reduce_(
        out, dim, index, src,
        ops::scatterReduceTwoFromName("aten::scatter_reduce_", reduce),
        includeSelf);
  }>(t, OpId::aten_scatter_reduce__two);
}

void registerMaskKernels(KernelTable &t) {
  bind<[](const Tensor &self, const Tensor &mask, Scalar value) {
    return ops::masked_fill(self, mask, value);
  }>(t, OpId::aten_masked_fill_Scalar);
  bind<[](const Tensor &self, const Tensor &mask, const Tensor &value) {
    return ops::masked_fill(self, mask, value);
  }>(t, OpId::aten_masked_fill_Tensor);
  bind<[](const Tensor &self, const Tensor &mask, Scalar value) {
    Tensor out = self;
    return ops::masked_fill_(out, mask, value);
  }>(t, OpId::aten_masked_fill__Scalar);
  bind<[](const Tensor &self, const Tensor &mask, const Tensor &value) {
    Tensor out = self;
    return ops::masked_fill_(out, mask, value);
  }>(t, OpId::aten_masked_fill__Tensor);
  bind<[](const Tensor &self, const Tensor &mask) {
    return ops::masked_select(self, mask);
  }>(t, OpId::aten_masked_select);
  bind<[](const Tensor &self, const Tensor &mask, const Tensor &source) {
    return ops::masked_scatter(self, mask, source);
  }>(t, OpId::aten_masked_scatter);
  bind<[](const Tensor &self, const Tensor &mask, const Tensor &source) {
    Tensor out = self;
    return ops::masked_scatter_(out, mask, source);
  }>(t, OpId::aten_masked_scatter_);
}

} // namespace

void registerShapeKernels(KernelTable &t) {
  registerViewKernels(t);
  registerSliceKernels(t);
  registerCopyKernels(t);
  registerRearrangeKernels(t);
  registerIndexKernels(t);
  registerScatterKernels(t);
  registerMaskKernels(t);
}

} // namespace kiln
