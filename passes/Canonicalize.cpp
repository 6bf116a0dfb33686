//===- Canonicalize.cpp ---------------------------------------------------===//
#include "passes/Canonicalize.h"

#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/OpTable.h"
#include "passes/AliasAnalysis.h"
#include "passes/DeadCodeElimination.h"

#include <optional>
#include <vector>

namespace kiln {

namespace {

constexpr int kMaxRounds = 16;

const TensorType *tensorType(const Value *v) {
  return v->type()->cast<TensorType>();
}

std::optional<int64_t> intConstant(const Value *v) {
  std::optional<ConstantValue> c = constantValueOf(v);
  if (!c)
    return std::nullopt;
  if (auto *i = std::get_if<int64_t>(&*c))
    return *i;
  return std::nullopt;
}

bool isNoneConstant(const Value *v) {
  std::optional<ConstantValue> c = constantValueOf(v);
  return c && std::holds_alternative<NoneConstant>(*c);
}

bool isBoolConstant(const Value *v, bool expected) {
  std::optional<ConstantValue> c = constantValueOf(v);
  auto *b = c ? std::get_if<bool>(&*c) : nullptr;
  return b && *b == expected;
}

OpId opOf(const Node *n) {
  const OpInfo *op = n->maybeOp();
  return op ? op->id : OpId::NumOps;
}

// Whether every use of `list` only reads it: no op writes it or returns
// another name for it, and it goes into no container, block result or
// unknown code. (Writes to the tensors it holds do not change its items.)
bool onlyRead(const Value *list) {
  for (const Use &use : list->uses()) {
    const Node *user = use.user;
    if (user->kind() == prim::Return && !user->owningBlock()->owningNode())
      continue; // the graph's result
    if (user->kind() == prim::ListUnpack)
      continue;
    const OpInfo *op = user->maybeOp();
    if (!op || user->kind().isPrim() || op->hasSideEffects())
      return false;
    const std::vector<Argument> &args = op->schema.arguments();
    if (use.offset >= args.size() || args[use.offset].isWritten())
      return false;
    const auto &alias = args[use.offset].alias;
    if (!alias)
      continue;
    for (const Argument &ret : op->schema.returns())
      if (ret.alias)
        for (const std::string &set : ret.alias->beforeSets)
          for (const std::string &mine : alias->beforeSets)
            if (set == mine)
              return false;
  }
  return true;
}

bool isContiguous(const TensorType &t) {
  if (!t.hasCompleteSizes() || !t.strides())
    return false;
  std::vector<int64_t> sizes;
  for (const auto &s : *t.sizes())
    sizes.push_back(*s);
  return *t.strides() == Tensor::contiguousStrides(sizes);
}

// Whether a value of this type may be None.
bool mayBeNone(const Type &type) {
  switch (type.kind()) {
  case TypeKind::None:
  case TypeKind::Optional:
  case TypeKind::Any:
  case TypeKind::TypeVar:
    return true;
  case TypeKind::Union:
    for (const TypePtr &t : type.containedTypes())
      if (mayBeNone(*t))
        return true;
    return false;
  default:
    return false;
  }
}

// The dimension `d` of a rank-`rank` tensor, wrapped; nullopt when out of
// range (the op raises).
std::optional<int64_t> wrapDim(int64_t d, size_t rank) {
  int64_t r = static_cast<int64_t>(rank);
  if (d < -r || d >= r)
    return std::nullopt;
  return d < 0 ? d + r : d;
}

class Canonicalizer {
public:
  Canonicalizer(Graph &graph, const AliasAnalysis &aliases)
      : graph_(graph), aliases_(aliases) {}

  bool run() {
    visitBlock(graph_.block());
    return changed_;
  }

private:
  void visitBlock(Block *block) {
    for (Node *n = block->nodes().front(); n != block->returnNode();) {
      Node *next = n->next();
      for (Block *b : n->blocks())
        visitBlock(b);
      rewrite(n);
      n = next;
    }
  }

  // Replaces n's results by `values` and removes n (every rewritten node is
  // pure).
  void replace(Node *n, const std::vector<Value *> &values) {
    for (size_t i = 0; i < values.size(); ++i)
      n->output(i)->replaceAllUsesWith(values[i]);
    n->destroy();
    changed_ = true;
  }

  void replaceWithConstant(Node *n, const ConstantValue &value) {
    WithInsertPoint guard(n);
    replace(n, {insertConstant(graph_, value, n->sourceRange())});
  }

  void rewrite(Node *n) {
    if (n->outputs().empty())
      return;
    Symbol kind = n->kind();
    if (kind == prim::TupleIndex || kind == prim::TupleUnpack)
      return tupleOfConstruct(n);
    if (kind == prim::ListUnpack)
      return listOfConstruct(n);
    if (kind == prim::unchecked_cast) {
      if (n->input(0)->type()->isSubtypeOf(*n->output()->type()))
        replace(n, {n->input(0)});
      return;
    }
    switch (opOf(n)) {
    case OpId::aten_t:
    case OpId::aten_transpose_int:
      return doubleTranspose(n);
    case OpId::aten_contiguous:
      return contiguous(n);
    case OpId::aten_to_dtype:
    case OpId::aten_to_dtype_layout:
      return toSameDtype(n);
    case OpId::aten_mul_Scalar:
    case OpId::aten_div_Scalar:
    case OpId::aten_add_Scalar:
    case OpId::aten_sub_Scalar:
      return arithmeticIdentity(n);
    case OpId::aten_sum_to_size:
      return sumToSameSize(n);
    case OpId::aten_size:
    case OpId::aten_size_int:
    case OpId::aten_dim:
    case OpId::aten_numel:
    case OpId::aten_len_Tensor:
    case OpId::prim_dtype:
      return tensorQuery(n);
    case OpId::aten_len_t:
      return lengthOfList(n);
    case OpId::aten___getitem___t:
      return itemOfConstruct(n);
    case OpId::aten_Int_Scalar:
    case OpId::aten_Float_Scalar:
      if (n->input(0)->type()->equals(*n->output()->type()))
        replace(n, {n->input(0)});
      return;
    case OpId::aten___not__: {
      Node *inner = n->input(0)->node();
      if (opOf(inner) == OpId::aten___not__)
        replace(n, {inner->input(0)});
      return;
    }
    case OpId::aten___is__:
    case OpId::aten___isnot__:
      return isNone(n);
    case OpId::aten_dropout:
    case OpId::aten_feature_dropout:
      return evalDropout(n);
    case OpId::aten_max_pool2d:
      return poolWithIndices(n);
    case OpId::aten_convolution_backward:
    case OpId::aten_native_batch_norm_backward:
    case OpId::aten_native_layer_norm_backward:
      return maskUnusedOutputs(n);
    default:
      return;
    }
  }

  // The constant bools of `mask`: a bool[] constant, or a ListConstruct of
  // bool constants that nothing writes.
  std::optional<std::vector<bool>> constantBools(const Value *mask) const {
    if (std::optional<ConstantValue> c = constantValueOf(mask))
      if (auto *bits = std::get_if<std::vector<bool>>(&*c))
        return *bits;
    auto items = listItems(mask);
    if (!items)
      return std::nullopt;
    std::vector<bool> bits;
    for (const Value *item : *items) {
      std::optional<ConstantValue> c = constantValueOf(item);
      auto *b = c ? std::get_if<bool>(&*c) : nullptr;
      if (!b)
        return std::nullopt;
      bits.push_back(*b);
    }
    return bits;
  }

  // A backward op computes the results its output_mask asks for: one that
  // nothing reads (a first convolution's input gradient) is not asked for.
  void maskUnusedOutputs(Node *n) {
    const std::vector<Argument> &args = n->maybeOp()->schema.arguments();
    size_t index = 0;
    while (index < args.size() && args[index].name != "output_mask")
      ++index;
    if (index >= n->inputs().size())
      return;
    std::optional<std::vector<bool>> bits = constantBools(n->input(index));
    if (!bits || bits->size() != n->outputs().size())
      return;
    bool masked = false;
    for (size_t i = 0; i < bits->size(); ++i)
      if ((*bits)[i] && !n->output(i)->hasUses()) {
        (*bits)[i] = false;
        masked = true;
      }
    if (!masked)
      return;
    WithInsertPoint guard(n);
    n->replaceInput(index, insertConstant(graph_, *bits, n->sourceRange()));
    changed_ = true;
  }

  // max_pool2d(x, ...) when the block also computes
  // max_pool2d_with_indices(x, ...) with the same arguments (a training
  // step's backward does): one pooling, moved up, serves both.
  void poolWithIndices(Node *n) {
    Value *x = n->input(0);
    if (aliases_.hasWriters(x))
      return;
    for (const Use &use : x->uses()) {
      Node *other = use.user;
      if (other == n || opOf(other) != OpId::aten_max_pool2d_with_indices ||
          other->owningBlock() != n->owningBlock() ||
          other->inputs().size() != n->inputs().size() || use.offset != 0 ||
          !n->isBefore(other))
        continue;
      bool same = true;
      for (size_t i = 1; same && i < n->inputs().size(); ++i) {
        Value *a = n->input(i), *b = other->input(i);
        auto ca = constantValueOf(a), cb = constantValueOf(b);
        same = a == b || (ca && cb && constantsEqual(*ca, *cb));
      }
      // The arguments must exist where the pooling moves to.
      for (size_t i = 1; same && i < other->inputs().size(); ++i)
        same = other->input(i)->node()->kind() == prim::Param ||
               other->input(i)->node()->owningBlock() != n->owningBlock() ||
               other->input(i)->node()->isBefore(n);
      if (!same)
        continue;
      other->moveBefore(n);
      replace(n, {other->output(0)});
      return;
    }
  }

  //===--- Tensor layout and dtype ----------------------------------------===//

  void doubleTranspose(Node *n) {
    Node *inner = n->input(0)->node();
    if (opOf(inner) != opOf(n))
      return;
    Value *x = inner->input(0);
    const TensorType *type = tensorType(x);
    if (!type || !type->rank())
      return;
    size_t rank = *type->rank();
    if (opOf(n) == OpId::aten_t) {
      if (rank <= 2)
        replace(n, {x});
      return;
    }
    auto dims =
        [rank](const Node *t) -> std::optional<std::pair<int64_t, int64_t>> {
      auto a = intConstant(t->input(1)), b = intConstant(t->input(2));
      if (!a || !b)
        return std::nullopt;
      auto wa = wrapDim(*a, rank), wb = wrapDim(*b, rank);
      if (!wa || !wb)
        return std::nullopt;
      return std::minmax(*wa, *wb);
    };
    auto outer = dims(n), first = dims(inner);
    if (outer && first && *outer == *first)
      replace(n, {x});
  }

  void contiguous(Node *n) {
    auto format = intConstant(n->input(1));
    if (!format || *format != 0) // torch.contiguous_format
      return;
    Value *x = n->input(0);
    const TensorType *type = tensorType(x);
    bool known = (type && isContiguous(*type)) ||
                 (opOf(x->node()) == OpId::aten_contiguous &&
                  intConstant(x->node()->input(1)) == 0);
    if (known)
      replace(n, {x});
  }

  void toSameDtype(Node *n) {
    Value *x = n->input(0);
    const TensorType *type = tensorType(x);
    if (!type || !type->dtype())
      return;
    auto sameDtype = [&](const Value *v) {
      auto code = intConstant(v);
      return code && scalarTypeFromCode(*code) == *type->dtype();
    };
    if (opOf(n) == OpId::aten_to_dtype) {
      // (self, dtype, non_blocking, copy, memory_format)
      if (sameDtype(n->input(1)) && isBoolConstant(n->input(3), false) &&
          isNoneConstant(n->input(4)))
        replace(n, {x});
      return;
    }
    // (self, dtype, layout, device, pin_memory, non_blocking, copy,
    //  memory_format): only the dtype given.
    if (sameDtype(n->input(1)) && isNoneConstant(n->input(2)) &&
        isNoneConstant(n->input(3)) && isNoneConstant(n->input(4)) &&
        isBoolConstant(n->input(6), false) && isNoneConstant(n->input(7)))
      replace(n, {x});
  }

  // x * 1, x / 1, x - 0, x + 0 -> x.
  void arithmeticIdentity(Node *n) {
    Value *x = n->input(0);
    const TensorType *type = tensorType(x);
    std::optional<ConstantValue> other = constantValueOf(n->input(1));
    if (!type || !type->dtype() || !other)
      return;
    ScalarType dtype = *type->dtype();
    bool floating = isFloatingType(dtype);
    bool integral = isIntegralType(dtype, /*includeBool=*/false);
    if (!floating && !integral)
      return; // bool (promotes to long) or complex
    double value;
    if (auto *i = std::get_if<int64_t>(&*other))
      value = static_cast<double>(*i);
    else if (auto *d = std::get_if<double>(&*other); d && floating)
      value = *d; // a float scalar would promote an integral tensor
    else
      return;
    OpId op = opOf(n);
    bool identity = false;
    if (op == OpId::aten_mul_Scalar)
      identity = value == 1;
    else if (op == OpId::aten_div_Scalar)
      identity = value == 1 && floating; // int / int is a float tensor
    else {
      // alpha * 0 is 0 for an int alpha; x + 0 turns -0.0 into +0.0.
      identity = value == 0 && intConstant(n->input(2)) &&
                 (op == OpId::aten_sub_Scalar || integral);
    }
    if (!identity)
      return;
    forwardInput(n, x, *type);
  }

  // dropout(x, p, train=False) -> x.
  void evalDropout(Node *n) {
    Value *x = n->input(0);
    const TensorType *type = tensorType(x);
    // ATen returns the input itself here, so its layout is the result's.
    if (type && isBoolConstant(n->input(2), false))
      forwardInput(n, x, *type, /*sameLayout=*/true);
  }

  // Replaces the fresh tensor `n` computes by its input `x` of type `type`,
  // when nobody can tell the difference.
  void forwardInput(Node *n, Value *x, const TensorType &type,
                    bool sameLayout = false) {
    // The result is a new tensor: replacing it by x must not make a write
    // of one visible through the other, nor change a layout someone reads.
    Value *result = n->output();
    if (aliases_.hasWriters(x) || aliases_.hasWriters(result))
      return;
    // Nor hand the caller its own input back as a result.
    if (aliases_.mayBeExternal(x) && aliases_.mayEscape(result))
      return;
    if (!sameLayout && !isContiguous(type))
      for (const Use &use : result->uses()) {
        const OpInfo *user = use.user->maybeOp();
        if (!user || !(user->isElementwise() || user->isReduction()))
          return;
      }
    replace(n, {x});
  }

  // sum_to_size(x, size) of an x that has that size -> x (the gradient of
  // an operand that was not broadcast).
  void sumToSameSize(Node *n) {
    Value *x = n->input(0);
    const TensorType *type = tensorType(x);
    std::optional<ConstantValue> size = constantValueOf(n->input(1));
    auto *target = size ? std::get_if<std::vector<int64_t>>(&*size) : nullptr;
    if (!type || !type->hasCompleteSizes() || !target ||
        type->sizes()->size() != target->size())
      return;
    for (size_t i = 0; i < target->size(); ++i)
      if (*(*type->sizes())[i] != (*target)[i])
        return;
    Value *result = n->output();
    if (aliases_.hasWriters(x) || aliases_.hasWriters(result))
      return;
    if (aliases_.mayBeExternal(x) && aliases_.mayEscape(result))
      return;
    replace(n, {x});
  }

  //===--- Shape queries
  //---------------------------------------------------===//

  void tensorQuery(Node *n) {
    const TensorType *type = tensorType(n->input(0));
    if (!type)
      return;
    switch (opOf(n)) {
    case OpId::prim_dtype:
      if (type->dtype())
        replaceWithConstant(n, static_cast<int64_t>(*type->dtype()));
      return;
    case OpId::aten_dim:
      if (type->rank())
        replaceWithConstant(n, static_cast<int64_t>(*type->rank()));
      return;
    case OpId::aten_size:
      if (type->hasCompleteSizes()) {
        std::vector<int64_t> sizes;
        for (const auto &s : *type->sizes())
          sizes.push_back(*s);
        replaceWithConstant(n, sizes);
      }
      return;
    case OpId::aten_numel:
      if (type->hasCompleteSizes()) {
        int64_t numel = 1;
        for (const auto &s : *type->sizes())
          numel *= *s;
        replaceWithConstant(n, numel);
      }
      return;
    default:
      break;
    }
    // size(d), len(x) = size(0).
    if (!type->rank())
      return;
    std::optional<int64_t> dim = opOf(n) == OpId::aten_len_Tensor
                                     ? std::optional<int64_t>(0)
                                     : intConstant(n->input(1));
    if (!dim)
      return;
    auto d = wrapDim(*dim, *type->rank());
    if (d && (*type->sizes())[static_cast<size_t>(*d)])
      replaceWithConstant(n, *(*type->sizes())[static_cast<size_t>(*d)]);
  }

  //===--- Tuples and lists
  //------------------------------------------------===//

  void tupleOfConstruct(Node *n) {
    Node *tuple = n->input(0)->node();
    if (tuple->kind() != prim::TupleConstruct)
      return;
    std::vector<Value *> items(tuple->inputs().begin(), tuple->inputs().end());
    if (n->kind() == prim::TupleUnpack) {
      if (items.size() == n->outputs().size())
        replace(n, items);
      return;
    }
    auto index = intConstant(n->input(1));
    if (!index)
      return;
    auto i = wrapDim(*index, items.size());
    if (i)
      replace(n, {items[static_cast<size_t>(*i)]});
  }

  // The items of a ListConstruct that produced `list`, when nothing may
  // have changed the list since.
  std::optional<std::vector<Value *>> listItems(const Value *list) const {
    const Node *construct = list->node();
    if (construct->kind() != prim::ListConstruct || !onlyRead(list))
      return std::nullopt;
    return std::vector<Value *>(construct->inputs().begin(),
                                construct->inputs().end());
  }

  void listOfConstruct(Node *n) {
    auto items = listItems(n->input(0));
    if (items && items->size() == n->outputs().size())
      replace(n, *items);
  }

  void itemOfConstruct(Node *n) {
    auto items = listItems(n->input(0));
    auto index = intConstant(n->input(1));
    if (!items || !index)
      return;
    auto i = wrapDim(*index, items->size());
    Value *item = i ? (*items)[static_cast<size_t>(*i)] : nullptr;
    if (item && item->type()->isSubtypeOf(*n->output()->type()))
      replace(n, {item});
  }

  void lengthOfList(Node *n) {
    Value *list = n->input(0);
    Node *producer = list->node();
    if (auto items = listItems(list)) {
      replaceWithConstant(n, static_cast<int64_t>(items->size()));
      return;
    }
    // len(x.size()) is x's rank.
    if (opOf(producer) == OpId::aten_size) {
      const TensorType *type = tensorType(producer->input(0));
      if (type && type->rank())
        replaceWithConstant(n, static_cast<int64_t>(*type->rank()));
    }
  }

  //===--- None checks
  //-----------------------------------------------------===//

  void isNone(Node *n) {
    const Value *a = n->input(0), *b = n->input(1);
    const Value *other = isNoneConstant(b)   ? a
                         : isNoneConstant(a) ? b
                                             : nullptr;
    if (!other || mayBeNone(*other->type()))
      return;
    replaceWithConstant(n, opOf(n) == OpId::aten___isnot__);
  }

  Graph &graph_;
  const AliasAnalysis &aliases_;
  bool changed_ = false;
};

} // namespace

void canonicalize(Graph &graph) {
  for (int round = 0; round < kMaxRounds; ++round) {
    AliasAnalysis aliases(graph);
    if (!Canonicalizer(graph, aliases).run())
      break;
  }
  eliminateDeadCode(graph);
}

} // namespace kiln
