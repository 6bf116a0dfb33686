//===- ShapePropagation.cpp -----------------------------------------------===//
//
// One forward walk in program order (SSA: every input is typed before its
// user). TorchScript's shape_analysis.cpp is the model; the per-op rules
// live in ShapeRules.cpp, indexed by OpId.
//
//===----------------------------------------------------------------------===//
#include "passes/ShapePropagation.h"

#include "ir/IR.h"
#include "ir/OpTable.h"
#include "passes/ShapeRules.h"

#include <unordered_map>

namespace kiln {

namespace {

// A rule's result merged into what the value declared: the rule's
// properties where it knows them, else the declared ones.
TypePtr refine(const TypePtr &declared, const TypePtr &computed) {
  auto d = declared->cast<TensorType>();
  auto c = computed ? computed->cast<TensorType>() : nullptr;
  if (!d || !c)
    return declared;
  auto pick = [](const auto &x, const auto &y) { return x ? x : y; };
  std::optional<TensorType::Sizes> sizes = d->sizes();
  if (c->sizes()) {
    sizes = c->sizes();
    if (d->sizes() && d->sizes()->size() == sizes->size())
      for (size_t i = 0; i < sizes->size(); ++i)
        (*sizes)[i] = pick((*sizes)[i], (*d->sizes())[i]);
  }
  return TensorType::create(pick(c->dtype(), d->dtype()), sizes,
                            pick(c->strides(), d->strides()),
                            pick(c->requiresGrad(), d->requiresGrad()),
                            pick(c->device(), d->device()));
}

// Values whose types a pass may replace: tensors, and tuples of them.
bool isRefinable(const TypePtr &t) {
  if (t->isa<TensorType>())
    return true;
  if (auto tuple = t->cast<TupleType>()) {
    for (const TypePtr &e : tuple->elements())
      if (!isRefinable(e) && e->kind() != TypeKind::Int &&
          e->kind() != TypeKind::Float && e->kind() != TypeKind::Bool)
        return false;
    return true;
  }
  return false;
}

// The join of types for values that meet (If branches, loop iterations);
// falls back to the declared type.
TypePtr joinOr(const TypePtr &a, const TypePtr &b, const TypePtr &fallback) {
  if (a->isa<TensorType>() && b->isa<TensorType>())
    return joinTypes(a, b);
  return typesEqual(a, b) ? a : fallback;
}

bool graphChangesMetadata(const Block *b) {
  for (const Node *n : b->nodes()) {
    for (const Block *inner : n->blocks())
      if (graphChangesMetadata(inner))
        return true;
    if (const OpInfo *op = n->maybeOp();
        op && changesMetadata(op->schema.name()))
      return true;
  }
  return false;
}

class ShapePropagator {
public:
  void propagateBlock(Block *b) {
    for (Node *n : b->nodes())
      propagateNode(n);
  }

private:
  // The type `v` had before the pass. Loop bodies are walked more than
  // once, and each walk refines from the declared types, not from the
  // previous walk's.
  const TypePtr &declared(const Value *v) {
    return declared_.try_emplace(v, v->type()).first->second;
  }

  void propagateNode(Node *n) {
    if (n->kind() == prim::If)
      return propagateIf(n);
    if (n->kind() == prim::Loop)
      return propagateLoop(n);
    if (n->kind() == prim::FusionGroup)
      return propagateFusionGroup(n);
    if (n->kind() == prim::TupleConstruct)
      return propagateTupleConstruct(n);
    if (n->kind() == prim::TupleUnpack)
      return propagateTupleUnpack(n);
    if (n->kind() == prim::ListUnpack)
      return propagateListUnpack(n);
    for (Block *inner : n->blocks())
      propagateBlock(inner);
    if (n->kind() == prim::Constant || n->kind() == prim::GetAttr)
      return;
    const OpInfo *op = n->maybeOp();
    if (!op)
      return;
    auto types = inferOutputTypes(n, *op);
    if (!types)
      return;
    for (size_t i = 0; i < n->outputs().size(); ++i) {
      Value *out = n->output(i);
      if ((*types)[i] && out->type()->isa<TensorType>())
        out->setType(refine(declared(out), (*types)[i]));
    }
  }

  void propagateTupleConstruct(Node *n) {
    if (!n->output()->type()->isa<TupleType>())
      return;
    std::vector<TypePtr> elements;
    for (const Value *in : n->inputs())
      elements.push_back(in->type());
    TypePtr tuple = TupleType::create(elements);
    if (tuple->isSubtypeOf(*declared(n->output())))
      n->output()->setType(tuple);
  }

  void propagateTupleUnpack(Node *n) {
    auto tuple = n->input(0)->type()->cast<TupleType>();
    if (!tuple || tuple->elements().size() != n->outputs().size())
      return;
    for (size_t i = 0; i < n->outputs().size(); ++i)
      if (tuple->elements()[i]->isSubtypeOf(*declared(n->output(i))))
        n->output(i)->setType(tuple->elements()[i]);
  }

  // The tensors of kiln::all_reduce_wait(kiln::all_reduce_start(
  // ListConstruct(t...))) have the types of t... (dtype and sizes; the
  // results are new contiguous tensors).
  void propagateListUnpack(Node *n) {
    const Node *wait = n->input(0)->node();
    const OpInfo *op = wait->maybeOp();
    if (!op || op->id != OpId::kiln_all_reduce_wait)
      return;
    const Node *reduce = wait->input(0)->node();
    op = reduce->maybeOp();
    if (!op || op->id != OpId::kiln_all_reduce_start)
      return;
    const Node *list = reduce->input(0)->node();
    if (list->kind() != prim::ListConstruct ||
        list->inputs().size() != n->outputs().size())
      return;
    for (size_t i = 0; i < n->outputs().size(); ++i) {
      auto t = list->input(i)->type()->cast<TensorType>();
      if (!t || !n->output(i)->type()->isa<TensorType>())
        continue;
      TypePtr type = TensorType::create(t->dtype(), t->sizes(), std::nullopt,
                                        t->requiresGrad(), t->device());
      n->output(i)->setType(refine(declared(n->output(i)), type));
    }
  }

  void propagateIf(Node *n) {
    for (Block *b : n->blocks())
      propagateBlock(b);
    for (size_t i = 0; i < n->outputs().size(); ++i) {
      Value *out = n->output(i);
      const TypePtr &before = declared(out);
      if (!isRefinable(before))
        continue;
      TypePtr joined = n->blocks()[0]->outputs()[i]->type();
      for (Block *b : n->blocks().subspan(1))
        joined = joinOr(joined, b->outputs()[i]->type(), before);
      out->setType(joined && joined->isSubtypeOf(*before) ? joined : before);
    }
  }

  // Carried values: the body starts from the types entering the loop; its
  // results are joined in until the body's inputs stop changing (each join
  // only forgets, so this ends); after a few rounds the declared types are
  // used.
  void propagateLoop(Node *n) {
    Block *body = n->blocks()[0];
    size_t carried = n->outputs().size();
    std::vector<TypePtr> before;
    for (size_t i = 0; i < carried; ++i)
      before.push_back(declared(body->inputs()[i + 1]));
    auto refinable = [&](size_t i) {
      return isRefinable(before[i]) &&
             n->input(i + 2)->type()->isSubtypeOf(*before[i]);
    };
    for (size_t i = 0; i < carried; ++i)
      if (refinable(i))
        body->inputs()[i + 1]->setType(n->input(i + 2)->type());
    constexpr int kMaxRounds = 8;
    for (int round = 0;; ++round) {
      propagateBlock(body);
      bool changed = false;
      for (size_t i = 0; i < carried; ++i) {
        if (!refinable(i))
          continue;
        Value *param = body->inputs()[i + 1];
        TypePtr joined =
            joinOr(param->type(), body->outputs()[i + 1]->type(), before[i]);
        if (!joined || !joined->isSubtypeOf(*before[i]))
          joined = before[i];
        if (!typesEqual(joined, param->type())) {
          param->setType(round < kMaxRounds ? joined : before[i]);
          changed = true;
        }
      }
      if (!changed)
        break;
    }
    for (size_t i = 0; i < carried; ++i) {
      const TypePtr &result = declared(n->output(i));
      if (refinable(i) && body->inputs()[i + 1]->type()->isSubtypeOf(*result))
        n->output(i)->setType(body->inputs()[i + 1]->type());
    }
  }

  void propagateFusionGroup(Node *n) {
    Graph &sub = *n->g(attr::Subgraph);
    if (sub.inputs().size() != n->inputs().size() ||
        sub.outputs().size() != n->outputs().size())
      return;
    for (size_t i = 0; i < n->inputs().size(); ++i)
      if (isRefinable(declared(sub.inputs()[i])) &&
          n->input(i)->type()->isSubtypeOf(*declared(sub.inputs()[i])))
        sub.inputs()[i]->setType(n->input(i)->type());
    propagateBlock(sub.block());
    for (size_t i = 0; i < n->outputs().size(); ++i)
      if (isRefinable(declared(n->output(i))) &&
          sub.outputs()[i]->type()->isSubtypeOf(*declared(n->output(i))))
        n->output(i)->setType(sub.outputs()[i]->type());
  }

  std::unordered_map<const Value *, TypePtr> declared_;
};

} // namespace

void propagateShapes(Graph &graph) {
  if (graphChangesMetadata(graph.block()))
    return;
  ShapePropagator().propagateBlock(graph.block());
}

} // namespace kiln
