//===- Reduction.cpp - Kernels of the reductions --------------------------===//
//
// The reductions of ir/ops/Reduction.def, plus softmax and log_softmax of
// NN.def, which are reductions along a dimension and live with them.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Reduction.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/tensor/ops/Extrema.h"
#include "runtime/tensor/ops/Norm.h"
#include "runtime/tensor/ops/Scan.h"
#include "runtime/tensor/ops/Softmax.h"

namespace kiln {

namespace {

using Dims = std::vector<int64_t>;
using OptionalDims = std::optional<std::vector<int64_t>>;
using OptionalDtype = std::optional<ScalarType>;

/// `int[1]? dim`: None (like []) reduces every dimension.
Dims allIfNone(const OptionalDims &dim) { return dim.value_or(Dims{}); }

/// The `unbiased` flag of var/std as a correction.
int64_t correctionOf(bool unbiased) { return unbiased ? 1 : 0; }

void registerFolds(KernelTable &t) {
  bind<[](const Tensor &self, OptionalDtype dtype) {
    return ops::sum(self, dtype);
  }>(t, OpId::aten_sum);
  bind<[](const Tensor &self, OptionalDims dim, bool keepdim,
          OptionalDtype dtype) {
    return ops::sum(self, allIfNone(dim), keepdim, dtype);
  }>(t, OpId::aten_sum_dim_IntList);
  bind<[](const Tensor &self, OptionalDims dim, bool keepdim,
          OptionalDtype dtype) {
    return ops::nansum(self, allIfNone(dim), keepdim, dtype);
  }>(t, OpId::aten_nansum);
  bind<[](const Tensor &self, OptionalDtype dtype) {
    return ops::mean(self, dtype);
  }>(t, OpId::aten_mean);
  bind<[](const Tensor &self, OptionalDims dim, bool keepdim,
          OptionalDtype dtype) {
    return ops::mean(self, allIfNone(dim), keepdim, dtype);
  }>(t, OpId::aten_mean_dim);
  bind<[](const Tensor &self, OptionalDims dim, bool keepdim,
          OptionalDtype dtype) {
    return ops::nanmean(self, allIfNone(dim), keepdim, dtype);
  }>(t, OpId::aten_nanmean);
  bind<[](const Tensor &self, OptionalDtype dtype) {
    return ops::prod(self, dtype);
  }>(t, OpId::aten_prod);
  bind<[](const Tensor &self, int64_t dim, bool keepdim, OptionalDtype dtype) {
    return ops::prod(self, dim, keepdim, dtype);
  }>(t, OpId::aten_prod_dim_int);
  bind<[](const Tensor &self) { return ops::all(self); }>(t, OpId::aten_all);
  bind<[](const Tensor &self, int64_t dim, bool keepdim) {
    return ops::all(self, dim, keepdim);
  }>(t, OpId::aten_all_dim);
  bind<[](const Tensor &self) { return ops::any(self); }>(t, OpId::aten_any);
  bind<[](const Tensor &self, int64_t dim, bool keepdim) {
    return ops::any(self, dim, keepdim);
  }>(t, OpId::aten_any_dim);
  bind<[](const Tensor &self, std::optional<int64_t> dim) {
    return ops::count_nonzero(self, dim);
  }>(t, OpId::aten_count_nonzero);
  bind<[](const Tensor &self, Dims dim) {
    return ops::count_nonzero(self, dim);
  }>(t, OpId::aten_count_nonzero_dim_IntList);
  bind<[](const Tensor &self, Dims dim, bool keepdim) {
    return ops::logsumexp(self, dim, keepdim);
  }>(t, OpId::aten_logsumexp);
}

void registerMoments(KernelTable &t) {
  bind<[](const Tensor &self, bool unbiased) {
    return ops::var(self, {}, correctionOf(unbiased), false);
  }>(t, OpId::aten_var);
  bind<[](const Tensor &self, OptionalDims dim, bool unbiased, bool keepdim) {
    return ops::var(self, allIfNone(dim), correctionOf(unbiased), keepdim);
  }>(t, OpId::aten_var_dim);
  bind<[](const Tensor &self, OptionalDims dim,
          std::optional<int64_t> correction, bool keepdim) {
    return ops::var(self, allIfNone(dim), correction, keepdim);
  }>(t, OpId::aten_var_correction);
  bind<[](const Tensor &self, bool unbiased) {
    return ops::std(self, {}, correctionOf(unbiased), false);
  }>(t, OpId::aten_std);
  bind<[](const Tensor &self, OptionalDims dim, bool unbiased, bool keepdim) {
    return ops::std(self, allIfNone(dim), correctionOf(unbiased), keepdim);
  }>(t, OpId::aten_std_dim);
  bind<[](const Tensor &self, OptionalDims dim,
          std::optional<int64_t> correction, bool keepdim) {
    return ops::std(self, allIfNone(dim), correction, keepdim);
  }>(t, OpId::aten_std_correction);
  bind<[](const Tensor &self, bool unbiased) {
    return ops::var_mean(self, {}, correctionOf(unbiased), false);
  }>(t, OpId::aten_var_mean);
  bind<[](const Tensor &self, OptionalDims dim, bool unbiased, bool keepdim) {
    return ops::var_mean(self, allIfNone(dim), correctionOf(unbiased), keepdim);
  }>(t, OpId::aten_var_mean_dim);
  bind<[](const Tensor &self, OptionalDims dim,
          std::optional<int64_t> correction, bool keepdim) {
    return ops::var_mean(self, allIfNone(dim), correction, keepdim);
  }>(t, OpId::aten_var_mean_correction);
  bind<[](const Tensor &self, bool unbiased) {
    return ops::std_mean(self, {}, correctionOf(unbiased), false);
  }>(t, OpId::aten_std_mean);
  bind<[](const Tensor &self, OptionalDims dim, bool unbiased, bool keepdim) {
    return ops::std_mean(self, allIfNone(dim), correctionOf(unbiased), keepdim);
  }>(t, OpId::aten_std_mean_dim);
  bind<[](const Tensor &self, OptionalDims dim,
          std::optional<int64_t> correction, bool keepdim) {
    return ops::std_mean(self, allIfNone(dim), correction, keepdim);
  }>(t, OpId::aten_std_mean_correction);
}

void registerExtrema(KernelTable &t) {
  bind<[](const Tensor &self, Dims dim, bool keepdim) {
    return ops::amax(self, dim, keepdim);
  }>(t, OpId::aten_amax);
  bind<[](const Tensor &self, Dims dim, bool keepdim) {
    return ops::amin(self, dim, keepdim);
  }>(t, OpId::aten_amin);
  bind<[](const Tensor &self, std::optional<int64_t> dim, bool keepdim) {
    return ops::aminmax(self, dim, keepdim);
  }>(t, OpId::aten_aminmax);
  bind<[](const Tensor &self) { return ops::max(self); }>(t, OpId::aten_max);
  bind<[](const Tensor &self, int64_t dim, bool keepdim) {
    return ops::max(self, dim, keepdim);
  }>(t, OpId::aten_max_dim);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::max(self, other);
  }>(t, OpId::aten_max_other);
  bind<[](const Tensor &self) { return ops::min(self); }>(t, OpId::aten_min);
  bind<[](const Tensor &self, int64_t dim, bool keepdim) {
    return ops::min(self, dim, keepdim);
  }>(t, OpId::aten_min_dim);
  bind<[](const Tensor &self, const Tensor &other) {
    return ops::min(self, other);
  }>(t, OpId::aten_min_other);
  bind<[](const Tensor &self, std::optional<int64_t> dim, bool keepdim) {
    return ops::argmax(self, dim, keepdim);
  }>(t, OpId::aten_argmax);
  bind<[](const Tensor &self, std::optional<int64_t> dim, bool keepdim) {
    return ops::argmin(self, dim, keepdim);
  }>(t, OpId::aten_argmin);
  bind<[](const Tensor &self) { return ops::median(self); }>(t,
                                                             OpId::aten_median);
  bind<[](const Tensor &self, int64_t dim, bool keepdim) {
    return ops::median(self, dim, keepdim);
  }>(t, OpId::aten_median_dim);
  bind<[](const Tensor &self) { return ops::nanmedian(self); }>(
      t, OpId::aten_nanmedian);
  bind<[](const Tensor &self, int64_t dim, bool keepdim) {
    return ops::nanmedian(self, dim, keepdim);
  }>(t, OpId::aten_nanmedian_dim);
}

void registerNorms(KernelTable &t) {
  bind<[](const Tensor &self, Scalar p) {
    return ops::norm(self, p, {}, false);
  }>(t, OpId::aten_norm_Scalar);
  bind<[](const Tensor &self, std::optional<Scalar> p, Dims dim, bool keepdim) {
    return ops::norm(self, p, dim, keepdim);
  }>(t, OpId::aten_norm_ScalarOpt_dim);
  bind<[](const Tensor &self, std::optional<Scalar> p, Dims dim, bool keepdim,
          ScalarType dtype) {
    return ops::norm(self, p, dim, keepdim, dtype);
  }>(t, OpId::aten_norm_ScalarOpt_dim_dtype);
  bind<[](const Tensor &self, std::optional<Scalar> p, ScalarType dtype) {
    return ops::norm(self, p, {}, false, dtype);
  }>(t, OpId::aten_norm_ScalarOpt_dtype);
  bind<[](const Tensor &self, std::optional<Scalar> ord, OptionalDims dim,
          bool keepdim, OptionalDtype dtype) {
    return ops::linalg_norm(self, ord, dim, keepdim, dtype);
  }>(t, OpId::aten_linalg_norm);
  bind<[](const Tensor &self, const std::string &ord, OptionalDims dim,
          bool keepdim, OptionalDtype dtype) {
    return ops::linalg_norm(self, ord, dim, keepdim, dtype);
  }>(t, OpId::aten_linalg_norm_ord_str);
}

void registerScansAndSoftmax(KernelTable &t) {
  bind<[](const Tensor &self, int64_t dim, OptionalDtype dtype) {
    return ops::cumsum(self, dim, dtype);
  }>(t, OpId::aten_cumsum);
  bind<[](const Tensor &self, int64_t dim, OptionalDtype dtype) {
    Tensor out = self;
    return ops::cumsum_(out, dim, dtype);
  }>(t, OpId::aten_cumsum_);
  bind<[](const Tensor &self, int64_t dim, OptionalDtype dtype) {
    return ops::cumprod(self, dim, dtype);
  }>(t, OpId::aten_cumprod);
  bind<[](const Tensor &self, int64_t dim, OptionalDtype dtype) {
    Tensor out = self;
    return ops::cumprod_(out, dim, dtype);
  }>(t, OpId::aten_cumprod_);
  bind<[](const Tensor &self, int64_t dim, OptionalDtype dtype) {
    return ops::softmax(self, dim, dtype);
  }>(t, OpId::aten_softmax_int);
  bind<[](const Tensor &self, int64_t dim, OptionalDtype dtype) {
    return ops::log_softmax(self, dim, dtype);
  }>(t, OpId::aten_log_softmax_int);
}

} // namespace

void registerReductionKernels(KernelTable &t) {
  registerFolds(t);
  registerMoments(t);
  registerExtrema(t);
  registerNorms(t);
  registerScansAndSoftmax(t);
}

} // namespace kiln
