//===- ShapeRulesBackward.cpp - Shape rules of gradient ops ---------------===//
//
// The ops gradient formulas produce (ir/ops/Backward.def, and type_as and
// scatter, which the losses' formulas use): each result has the type of
// one argument, its gradient's counterpart — the input of a pooling or
// normalization, the weight of a convolution. With these, a backward graph
// of a specialized forward graph is typed throughout, so its fusion groups
// and matmuls reach the compiled kernels.
//
//===----------------------------------------------------------------------===//
#include "passes/ShapeRuleSupport.h"

namespace kiln::shape_rules {

namespace {

// `arg`'s dtype and sizes, with the node's common requires_grad/device.
TensorInfo likeArgument(const Args &a, std::string_view arg) {
  TensorInfo t = a.tensor(arg);
  TensorInfo out = a.common();
  out.dtype = t.dtype;
  out.sizes = t.sizes;
  return out;
}

} // namespace

std::vector<TensorInfo> backwardRule(const Args &a) {
  std::string_view name = a.op().schema.name();
  if (name == "aten::_softmax_backward_data" ||
      name == "aten::_log_softmax_backward_data")
    return {likeArgument(a, "grad_output")};
  if (name == "aten::convolution_backward") {
    TensorInfo weight = a.tensor("weight");
    TensorInfo bias = a.common();
    bias.dtype = weight.dtype;
    if (weight.sizes && !weight.sizes->empty())
      bias.sizes = Dims{(*weight.sizes)[0]};
    return {likeArgument(a, "input"), likeArgument(a, "weight"), bias};
  }
  if (name == "aten::native_batch_norm_backward")
    return {likeArgument(a, "input"), likeArgument(a, "weight"),
            likeArgument(a, "weight")};
  if (name == "aten::native_layer_norm_backward")
    return {likeArgument(a, "input"), likeArgument(a, "weight"),
            likeArgument(a, "bias")};
  if (name == "aten::type_as") {
    TensorInfo out = likeArgument(a, "self");
    out.dtype = a.tensor("other").dtype;
    return {out};
  }
  // Pooling backward ops and scatter: the type of `self`.
  return {likeArgument(a, "self")};
}

std::vector<TensorInfo> lossRule(const Args &a) {
  TensorInfo out = likeArgument(a, "self");
  std::optional<int64_t> reduction = a.integer("reduction");
  if (!reduction) {
    out.sizes.reset();
  } else if (*reduction != 0) {
    out.sizes = Dims{}; // mean or sum: a 0-d tensor
  } else if (a.op().schema.name() == "aten::cross_entropy_loss" ||
             a.op().schema.name() == "aten::nll_loss") {
    // One loss per sample: the target's shape (class indices), or the input's
    // without its class dimension.
    TensorInfo target = a.tensor("target");
    out.sizes.reset();
    if (target.dtype && *target.dtype == ScalarType::Long)
      out.sizes = target.sizes;
  } else {
    out.sizes = broadcast({out.sizes, a.tensor("target").sizes});
  }
  return {out};
}

} // namespace kiln::shape_rules
