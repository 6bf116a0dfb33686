//===- ShapeRules.cpp -----------------------------------------------------===//
//
// Rules are looked up by OpId. Families share one rule written against the
// schema's argument names ("dim", "keepdim", "dtype", "size"), so overloads
// of an op need no rule each; the Elementwise and Reduction traits select
// the broadcasting and reduction rules.
//
//===----------------------------------------------------------------------===//
#include "passes/ShapeRules.h"

#include "ir/Constant.h"
#include "ir/IR.h"

#include <algorithm>
#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kiln {

namespace {

using Dims = TensorType::Sizes;

/// What a rule knows of one tensor.
struct TensorInfo {
  std::optional<ScalarType> dtype;
  std::optional<Dims> sizes;
  std::optional<bool> requiresGrad;
  std::optional<std::string> device;

  static TensorInfo of(const TypePtr &type) {
    TensorInfo info;
    if (auto t = type ? type->cast<TensorType>() : nullptr) {
      info.dtype = t->dtype();
      info.sizes = t->sizes();
      info.requiresGrad = t->requiresGrad();
      info.device = t->device();
    }
    return info;
  }
  std::optional<size_t> rank() const {
    return sizes ? std::optional<size_t>(sizes->size()) : std::nullopt;
  }
  TypePtr type() const {
    return TensorType::create(dtype, sizes, std::nullopt, requiresGrad,
                              device);
  }
};

std::optional<int64_t> normalizeDim(int64_t dim, size_t rank) {
  int64_t r = static_cast<int64_t>(rank);
  if (dim < -std::max<int64_t>(r, 1) || dim >= std::max<int64_t>(r, 1))
    return std::nullopt;
  return dim < 0 ? dim + r : dim;
}

std::optional<int64_t> product(const Dims &dims) {
  int64_t n = 1;
  for (const auto &d : dims) {
    if (!d)
      return std::nullopt;
    n *= *d;
  }
  return n;
}

// The arguments of a node, by the schema's names.
class Args {
public:
  Args(const Node *node, const OpInfo &op) : node_(node), op_(op) {}

  const Value *value(std::string_view name) const {
    const auto &args = op_.schema.arguments();
    for (size_t i = 0; i < args.size() && i < node_->inputs().size(); ++i)
      if (args[i].name == name)
        return node_->input(i);
    return nullptr;
  }
  bool has(std::string_view name) const { return value(name) != nullptr; }
  TensorInfo tensor(std::string_view name) const {
    const Value *v = value(name);
    return TensorInfo::of(v ? v->type() : nullptr);
  }
  std::optional<int64_t> integer(std::string_view name) const {
    const Value *v = value(name);
    return v ? knownInt(v) : std::nullopt;
  }
  bool isNone(std::string_view name) const {
    const Value *v = value(name);
    return v && v->type()->isa<NoneType>();
  }
  std::optional<bool> boolean(std::string_view name) const {
    const Value *v = value(name);
    if (!v)
      return std::nullopt;
    auto c = constantValueOf(v);
    if (c && std::holds_alternative<bool>(*c))
      return std::get<bool>(*c);
    if (c && std::holds_alternative<int64_t>(*c))
      return std::get<int64_t>(*c) != 0;
    return std::nullopt;
  }
  std::optional<std::string> string(std::string_view name) const {
    const Value *v = value(name);
    auto c = v ? constantValueOf(v) : std::nullopt;
    if (c && std::holds_alternative<std::string>(*c))
      return std::get<std::string>(*c);
    return std::nullopt;
  }
  /// An int[] argument: a constant list or a ListConstruct whose items may
  /// be partly known. A single int stands for itself repeated (`int[2]`).
  std::optional<Dims> ints(std::string_view name) const {
    const Value *v = value(name);
    if (!v)
      return std::nullopt;
    if (auto c = constantValueOf(v)) {
      if (auto *list = std::get_if<std::vector<int64_t>>(&*c))
        return Dims(list->begin(), list->end());
      if (auto *one = std::get_if<int64_t>(&*c))
        return Dims{*one};
      return std::nullopt;
    }
    if (v->node()->kind() == prim::ListConstruct) {
      Dims dims;
      for (const Value *item : v->node()->inputs())
        dims.push_back(knownInt(item));
      return dims;
    }
    return std::nullopt;
  }
  /// `int[N]` arguments may hold one int for all N.
  std::optional<std::vector<int64_t>> intsOfLength(std::string_view name,
                                                   size_t n) const {
    auto dims = ints(name);
    if (!dims || (dims->size() != n && dims->size() != 1))
      return std::nullopt;
    std::vector<int64_t> out;
    for (size_t i = 0; i < n; ++i) {
      const auto &d = (*dims)[dims->size() == 1 ? 0 : i];
      if (!d)
        return std::nullopt;
      out.push_back(*d);
    }
    return out;
  }
  /// A `ScalarType? dtype` argument: nullopt when unknown, Some(nullopt)
  /// when None.
  std::optional<std::optional<ScalarType>> dtype(std::string_view name) const {
    const Value *v = value(name);
    if (!v || v->type()->isa<NoneType>())
      return std::optional<ScalarType>();
    auto code = knownInt(v);
    if (!code)
      return std::nullopt;
    auto t = scalarTypeFromCode(*code);
    if (!t)
      return std::nullopt;
    return std::optional<ScalarType>(t);
  }
  /// Device and requires_grad that every tensor input agrees on.
  TensorInfo common() const {
    TensorInfo out;
    bool first = true;
    for (const Value *in : node_->inputs()) {
      if (!in->type()->isa<TensorType>())
        continue;
      TensorInfo t = TensorInfo::of(in->type());
      if (first) {
        out.device = t.device;
        out.requiresGrad = t.requiresGrad;
        first = false;
        continue;
      }
      if (out.device != t.device)
        out.device.reset();
      if (out.requiresGrad != t.requiresGrad)
        out.requiresGrad.reset();
    }
    return out;
  }

  const Node *node() const { return node_; }
  const OpInfo &op() const { return op_; }

private:
  const Node *node_;
  const OpInfo &op_;
};

using Rule = std::function<std::vector<TensorInfo>(const Args &)>;

//===--- Broadcasting and promotion ----------------------------------------===//

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

enum class Category { Bool, Integral, Floating };

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
std::optional<ScalarType>
resultType(const std::vector<PromotionOperand> &ops) {
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
  for (size_t i = 0; i < params.size() && i < a.node()->inputs().size();
       ++i) {
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

//===--- Reductions ---------------------------------------------------------===//

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

//===--- Linear algebra -----------------------------------------------------===//

std::optional<ScalarType> sameDtype(std::initializer_list<TensorInfo> ts) {
  std::optional<ScalarType> d;
  for (const TensorInfo &t : ts) {
    if (!t.dtype || (d && *d != *t.dtype))
      return std::nullopt;
    d = t.dtype;
  }
  return d;
}

std::optional<Dims> matmulSizes(const Dims &a, const Dims &b) {
  if (a.empty() || b.empty())
    return std::nullopt;
  if (a.size() == 1 && b.size() == 1)
    return Dims{};
  if (a.size() == 2 && b.size() == 1)
    return Dims{a[0]};
  if (a.size() == 1 && b.size() == 2)
    return Dims{b[1]};
  if (a.size() == 2 && b.size() == 2)
    return Dims{a[0], b[1]};
  // Batched: broadcast the batch dimensions.
  Dims batchA(a.begin(), a.end() - (a.size() > 1 ? 2 : 1));
  Dims batchB(b.begin(), b.end() - (b.size() > 1 ? 2 : 1));
  auto batch = broadcast({batchA, batchB});
  if (!batch)
    return std::nullopt;
  Dims out = *batch;
  if (a.size() > 1)
    out.push_back(a[a.size() - 2]);
  if (b.size() > 1)
    out.push_back(b.back());
  return out;
}

std::vector<TensorInfo> matmulRule(const Args &a) {
  std::string_view name = a.op().schema.name();
  TensorInfo out = a.common();
  TensorInfo x, y;
  if (name == "aten::linear") {
    x = a.tensor("input");
    y = a.tensor("weight");
    out.dtype = sameDtype({x, y});
    if (x.sizes && y.sizes && !x.sizes->empty() && y.sizes->size() <= 2) {
      Dims sizes(x.sizes->begin(), x.sizes->end() - 1);
      if (y.sizes->size() == 2)
        sizes.push_back((*y.sizes)[0]);
      out.sizes = sizes;
    }
    return {out};
  }
  bool addsTo = name == "aten::addmm" || name == "aten::baddbmm" ||
                name == "aten::addmv";
  if (name == "aten::addmm") {
    x = a.tensor("mat1");
    y = a.tensor("mat2");
  } else if (name == "aten::baddbmm") {
    x = a.tensor("batch1");
    y = a.tensor("batch2");
  } else if (name == "aten::addmv") {
    x = a.tensor("mat");
    y = a.tensor("vec");
  } else {
    x = a.tensor("self");
    y = a.tensor(a.has("mat2")    ? "mat2"
                 : a.has("vec")   ? "vec"
                 : a.has("other") ? "other"
                                  : "tensor");
  }
  out.dtype = addsTo ? sameDtype({x, y, a.tensor("self")}) : sameDtype({x, y});
  if (x.sizes && y.sizes) {
    size_t rx = x.sizes->size(), ry = y.sizes->size();
    bool fits = (name == "aten::mm" || name == "aten::addmm")
                    ? rx == 2 && ry == 2
                : (name == "aten::bmm" || name == "aten::baddbmm")
                    ? rx == 3 && ry == 3
                : (name == "aten::mv" || name == "aten::addmv")
                    ? rx == 2 && ry == 1
                : name == "aten::dot" ? rx == 1 && ry == 1
                                      : true;
    if (fits)
      out.sizes = matmulSizes(*x.sizes, *y.sizes);
  }
  return {out};
}

//===--- Convolution and pooling --------------------------------------------===//

std::optional<int64_t> windowOutput(std::optional<int64_t> in, int64_t kernel,
                                    int64_t stride, int64_t pad,
                                    int64_t dilation, bool ceilMode) {
  if (!in || stride <= 0)
    return std::nullopt;
  int64_t span = *in + 2 * pad - dilation * (kernel - 1) - 1;
  if (span < 0)
    return std::nullopt;
  int64_t out = span / stride + 1;
  if (ceilMode && span % stride != 0) {
    ++out;
    // The last window must start inside the input or its left padding.
    if ((out - 1) * stride >= *in + pad)
      --out;
  }
  return out;
}

std::vector<TensorInfo> convolutionRule(const Args &a) {
  TensorInfo x = a.tensor("input"), w = a.tensor("weight");
  TensorInfo out = a.common();
  out.dtype = sameDtype({x, w});
  if (!x.sizes || !w.sizes || w.sizes->size() < 3)
    return {out};
  size_t spatial = w.sizes->size() - 2;
  bool batched = x.sizes->size() == spatial + 2;
  if (!batched && x.sizes->size() != spatial + 1)
    return {out};
  auto transposed = a.has("transposed") ? a.boolean("transposed")
                                        : std::optional<bool>(false);
  auto stride = a.intsOfLength("stride", spatial);
  auto dilation = a.intsOfLength("dilation", spatial);
  auto groups = a.integer("groups");
  std::optional<std::vector<int64_t>> padding;
  if (auto mode = a.string("padding")) {
    if (*mode == "valid")
      padding = std::vector<int64_t>(spatial, 0);
    else if (*mode != "same")
      return {out};
  } else {
    padding = a.intsOfLength("padding", spatial);
  }
  if (!transposed || *transposed || !stride || !dilation || !groups)
    return {out}; // transposed convolutions: not yet
  Dims sizes;
  if (batched)
    sizes.push_back((*x.sizes)[0]);
  sizes.push_back((*w.sizes)[0]);
  size_t first = batched ? 2 : 1;
  for (size_t i = 0; i < spatial; ++i) {
    std::optional<int64_t> in = (*x.sizes)[first + i];
    std::optional<int64_t> k = (*w.sizes)[2 + i];
    if (!padding) { // "same"
      sizes.push_back(in);
      continue;
    }
    sizes.push_back(k ? windowOutput(in, *k, (*stride)[i], (*padding)[i],
                                     (*dilation)[i], false)
                      : std::nullopt);
  }
  out.sizes = sizes;
  return {out};
}

std::vector<TensorInfo> poolRule(const Args &a) {
  TensorInfo x = a.tensor("self");
  TensorInfo out = a.common();
  out.dtype = x.dtype;
  std::string_view name = a.op().schema.name();
  size_t spatial = name.ends_with("1d")   ? 1
                   : name.ends_with("3d") ? 3
                                          : 2;
  if (name.find("with_indices") != std::string_view::npos)
    spatial = name.find("1d") != std::string_view::npos ? 1 : 2;
  auto kernel = a.intsOfLength("kernel_size", spatial);
  if (!x.sizes || !kernel ||
      (x.sizes->size() != spatial + 1 && x.sizes->size() != spatial + 2))
    return std::vector<TensorInfo>(a.node()->outputs().size(), out);
  auto strideDims = a.ints("stride");
  std::optional<std::vector<int64_t>> stride =
      strideDims && strideDims->empty() ? kernel
                                        : a.intsOfLength("stride", spatial);
  auto padding = a.intsOfLength("padding", spatial);
  auto dilation = a.has("dilation") ? a.intsOfLength("dilation", spatial)
                                    : std::vector<int64_t>(spatial, 1);
  auto ceil = a.boolean("ceil_mode");
  if (stride && padding && dilation && ceil) {
    Dims sizes(x.sizes->begin(), x.sizes->end() - spatial);
    for (size_t i = 0; i < spatial; ++i)
      sizes.push_back(windowOutput(
          (*x.sizes)[x.sizes->size() - spatial + i], (*kernel)[i],
          (*stride)[i], (*padding)[i], (*dilation)[i], *ceil));
    out.sizes = sizes;
  }
  std::vector<TensorInfo> outs(a.node()->outputs().size(), out);
  if (outs.size() == 2)
    outs[1].dtype = ScalarType::Long;
  return outs;
}

std::vector<TensorInfo> adaptivePoolRule(const Args &a) {
  TensorInfo x = a.tensor("self");
  TensorInfo out = a.common();
  out.dtype = x.dtype;
  auto size = a.ints("output_size");
  if (x.sizes && size && x.sizes->size() > size->size()) {
    Dims sizes(x.sizes->begin(), x.sizes->end() - size->size());
    for (size_t i = 0; i < size->size(); ++i) {
      sizes.push_back((*size)[i]);
    }
    out.sizes = sizes;
  }
  std::vector<TensorInfo> outs(a.node()->outputs().size(), out);
  if (outs.size() == 2)
    outs[1].dtype = ScalarType::Long;
  return outs;
}

//===--- Views and rearrangements -------------------------------------------===//

TensorInfo like(const Args &a, const TensorInfo &self) {
  TensorInfo out = a.common();
  out.dtype = self.dtype;
  return out;
}

// view/reshape: one -1 is inferred from the number of elements.
std::optional<Dims> inferViewSizes(const Dims &in, Dims shape) {
  std::optional<size_t> inferred;
  for (size_t i = 0; i < shape.size(); ++i)
    if (shape[i] && *shape[i] == -1) {
      if (inferred)
        return std::nullopt;
      inferred = i;
    } else if (shape[i] && *shape[i] < 0) {
      return std::nullopt;
    }
  if (!inferred)
    return shape;
  auto total = product(in);
  int64_t rest = 1;
  for (size_t i = 0; i < shape.size(); ++i)
    if (i != *inferred) {
      if (!shape[i])
        return shape[*inferred] = std::nullopt, shape;
      rest *= *shape[i];
    }
  if (total && rest > 0 && *total % rest == 0)
    shape[*inferred] = *total / rest;
  else
    shape[*inferred] = std::nullopt;
  return shape;
}

std::vector<TensorInfo> shapeRule(const Args &a) {
  std::string_view name = a.op().schema.name();
  TensorInfo self = a.tensor("self");
  TensorInfo out = like(a, self);
  const std::optional<Dims> &in = self.sizes;
  auto rank = self.rank();
  auto dimArg = [&](std::string_view arg,
                    size_t extra = 0) -> std::optional<size_t> {
    auto d = a.integer(arg);
    if (!d || !rank)
      return std::nullopt;
    auto n = normalizeDim(*d, *rank + extra);
    return n ? std::optional<size_t>(static_cast<size_t>(*n)) : std::nullopt;
  };

  if (name == "aten::view" || name == "aten::reshape") {
    auto shape = a.ints(name == "aten::view" ? "size" : "shape");
    if (shape && in)
      out.sizes = inferViewSizes(*in, *shape);
    else if (shape)
      out.sizes = inferViewSizes(Dims{std::nullopt}, *shape);
  } else if (name == "aten::view_as" || name == "aten::reshape_as" ||
             name == "aten::expand_as") {
    out.sizes = a.tensor("other").sizes;
  } else if (name == "aten::flatten") {
    auto start = a.integer("start_dim"), end = a.integer("end_dim");
    if (in && start && end) {
      size_t r = std::max<size_t>(in->size(), 1);
      auto s = normalizeDim(*start, r), e = normalizeDim(*end, r);
      if (in->empty() && s && e) {
        out.sizes = Dims{1};
      } else if (s && e && *s <= *e) {
        Dims sizes(in->begin(), in->begin() + *s);
        sizes.push_back(product(Dims(in->begin() + *s, in->begin() + *e + 1)));
        sizes.insert(sizes.end(), in->begin() + *e + 1, in->end());
        out.sizes = sizes;
      }
    }
  } else if (name == "aten::permute") {
    auto dims = a.ints("dims");
    if (in && dims && dims->size() == in->size()) {
      Dims sizes;
      for (const auto &d : *dims) {
        auto n = d ? normalizeDim(*d, in->size()) : std::nullopt;
        if (!n)
          return {out};
        sizes.push_back((*in)[static_cast<size_t>(*n)]);
      }
      out.sizes = sizes;
    }
  } else if (name == "aten::transpose") {
    auto d0 = dimArg("dim0"), d1 = dimArg("dim1");
    if (in && d0 && d1 && !in->empty()) {
      Dims sizes = *in;
      std::swap(sizes[*d0], sizes[*d1]);
      out.sizes = sizes;
    } else if (in && in->empty()) {
      out.sizes = in;
    }
  } else if (name == "aten::t") {
    if (in && in->size() <= 2)
      out.sizes = Dims(in->rbegin(), in->rend());
  } else if (name == "aten::unsqueeze") {
    auto d = dimArg("dim", 1);
    if (in && d) {
      Dims sizes = *in;
      sizes.insert(sizes.begin() + static_cast<ptrdiff_t>(*d), 1);
      out.sizes = sizes;
    }
  } else if (name == "aten::squeeze") {
    if (in && a.has("dim")) {
      auto d = dimArg("dim");
      if (in->empty())
        out.sizes = in;
      else if (d && (*in)[*d]) {
        Dims sizes = *in;
        if (*sizes[*d] == 1)
          sizes.erase(sizes.begin() + static_cast<ptrdiff_t>(*d));
        out.sizes = sizes;
      }
    } else if (in && std::all_of(in->begin(), in->end(),
                                 [](const auto &s) { return s.has_value(); })) {
      Dims sizes;
      for (const auto &s : *in)
        if (*s != 1)
          sizes.push_back(s);
      out.sizes = sizes;
    }
  } else if (name == "aten::select") {
    auto d = dimArg("dim");
    if (in && d && !in->empty()) {
      Dims sizes = *in;
      sizes.erase(sizes.begin() + static_cast<ptrdiff_t>(*d));
      out.sizes = sizes;
    }
  } else if (name == "aten::slice") {
    auto d = dimArg("dim");
    auto step = a.integer("step");
    if (in && d && step && *step > 0 && !in->empty()) {
      Dims sizes = *in;
      std::optional<int64_t> size = (*in)[*d];
      std::optional<int64_t> start =
          a.isNone("start") ? std::optional<int64_t>(0) : a.integer("start");
      std::optional<int64_t> end = a.isNone("end")
                                       ? std::optional<int64_t>(INT64_MAX)
                                       : a.integer("end");
      if (size && start && end) {
        auto clampIndex = [&](int64_t i) {
          if (i < 0)
            i += *size;
          return std::clamp<int64_t>(i, 0, *size);
        };
        int64_t s = clampIndex(*start), e = clampIndex(*end);
        sizes[*d] = e > s ? (e - s + *step - 1) / *step : 0;
      } else {
        sizes[*d] = std::nullopt;
      }
      out.sizes = sizes;
    }
  } else if (name == "aten::narrow") {
    auto d = dimArg("dim");
    if (in && d && !in->empty()) {
      Dims sizes = *in;
      sizes[*d] = a.integer("length");
      out.sizes = sizes;
    }
  } else if (name == "aten::index_select") {
    auto d = dimArg("dim");
    TensorInfo index = a.tensor("index");
    if (in && d && index.sizes && index.sizes->size() <= 1) {
      Dims sizes = *in;
      if (!sizes.empty())
        sizes[*d] = index.sizes->empty() ? 1 : (*index.sizes)[0];
      out.sizes = sizes;
    }
  } else if (name == "aten::expand") {
    auto shape = a.ints("size");
    if (in && shape && shape->size() >= in->size()) {
      Dims sizes = *shape;
      size_t lead = shape->size() - in->size();
      for (size_t i = 0; i < sizes.size(); ++i)
        if (sizes[i] && *sizes[i] == -1)
          sizes[i] = i >= lead ? (*in)[i - lead] : std::nullopt;
      out.sizes = sizes;
    }
  } else if (name == "aten::repeat") {
    auto reps = a.ints("repeats");
    if (in && reps && reps->size() >= in->size()) {
      Dims sizes = *reps;
      size_t lead = reps->size() - in->size();
      for (size_t i = lead; i < sizes.size(); ++i)
        sizes[i] = sizes[i] && (*in)[i - lead]
                       ? std::optional<int64_t>(*sizes[i] * *(*in)[i - lead])
                       : std::nullopt;
      out.sizes = sizes;
    }
  }
  return {out};
}

// cat / stack over a ListConstruct of tensors.
std::vector<TensorInfo> joinRule(const Args &a) {
  std::string_view name = a.op().schema.name();
  TensorInfo out = a.common();
  const Value *list = a.value("tensors");
  auto dim = a.integer("dim");
  if (!list || list->node()->kind() != prim::ListConstruct || !dim)
    return {out};
  std::vector<TensorInfo> items;
  for (const Value *v : list->node()->inputs())
    items.push_back(TensorInfo::of(v->type()));
  if (items.empty())
    return {out};
  // Device and requires_grad from the items.
  out.device = items[0].device;
  out.requiresGrad = items[0].requiresGrad;
  out.dtype = items[0].dtype;
  for (const TensorInfo &t : items) {
    if (t.device != out.device)
      out.device.reset();
    if (t.requiresGrad != out.requiresGrad)
      out.requiresGrad.reset();
    out.dtype = out.dtype && t.dtype
                    ? std::optional<ScalarType>(promoteTypes(*out.dtype,
                                                             *t.dtype))
                    : std::nullopt;
  }
  bool isStack = name == "aten::stack";
  // Ranks must agree (cat skips 1-d empty tensors; then sizes stay unknown).
  std::optional<size_t> rank = items[0].rank();
  for (const TensorInfo &t : items)
    if (!rank || t.rank() != rank)
      return {out};
  auto d = normalizeDim(*dim, *rank + (isStack ? 1 : 0));
  if (!d || (!isStack && *rank == 0))
    return {out};
  size_t at = static_cast<size_t>(*d);
  Dims sizes = *items[0].sizes;
  for (size_t i = 0; i < sizes.size(); ++i)
    for (const TensorInfo &t : items)
      if (isStack || i != at)
        if (!sizes[i] && (*t.sizes)[i])
          sizes[i] = (*t.sizes)[i];
  if (isStack) {
    sizes.insert(sizes.begin() + static_cast<ptrdiff_t>(at),
                 static_cast<int64_t>(items.size()));
  } else {
    std::optional<int64_t> total = 0;
    for (const TensorInfo &t : items)
      total = total && (*t.sizes)[at]
                  ? std::optional<int64_t>(*total + *(*t.sizes)[at])
                  : std::nullopt;
    sizes[at] = total;
  }
  out.sizes = sizes;
  return {out};
}

//===--- Same shape as the input --------------------------------------------===//

std::vector<TensorInfo> sameShapeRule(const Args &a) {
  std::string_view name = a.op().schema.name();
  const char *first = a.has("self") ? "self" : "input";
  TensorInfo self = a.tensor(first);
  TensorInfo out = like(a, self);
  out.sizes = self.sizes;
  if (a.has("dtype")) {
    auto dtype = a.dtype("dtype");
    if (!dtype)
      out.dtype.reset();
    else if (*dtype)
      out.dtype = **dtype;
  }
  if (name == "aten::embedding") {
    TensorInfo weight = a.tensor("weight"), indices = a.tensor("indices");
    out.dtype = weight.dtype;
    out.sizes.reset();
    if (weight.sizes && weight.sizes->size() == 2 && indices.sizes) {
      Dims sizes = *indices.sizes;
      sizes.push_back((*weight.sizes)[1]);
      out.sizes = sizes;
    }
  }
  return std::vector<TensorInfo>(a.node()->outputs().size(), out);
}

//===--- Creation ---------------------------------------------------------===//

std::vector<TensorInfo> creationRule(const Args &a) {
  TensorInfo out;
  out.requiresGrad = false;
  if (a.has("device") && (a.isNone("device")))
    out.device = "cpu";
  if (auto c = a.has("device") ? constantValueOf(a.value("device"))
                               : std::nullopt)
    if (auto *dev = std::get_if<DeviceConstant>(&*c))
      out.device = dev->name;
  if (a.has("self")) { // *_like, new_*
    TensorInfo self = a.tensor("self");
    out.dtype = self.dtype;
    out.sizes = self.sizes;
    if (!a.has("device") || a.isNone("device"))
      out.device = self.device;
  }
  if (a.has("size"))
    out.sizes = a.ints("size");
  auto dtype = a.dtype("dtype");
  if (!dtype)
    out.dtype.reset();
  else if (*dtype)
    out.dtype = **dtype;
  else if (!a.has("self")) {
    // No dtype: the default, except full() takes its fill value's.
    const Value *fill = a.value("fill_value");
    if (!fill || fill->type()->isa<FloatType>())
      out.dtype = ScalarType::Float;
    else if (fill->type()->isa<IntType>())
      out.dtype = ScalarType::Long;
    else if (fill->type()->isa<BoolType>())
      out.dtype = ScalarType::Bool;
    else
      out.dtype.reset();
  }
  return {out};
}

//===--- The table ----------------------------------------------------------===//

// The written argument of an in-place op keeps its type.
std::vector<TensorInfo> inPlaceRule(const Args &a) {
  const auto &params = a.op().schema.arguments();
  for (size_t i = 0; i < params.size() && i < a.node()->inputs().size(); ++i)
    if (params[i].isWritten())
      return {TensorInfo::of(a.node()->input(i)->type())};
  return {TensorInfo()};
}

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
    set(OpId::aten_cat, joinRule);
    set(OpId::aten_stack, joinRule);
    for (OpId id :
         {OpId::aten_softmax_int, OpId::aten_log_softmax_int,
          OpId::aten_dropout, OpId::aten_feature_dropout,
          OpId::aten_batch_norm, OpId::aten_instance_norm,
          OpId::aten_layer_norm, OpId::aten_group_norm, OpId::aten_clone,
          OpId::aten_contiguous, OpId::aten_detach, OpId::aten_to_dtype,
          OpId::aten_to_device, OpId::aten_embedding})
      set(id, sameShapeRule);
    for (OpId id :
         {OpId::aten_zeros, OpId::aten_ones, OpId::aten_empty_memory_format,
          OpId::aten_full, OpId::aten_rand, OpId::aten_randn,
          OpId::aten_zeros_like, OpId::aten_ones_like, OpId::aten_empty_like,
          OpId::aten_full_like, OpId::aten_rand_like, OpId::aten_randn_like,
          OpId::aten_new_zeros, OpId::aten_new_ones, OpId::aten_new_empty,
          OpId::aten_new_full})
      set(id, creationRule);
  }
  void set(OpId id, Rule rule) { rules_[static_cast<size_t>(id)] = rule; }

  std::vector<Rule> rules_;
};

} // namespace

bool changesMetadata(std::string_view name) {
  static const std::array<std::string_view, 10> ops = {
      "aten::resize_",    "aten::resize_as_",  "aten::unsqueeze_",
      "aten::squeeze_",   "aten::transpose_",  "aten::t_",
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
  if (ta->sizes() && tb->sizes() && ta->sizes()->size() == tb->sizes()->size()) {
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
