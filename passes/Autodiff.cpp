//===- Autodiff.cpp - Gradient graphs by reverse-mode differentiation -----===//
//
// Note [How a node is differentiated]: the forward graph is a copy of the
// input graph. The nodes a gradient flows through are found first (those
// with an input that depends on a leaf); then the blocks are walked in
// reverse, and each such node whose results have gradients gets its op's
// formula cloned into the backward graph. The formula's arguments and
// results become values of the forward graph that the backward graph
// saves: a backward input each, and a forward output each (constants are
// copied instead of saved). Gradients of a value used several times are
// added.
//
//===----------------------------------------------------------------------===//
#include "passes/Autodiff.h"

#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "ir/OpTable.h"
#include "ir/Parser.h"
#include "passes/DeadCodeElimination.h"
#include "support/Error.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace kiln {

namespace {

//===----------------------------------------------------------------------===//
// The formulas of ir/ops/Gradients.def
//===----------------------------------------------------------------------===//

struct Formula {
  std::string ops;
  std::shared_ptr<Graph> graph;
  /// The schema argument each returned gradient belongs to.
  std::vector<std::string> inputs;
};

struct FormulaTable {
  /// By "kind.overload" ("aten::relu" for an unnamed overload).
  std::unordered_map<std::string, const Formula *> byOp;
  std::unordered_set<Symbol> noGradient;
  std::vector<std::unique_ptr<Formula>> formulas;
};

std::vector<std::string> splitWords(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

std::string overloadName(const OpInfo &op) {
  const FunctionSchema &s = op.schema;
  return s.overloadName().empty() ? s.name()
                                  : s.name() + "." + s.overloadName();
}

/// What a formula input stands for: schema argument `index`, result
/// `index`, or the gradient of result `index`.
struct FormulaInput {
  enum Kind { Argument, Result, Grad } kind;
  size_t index;
};

/// Reads a formula input's name against `op`'s schema; nullopt if it
/// names nothing.
std::optional<FormulaInput> formulaInput(const OpInfo &op,
                                         const std::string &name) {
  const auto &args = op.schema.arguments();
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i].name == name)
      return FormulaInput{FormulaInput::Argument, i};
  size_t results = op.schema.returns().size();
  for (size_t j = 0; j < results; ++j) {
    std::string suffix = results == 1 ? "" : std::to_string(j);
    if (name == "result" + suffix)
      return FormulaInput{FormulaInput::Result, j};
    if (name == "grad" + suffix)
      return FormulaInput{FormulaInput::Grad, j};
  }
  return std::nullopt;
}

void stripNames(Block *block) {
  for (Node *n : block->nodes()) {
    for (Value *out : n->outputs())
      out->setDebugName("");
    for (Block *inner : n->blocks()) {
      for (Value *in : inner->inputs())
        in->setDebugName("");
      stripNames(inner);
    }
  }
}

const FormulaTable &formulaTable() {
  static const FormulaTable table = [] {
    FormulaTable t;
    const OpTable &ops = OpTable::get();
    auto add = [&](std::string_view names, std::string_view inputs,
                   std::string_view text) {
      auto f = std::make_unique<Formula>();
      f->ops = std::string(names);
      f->graph = parseIR(text, "<gradient of " + f->ops + ">");
      f->inputs = splitWords(inputs);
      // Cloned values take fresh numbers: a formula's names would rename
      // the user's values of the same name (TorchScript's naming rule).
      stripNames(f->graph->block());
      KILN_INTERNAL_ASSERT(f->graph->outputs().size() == f->inputs.size(),
                           "the gradient of ", f->ops, " returns ",
                           f->graph->outputs().size(), " values for ",
                           f->inputs.size(), " inputs");
      for (const std::string &name : splitWords(names)) {
        const OpInfo *op = ops.find(name);
        KILN_INTERNAL_ASSERT(op, "gradient of unknown op ", name);
        for (const std::string &in : f->inputs)
          KILN_INTERNAL_ASSERT(formulaInput(*op, in) &&
                                   formulaInput(*op, in)->kind ==
                                       FormulaInput::Argument,
                               "the gradient of ", name, " returns one for '",
                               in, "', which is not an argument");
        for (Value *v : f->graph->inputs())
          KILN_INTERNAL_ASSERT(formulaInput(*op, v->debugName()),
                               "the gradient of ", name, " takes '%",
                               v->debugName(),
                               "', which is neither an argument, a result "
                               "nor a gradient");
        KILN_INTERNAL_ASSERT(!t.byOp.count(name), "two gradients of ", name);
        t.byOp[name] = f.get();
      }
      t.formulas.push_back(std::move(f));
    };
    auto none = [&](std::string_view kinds) {
      for (const std::string &k : splitWords(kinds))
        t.noGradient.insert(Symbol::fromQualString(k));
    };
#define KILN_GRADIENT(Ops, Inputs, Text) add(Ops, Inputs, Text);
#define KILN_NO_GRADIENT(Kinds) none(Kinds);
#include "ir/ops/Gradients.def"
#undef KILN_GRADIENT
#undef KILN_NO_GRADIENT
    return t;
  }();
  return table;
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// A tensor that may hold floating-point numbers.
bool isFloatTensor(const TypePtr &type) {
  const auto *t = type->cast<TensorType>();
  return t && (!t->dtype() || isFloatingType(*t->dtype()));
}

/// A value of this type may carry a gradient.
bool carriesGradient(const TypePtr &type) {
  if (isFloatTensor(type))
    return true;
  if (const auto *l = type->cast<ListType>())
    return isFloatTensor(l->element());
  if (const auto *o = type->cast<OptionalType>())
    return isFloatTensor(o->element());
  if (const auto *t = type->cast<TupleType>())
    return std::any_of(t->elements().begin(), t->elements().end(),
                       carriesGradient);
  return false;
}

/// `node` lies inside one of `ancestor`'s blocks, at any depth.
bool isInside(const Node *node, const Node *ancestor) {
  for (const Block *b = node->owningBlock(); b;
       b = b->owningNode() ? b->owningNode()->owningBlock() : nullptr)
    if (b->owningNode() == ancestor)
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// The differentiator
//===----------------------------------------------------------------------===//

using GradMap = std::unordered_map<Value *, Value *>;

class Differentiator {
public:
  explicit Differentiator(Graph &forward)
      : fwd_(forward), bw_(std::make_shared<Graph>()) {}

  Gradient run();

private:
  void functionalize(Block *block);
  bool appendToList(Node *n);
  void checkOverwrites() const;
  bool isFresh(const Value *v) const;
  void hoistAttributes();
  std::optional<std::string> attributePath(Value *v) const;
  void findLeaves();
  void markRequires(Block *block);
  void collectSeeds(Value *v, std::vector<Value *> &seeds);

  // The backward graph.
  Value *saved(Value *v);
  Value *lift(Value *v);
  Value *constant(const ConstantValue &c);
  Value *none();
  Value *emit(std::string_view kind, std::vector<Value *> inputs, TypePtr type);
  Value *zerosLike(Value *forwardValue);
  void addGrad(GradMap &grads, Value *v, Value *g);
  Value *addLists(Value *a, Value *b);
  void backward(Block *block, GradMap &grads);
  void backwardIf(Node *node, GradMap &grads);
  void backwardNode(Node *node, GradMap &grads);
  void applyFormula(Node *node, const Formula &formula, GradMap &grads);

  Graph &fwd_;
  std::shared_ptr<Graph> bw_;
  std::unordered_set<const Value *> requires_;
  std::vector<GradientLeaf> leaves_;
  std::vector<std::vector<Value *>> leafValues_;
  std::unordered_map<Value *, Value *> saved_;
  std::unordered_map<Value *, Value *> lifted_;
  std::vector<Value *> savedValues_;
  /// In-place ops functionalize() left in place.
  std::vector<Node *> inPlace_;
  Value *none_ = nullptr;
};

/// `v` is a view of another tensor: the result of an op whose result aliases
/// an argument without writing it (select, slice, view, transpose, ...).
bool isView(const Value *v) {
  const Node *n = v->node();
  const OpInfo *op = n->maybeOp();
  if (!op || n->kind().isPrim() || v->offset() >= op->schema.returns().size())
    return false;
  const Argument &ret = op->schema.returns()[v->offset()];
  return ret.alias && !ret.alias->isWrite;
}

/// `v` is a tensor no other value aliases: an op's result that is not a
/// view, or an If's result that is fresh in every branch.
bool Differentiator::isFresh(const Value *v) const {
  const Node *n = v->node();
  if (n->kind() == prim::Uninitialized)
    return true;
  if (n->kind() == prim::If) {
    for (const Block *b : n->blocks())
      if (!isFresh(b->outputs()[v->offset()]))
        return false;
    return true;
  }
  const OpInfo *op = n->maybeOp();
  if (!op || n->kind().isPrim() || v->offset() >= op->schema.returns().size())
    return false;
  const Argument &ret = op->schema.returns()[v->offset()];
  return !ret.alias && !ret.elementAlias;
}

// Note [In-place ops]: the frontend keeps a variable's SSA value across an
// in-place op (`out += x` is `%r = aten::add_(%out, %x)` and later code
// reads %out), so the graph's data flow skips the op. Later uses read the
// op's result instead; and when the mutated tensor is fresh (no view, input
// or module tensor shares it), the op becomes its functional form, so that
// a value saved for the backward graph is not overwritten.
void Differentiator::functionalize(Block *block) {
  for (Node *n = block->nodes().front(); n != block->returnNode();) {
    Node *next = n->next();
    if (appendToList(n)) {
      n = next;
      continue;
    }
    for (Block *inner : n->blocks())
      functionalize(inner);
    const OpInfo *op = n->maybeOp();
    if (!op || !op->isMutating() || n->outputs().size() != 1 ||
        op->schema.arguments().empty() ||
        !op->schema.arguments()[0].isWritten() ||
        !n->input(0)->type()->isa<TensorType>()) {
      n = next;
      continue;
    }
    Value *self = n->input(0);
    self->replaceAllUsesAfterNodeWith(n, n->output());
    std::string_view kind = n->kind().qualString();
    if (!isFresh(self) || !kind.ends_with('_')) {
      inPlace_.push_back(n);
      n = next;
      continue;
    }
    Symbol inPlace = n->kind();
    n->setKind(Symbol::fromQualString(kind.substr(0, kind.size() - 1)));
    if (!OpTable::get().resolve(n)) {
      n->setKind(inPlace);
      inPlace_.push_back(n);
    }
    n = next;
  }
}

// `outputs.append(y)` on a list built in the same block: later reads of the
// list read a new prim::ListConstruct with y added, and the append goes, so
// that the list's gradient reaches its elements (unrolled loops build lists
// this way).
bool Differentiator::appendToList(Node *n) {
  if (n->kind() != Symbol::fromQualString("aten::append") ||
      n->inputs().size() != 2)
    return false;
  Value *list = n->input(0);
  Node *producer = list->node();
  const auto *type = list->type()->cast<ListType>();
  if (producer->kind() != prim::ListConstruct ||
      producer->owningBlock() != n->owningBlock() || !type ||
      !type->element()->isa<TensorType>())
    return false;
  std::vector<Value *> elements(producer->inputs().begin(),
                                producer->inputs().end());
  elements.push_back(n->input(1));
  Node *grown = fwd_.create(prim::ListConstruct, elements);
  grown->output()->setType(list->type());
  grown->setSourceRange(n->sourceRange());
  grown->insertAfter(n);
  list->replaceAllUsesAfterNodeWith(n, grown->output());
  n->output()->replaceAllUsesWith(grown->output());
  n->destroy();
  return true;
}

// An in-place op that stayed in place overwrites its tensor; if the backward
// graph reads that tensor's values (not just its sizes), it would read the
// overwritten ones (PyTorch's "modified by an inplace operation" error).
void Differentiator::checkOverwrites() const {
  for (Node *n : inPlace_) {
    auto it = saved_.find(n->input(0));
    if (it == saved_.end())
      continue;
    for (const Use &use : it->second->uses()) {
      std::string_view kind = use.user->kind().qualString();
      // Uses that read only sizes and dtype.
      if (kind == "aten::size" || kind == "aten::dim" ||
          kind == "aten::numel" || kind == "aten::zeros_like")
        continue;
      throwErrorAt(n->sourceRange(),
                   "not differentiable: ", n->kind().qualString(),
                   " overwrites a tensor whose values the gradient needs; "
                   "use the out-of-place op (x = x + y, not x += y)");
    }
  }
}

void Differentiator::hoistAttributes() {
  // A module's tensors are leaves of the top block: a GetAttr nested in an
  // If whose receiver is available at the top moves before the If.
  bool changed = true;
  while (changed) {
    changed = false;
    std::vector<Node *> work;
    std::vector<Block *> blocks{fwd_.block()};
    while (!blocks.empty()) {
      Block *b = blocks.back();
      blocks.pop_back();
      for (Node *n : b->nodes()) {
        for (Block *inner : n->blocks())
          blocks.push_back(inner);
        if (b != fwd_.block() && n->kind() == prim::GetAttr &&
            n->input(0)->node()->owningBlock() == fwd_.block())
          work.push_back(n);
      }
    }
    for (Node *n : work) {
      Node *top = n;
      while (top->owningBlock() != fwd_.block())
        top = top->owningBlock()->owningNode();
      n->moveBefore(top);
      changed = true;
    }
  }
}

std::optional<std::string> Differentiator::attributePath(Value *v) const {
  std::string path;
  while (v->node()->kind() == prim::GetAttr) {
    std::string name = v->node()->s(attr::name);
    path = path.empty() ? name : name + "." + path;
    v = v->node()->input(0);
  }
  if (fwd_.inputs().empty() || v != fwd_.inputs()[0] ||
      !v->type()->isa<ClassType>() || path.empty())
    return std::nullopt;
  return path;
}

void Differentiator::findLeaves() {
  for (size_t i = 0; i < fwd_.inputs().size(); ++i) {
    Value *in = fwd_.inputs()[i];
    if (!isFloatTensor(in->type()))
      continue;
    leaves_.push_back({i, "", true});
    leafValues_.push_back({in});
    requires_.insert(in);
  }
  std::map<std::string, size_t> byPath;
  for (Node *n : fwd_.nodes()) {
    if (n->kind() != prim::GetAttr || !isFloatTensor(n->output()->type()))
      continue;
    std::optional<std::string> path = attributePath(n->output());
    if (!path)
      continue;
    auto [it, added] = byPath.emplace(*path, leaves_.size());
    if (added) {
      leaves_.push_back({std::nullopt, *path, true});
      leafValues_.emplace_back();
    }
    leafValues_[it->second].push_back(n->output());
    requires_.insert(n->output());
  }
}

void Differentiator::markRequires(Block *block) {
  const FormulaTable &table = formulaTable();
  for (Node *n : block->nodes()) {
    bool anyInput =
        std::any_of(n->inputs().begin(), n->inputs().end(),
                    [&](Value *v) { return requires_.count(v) > 0; });
    if (n->kind() == prim::If) {
      for (Block *b : n->blocks())
        markRequires(b);
      for (size_t i = 0; i < n->outputs().size(); ++i)
        for (Block *b : n->blocks())
          if (requires_.count(b->outputs()[i]) &&
              carriesGradient(n->output(i)->type()))
            requires_.insert(n->output(i));
      continue;
    }
    if (n->kind() == prim::Loop) {
      size_t before = requires_.size();
      Block *body = n->blocks()[0];
      for (size_t i = 2; i < n->inputs().size(); ++i)
        if (requires_.count(n->input(i)))
          requires_.insert(body->inputs()[i - 1]);
      markRequires(body);
      if (anyInput || requires_.size() != before)
        throwErrorAt(n->sourceRange(),
                     "not yet differentiable: loop with data-dependent trip "
                     "count (a gradient flows through this loop; only loops "
                     "with a constant trip count are differentiated, once "
                     "specialization and unroll-loops have unrolled them)");
      continue;
    }
    if (!anyInput || table.noGradient.count(n->kind()))
      continue;
    if (const OpInfo *op = n->maybeOp();
        op && op->isMutating() && !n->inputs().empty() && isView(n->input(0)))
      throwErrorAt(n->sourceRange(),
                   "not differentiable: an in-place write into a view (",
                   n->kind().qualString(),
                   " of a slice, select or view of another tensor) that a "
                   "gradient flows through; build the tensor out of place "
                   "(torch.cat, torch.stack, torch.where)");
    if (const OpInfo *op = n->maybeOp(); op && op->isMutating() &&
                                         !n->inputs().empty() &&
                                         n->input(0)->type()->isa<ListType>())
      throwErrorAt(n->sourceRange(),
                   "not differentiable: a gradient flows into a list changed "
                   "in place here (an append in a loop with a data-dependent "
                   "trip count or in a branch); build the list where it is "
                   "used, or use torch.stack/torch.cat on a list literal");
    for (Value *out : n->outputs())
      if (carriesGradient(out->type()))
        requires_.insert(out);
  }
}

void Differentiator::collectSeeds(Value *v, std::vector<Value *> &seeds) {
  if (v->node()->kind() == prim::TupleConstruct &&
      v->node()->owningBlock() == fwd_.block()) {
    for (Value *in : v->node()->inputs())
      collectSeeds(in, seeds);
    return;
  }
  if (isFloatTensor(v->type()))
    seeds.push_back(v);
}

Value *Differentiator::constant(const ConstantValue &c) {
  Node *saved = bw_->insertPoint();
  bw_->setInsertPoint(bw_->block()->nodes().front());
  Value *v = insertConstant(*bw_, c);
  bw_->setInsertPoint(saved);
  return v;
}

Value *Differentiator::none() {
  if (!none_) {
    Node *n = bw_->create(prim::Constant);
    n->output()->setType(NoneType::get());
    bw_->block()->prependNode(n);
    none_ = n->output();
  }
  return none_;
}

Value *Differentiator::lift(Value *v) {
  auto it = lifted_.find(v);
  if (it != lifted_.end())
    return it->second;
  Value *original = v;
  while (v->node() != fwd_.paramNode() &&
         v->node()->owningBlock() != fwd_.block()) {
    Block *block = v->node()->owningBlock();
    Node *owner = block->owningNode();
    KILN_INTERNAL_ASSERT(owner->kind() == prim::If,
                         "autodiff: a saved value inside ",
                         owner->kind().qualString());
    Value *out = owner->addOutput();
    out->setType(v->type());
    for (Block *b : owner->blocks()) {
      if (b == block) {
        b->registerOutput(v);
        continue;
      }
      Node *u = fwd_.create(prim::Uninitialized);
      u->output()->setType(v->type());
      u->insertBefore(b->returnNode());
      b->registerOutput(u->output());
    }
    v = out;
  }
  lifted_[original] = v;
  return v;
}

Value *Differentiator::saved(Value *v) {
  auto it = saved_.find(v);
  if (it != saved_.end())
    return it->second;
  Value *result;
  if (v->node()->kind() == prim::Constant) {
    Node *copy = bw_->createClone(v->node(), [](Value *) -> Value * {
      KILN_INTERNAL_ASSERT(false, "a constant with inputs");
      return nullptr;
    });
    bw_->block()->prependNode(copy);
    result = copy->output();
    // Unnamed, so that appending the backward graph to the forward one
    // (gradientOfSum) does not rename the constant it copies.
    result->setDebugName("");
  } else {
    Value *top = lift(v);
    savedValues_.push_back(top);
    result = bw_->addInput();
    result->setType(v->type());
    if (v->hasDebugName())
      result->setDebugName(v->debugName());
  }
  saved_[v] = result;
  return result;
}

Value *Differentiator::emit(std::string_view kind, std::vector<Value *> inputs,
                            TypePtr type) {
  Node *n = bw_->insert(Symbol::fromQualString(kind), inputs);
  n->output()->setType(std::move(type));
  return n->output();
}

Value *Differentiator::zerosLike(Value *forwardValue) {
  Value *x = saved(forwardValue);
  Value *n = none();
  return emit("aten::zeros_like", {x, n, n, n, n, n}, TensorType::get());
}

void Differentiator::addGrad(GradMap &grads, Value *v, Value *g) {
  if (!requires_.count(v))
    return;
  auto it = grads.find(v);
  if (it == grads.end()) {
    grads[v] = g;
    return;
  }
  if (v->type()->isa<ListType>()) {
    it->second = addLists(it->second, g);
    return;
  }
  KILN_INTERNAL_ASSERT(isFloatTensor(v->type()) ||
                           v->type()->isa<OptionalType>(),
                       "autodiff: adding gradients of a ", v->type()->str());
  Value *one = constant(int64_t{1});
  it->second = emit("aten::add", {it->second, g, one}, TensorType::get());
}

/// Element-wise sum of two lists of gradients (aten::add of lists would
/// concatenate them).
Value *Differentiator::addLists(Value *a, Value *b) {
  static const std::shared_ptr<Graph> sum = [] {
    std::shared_ptr<Graph> g = parseIR(R"IR(graph(%a : Tensor[], %b : Tensor[]):
  %true : bool = prim::Constant[value=1]()
  %one : int = prim::Constant[value=1]()
  %n : int = aten::len(%a)
  %sum : Tensor[] = prim::ListConstruct()
   = prim::Loop(%n, %true)
    block0(%i : int):
      %x : Tensor = aten::__getitem__(%a, %i)
      %y : Tensor = aten::__getitem__(%b, %i)
      %s : Tensor = aten::add(%x, %y, %one)
      %l : Tensor[] = aten::append(%sum, %s)
      -> (%true)
  return (%sum)
)IR",
                                       "<sum of gradient lists>");
    stripNames(g->block());
    return g;
  }();
  std::unordered_map<Value *, Value *> env{{sum->inputs()[0], a},
                                           {sum->inputs()[1], b}};
  for (Node *n : sum->nodes()) {
    Node *copy = bw_->insertNode(
        bw_->createClone(n, [&](Value *v) { return env.at(v); }));
    for (size_t i = 0; i < n->outputs().size(); ++i)
      env[n->output(i)] = copy->output(i);
  }
  return env.at(sum->outputs()[0]);
}

void Differentiator::backward(Block *block, GradMap &grads) {
  for (Node *n : block->nodes().reverse()) {
    if (n->kind() == prim::If) {
      backwardIf(n, grads);
      continue;
    }
    bool hasGrad = std::any_of(n->outputs().begin(), n->outputs().end(),
                               [&](Value *v) { return grads.count(v) > 0; });
    if (hasGrad)
      backwardNode(n, grads);
  }
}

void Differentiator::backwardIf(Node *node, GradMap &grads) {
  bool hasGrad = std::any_of(node->outputs().begin(), node->outputs().end(),
                             [&](Value *v) { return grads.count(v) > 0; });
  if (!hasGrad)
    return;
  Value *cond = saved(node->input(0));
  Node *bif = bw_->insert(prim::If, {&cond, 1}, 0);
  bif->setSourceRange(node->sourceRange());
  Node *after = bw_->insertPoint();
  std::vector<GradMap> branchGrads;
  for (Block *fb : node->blocks()) {
    Block *bb = bif->addBlock();
    bw_->setInsertPoint(bb);
    GradMap local = grads;
    for (size_t i = 0; i < node->outputs().size(); ++i) {
      auto it = grads.find(node->output(i));
      if (it != grads.end())
        addGrad(local, fb->outputs()[i], it->second);
    }
    backward(fb, local);
    branchGrads.push_back(std::move(local));
  }
  // Gradients of values from outside the If that a branch changed.
  std::vector<Value *> changed;
  std::unordered_set<Value *> seen;
  for (const GradMap &local : branchGrads)
    for (auto [v, g] : local) {
      if (isInside(v->node(), node) || seen.count(v))
        continue;
      auto outer = grads.find(v);
      if (outer == grads.end() || outer->second != g) {
        changed.push_back(v);
        seen.insert(v);
      }
    }
  std::sort(changed.begin(), changed.end(),
            [](Value *a, Value *b) { return a->unique() < b->unique(); });
  for (Value *v : changed) {
    Value *out = bif->addOutput();
    out->setType(TensorType::get());
    for (size_t k = 0; k < bif->blocks().size(); ++k) {
      Block *bb = bif->blocks()[k];
      bw_->setInsertPoint(bb);
      auto it = branchGrads[k].find(v);
      bb->registerOutput(it != branchGrads[k].end() ? it->second
                                                    : zerosLike(v));
    }
    grads[v] = out;
  }
  bw_->setInsertPoint(after);
}

void Differentiator::backwardNode(Node *node, GradMap &grads) {
  // A result without a gradient has zeros; one that carries none (an int
  // in a tuple) stands for itself.
  auto gradOf = [&](Value *out) {
    auto it = grads.find(out);
    if (it != grads.end())
      return it->second;
    return isFloatTensor(out->type()) ? zerosLike(out) : saved(out);
  };
  Symbol kind = node->kind();
  if (kind == prim::GetAttr || kind == prim::Constant)
    return;
  if (kind == prim::unchecked_cast) {
    addGrad(grads, node->input(0), gradOf(node->output()));
    return;
  }
  if (kind == prim::ListUnpack) {
    std::vector<Value *> elements;
    for (Value *out : node->outputs())
      elements.push_back(gradOf(out));
    Node *list = bw_->insert(prim::ListConstruct, elements);
    list->output()->setType(ListType::ofTensors());
    addGrad(grads, node->input(0), list->output());
    return;
  }
  if (kind == prim::TupleUnpack) {
    std::vector<Value *> elements;
    for (Value *out : node->outputs())
      elements.push_back(gradOf(out));
    Node *tuple = bw_->insert(prim::TupleConstruct, elements);
    tuple->output()->setType(node->input(0)->type());
    addGrad(grads, node->input(0), tuple->output());
    return;
  }
  if (kind == prim::TupleIndex) {
    // The tuple's gradient: this one at the index, zeros elsewhere.
    std::optional<ConstantValue> index = constantValueOf(node->input(1));
    if (!index || !std::holds_alternative<int64_t>(*index))
      throwErrorAt(node->sourceRange(), "not differentiable: a tuple "
                                        "indexed by a value that is not "
                                        "constant");
    const auto &types = node->input(0)->type()->cast<TupleType>()->elements();
    int64_t at = std::get<int64_t>(*index);
    if (at < 0)
      at += static_cast<int64_t>(types.size());
    std::vector<Value *> elements;
    for (size_t j = 0; j < types.size(); ++j) {
      if (static_cast<int64_t>(j) == at) {
        elements.push_back(gradOf(node->output()));
        continue;
      }
      Value *tuple = saved(node->input(0));
      Node *element = bw_->insert(
          prim::TupleIndex,
          std::vector<Value *>{tuple, constant(static_cast<int64_t>(j))});
      element->output()->setType(types[j]);
      Value *n = none();
      elements.push_back(isFloatTensor(types[j])
                             ? emit("aten::zeros_like",
                                    {element->output(), n, n, n, n, n},
                                    TensorType::get())
                             : element->output());
    }
    Node *tuple = bw_->insert(prim::TupleConstruct, elements);
    tuple->output()->setType(node->input(0)->type());
    addGrad(grads, node->input(0), tuple->output());
    return;
  }
  if (kind == prim::ListConstruct || kind == prim::TupleConstruct) {
    Value *g = gradOf(node->output());
    Node *unpack = bw_->insert(kind == prim::ListConstruct ? prim::ListUnpack
                                                           : prim::TupleUnpack,
                               {&g, 1}, node->inputs().size());
    for (size_t i = 0; i < node->inputs().size(); ++i) {
      unpack->output(i)->setType(node->input(i)->type());
      addGrad(grads, node->input(i), unpack->output(i));
    }
    return;
  }
  const OpInfo *op = node->maybeOp();
  const FormulaTable &table = formulaTable();
  const Formula *formula = nullptr;
  if (op) {
    auto it = table.byOp.find(overloadName(*op));
    if (it != table.byOp.end())
      formula = it->second;
  }
  if (!formula)
    throwErrorAt(node->sourceRange(), "not differentiable: ",
                 op ? overloadName(*op) : std::string(kind.qualString()),
                 " has no gradient formula, and a gradient flows through "
                 "it (formulas are in ir/ops/Gradients.def)");
  applyFormula(node, *formula, grads);
}

void Differentiator::applyFormula(Node *node, const Formula &formula,
                                  GradMap &grads) {
  const OpInfo &op = *node->maybeOp();
  std::unordered_map<Value *, Value *> env;
  auto lookup = [&](Value *v) -> Value * {
    auto it = env.find(v);
    if (it != env.end())
      return it->second;
    KILN_INTERNAL_ASSERT(v->node() == formula.graph->paramNode(),
                         "gradient of ", formula.ops, ": %", v->debugName(),
                         " is used before it is defined");
    FormulaInput in = *formulaInput(op, v->debugName());
    Value *mapped = nullptr;
    switch (in.kind) {
    case FormulaInput::Argument:
      KILN_INTERNAL_ASSERT(in.index < node->inputs().size(), "gradient of ",
                           formula.ops, ": argument ", v->debugName(),
                           " is missing");
      mapped = saved(node->input(in.index));
      break;
    case FormulaInput::Result:
      mapped = saved(node->output(in.index));
      break;
    case FormulaInput::Grad: {
      auto g = grads.find(node->output(in.index));
      mapped = g != grads.end() ? g->second : zerosLike(node->output(in.index));
      break;
    }
    }
    env[v] = mapped;
    return mapped;
  };
  for (Node *fn : formula.graph->nodes()) {
    Node *copy = bw_->createClone(fn, lookup);
    copy->setSourceRange(node->sourceRange());
    bw_->insertNode(copy);
    for (size_t i = 0; i < fn->outputs().size(); ++i)
      env[fn->output(i)] = copy->output(i);
  }
  const auto &args = op.schema.arguments();
  for (size_t k = 0; k < formula.inputs.size(); ++k) {
    size_t index = 0;
    while (args[index].name != formula.inputs[k])
      ++index;
    if (index < node->inputs().size())
      addGrad(grads, node->input(index), lookup(formula.graph->outputs()[k]));
  }
}

Gradient Differentiator::run() {
  functionalize(fwd_.block());
  hoistAttributes();
  findLeaves();
  markRequires(fwd_.block());

  Gradient result;
  result.numOutputs = fwd_.outputs().size();
  std::vector<Value *> seeds;
  for (Value *out : fwd_.outputs())
    collectSeeds(out, seeds);
  if (seeds.empty()) {
    // Point at what the graph returns instead.
    SourceRange where = fwd_.returnNode()->sourceRange();
    std::string what;
    if (!fwd_.outputs().empty()) {
      Value *first = fwd_.outputs()[0];
      if (first->node() != fwd_.paramNode())
        where = first->node()->sourceRange();
      what = " (it returns " + first->type()->str() + ")";
    }
    throwErrorAt(where,
                 "nothing to differentiate: the graph returns no "
                 "floating-point tensor",
                 what);
  }
  result.numSeeds = seeds.size();

  GradMap grads;
  for (size_t i = 0; i < seeds.size(); ++i) {
    Value *in = bw_->addInput("grad_out" + std::to_string(i));
    in->setType(seeds[i]->type());
    addGrad(grads, seeds[i], in);
  }
  bw_->setInsertPoint(bw_->block());
  backward(fwd_.block(), grads);

  for (size_t i = 0; i < leaves_.size(); ++i) {
    Value *total = nullptr;
    for (Value *v : leafValues_[i]) {
      auto it = grads.find(v);
      if (it == grads.end())
        continue;
      total = total
                  ? emit("aten::add", {total, it->second, constant(int64_t{1})},
                         TensorType::get())
                  : it->second;
    }
    leaves_[i].reached = total != nullptr;
    bw_->registerOutput(total ? total : zerosLike(leafValues_[i][0]));
  }
  eliminateDeadCode(*bw_);
  checkOverwrites();

  for (Value *s : seeds)
    fwd_.registerOutput(s);
  for (Value *v : savedValues_)
    fwd_.registerOutput(v);
  result.backward = bw_;
  result.leaves = leaves_;
  return result;
}

/// Appends the backward graph to `forward` (a forward graph of gradient
/// `g`), on gradients of ones, and makes it return the leaves' gradients
/// (after the graph's own outputs when `keepOutputs`).
void appendBackward(Graph &forward, const Gradient &g, bool keepOutputs) {
  std::vector<Value *> outs(forward.outputs().begin(), forward.outputs().end());
  size_t keep = keepOutputs ? g.numOutputs : 0;
  while (forward.outputs().size() > keep)
    forward.eraseOutput(forward.outputs().size() - 1);
  forward.setInsertPoint(forward.block());
  std::unordered_map<Value *, Value *> env;
  const Graph &bw = *g.backward;
  Node *noneNode = forward.create(prim::Constant);
  noneNode->output()->setType(NoneType::get());
  forward.insertNode(noneNode);
  Value *none = noneNode->output();
  for (size_t i = 0; i < bw.inputs().size(); ++i) {
    if (i < g.numSeeds) {
      Node *ones =
          forward.insert(Symbol::fromQualString("aten::ones_like"),
                         std::vector<Value *>{outs[g.numOutputs + i], none,
                                              none, none, none, none});
      ones->output()->setType(outs[g.numOutputs + i]->type());
      env[bw.inputs()[i]] = ones->output();
    } else {
      env[bw.inputs()[i]] = outs[g.numOutputs + i];
    }
  }
  auto lookup = [&](Value *v) {
    auto it = env.find(v);
    KILN_INTERNAL_ASSERT(it != env.end(), "autodiff: %", v->debugName(),
                         " of the backward graph is not mapped");
    return it->second;
  };
  for (Node *n : bw.nodes()) {
    Node *copy = forward.insertNode(forward.createClone(n, lookup));
    for (size_t i = 0; i < n->outputs().size(); ++i)
      env[n->output(i)] = copy->output(i);
  }
  for (Value *out : bw.outputs())
    forward.registerOutput(lookup(out));
  eliminateDeadCode(forward);
}

} // namespace

Gradient differentiate(const Graph &graph) {
  std::shared_ptr<Graph> forward = graph.copy();
  Gradient g = Differentiator(*forward).run();
  g.forward = forward;
  return g;
}

std::shared_ptr<Graph> gradientOfSum(const Gradient &gradient) {
  std::shared_ptr<Graph> combined = gradient.forward->copy();
  appendBackward(*combined, gradient, /*keepOutputs=*/false);
  return combined;
}

std::shared_ptr<Graph> outputsAndGradients(const Gradient &gradient) {
  std::shared_ptr<Graph> combined = gradient.forward->copy();
  appendBackward(*combined, gradient, /*keepOutputs=*/true);
  return combined;
}

void pruneSavedValues(Gradient &gradient) {
  Graph &backward = *gradient.backward;
  Graph &forward = *gradient.forward;
  size_t first = gradient.numSeeds;
  for (size_t i = backward.inputs().size(); i-- > first;) {
    if (backward.inputs()[i]->hasUses())
      continue;
    backward.eraseInput(i);
    forward.eraseOutput(gradient.numOutputs + gradient.numSeeds + (i - first));
  }
  eliminateDeadCode(forward);
}

void autodiff(Graph &graph) {
  Gradient g = Differentiator(graph).run();
  appendBackward(graph, g, /*keepOutputs=*/false);
}

} // namespace kiln
