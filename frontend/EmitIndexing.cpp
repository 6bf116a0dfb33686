//===- EmitIndexing.cpp - x[i], x[a:b:c], x[..., None, idx] ---------------===//
#include "frontend/FunctionEmitter.h"

#include "ir/Constant.h"
#include "ir/Diagnostics.h"

#include <algorithm>

namespace kiln {

namespace {

bool consumesDim(const ast::Expr &e) {
  return !e.isa<ast::NoneLit>() && !e.isa<ast::Ellipsis>();
}

} // namespace

Value *FunctionEmitter::emitSubscript(const ast::Subscript &expr) {
  const SourceRange &range = expr.range;
  Value *base = emitValue(*expr.value);
  const TypePtr &type = base->type();
  if (type->isa<TensorType>())
    return emitTensorIndex(base, *expr.index, range);

  if (auto tuple = type->cast<TupleType>()) {
    std::vector<Value *> items = tupleItems(base, range);
    auto index = constantOf(*expr.index);
    if (auto slice = expr.index->as<ast::Slice>()) {
      auto bound = [&](const ast::ExprPtr &e, int64_t dflt) -> int64_t {
        if (!e)
          return dflt;
        auto c = constantOf(*e);
        if (!c || !std::holds_alternative<int64_t>(*c))
          throwErrorAt(e->range, "a tuple is sliced by int literals only");
        int64_t v = std::get<int64_t>(*c);
        int64_t n = int64_t(items.size());
        return std::clamp(v < 0 ? v + n : v, int64_t(0), n);
      };
      if (slice->step)
        throwErrorAt(slice->step->range, "tuple slices take no step");
      int64_t lo = bound(slice->lower, 0);
      int64_t hi = bound(slice->upper, int64_t(items.size()));
      std::vector<Value *> part;
      for (int64_t i = lo; i < hi; ++i)
        part.push_back(items[size_t(i)]);
      return tupleOf(part, range);
    }
    if (!index || !std::holds_alternative<int64_t>(*index))
      throwErrorAt(expr.index->range, "a tuple is indexed by an int literal "
                                      "(its items may have different types)");
    int64_t i = std::get<int64_t>(*index);
    int64_t n = int64_t(tuple->elements().size());
    if (i < -n || i >= n)
      throwErrorAt(expr.index->range, "index ", i,
                   " is out of range for a tuple of ", n);
    return items[size_t(i < 0 ? i + n : i)];
  }

  if (auto slice = expr.index->as<ast::Slice>()) {
    if (!type->isa<ListType>() && !type->isa<StringType>())
      throwErrorAt(range, "a value of type ", type->str(), " cannot be sliced");
    std::vector<std::pair<std::string, Value *>> kwargs;
    if (slice->lower)
      kwargs.emplace_back("start", emitValue(*slice->lower));
    if (slice->upper)
      kwargs.emplace_back("end", emitValue(*slice->upper));
    if (slice->step)
      kwargs.emplace_back("step", emitValue(*slice->step));
    return callOp("aten::slice", {base}, kwargs, range, "slice")->value;
  }
  Value *index = emitValue(*expr.index);
  if (type->isa<ListType>() || type->isa<DictType>() || type->isa<StringType>())
    return callOp("aten::__getitem__", {base, index}, {}, range, "[]")->value;
  throwErrorAt(range, "a value of type ", type->str(), " cannot be indexed");
}

Value *FunctionEmitter::emitTensorIndex(Value *x, const ast::Expr &index,
                                        const SourceRange &range) {
  TensorIndex parts = emitTensorIndexParts(x, index, range);
  if (!parts.indices)
    return parts.view;
  return callOp("aten::index", {parts.view, parts.indices}, {}, range, "index")
      ->value;
}

void FunctionEmitter::emitTensorIndexAssign(Value *x, const ast::Expr &index,
                                            Value *v,
                                            const SourceRange &range) {
  TensorIndex parts = emitTensorIndexParts(x, index, range);
  if (!parts.indices) {
    if (v->type()->isa<TensorType>())
      callOp("aten::copy_", {parts.view, v}, {}, range, "copy_");
    else
      callOp("aten::fill_", {parts.view, v}, {}, range, "fill_");
    return;
  }
  // Advanced indexing selects a copy: writing goes through index_put_, with
  // a number made a tensor of the target's dtype (as TorchScript does).
  if (!v->type()->isa<TensorType>()) {
    Value *dtype = insert("prim::dtype", {parts.view}, IntType::get(), range);
    Value *device =
        insert("prim::device", {parts.view}, DeviceType::get(), range);
    v = callOp("aten::tensor", {v}, {{"dtype", dtype}, {"device", device}},
               range, "tensor")
            ->value;
  }
  callOp("aten::index_put_", {parts.view, parts.indices, v}, {}, range,
         "index_put_");
}

FunctionEmitter::TensorIndex
FunctionEmitter::emitTensorIndexParts(Value *x, const ast::Expr &index,
                                      const SourceRange &range) {
  std::vector<const ast::Expr *> items;
  if (auto t = index.as<ast::Tuple>())
    for (const auto &e : t->elts)
      items.push_back(e.get());
  else
    items.push_back(&index);

  int64_t dim = 0;
  bool fromEnd = false;
  std::vector<std::pair<int64_t, Value *>> tensorIndices;
  for (size_t k = 0; k < items.size(); ++k) {
    const ast::Expr &e = *items[k];
    // After `...`, dimensions are counted from the end.
    int64_t remaining = 0;
    if (fromEnd)
      for (size_t j = k; j < items.size(); ++j)
        remaining += consumesDim(*items[j]);
    if (e.isa<ast::Ellipsis>()) {
      if (fromEnd)
        throwErrorAt(e.range, "an index may hold only one '...'");
      fromEnd = true;
      continue;
    }
    if (e.isa<ast::NoneLit>()) {
      int64_t at = fromEnd ? -remaining - 1 : dim;
      x = callOp("aten::unsqueeze", {x, constant(at, e.range)}, {}, e.range,
                 "unsqueeze")
              ->value;
      if (!fromEnd)
        ++dim;
      continue;
    }
    int64_t at = fromEnd ? -remaining : dim;
    if (auto slice = e.as<ast::Slice>()) {
      if (!slice->lower && !slice->upper && !slice->step) {
        if (!fromEnd)
          ++dim;
        continue; // `:` keeps the dimension as it is
      }
      auto bound = [&](const ast::ExprPtr &b) {
        return b ? emitValue(*b) : constant(NoneConstant{}, e.range);
      };
      Value *start = bound(slice->lower);
      Value *end = bound(slice->upper);
      Value *step =
          slice->step ? emitValue(*slice->step) : constant(int64_t(1), e.range);
      x = callOp("aten::slice", {x, constant(at, e.range), start, end, step},
                 {}, e.range, "slice")
              ->value;
      if (!fromEnd)
        ++dim;
      continue;
    }
    Value *i = emitValue(e);
    if (i->type()->isa<IntType>()) {
      x = callOp("aten::select", {x, constant(at, e.range), i}, {}, e.range,
                 "select")
              ->value;
      continue;
    }
    if (i->type()->isa<TensorType>() || i->type()->isa<ListType>()) {
      if (fromEnd)
        throwErrorAt(e.range, "tensor indices after '...' are not supported");
      if (auto list = i->type()->cast<ListType>()) {
        if (!list->element()->isa<IntType>() &&
            !list->element()->isa<BoolType>())
          throwErrorAt(e.range,
                       "a tensor is indexed by ints, slices, None, "
                       "..., tensors or int lists, not ",
                       i->type()->str());
        i = callOp("aten::tensor", {i}, {}, e.range, "tensor")->value;
      }
      tensorIndices.emplace_back(dim, i);
      ++dim;
      continue;
    }
    throwErrorAt(e.range,
                 "a tensor is indexed by ints, slices, None, ..., "
                 "or tensors, not ",
                 i->type()->str());
  }
  if (tensorIndices.empty())
    return {x, nullptr};
  TypePtr optTensor = OptionalType::create(TensorType::get());
  std::vector<Value *> list;
  for (const auto &[d, v] : tensorIndices) {
    while (int64_t(list.size()) < d) {
      Value *none = constant(NoneConstant{}, range);
      none->setType(optTensor);
      list.push_back(none);
    }
    list.push_back(v);
  }
  Node *n = graph_->insert(prim::ListConstruct, list, 1);
  n->setSourceRange(range);
  return {x, n->output()->setType(ListType::create(optTensor))};
}

} // namespace kiln
