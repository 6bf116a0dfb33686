//===- ShapeRules.cpp -----------------------------------------------------===//
//
// Rules are looked up by OpId. Families share one rule written against the
// schema's argument names ("dim", "keepdim", "dtype", "size"), so overloads
// of an op need no rule each; the Elementwise and Reduction traits select
// the broadcasting and reduction rules. This file holds those two families
// and the table; ShapeRulesStructural.cpp the others.
//
//===----------------------------------------------------------------------===//
#include "passes/ShapeRules.h"

#include "passes/ShapeRuleSupport.h"

#include <array>

namespace kiln {

namespace shape_rules {
//===--- Broadcasting and promotion
//----------------------------------------===//

std::optional<Dims> broadcast(const std::vector<std::optional<Dims>> &shapes) {
  size_t rank = 0;
  for (const auto &s : shapes) {
    if (!s)
      return std::nullopt;
    rank = std::max(rank, s->size());
  }
  Dims out(rank);
  for (size_t d = 0; d < rank; ++d) {
    std::optional<int64_t> known; // a size other than 1
    bool anyUnknown = false, conflict = false;
    for (const auto &s : shapes) {
      if (s->size() + d < rank)
        continue;
      const auto &size = (*s)[d - (rank - s->size())];
      if (!size)
        anyUnknown = true;
      else if (*size != 1) {
        conflict = conflict || (known && *known != *size);
        known = *size;
      }
    }
    if (conflict)
      return std::nullopt; // the kernel will report it
    if (known)
      out[d] = known; // unknown sizes must be 1 or this
    else if (!anyUnknown)
      out[d] = 1;
  }
  return out;
}

Category categoryOf(ScalarType t) {
  if (t == ScalarType::Bool)
    return Category::Bool;
  return isFloatingType(t) ? Category::Floating : Category::Integral;
}

// One operand of torch.result_type: a tensor (rank maybe unknown) or a
// Python number (dtype maybe unknown: a `Scalar` is an int or a float).
struct PromotionOperand {
  std::optional<ScalarType> dtype;
  std::optional<bool> dimensioned; // tensors; nullopt: rank unknown
  bool isNumber = false;
};

std::optional<ScalarType>
resultTypeOnce(const std::vector<PromotionOperand> &ops,
               const std::vector<bool> &choice) {
  std::optional<ScalarType> dim, zero, wrapped;
  auto promote = [](std::optional<ScalarType> acc, ScalarType t) {
    return acc ? promoteTypes(*acc, t) : t;
  };
  size_t c = 0;
  for (const PromotionOperand &o : ops) {
    bool isDim = o.dimensioned ? *o.dimensioned : false;
    if (!o.isNumber && !o.dimensioned)
      isDim = choice[c++];
    if (o.isNumber)
      wrapped = promote(wrapped, *o.dtype);
    else if (isDim)
      dim = promote(dim, *o.dtype);
    else
      zero = promote(zero, *o.dtype);
  }
  // Lower-priority groups only raise the category.
  auto combine = [](std::optional<ScalarType> hi,
                    std::optional<ScalarType> lo) -> std::optional<ScalarType> {
    if (!hi)
      return lo;
    if (!lo || categoryOf(*lo) <= categoryOf(*hi))
      return hi;
    return lo == ScalarType::Double && categoryOf(*hi) != Category::Floating
               ? ScalarType::Float // a float number: the default dtype
               : promoteTypes(*hi, *lo);
  };
  return combine(dim, combine(zero, wrapped));
}

// torch.result_type over every possibility of what is unknown; known when
// they all agree.
std::optional<ScalarType> resultType(const std::vector<PromotionOperand> &ops) {
  size_t unknownRanks = 0;
  for (const PromotionOperand &o : ops) {
    if (!o.dtype)
      return std::nullopt;
    if (!o.isNumber && !o.dimensioned)
      ++unknownRanks;
  }
  if (ops.empty() || unknownRanks > 4)
    return std::nullopt;
  std::optional<ScalarType> result;
  for (size_t bits = 0; bits < (size_t{1} << unknownRanks); ++bits) {
    std::vector<bool> choice;
    for (size_t i = 0; i < unknownRanks; ++i)
      choice.push_back((bits >> i) & 1);
    auto r = resultTypeOnce(ops, choice);
    if (!r || (result && *result != *r))
      return std::nullopt;
    result = r;
  }
  return result;
}

// How an elementwise op's result dtype follows from the promoted one.
enum class ResultKind { Promoted, Bool, FloatOfIntegral };

ResultKind resultKindOf(std::string_view name) {
  static const std::array<std::string_view, 19> boolResults = {
      "aten::eq",          "aten::ne",         "aten::lt",
      "aten::le",          "aten::gt",         "aten::ge",
      "aten::isnan",       "aten::isinf",      "aten::isfinite",
      "aten::isneginf",    "aten::isposinf",   "aten::isreal",
      "aten::logical_and", "aten::logical_or", "aten::logical_xor",
      "aten::logical_not", "aten::signbit",    "aten::__and__.never",
      "aten::__or__.never"};
  static const std::array<std::string_view, 45> floatResults = {
      "aten::div",        "aten::true_divide", "aten::sin",
      "aten::cos",        "aten::tan",         "aten::asin",
      "aten::acos",       "aten::atan",        "aten::sinh",
      "aten::cosh",       "aten::tanh",        "aten::asinh",
      "aten::acosh",      "aten::atanh",       "aten::exp",
      "aten::exp2",       "aten::expm1",       "aten::log",
      "aten::log2",       "aten::log10",       "aten::log1p",
      "aten::sqrt",       "aten::rsqrt",       "aten::sigmoid",
      "aten::erf",        "aten::erfc",        "aten::erfinv",
      "aten::reciprocal", "aten::lgamma",      "aten::digamma",
      "aten::logit",      "aten::atan2",       "aten::arctan2",
      "aten::hypot",      "aten::logaddexp",   "aten::lerp",
      "aten::xlogy",      "aten::gelu",        "aten::silu",
      "aten::mish",       "aten::elu",         "aten::softplus",
      "aten::copysign",   "aten::ldexp",       "aten::angle"};
  for (std::string_view b : boolResults)
    if (b == name)
      return ResultKind::Bool;
  for (std::string_view f : floatResults)
    if (f == name)
      return ResultKind::FloatOfIntegral;
  return ResultKind::Promoted;
}

// Scalars that take part in promotion are the op's value operands; others
// (alpha, min, max, value, ...) do not, so with those the dtype is only
// certain when the tensors' category is floating already.
bool isValueOperand(std::string_view name) {
  return name == "self" || name == "other" || name == "exponent";
}

std::vector<TensorInfo> elementwiseRule(const Args &a) {
  const OpInfo &op = a.op();
  const auto &params = op.schema.arguments();
  std::vector<std::optional<Dims>> shapes;
  std::vector<PromotionOperand> operands;
  bool otherScalars = false, unknownOptional = false;
  for (size_t i = 0; i < params.size() && i < a.node()->inputs().size(); ++i) {
    const Value *in = a.node()->input(i);
    const Argument &param = params[i];
    TypeKind formal = param.type->kind();
    if (auto opt = param.type->cast<OptionalType>())
      formal = opt->element()->kind();
    if (formal == TypeKind::Tensor) {
      if (in->type()->isa<NoneType>())
        continue;
      if (!in->type()->isa<TensorType>()) {
        unknownOptional = true; // Tensor? that may be None
        continue;
      }
      TensorInfo t = TensorInfo::of(in->type());
      shapes.push_back(t.sizes);
      PromotionOperand o;
      o.dtype = t.dtype;
      if (t.sizes)
        o.dimensioned = !t.sizes->empty();
      operands.push_back(o);
    } else if (formal == TypeKind::Number || formal == TypeKind::Int ||
               formal == TypeKind::Float || formal == TypeKind::Bool) {
      if (in->type()->isa<NoneType>())
        continue;
      if (!isValueOperand(param.name)) {
        otherScalars = true;
        continue;
      }
      PromotionOperand o;
      o.isNumber = true;
      switch (in->type()->kind()) {
      case TypeKind::Int:
        o.dtype = ScalarType::Long;
        break;
      case TypeKind::Float:
        o.dtype = ScalarType::Double;
        break;
      case TypeKind::Bool:
        o.dtype = ScalarType::Bool;
        break;
      default:
        break; // a Scalar: int or float
      }
      operands.push_back(o);
    }
  }
  TensorInfo out = a.common();
  out.sizes = unknownOptional ? std::nullopt : broadcast(shapes);
  std::optional<ScalarType> promoted =
      unknownOptional ? std::nullopt : resultType(operands);
  // Python floats promote as the default dtype, float32.
  if (promoted == ScalarType::Double) {
    bool fromTensor = false;
    for (const PromotionOperand &o : operands)
      fromTensor = fromTensor || (!o.isNumber && o.dtype == ScalarType::Double);
    if (!fromTensor)
      promoted = ScalarType::Float;
  }
  if (promoted && otherScalars && categoryOf(*promoted) != Category::Floating)
    promoted.reset();
  switch (resultKindOf(op.schema.name())) {
  case ResultKind::Bool:
    out.dtype = ScalarType::Bool;
    break;
  case ResultKind::FloatOfIntegral:
    if (promoted && categoryOf(*promoted) != Category::Floating)
      promoted = ScalarType::Float;
    out.dtype = promoted;
    break;
  case ResultKind::Promoted:
    out.dtype = promoted;
    break;
  }
  std::vector<TensorInfo> outs(a.node()->outputs().size(), out);
  if (outs.size() > 1)
    for (TensorInfo &o : outs)
      o.dtype.reset(); // frexp: mantissa and exponent differ
  return outs;
}

//===--- Reductions
//---------------------------------------------------------===//

std::vector<TensorInfo> reductionRule(const Args &a) {
  TensorInfo self = a.tensor("self");
  TensorInfo out = a.common();
  std::string_view name = a.op().schema.name();
  bool keepdim = false;
  if (a.has("keepdim")) {
    auto k = a.boolean("keepdim");
    if (!k)
      return {out};
    keepdim = *k;
  }
  if (self.sizes) {
    size_t rank = self.sizes->size();
    std::vector<bool> reduced(rank, false);
    bool ok = true;
    if (!a.has("dim") || a.isNone("dim")) {
      std::fill(reduced.begin(), reduced.end(), true);
    } else if (auto dims = a.ints("dim")) {
      if (dims->empty() && name != "aten::count_nonzero")
        std::fill(reduced.begin(), reduced.end(), true); // sum(x, [])
      for (const auto &d : *dims) {
        auto n = d ? normalizeDim(*d, rank) : std::nullopt;
        if (!n) {
          ok = false;
          break;
        }
        if (rank > 0)
          reduced[static_cast<size_t>(*n)] = true;
      }
    } else {
      ok = false;
    }
    if (ok) {
      Dims sizes;
      for (size_t i = 0; i < rank; ++i) {
        if (!reduced[i])
          sizes.push_back((*self.sizes)[i]);
        else if (keepdim)
          sizes.push_back(1);
      }
      out.sizes = sizes;
    }
  }
  // The result's dtype.
  auto dtype = a.has("dtype") ? a.dtype("dtype")
                              : std::optional<std::optional<ScalarType>>(
                                    std::optional<ScalarType>());
  if (dtype && *dtype) {
    out.dtype = **dtype;
  } else if (dtype && self.dtype) {
    bool integral = categoryOf(*self.dtype) != Category::Floating;
    if (name == "aten::argmax" || name == "aten::argmin" ||
        name == "aten::count_nonzero")
      out.dtype = ScalarType::Long;
    else if (name == "aten::all" || name == "aten::any")
      out.dtype = ScalarType::Bool;
    else if (name == "aten::sum" || name == "aten::prod" ||
             name == "aten::nansum")
      out.dtype = integral ? ScalarType::Long : *self.dtype;
    else if (!integral)
      out.dtype = *self.dtype; // mean, amax, max.dim values, std, norm, ...
    else if (name == "aten::amax" || name == "aten::amin" ||
             name == "aten::max" || name == "aten::min")
      out.dtype = *self.dtype;
  }
  std::vector<TensorInfo> outs(a.node()->outputs().size(), out);
  if (outs.size() == 2 && (name == "aten::max" || name == "aten::min" ||
                           name == "aten::median" || name == "aten::nanmedian"))
    outs[1].dtype = ScalarType::Long; // (values, indices)
  else if (outs.size() == 2)
    outs[1].dtype = outs[0].dtype; // std_mean, var_mean, aminmax
  return outs;
}

//===--- The table
//----------------------------------------------------------===//

// The written argument of an in-place op keeps its type.
std::vector<TensorInfo> inPlaceRule(const Args &a) {
  const auto &params = a.op().schema.arguments();
  for (size_t i = 0; i < params.size() && i < a.node()->inputs().size(); ++i)
    if (params[i].isWritten())
      return {TensorInfo::of(a.node()->input(i)->type())};
  return {TensorInfo()};
}

} // namespace shape_rules

namespace {

using namespace shape_rules;

class RuleTable {
public:
  static const RuleTable &get() {
    static const RuleTable table;
    return table;
  }
  const Rule *find(const OpInfo &op) const {
    const Rule &r = rules_[static_cast<size_t>(op.id)];
    return r ? &r : nullptr;
  }

private:
  RuleTable() : rules_(static_cast<size_t>(OpId::NumOps)) {
    for (const OpInfo &op : OpTable::get().all()) {
      bool tensorResults =
          !op.schema.returns().empty() && !op.schema.isVarret();
      for (const Argument &r : op.schema.returns())
        tensorResults = tensorResults && r.type->isa<TensorType>();
      if (!tensorResults)
        continue;
      if (op.isElementwise())
        set(op.id, op.isMutating() ? inPlaceRule : elementwiseRule);
      else if (op.isReduction() && !op.isMutating() &&
               !op.schema.name().starts_with("aten::cum"))
        set(op.id, reductionRule);
      else if (op.isMutating() && op.schema.returns().size() == 1 &&
               op.schema.returns()[0].alias &&
               op.schema.returns()[0].alias->isWrite &&
               !changesMetadata(op.schema.name()))
        set(op.id, inPlaceRule); // fill_, copy_, index_put_, ...
    }
    for (OpId id : {OpId::aten_mm, OpId::aten_bmm, OpId::aten_matmul,
                    OpId::aten_mv, OpId::aten_dot, OpId::aten_linear,
                    OpId::aten_addmm, OpId::aten_addmv, OpId::aten_baddbmm})
      set(id, matmulRule);
    for (OpId id : {OpId::aten_conv1d, OpId::aten_conv2d, OpId::aten_conv3d,
                    OpId::aten_conv1d_padding, OpId::aten_conv2d_padding,
                    OpId::aten_conv3d_padding, OpId::aten_convolution,
                    OpId::aten__convolution})
      set(id, convolutionRule);
    for (OpId id : {OpId::aten_max_pool1d, OpId::aten_max_pool2d,
                    OpId::aten_max_pool2d_with_indices,
                    OpId::aten_max_pool1d_with_indices, OpId::aten_avg_pool1d,
                    OpId::aten_avg_pool2d})
      set(id, poolRule);
    for (OpId id :
         {OpId::aten_adaptive_avg_pool1d, OpId::aten_adaptive_avg_pool2d,
          OpId::aten_adaptive_avg_pool3d, OpId::aten_adaptive_max_pool1d,
          OpId::aten_adaptive_max_pool2d})
      set(id, adaptivePoolRule);
    for (OpId id :
         {OpId::aten_view, OpId::aten_reshape, OpId::aten_view_as,
          OpId::aten_reshape_as, OpId::aten_expand_as,
          OpId::aten_flatten_using_ints, OpId::aten_permute,
          OpId::aten_transpose_int, OpId::aten_t, OpId::aten_unsqueeze,
          OpId::aten_squeeze, OpId::aten_squeeze_dim, OpId::aten_select_int,
          OpId::aten_slice_Tensor, OpId::aten_narrow, OpId::aten_narrow_Tensor,
          OpId::aten_index_select, OpId::aten_expand, OpId::aten_repeat})
      set(id, shapeRule);
    set(OpId::aten_sum_to_size, shapeRule);
    set(OpId::aten_cat, joinRule);
    set(OpId::aten_stack, joinRule);
    for (OpId id :
         {OpId::aten_softmax_int, OpId::aten_log_softmax_int,
          OpId::aten_dropout, OpId::aten_feature_dropout, OpId::aten_batch_norm,
          OpId::aten_instance_norm, OpId::aten_layer_norm,
          OpId::aten_group_norm, OpId::aten_clone, OpId::aten_contiguous,
          OpId::aten_detach, OpId::aten_to_dtype, OpId::aten_to_device,
          OpId::aten_embedding})
      set(id, sameShapeRule);
    for (OpId id :
         {OpId::aten_zeros, OpId::aten_ones, OpId::aten_empty_memory_format,
          OpId::aten_full, OpId::aten_rand, OpId::aten_randn,
          OpId::aten_zeros_like, OpId::aten_ones_like, OpId::aten_empty_like,
          OpId::aten_full_like, OpId::aten_rand_like, OpId::aten_randn_like,
          OpId::aten_new_zeros, OpId::aten_new_ones, OpId::aten_new_empty,
          OpId::aten_new_full})
      set(id, creationRule);
    for (OpId id :
         {OpId::aten__softmax_backward_data,
          OpId::aten__log_softmax_backward_data,
          OpId::aten_convolution_backward,
          OpId::aten_native_batch_norm_backward,
          OpId::aten_native_layer_norm_backward, OpId::aten_type_as,
          OpId::aten_max_pool2d_with_indices_backward,
          OpId::aten_avg_pool2d_backward,
          OpId::aten__adaptive_avg_pool2d_backward, OpId::aten_scatter_src,
          OpId::aten_scatter_value, OpId::aten_scatter_reduce,
          OpId::aten_scatter_value_reduce, OpId::aten_scatter_add})
      set(id, backwardRule);
    for (OpId id : {OpId::aten_cross_entropy_loss, OpId::aten_nll_loss,
                    OpId::aten_mse_loss, OpId::aten_l1_loss,
                    OpId::aten_smooth_l1_loss, OpId::aten_binary_cross_entropy,
                    OpId::aten_binary_cross_entropy_with_logits})
      set(id, lossRule);
  }
  void set(OpId id, Rule rule) { rules_[static_cast<size_t>(id)] = rule; }

  std::vector<Rule> rules_;
};

} // namespace

bool changesMetadata(std::string_view name) {
  static const std::array<std::string_view, 10> ops = {
      "aten::resize_",     "aten::resize_as_", "aten::unsqueeze_",
      "aten::squeeze_",    "aten::transpose_", "aten::t_",
      "aten::as_strided_", "aten::set_",       "aten::swapaxes_",
      "aten::swapdims_"};
  return std::find(ops.begin(), ops.end(), name) != ops.end();
}

std::optional<int64_t> knownInt(const Value *v) {
  if (auto c = constantValueOf(v)) {
    if (auto *i = std::get_if<int64_t>(&*c))
      return *i;
    if (auto *b = std::get_if<bool>(&*c))
      return *b ? 1 : 0;
    return std::nullopt;
  }
  const Node *n = v->node();
  const OpInfo *op = n->kind() == prim::Constant ? nullptr : n->maybeOp();
  if (op && op->id == OpId::aten_size_int) {
    TensorInfo t = TensorInfo::of(n->input(0)->type());
    auto dim = knownInt(n->input(1));
    if (t.sizes && dim)
      if (auto d = normalizeDim(*dim, t.sizes->size()); d && !t.sizes->empty())
        return (*t.sizes)[static_cast<size_t>(*d)];
  }
  return std::nullopt;
}

bool hasShapeRule(OpId id) {
  return RuleTable::get().find(OpTable::get().info(id)) != nullptr;
}

std::optional<std::vector<TypePtr>> inferOutputTypes(const Node *node,
                                                     const OpInfo &op) {
  const Rule *rule = RuleTable::get().find(op);
  if (!rule)
    return std::nullopt;
  std::vector<TensorInfo> infos = (*rule)(Args(node, op));
  std::vector<TypePtr> types;
  for (size_t i = 0; i < node->outputs().size(); ++i)
    types.push_back(i < infos.size() ? infos[i].type() : nullptr);
  return types;
}

TypePtr joinTypes(const TypePtr &a, const TypePtr &b) {
  if (!a || !b)
    return nullptr;
  auto ta = a->cast<TensorType>(), tb = b->cast<TensorType>();
  if (!ta || !tb)
    return a->equals(*b) ? a : nullptr;
  auto same = [](const auto &x, const auto &y) {
    return x == y ? x : std::remove_cvref_t<decltype(x)>();
  };
  std::optional<Dims> sizes;
  if (ta->sizes() && tb->sizes() &&
      ta->sizes()->size() == tb->sizes()->size()) {
    sizes = Dims();
    for (size_t i = 0; i < ta->sizes()->size(); ++i)
      sizes->push_back(same((*ta->sizes())[i], (*tb->sizes())[i]));
  }
  return TensorType::create(same(ta->dtype(), tb->dtype()), sizes,
                            same(ta->strides(), tb->strides()),
                            same(ta->requiresGrad(), tb->requiresGrad()),
                            same(ta->device(), tb->device()));
}

} // namespace kiln
