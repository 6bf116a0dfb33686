//===- ShapeRulesStructural.cpp - Rules of ops that reshape ---------------===//
//
// Linear algebra, convolution and pooling, views and rearrangements, cat
// and stack, ops whose result has their input's shape, and creation ops.
//
//===----------------------------------------------------------------------===//
#include "passes/ShapeRuleSupport.h"

namespace kiln::shape_rules {

//===--- Linear algebra
//-----------------------------------------------------===//

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
  bool addsTo =
      name == "aten::addmm" || name == "aten::baddbmm" || name == "aten::addmv";
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
    bool fits =
        (name == "aten::mm" || name == "aten::addmm")      ? rx == 2 && ry == 2
        : (name == "aten::bmm" || name == "aten::baddbmm") ? rx == 3 && ry == 3
        : (name == "aten::mv" || name == "aten::addmv")    ? rx == 2 && ry == 1
        : name == "aten::dot"                              ? rx == 1 && ry == 1
                                                           : true;
    if (fits)
      out.sizes = matmulSizes(*x.sizes, *y.sizes);
  }
  return {out};
}

//===--- Convolution and pooling
//--------------------------------------------===//

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
  size_t spatial = name.ends_with("1d") ? 1 : name.ends_with("3d") ? 3 : 2;
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
      sizes.push_back(windowOutput((*x.sizes)[x.sizes->size() - spatial + i],
                                   (*kernel)[i], (*stride)[i], (*padding)[i],
                                   (*dilation)[i], *ceil));
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

//===--- Views and rearrangements
//-------------------------------------------===//

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
  } else if (name == "aten::sum_to_size") {
    if (auto shape = a.ints("size"))
      out.sizes = *shape;
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
    out.dtype =
        out.dtype && t.dtype
            ? std::optional<ScalarType>(promoteTypes(*out.dtype, *t.dtype))
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

//===--- Same shape as the input
//--------------------------------------------===//

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
  if (auto c =
          a.has("device") ? constantValueOf(a.value("device")) : std::nullopt)
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

} // namespace kiln::shape_rules
