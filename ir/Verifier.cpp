//===- Verifier.cpp -------------------------------------------------------===//
#include "ir/Verifier.h"

#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "ir/OpTable.h"
#include "ir/SchemaMatching.h"

#include <algorithm>
#include <unordered_set>

namespace kiln {

namespace {

std::string typeList(std::span<Value *const> values) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i)
      out += ", ";
    out += values[i]->type()->str();
  }
  return out + ")";
}

// "an int", "a str".
std::string withArticle(const char *noun) {
  bool vowel =
      std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
  return std::string(vowel ? "an " : "a ") + noun;
}

std::string plural(size_t n, const char *word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// A value fits where another type is expected, allowing refined tensors in
// either direction (unpacking a Tensor[] into refined tensors is fine).
bool compatible(const TypePtr &actual, const TypePtr &expected) {
  return actual->isSubtypeOf(*expected) || expected->isSubtypeOf(*actual);
}

class Verifier {
public:
  explicit Verifier(const Graph &graph) : graph_(graph) {}

  void run() {
    checkBlock(graph_.block(), nullptr);
    KILN_INTERNAL_ASSERT(!graph_.block()->owningNode(),
                         "a graph's top block has an owning node");
  }

private:
  //===--- Errors ---------------------------------------------------------===//

  template <typename... Parts>
  [[noreturn]] void fail(const Node *n, const Parts &...parts) {
    Diagnostic diag;
    diag.range = n->sourceRange();
    diag.message = detail::concat(parts...);
    // Without source text the caret has nothing to point at: show the node.
    if (!diag.range.valid() || !diag.range.source()->hasText()) {
      Diagnostic note;
      note.severity = Severity::Note;
      note.message = "in node: " + n->str();
      diag.notes.push_back(std::move(note));
    }
    throw CompileError(std::move(diag));
  }

  //===--- Structure, use lists, dominance --------------------------------===//

  void define(const Node *n, const Value *v, size_t offset) {
    if (v->node() != n || v->offset() != offset)
      fail(n, "internal error: value %", v->debugName(),
           " does not record its defining node");
    if (!graph_.allValues().count(v))
      fail(n, "internal error: value %", v->debugName(),
           " is not owned by the graph");
    for (const Use &u : v->uses())
      if (u.offset >= u.user->inputs().size() ||
          u.user->inputs()[u.offset] != v)
        fail(n, "internal error: use list of %", v->debugName(),
             " names a node that does not use it");
    visible_.insert(v);
  }

  void checkInputs(const Node *n) {
    for (size_t i = 0; i < n->inputs().size(); ++i) {
      const Value *v = n->inputs()[i];
      if (!v)
        fail(n, "internal error: input ", i, " of ", n->kind().qualString(),
             " is null");
      if (v->owningGraph() != &graph_)
        fail(n, "input %", v->debugName(), " belongs to another graph");
      if (!visible_.count(v))
        fail(n, "value %", v->debugName(), " is used by ",
             n->kind() == prim::Return ? "a block's return"
                                       : n->kind().qualString(),
             " but is not defined before it in this block or an enclosing "
             "one");
      auto uses = std::count(v->uses().begin(), v->uses().end(),
                             Use{const_cast<Node *>(n), i});
      if (uses != 1)
        fail(n, "internal error: use list of %", v->debugName(),
             " does not record its use by this node exactly once");
    }
  }

  void checkBlock(const Block *b, const Node *owner) {
    if (b->owningGraph() != &graph_ || b->owningNode() != owner)
      fail(owner ? owner : b->returnNode(),
           "internal error: block has the wrong owner");
    std::vector<const Value *> defined;
    const Node *param = b->paramNode();
    for (size_t i = 0; i < param->outputs().size(); ++i) {
      define(param, param->outputs()[i], i);
      defined.push_back(param->outputs()[i]);
    }
    const Node *ret = b->returnNode();
    for (const Node *n : b->nodes()) {
      if (n->owningBlock() != b || n->next()->prev() != n ||
          n->prev()->next() != n || !graph_.allNodes().count(n))
        fail(n, "internal error: node list of the block is corrupt");
      if (n->kind() == prim::Param || n->kind() == prim::Return)
        fail(n, "internal error: ", n->kind().qualString(),
             " inside a node list");
      checkInputs(n);
      for (const Block *inner : n->blocks())
        checkBlock(inner, n);
      for (size_t i = 0; i < n->outputs().size(); ++i) {
        define(n, n->outputs()[i], i);
        defined.push_back(n->outputs()[i]);
      }
      checkOp(n);
    }
    checkInputs(ret);
    for (const Value *v : defined)
      visible_.erase(v);
  }

  //===--- Ops ------------------------------------------------------------===//

  void checkOp(const Node *n) {
    const OpTable &table = OpTable::get();
    auto overloads = table.overloads(n->kind());
    if (overloads.empty())
      fail(n, "unknown op '", n->kind().qualString(), "'",
           table.suggestKind(n->kind().qualString()));
    if (!n->blocks().empty() && n->kind() != prim::If &&
        n->kind() != prim::Loop)
      fail(n, n->kind().qualString(), " cannot have blocks");
    checkSchema(n, overloads);
    checkStructure(n);
  }

  void checkSchema(const Node *n, std::span<const OpInfo *const> overloads) {
    std::vector<TypePtr> inputs, outputs;
    for (const Value *v : n->inputs())
      inputs.push_back(v->type());
    for (const Value *v : n->outputs())
      outputs.push_back(v->type());
    const OpInfo *best = nullptr;
    std::optional<SchemaMatch> bestMatch;
    for (const OpInfo *op : overloads) {
      auto m = matchArguments(op->schema, inputs);
      if (!m)
        continue;
      bool fits = matchReturns(op->schema, m->bindings, outputs, nullptr);
      bool bestFits = best && matchReturns(best->schema, bestMatch->bindings,
                                           outputs, nullptr);
      if (!best || (fits && !bestFits) ||
          (fits == bestFits && m->conversions < bestMatch->conversions)) {
        best = op;
        bestMatch = std::move(m);
      }
    }
    if (!best) {
      std::string candidates;
      size_t shown = 0;
      for (const OpInfo *op : overloads) {
        if (shown++ == 8) {
          candidates +=
              "\n  ... and " + std::to_string(overloads.size() - 8) + " more";
          break;
        }
        candidates += "\n  " + op->schema.str();
      }
      fail(n, "no overload of ", n->kind().qualString(),
           " accepts arguments of types ", typeList(n->inputs()),
           "; the candidates are:", candidates);
    }
    std::string why;
    if (!matchReturns(best->schema, bestMatch->bindings, outputs, &why))
      fail(n, n->kind().qualString(), ": ", why, " (", best->schema.str(), ")");
  }

  void requireAttribute(const Node *n, Symbol name, AttributeKind kind) {
    if (!n->hasAttribute(name) || n->attributeKindOf(name) != kind)
      fail(n, n->kind().qualString(), " needs ",
           withArticle(attributeKindName(kind)), " attribute '",
           name.unqualString(), "'");
  }

  void requireOutputs(const Node *n, size_t count) {
    if (n->outputs().size() != count)
      fail(n, n->kind().qualString(), " must have ", plural(count, "result"),
           " but has ", n->outputs().size());
  }

  void checkStructure(const Node *n) {
    Symbol k = n->kind();
    if (k == prim::If)
      checkIf(n);
    else if (k == prim::Loop)
      checkLoop(n);
    else if (k == prim::Constant)
      checkConstant(n);
    else if (k == prim::ListConstruct)
      checkListConstruct(n);
    else if (k == prim::ListUnpack)
      checkUnpack(n, /*tuple=*/false);
    else if (k == prim::TupleConstruct)
      checkTupleConstruct(n);
    else if (k == prim::TupleUnpack)
      checkUnpack(n, /*tuple=*/true);
    else if (k == prim::DictConstruct)
      checkDictConstruct(n);
    else if (k == prim::GetAttr || k == prim::SetAttr)
      checkAttributeAccess(n);
    else if (k == prim::CallMethod)
      requireAttribute(n, attr::name, AttributeKind::String);
    else if (k == prim::FusionGroup)
      checkFusionGroup(n);
    if (n->hasAttribute(attr::Subgraph) &&
        !OpTable::get().hasSubgraph(n->kind()))
      fail(n, n->kind().qualString(),
           " cannot carry a subgraph (only ops with the Subgraph trait do)");
  }

  void checkIf(const Node *n) {
    if (n->blocks().size() != 2)
      fail(n, "prim::If must have 2 blocks but has ", n->blocks().size());
    for (size_t bi = 0; bi < 2; ++bi) {
      const Block *b = n->blocks()[bi];
      if (!b->inputs().empty())
        fail(n, "block", bi, " of prim::If must have no inputs but has ",
             b->inputs().size());
      if (b->outputs().size() != n->outputs().size())
        fail(n, "block", bi, " of prim::If returns ",
             plural(b->outputs().size(), "value"), " but the node has ",
             plural(n->outputs().size(), "result"));
      for (size_t i = 0; i < b->outputs().size(); ++i)
        if (!b->outputs()[i]->type()->isSubtypeOf(*n->output(i)->type()))
          fail(n, "block", bi, " of prim::If returns %",
               b->outputs()[i]->debugName(), " of type ",
               b->outputs()[i]->type()->str(), " for result %",
               n->output(i)->debugName(), " of type ",
               n->output(i)->type()->str());
    }
  }

  // prim::Loop(max_trip_count, cond, carried...) with one block
  // (iteration, carried...) -> (cond, carried...).
  void checkLoop(const Node *n) {
    if (n->blocks().size() != 1)
      fail(n, "prim::Loop must have 1 block but has ", n->blocks().size());
    const Block *body = n->blocks()[0];
    size_t carried = n->inputs().size() - 2;
    if (n->outputs().size() != carried)
      fail(n, "prim::Loop carries ", plural(carried, "value"), " but has ",
           plural(n->outputs().size(), "result"));
    if (body->inputs().size() != carried + 1)
      fail(n, "the body of prim::Loop must take ", carried + 1,
           " inputs (the iteration number and ",
           plural(carried, "carried value"), ") but takes ",
           body->inputs().size());
    if (body->outputs().size() != carried + 1)
      fail(n, "the body of prim::Loop must return ", carried + 1,
           " values (the condition and ", plural(carried, "carried value"),
           ") but returns ", body->outputs().size());
    if (!body->inputs()[0]->type()->isa<IntType>())
      fail(n, "the iteration number of prim::Loop must be an int, not ",
           body->inputs()[0]->type()->str());
    if (!body->outputs()[0]->type()->isa<BoolType>())
      fail(n,
           "the body of prim::Loop must return a bool condition first, "
           "not ",
           body->outputs()[0]->type()->str());
    for (size_t i = 0; i < carried; ++i) {
      const Value *in = n->input(i + 2), *param = body->inputs()[i + 1];
      const Value *out = body->outputs()[i + 1], *result = n->output(i);
      if (!in->type()->isSubtypeOf(*param->type()))
        fail(n, "loop-carried %", in->debugName(), " of type ",
             in->type()->str(), " does not fit the body's input %",
             param->debugName(), " of type ", param->type()->str());
      if (!out->type()->isSubtypeOf(*result->type()) ||
          !out->type()->isSubtypeOf(*param->type()))
        fail(n, "the body of prim::Loop returns %", out->debugName(),
             " of type ", out->type()->str(), " for carried value %",
             param->debugName(), " of type ", param->type()->str());
    }
  }

  void checkConstant(const Node *n) {
    requireOutputs(n, 1);
    const TypePtr &type = n->output()->type();
    if (type->isa<FunctionType>()) {
      requireAttribute(n, attr::name, AttributeKind::String);
      return;
    }
    if (type->isa<NoneType>()) {
      if (n->hasAttribute(attr::value))
        fail(n, "a NoneType constant has no value");
      return;
    }
    // `%b : Tensor? = prim::Constant()`: None, typed as the Optional it
    // stands for (PyTorch prints such constants too).
    if (type->isa<OptionalType>() && !n->hasAttribute(attr::value))
      return;
    if (!n->hasAttribute(attr::value))
      fail(n, "prim::Constant of type ", type->str(), " needs a value");
    AttributeKind kind = n->attributeKindOf(attr::value);
    auto fits = [&]() {
      switch (type->kind()) {
      case TypeKind::Int:
      case TypeKind::Bool:
        return kind == AttributeKind::Int;
      case TypeKind::Float:
        return kind == AttributeKind::Float;
      case TypeKind::Str:
      case TypeKind::Device:
        return kind == AttributeKind::String;
      case TypeKind::Tensor:
        return kind == AttributeKind::Tensor;
      case TypeKind::Tuple:
        return kind == AttributeKind::Tuple;
      case TypeKind::List: {
        const TypePtr &e = type->cast<ListType>()->element();
        if (e->isa<IntType>() || e->isa<BoolType>())
          return kind == AttributeKind::Ints;
        if (e->isa<FloatType>())
          return kind == AttributeKind::Floats;
        if (e->isa<StringType>())
          return kind == AttributeKind::Strings;
        if (e->isa<TensorType>())
          return kind == AttributeKind::Tensors;
        return false;
      }
      default:
        return false;
      }
    };
    if (!fits())
      fail(n, "prim::Constant of type ", type->str(), " cannot hold ",
           withArticle(attributeKindName(kind)), " value");
    if (kind == AttributeKind::Tuple) {
      TypePtr held = constantType(*constantValueOf(n->output()));
      if (!held->isSubtypeOf(*type))
        fail(n, "prim::Constant of type ", type->str(),
             " holds a tuple of type ", held->str());
    }
    if (type->isa<BoolType>()) {
      int64_t v = n->i(attr::value);
      if (v != 0 && v != 1)
        fail(n, "a bool constant must be 0 or 1, not ", v);
    }
  }

  void checkListConstruct(const Node *n) {
    requireOutputs(n, 1);
    auto list = n->output()->type()->cast<ListType>();
    if (!list)
      fail(n, "prim::ListConstruct must produce a list, not ",
           n->output()->type()->str());
    for (const Value *v : n->inputs())
      if (!compatible(v->type(), list->element()))
        fail(n, "element %", v->debugName(), " of type ", v->type()->str(),
             " does not fit a list of ", list->element()->str());
  }

  void checkTupleConstruct(const Node *n) {
    requireOutputs(n, 1);
    auto tuple = n->output()->type()->cast<TupleType>();
    if (!tuple)
      fail(n, "prim::TupleConstruct must produce a tuple, not ",
           n->output()->type()->str());
    if (tuple->elements().size() != n->inputs().size())
      fail(n, "prim::TupleConstruct has ", plural(n->inputs().size(), "input"),
           " for a tuple of ", tuple->elements().size());
    for (size_t i = 0; i < n->inputs().size(); ++i)
      if (!n->input(i)->type()->isSubtypeOf(*tuple->elements()[i]))
        fail(n, "tuple element ", i, " %", n->input(i)->debugName(),
             " has type ", n->input(i)->type()->str(), ", not ",
             tuple->elements()[i]->str());
  }

  void checkUnpack(const Node *n, bool tuple) {
    const TypePtr &in = n->input(0)->type();
    if (tuple) {
      auto t = in->cast<TupleType>();
      if (!t)
        fail(n, "prim::TupleUnpack needs a tuple, not ", in->str());
      if (t->elements().size() != n->outputs().size())
        fail(n, "prim::TupleUnpack of a ", t->elements().size(), "-tuple has ",
             plural(n->outputs().size(), "result"));
      for (size_t i = 0; i < n->outputs().size(); ++i)
        if (!compatible(t->elements()[i], n->output(i)->type()))
          fail(n, "result %", n->output(i)->debugName(), " of type ",
               n->output(i)->type()->str(), " does not fit tuple element ", i,
               " of type ", t->elements()[i]->str());
      return;
    }
    auto l = in->cast<ListType>();
    if (!l)
      fail(n, "prim::ListUnpack needs a list, not ", in->str());
    for (const Value *out : n->outputs())
      if (!compatible(l->element(), out->type()))
        fail(n, "result %", out->debugName(), " of type ", out->type()->str(),
             " does not fit an element of ", in->str());
  }

  void checkDictConstruct(const Node *n) {
    requireOutputs(n, 1);
    auto dict = n->output()->type()->cast<DictType>();
    if (!dict)
      fail(n, "prim::DictConstruct must produce a dict, not ",
           n->output()->type()->str());
    if (n->inputs().size() % 2 != 0)
      fail(n, "prim::DictConstruct takes keys and values in pairs");
    for (size_t i = 0; i < n->inputs().size(); ++i) {
      const TypePtr &want = i % 2 == 0 ? dict->key() : dict->value();
      if (!compatible(n->input(i)->type(), want))
        fail(n, i % 2 == 0 ? "key" : "value", " %", n->input(i)->debugName(),
             " of type ", n->input(i)->type()->str(), " does not fit ",
             dict->str());
    }
  }

  void checkAttributeAccess(const Node *n) {
    requireAttribute(n, attr::name, AttributeKind::String);
    if (n->kind() == prim::GetAttr)
      requireOutputs(n, 1);
    const TypePtr &self = n->input(0)->type();
    if (!self->isa<ClassType>())
      fail(n, n->kind().qualString(), " needs a module or class object, not ",
           self->str());
  }

  void checkFusionGroup(const Node *n) {
    requireAttribute(n, attr::Subgraph, AttributeKind::Graph);
    const Graph &sub = *n->g(attr::Subgraph);
    if (sub.inputs().size() != n->inputs().size())
      fail(n, "fusion group has ", plural(n->inputs().size(), "input"),
           " but its subgraph takes ", sub.inputs().size());
    if (sub.outputs().size() != n->outputs().size())
      fail(n, "fusion group has ", plural(n->outputs().size(), "result"),
           " but its subgraph returns ", sub.outputs().size());
    for (size_t i = 0; i < n->inputs().size(); ++i)
      if (!n->input(i)->type()->isSubtypeOf(*sub.inputs()[i]->type()))
        fail(n, "fusion group input %", n->input(i)->debugName(), " of type ",
             n->input(i)->type()->str(),
             " does not fit its subgraph's input of type ",
             sub.inputs()[i]->type()->str());
    for (size_t i = 0; i < n->outputs().size(); ++i)
      if (!sub.outputs()[i]->type()->isSubtypeOf(*n->output(i)->type()))
        fail(n, "fusion group result %", n->output(i)->debugName(), " of type ",
             n->output(i)->type()->str(),
             " does not fit its subgraph's result of type ",
             sub.outputs()[i]->type()->str());
    verify(sub);
  }

  const Graph &graph_;
  std::unordered_set<const Value *> visible_;
};

} // namespace

void verify(const Graph &graph) { Verifier(graph).run(); }

} // namespace kiln
