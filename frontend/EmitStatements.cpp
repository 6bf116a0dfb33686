//===- EmitStatements.cpp - Statements and control flow -------------------===//
#include "frontend/FunctionEmitter.h"

#include "ir/Constant.h"
#include "ir/Diagnostics.h"

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

namespace kiln {

namespace {

constexpr const char *ReturnVar = "$return";
constexpr const char *ContinueVar = "$continue";
// A return inside a loop stores its value and breaks out of every loop; the
// function returns it after the outermost one.
constexpr const char *ReturnedVar = "$returned";
constexpr const char *LoopReturnVar = "$loop_return";

bool endsBlock(const ast::Body &body) {
  if (body.empty())
    return false;
  const ast::Stmt &last = *body.back();
  switch (last.kind) {
  case ast::StmtKind::Return:
  case ast::StmtKind::Break:
  case ast::StmtKind::Continue:
  case ast::StmtKind::Raise:
    return true;
  case ast::StmtKind::If: {
    auto s = last.as<ast::If>();
    return endsBlock(s->body) && endsBlock(s->orelse);
  }
  default:
    return false;
  }
}

void collectTargets(const ast::Expr &target, std::vector<std::string> &out) {
  if (auto n = target.as<ast::Name>())
    out.push_back(n->id);
  else if (auto t = target.as<ast::Tuple>())
    for (const auto &e : t->elts)
      collectTargets(*e, out);
  else if (auto l = target.as<ast::List>())
    for (const auto &e : l->elts)
      collectTargets(*e, out);
}

bool containsReturn(const ast::Body &body) {
  for (const auto &s : body) {
    if (s->isa<ast::Return>())
      return true;
    if (auto i = s->as<ast::If>())
      if (containsReturn(i->body) || containsReturn(i->orelse))
        return true;
    if (auto w = s->as<ast::While>(); w && containsReturn(w->body))
      return true;
    if (auto f = s->as<ast::For>(); f && containsReturn(f->body))
      return true;
  }
  return false;
}

/// Whether the loop whose body this is may end early: a break, or a return
/// (also from a nested loop).
bool containsBreak(const ast::Body &body) {
  for (const auto &s : body) {
    if (s->isa<ast::Break>())
      return true;
    if (auto i = s->as<ast::If>())
      if (containsBreak(i->body) || containsBreak(i->orelse))
        return true;
  }
  return containsReturn(body);
}

/// Whether the statements may leave their block before its end: a return
/// (also from a nested loop), or a break or continue of the enclosing loop,
/// at any depth of ifs.
bool mayExit(const ast::Body &body) {
  for (const auto &s : body) {
    switch (s->kind) {
    case ast::StmtKind::Return:
    case ast::StmtKind::Break:
    case ast::StmtKind::Continue:
      return true;
    case ast::StmtKind::If:
      if (mayExit(s->as<ast::If>()->body) || mayExit(s->as<ast::If>()->orelse))
        return true;
      break;
    case ast::StmtKind::While:
      if (containsReturn(s->as<ast::While>()->body))
        return true;
      break;
    case ast::StmtKind::For:
      if (containsReturn(s->as<ast::For>()->body))
        return true;
      break;
    default:
      break;
    }
  }
  return false;
}

/// The IR name of a variable: the emitter's own ("$return") have none.
std::string debugName(const std::string &name) {
  return name.starts_with("$") ? std::string() : name;
}

bool isDead(Exit e) { return e == Exit::Return || e == Exit::Raise; }

} // namespace

void collectAssignedNames(const ast::Body &body,
                          std::vector<std::string> &names) {
  for (const auto &s : body) {
    switch (s->kind) {
    case ast::StmtKind::Assign:
      for (const auto &t : s->as<ast::Assign>()->targets)
        collectTargets(*t, names);
      break;
    case ast::StmtKind::AugAssign:
      collectTargets(*s->as<ast::AugAssign>()->target, names);
      break;
    case ast::StmtKind::AnnAssign:
      collectTargets(*s->as<ast::AnnAssign>()->target, names);
      break;
    case ast::StmtKind::If:
      collectAssignedNames(s->as<ast::If>()->body, names);
      collectAssignedNames(s->as<ast::If>()->orelse, names);
      break;
    case ast::StmtKind::While:
      collectAssignedNames(s->as<ast::While>()->body, names);
      break;
    case ast::StmtKind::For:
      collectTargets(*s->as<ast::For>()->target, names);
      collectAssignedNames(s->as<ast::For>()->body, names);
      break;
    default:
      break;
    }
  }
}

Exit FunctionEmitter::emitBody(const ast::Body &body, size_t start) {
  for (size_t i = start; i < body.size(); ++i) {
    Exit e = emitStatement(*body[i], &body, i + 1);
    if (e != Exit::None)
      return e;
  }
  return Exit::None;
}

Exit FunctionEmitter::emitStatement(const ast::Stmt &stmt,
                                    const ast::Body *rest, size_t restStart) {
  const SourceRange &range = stmt.range;
  switch (stmt.kind) {
  case ast::StmtKind::ExprStmt: {
    auto e = stmt.as<ast::ExprStmt>();
    if (!e->value->isa<ast::String>()) // a stray string is a comment
      emitExpr(*e->value);
    return Exit::None;
  }
  case ast::StmtKind::Assign: {
    auto s = stmt.as<ast::Assign>();
    SugaredPtr value = emitExpr(*s->value);
    for (const auto &target : s->targets)
      emitAssign(*target, value, range);
    return Exit::None;
  }
  case ast::StmtKind::AnnAssign: {
    auto s = stmt.as<ast::AnnAssign>();
    TypePtr type = resolveType(*s->annotation);
    if (!s->value)
      throwErrorAt(range, "a declaration needs a value (x: T = value)");
    Value *v = emitValue(*s->value, type);
    if (!v->type()->isSubtypeOf(*type))
      throwErrorAt(s->value->range, "the value has type ", v->type()->str(),
                   " but the annotation says ", type->str());
    if (!v->type()->equals(*type) && v->node()->kind() == prim::Constant &&
        v->type()->isa<NoneType>())
      v->setType(type);
    emitAssign(*s->target, wrap(v), range);
    return Exit::None;
  }
  case ast::StmtKind::AugAssign:
    emitAugAssign(*stmt.as<ast::AugAssign>());
    return Exit::None;
  case ast::StmtKind::If:
    return emitIf(*stmt.as<ast::If>(), rest, restStart);
  case ast::StmtKind::While:
    emitWhile(*stmt.as<ast::While>());
    return emitReturnAfterLoop(stmt.as<ast::While>()->body, range, rest,
                               restStart);
  case ast::StmtKind::For:
    emitFor(*stmt.as<ast::For>());
    return emitReturnAfterLoop(stmt.as<ast::For>()->body, range, rest,
                               restStart);
  case ast::StmtKind::Return: {
    auto s = stmt.as<ast::Return>();
    Value *v = s->value ? emitValue(*s->value, declaredReturn_)
                        : constant(NoneConstant{}, range);
    if (declaredReturn_ && !v->type()->isSubtypeOf(*declaredReturn_))
      throwErrorAt(s->value ? s->value->range : range, "this returns ",
                   v->type()->str(), " but the function is declared to return ",
                   declaredReturn_->str());
    if (loopDepth_ > 0) {
      env_[LoopReturnVar] = wrap(v);
      env_[ReturnedVar] = wrap(constant(true, range));
      env_[ContinueVar] = wrap(constant(false, range));
      return Exit::Break;
    }
    env_[ReturnVar] = wrap(v);
    return Exit::Return;
  }
  case ast::StmtKind::Break:
    if (loopDepth_ == 0)
      throwErrorAt(range, "'break' outside a loop");
    env_[ContinueVar] = wrap(constant(false, range));
    return Exit::Break;
  case ast::StmtKind::Continue:
    if (loopDepth_ == 0)
      throwErrorAt(range, "'continue' outside a loop");
    return Exit::Continue;
  case ast::StmtKind::Pass:
    return Exit::None;
  case ast::StmtKind::Assert:
    emitAssert(*stmt.as<ast::Assert>());
    return Exit::None;
  case ast::StmtKind::Raise: {
    auto s = stmt.as<ast::Raise>();
    Value *msg = nullptr;
    std::string cls = "builtins.Exception";
    if (s->exc) {
      if (auto call = s->exc->as<ast::Call>()) {
        cls = "builtins." + ast::toString(*call->func);
        if (!call->args.empty())
          msg = emitValue(*call->args[0]);
      } else {
        cls = "builtins." + ast::toString(*s->exc);
      }
    }
    if (!msg)
      msg = constant(std::string(), range);
    if (!msg->type()->isa<StringType>())
      msg = insert("aten::str", {msg}, StringType::get(), range);
    emitRaise(range, msg, constant(cls, range));
    return Exit::Raise;
  }
  case ast::StmtKind::Delete:
    throwErrorAt(range, "Kiln does not support del");
  case ast::StmtKind::FunctionDef:
    throwErrorAt(range, "Kiln does not support nested functions; define "
                        "the function at the top level of the script");
  case ast::StmtKind::ClassDef:
    throwErrorAt(range, "Kiln does not support classes inside functions");
  case ast::StmtKind::Import:
  case ast::StmtKind::ImportFrom:
    throwErrorAt(range, "imports belong at the top level of the script");
  }
  return Exit::None;
}

void FunctionEmitter::emitRaise(const SourceRange &range, Value *message,
                                Value *cls) {
  Node *n = graph_->insert(Symbol::fromQualString("prim::RaiseException"),
                           std::vector<Value *>{message, cls}, 0);
  n->setSourceRange(range);
}

void FunctionEmitter::emitAssert(const ast::Assert &stmt) {
  std::optional<bool> known = staticCondition(*stmt.test);
  if (known == true)
    return;
  Value *cond = known ? constant(false, stmt.range) : emitValue(*stmt.test);
  if (!cond->type()->isa<BoolType>())
    cond = insert("aten::Bool", {cond}, BoolType::get(), stmt.test->range);
  Node *n = graph_->insert(prim::If, std::vector<Value *>{cond}, 0);
  n->setSourceRange(stmt.range);
  n->addBlock();
  {
    WithInsertPoint guard(n->addBlock());
    Value *msg;
    if (stmt.msg) {
      msg = emitValue(*stmt.msg);
      if (!msg->type()->isa<StringType>())
        msg = insert("aten::str", {msg}, StringType::get(), stmt.range);
      msg = insert("aten::add",
                   {constant(std::string("AssertionError: "), stmt.range), msg},
                   StringType::get(), stmt.range);
    } else {
      msg =
          constant(std::string("AssertionError: ") + ast::toString(*stmt.test),
                   stmt.range);
    }
    emitRaise(stmt.range, msg,
              constant(std::string("builtins.AssertionError"), stmt.range));
  }
  // After `assert x is not None`, x is not None.
  std::set<std::string> names;
  collectRefinements(*stmt.test, true, names);
  refineNames(names, stmt.test->range);
}

void FunctionEmitter::emitAssign(const ast::Expr &target,
                                 const SugaredPtr &value,
                                 const SourceRange &range) {
  if (auto name = target.as<ast::Name>()) {
    auto it = env_.find(name->id);
    if (it != env_.end() && it->second->kind == SugaredValue::Kind::Value &&
        value->kind == SugaredValue::Kind::Value) {
      // As in TorchScript, a name may take a value of another type in the
      // block that defined it, but not from inside an if or a loop (the
      // branches and iterations must agree on its type).
      const TypePtr &before = it->second->value->type();
      const TypePtr &now = value->value->type();
      // (A loop body's inputs carry values from before the loop.)
      const Block *here = graph_->insertPoint()->owningBlock();
      const Node *def = it->second->value->node();
      bool sameBlock = def->owningBlock() == here &&
                       (def->kind() != prim::Param || here == graph_->block());
      if (!unify(before, now) && !sameBlock)
        throwErrorAt(target.range, "variable '", name->id, "' has type ",
                     before->str(), " but is assigned a value of type ",
                     now->str(), " inside an if or loop; give it one type");
    }
    if (value->kind == SugaredValue::Kind::Value &&
        !value->value->hasDebugName() &&
        value->value->node()->kind() != prim::Param)
      value->value->setDebugName(name->id);
    env_[name->id] = value;
    branchOnly_.erase(name->id);
    return;
  }
  if (target.isa<ast::Tuple>() || target.isa<ast::List>()) {
    const auto &elts = target.isa<ast::Tuple>() ? target.as<ast::Tuple>()->elts
                                                : target.as<ast::List>()->elts;
    Value *v = asValue(value, range);
    std::vector<Value *> items;
    if (v->type()->isa<TupleType>()) {
      items = tupleItems(v, range);
    } else if (auto list = v->type()->cast<ListType>()) {
      Node *n = graph_->insert(prim::ListUnpack, std::vector<Value *>{v},
                               elts.size());
      n->setSourceRange(range);
      for (Value *o : n->outputs())
        items.push_back(o->setType(list->element()));
    } else {
      throwErrorAt(range, "cannot unpack a value of type ", v->type()->str());
    }
    if (items.size() != elts.size())
      throwErrorAt(range, "cannot unpack ", items.size(), " values into ",
                   elts.size(), " names");
    for (size_t i = 0; i < elts.size(); ++i)
      emitAssign(*elts[i], wrap(items[i]), range);
    return;
  }
  if (auto attr = target.as<ast::Attribute>()) {
    SugaredPtr base = emitExpr(*attr->value);
    if (base->kind != SugaredValue::Kind::Module)
      throwErrorAt(target.range, "only module attributes (self.x = ...) can "
                                 "be assigned");
    const ModuleState::Entry *entry = base->module->find(attr->attr);
    if (!entry || entry->kind == ModuleState::Kind::Module)
      throwErrorAt(attr->attrRange, "'", base->module->pythonName,
                   "' has no attribute '", attr->attr,
                   "' to assign (attributes are created in __init__)");
    Value *v = asValue(value, range);
    Node *n =
        graph_->insert(prim::SetAttr, std::vector<Value *>{base->value, v}, 0);
    n->s_(attr::name, attr->attr);
    n->setSourceRange(range);
    return;
  }
  if (auto sub = target.as<ast::Subscript>()) {
    Value *container = emitValue(*sub->value);
    Value *v = asValue(value, range);
    if (container->type()->isa<TensorType>()) {
      emitTensorIndexAssign(container, *sub->index, v, range);
      return;
    }
    Value *index = emitValue(*sub->index);
    if (container->type()->isa<ListType>())
      callOp("aten::_set_item", {container, index, v}, {}, range, "setitem");
    else if (container->type()->isa<DictType>())
      callOp("aten::_set_item", {container, index, v}, {}, range, "setitem");
    else
      throwErrorAt(range, "cannot assign into a value of type ",
                   container->type()->str());
    return;
  }
  throwErrorAt(target.range, "cannot assign to ", ast::toString(target));
}

void FunctionEmitter::emitAugAssign(const ast::AugAssign &stmt) {
  const SourceRange &range = stmt.range;
  if (auto attr = stmt.target->as<ast::Attribute>()) {
    Value *now = emitValue(*stmt.target);
    Value *rhs = emitValue(*stmt.value);
    Value *result = emitBinary(stmt.op, now, rhs, range);
    emitAssign(*attr, wrap(result), range);
    return;
  }
  if (auto sub = stmt.target->as<ast::Subscript>()) {
    Value *now = emitValue(*stmt.target);
    Value *rhs = emitValue(*stmt.value);
    emitAssign(*sub, wrap(emitBinary(stmt.op, now, rhs, range)), range);
    return;
  }
  auto name = stmt.target->as<ast::Name>();
  if (!name)
    throwErrorAt(range, "cannot assign to ", ast::toString(*stmt.target));
  Value *now = emitValue(*stmt.target);
  Value *rhs = emitValue(*stmt.value);
  // On tensors, `x += y` updates x in place, as in PyTorch.
  static const std::map<ast::BinOpKind, const char *> inPlace = {
      {ast::BinOpKind::Add, "aten::add_"},
      {ast::BinOpKind::Sub, "aten::sub_"},
      {ast::BinOpKind::Mul, "aten::mul_"},
      {ast::BinOpKind::Div, "aten::div_"},
  };
  auto it = inPlace.find(stmt.op);
  if (now->type()->isa<TensorType>() && it != inPlace.end()) {
    callOp(it->second, {now, rhs}, {}, range, ast::spelling(stmt.op));
    return;
  }
  emitAssign(*name, wrap(emitBinary(stmt.op, now, rhs, range)), range);
}

Exit FunctionEmitter::emitIf(const ast::If &stmt, const ast::Body *rest,
                             size_t restStart) {
  // A branch that may leave the block takes the statements after the `if`
  // into the other branch, and into its own paths that do not leave: they
  // continue with the statements after the `if`, then with those after each
  // enclosing `if` that took them (pending_).
  bool hasRest = (rest && restStart < rest->size()) || !pending_.empty();
  bool continuation =
      hasRest && (endsBlock(stmt.body) || endsBlock(stmt.orelse) ||
                  mayExit(stmt.body) || mayExit(stmt.orelse));
  Exit consumed = loopDepth_ > 0 ? Exit::Continue : Exit::Return;
  auto emitBranch = [&](const ast::Body &body) {
    if (continuation)
      pending_.emplace_back(rest, restStart);
    Exit e = emitBody(body);
    if (continuation)
      pending_.pop_back();
    if (e == Exit::None && continuation)
      e = emitPending(rest, restStart);
    return e;
  };

  if (std::optional<bool> known = staticCondition(*stmt.test)) {
    Exit e = emitBranch(*known ? stmt.body : stmt.orelse);
    if (e == Exit::None && continuation)
      return consumed; // the statements after the if are emitted
    return e;
  }

  Value *cond = emitValue(*stmt.test);
  if (!cond->type()->isa<BoolType>()) {
    if (cond->type()->isa<TensorType>() || cond->type()->isa<IntType>() ||
        cond->type()->isa<FloatType>())
      cond = insert("aten::Bool", {cond}, BoolType::get(), stmt.test->range);
    else
      throwErrorAt(stmt.test->range, "an if condition must be a bool, not ",
                   cond->type()->str());
  }

  // Refinement: `x is not None` makes x non-Optional in the true branch,
  // `x is None` in the false one.
  std::map<std::string, bool> refinements; // name -> refined when true?
  for (bool whenTrue : {false, true}) {
    std::set<std::string> names;
    collectRefinements(*stmt.test, whenTrue, names);
    for (const std::string &name : names)
      refinements[name] = whenTrue;
  }

  Node *node = graph_->insert(prim::If, std::vector<Value *>{cond}, 0);
  node->setSourceRange(stmt.range);
  Environment before = env_;
  // The refined bindings each branch starts with: a branch that leaves such
  // a name alone did not change it.
  std::map<std::string, SugaredPtr> refinedIn[2];
  auto emitInBlock = [&](Block *block, const ast::Body &body,
                         bool truthy) -> std::pair<Environment, Exit> {
    WithInsertPoint guard(block);
    env_ = before;
    for (const auto &[name, whenTrue] : refinements) {
      if (whenTrue != truthy)
        continue;
      auto it = env_.find(name);
      if (it == env_.end() || it->second->kind != SugaredValue::Kind::Value)
        continue;
      auto opt = it->second->value->type()->cast<OptionalType>();
      if (!opt)
        continue;
      Value *refined = insert("prim::unchecked_cast", {it->second->value},
                              opt->element(), stmt.test->range);
      env_[name] = wrap(refined);
      refinedIn[truthy ? 0 : 1][name] = env_[name];
    }
    if (!truthy && stmt.orelse.empty() && !continuation)
      return {env_, Exit::None};
    Exit e = emitBranch(body);
    return {env_, e};
  };
  auto [thenEnv, thenExit] = emitInBlock(node->addBlock(), stmt.body, true);
  auto [elseEnv, elseExit] = emitInBlock(node->addBlock(), stmt.orelse, false);
  env_ = before;
  // A refined name that neither branch reassigned is the same value after
  // the if as before it (and no If output). If one branch assigns it, the
  // other branch's refined value is what it holds there.
  for (const auto &[name, whenTrue] : refinements) {
    (void)whenTrue;
    auto unchanged = [&](Environment &branchEnv, int i) {
      auto it = branchEnv.find(name);
      if (it == branchEnv.end())
        return false;
      auto r = refinedIn[i].find(name);
      return it->second == before[name] ||
             (r != refinedIn[i].end() && it->second == r->second);
    };
    if (before.count(name) && unchanged(thenEnv, 0) && unchanged(elseEnv, 1)) {
      thenEnv[name] = before[name];
      elseEnv[name] = before[name];
    }
  }

  // Merge: a name bound differently in the two branches becomes an output.
  std::set<std::string> names;
  for (const auto &[n, v] : thenEnv)
    names.insert(n);
  for (const auto &[n, v] : elseEnv)
    names.insert(n);
  for (const std::string &name : names) {
    auto t = thenEnv.find(name);
    auto e = elseEnv.find(name);
    bool inThen = t != thenEnv.end(), inElse = e != elseEnv.end();
    if (inThen && inElse && t->second == e->second) {
      env_[name] = t->second;
      continue;
    }
    if (!inThen && !inElse)
      continue;
    // A name only one live branch binds is not defined after the if.
    if ((!inThen && !isDead(thenExit)) || (!inElse && !isDead(elseExit))) {
      env_.erase(name);
      if (!name.starts_with("$"))
        branchOnly_[name] = inThen ? "the true branch" : "the false branch";
      continue;
    }
    const SugaredPtr &a = inThen ? t->second : e->second;
    const SugaredPtr &b = inElse ? e->second : t->second;
    if (a->kind != SugaredValue::Kind::Value ||
        b->kind != SugaredValue::Kind::Value) {
      if (a == b || (a->kind == b->kind && a->module == b->module &&
                     a->function == b->function && a->name == b->name)) {
        env_[name] = a;
        continue;
      }
      throwErrorAt(stmt.range, "'", name, "' is ", a->describe(),
                   " in one branch and ", b->describe(), " in the other");
    }
    TypePtr type = unify(a->value->type(), b->value->type());
    if (!type) {
      if (name == ReturnVar)
        throwErrorAt(stmt.range, "the branches return different types: ",
                     a->value->type()->str(), " and ", b->value->type()->str());
      throwErrorAt(stmt.range, "'", name, "' has type ",
                   a->value->type()->str(), " in the true branch but ",
                   b->value->type()->str(),
                   " in the false branch; give both branches one type");
    }
    for (size_t i = 0; i < 2; ++i) {
      Block *block = node->blocks()[i];
      auto &branchEnv = i == 0 ? thenEnv : elseEnv;
      auto found = branchEnv.find(name);
      Value *v;
      if (found == branchEnv.end()) {
        WithInsertPoint guard(block);
        v = uninitialized(type);
      } else {
        v = found->second->value;
      }
      block->registerOutput(v);
    }
    Value *out = node->addOutput()->setType(type);
    if (!name.starts_with("$"))
      out->setDebugName(name);
    env_[name] = wrap(out);
  }

  if (thenExit != Exit::None && elseExit != Exit::None) {
    if (isDead(thenExit) && isDead(elseExit))
      return thenExit == Exit::Raise ? elseExit : thenExit;
    return Exit::Break; // both branches end the iteration
  }
  return continuation ? consumed : Exit::None;
}

std::vector<SugaredPtr>
FunctionEmitter::moduleChildren(const SugaredValue &container,
                                const SourceRange &range) {
  std::vector<SugaredPtr> children;
  for (const auto &e : container.module->entries) {
    if (e.kind != ModuleState::Kind::Module)
      continue;
    SugaredValue sub;
    sub.kind = SugaredValue::Kind::Module;
    sub.module = e.module.get();
    sub.value =
        graph_->insert(prim::GetAttr, std::vector<Value *>{container.value}, 1)
            ->s_(attr::name, e.name)
            ->setSourceRange(range)
            ->output()
            ->setType(owner_.moduleType(*e.module));
    children.push_back(std::make_shared<SugaredValue>(sub));
  }
  return children;
}

Exit FunctionEmitter::emitPending(const ast::Body *rest, size_t restStart) {
  Exit e = rest ? emitBody(*rest, restStart) : Exit::None;
  // Each enclosing continuation runs with only the ones around it pending.
  for (size_t k = pending_.size(); e == Exit::None && k-- > 0;) {
    std::vector<std::pair<const ast::Body *, size_t>> saved = pending_;
    auto [body, start] = pending_[k];
    pending_.resize(k);
    if (body)
      e = emitBody(*body, start);
    pending_ = std::move(saved);
  }
  return e;
}

namespace {

// A loop: its node, the names it carries, and their block inputs.
struct LoopFrame {
  Node *node;
  std::vector<std::string> carried;
};

} // namespace

void FunctionEmitter::prepareLoopReturn(const ast::Body &body,
                                        const SourceRange &range,
                                        std::vector<std::string> &assigned) {
  if (!containsReturn(body))
    return;
  if (!declaredReturn_)
    throwErrorAt(range, "a loop that returns needs the function's return "
                        "type; annotate it (def f(...) -> T:)");
  if (!env_.count(ReturnedVar)) {
    env_[ReturnedVar] = wrap(constant(false, range));
    env_[LoopReturnVar] = wrap(uninitialized(declaredReturn_));
  }
  assigned.push_back(ReturnedVar);
  assigned.push_back(LoopReturnVar);
}

Exit FunctionEmitter::emitReturnAfterLoop(const ast::Body &body,
                                          const SourceRange &range,
                                          const ast::Body *rest,
                                          size_t restStart) {
  if (!containsReturn(body))
    return Exit::None;
  // if $returned: return $loop_return  (the rest goes to the else branch)
  ast::If test(range);
  auto flag = std::make_unique<ast::Name>(range);
  flag->id = ReturnedVar;
  test.test = std::move(flag);
  auto ret = std::make_unique<ast::Return>(range);
  auto value = std::make_unique<ast::Name>(range);
  value->id = LoopReturnVar;
  ret->value = std::move(value);
  test.body.push_back(std::move(ret));
  Exit e = emitIf(test, rest, restStart);
  if (loopDepth_ == 0) {
    env_.erase(ReturnedVar);
    env_.erase(LoopReturnVar);
  }
  return e;
}

void FunctionEmitter::emitWhile(const ast::While &stmt) {
  std::vector<std::string> assigned;
  collectAssignedNames(stmt.body, assigned);
  prepareLoopReturn(stmt.body, stmt.range, assigned);
  std::vector<std::string> carried;
  for (const std::string &n : assigned)
    if (env_.count(n) && env_[n]->kind == SugaredValue::Kind::Value &&
        std::find(carried.begin(), carried.end(), n) == carried.end())
      carried.push_back(n);

  Value *cond = emitValue(*stmt.test);
  if (!cond->type()->isa<BoolType>())
    cond = insert("aten::Bool", {cond}, BoolType::get(), stmt.test->range);
  std::vector<Value *> inputs = {
      constant(std::numeric_limits<int64_t>::max(), stmt.range), cond};
  for (const std::string &n : carried)
    inputs.push_back(env_[n]->value);
  Node *loop = graph_->insert(prim::Loop, inputs, 0);
  loop->setSourceRange(stmt.range);
  Block *body = loop->addBlock();
  body->addInput()->setType(IntType::get());
  Environment before = env_;
  for (const std::string &n : carried) {
    Value *in = body->addInput(debugName(n))->setType(before[n]->value->type());
    env_[n] = wrap(in);
  }
  bool hasBreak = containsBreak(stmt.body);
  {
    WithInsertPoint guard(body);
    if (hasBreak)
      env_[ContinueVar] = wrap(constant(true, stmt.range));
    auto outer = std::exchange(pending_, {});
    ++loopDepth_;
    emitBody(stmt.body);
    --loopDepth_;
    pending_ = std::move(outer);
    Value *next;
    if (hasBreak) {
      // Re-test only when the body did not break.
      Value *flag = env_[ContinueVar]->value;
      Node *test = graph_->insert(prim::If, std::vector<Value *>{flag}, 0);
      test->setSourceRange(stmt.test->range);
      {
        WithInsertPoint g(test->addBlock());
        Value *c = emitValue(*stmt.test);
        if (!c->type()->isa<BoolType>())
          c = insert("aten::Bool", {c}, BoolType::get(), stmt.test->range);
        test->blocks()[0]->registerOutput(c);
      }
      {
        WithInsertPoint g(test->addBlock());
        test->blocks()[1]->registerOutput(constant(false, stmt.range));
      }
      next = test->addOutput()->setType(BoolType::get());
    } else {
      next = emitValue(*stmt.test);
      if (!next->type()->isa<BoolType>())
        next = insert("aten::Bool", {next}, BoolType::get(), stmt.test->range);
    }
    body->registerOutput(next);
    for (const std::string &n : carried) {
      Value *v = env_.count(n) ? asValue(env_[n], stmt.range) : nullptr;
      if (!v || !v->type()->isSubtypeOf(*before[n]->value->type()))
        throwErrorAt(stmt.range, "variable '", n, "' has type ",
                     before[n]->value->type()->str(),
                     " before the loop but another type in it");
      body->registerOutput(v);
    }
  }
  env_ = before;
  for (const std::string &n : carried) {
    Value *out = loop->addOutput()->setType(before[n]->value->type());
    out->setDebugName(debugName(n));
    env_[n] = wrap(out);
  }
}

void FunctionEmitter::emitFor(const ast::For &stmt) {
  const SourceRange &range = stmt.range;
  // What is iterated, and how to get item i.
  Value *tripCount = nullptr;
  std::function<void(Value *)> bindItem;
  std::vector<SugaredPtr> unrolled; // modules in a ModuleList, tuple items
  std::vector<std::vector<SugaredPtr>> unrolledRows; // enumerate/zip of them
  bool unroll = false;
  // Does enumerate/zip iterate over a module container (then it unrolls)?
  auto unrollsOver = [&](const ast::Call &c) {
    for (const auto &e : c.args) {
      auto a = e->as<ast::Attribute>();
      auto base = a ? a->value->as<ast::Name>() : nullptr;
      if (!base || base->id != "self" || !self_)
        continue;
      const ModuleState::Entry *entry = self_->find(a->attr);
      if (entry && entry->kind == ModuleState::Kind::Module)
        return true;
    }
    return false;
  };

  const ast::Expr &iter = *stmt.iter;
  auto call = iter.as<ast::Call>();
  std::string fname = call ? ast::toString(*call->func) : "";
  if (call && fname == "range" && !lookupName("range", range)->value) {
    if (call->args.empty() || call->args.size() > 3 || !call->keywords.empty())
      throwErrorAt(iter.range, "range() takes 1 to 3 int arguments");
    std::vector<Value *> a;
    for (const auto &e : call->args) {
      a.push_back(emitValue(*e));
      if (!a.back()->type()->isa<IntType>())
        throwErrorAt(e->range, "range() takes ints, not ",
                     a.back()->type()->str());
    }
    Value *start = a.size() >= 2 ? a[0] : nullptr;
    Value *end = a.size() >= 2 ? a[1] : a[0];
    Value *step = a.size() == 3 ? a[2] : nullptr;
    if (!start && !step) {
      tripCount = end;
      bindItem = [&, target = stmt.target.get()](Value *i) {
        emitAssign(*target, wrap(i), range);
      };
    } else {
      if (!step)
        step = constant(int64_t(1), range);
      tripCount = callOp("aten::__range_length", {start, end, step}, {},
                         iter.range, "range")
                      ->value;
      bindItem = [&, start, step, target = stmt.target.get()](Value *i) {
        Value *v = callOp("aten::__derive_index", {i, start, step}, {},
                          iter.range, "range")
                       ->value;
        emitAssign(*target, wrap(v), range);
      };
    }
  } else if (call && (fname == "enumerate" || fname == "zip") &&
             unrollsOver(*call)) {
    // enumerate(self.layers), zip(self.convs, self.norms): unrolled, one
    // tuple of (index,) submodules or tuple items per iteration.
    unroll = true;
    std::vector<SugaredPtr> parts;
    for (const auto &e : call->args)
      parts.push_back(emitExpr(*e));
    std::vector<std::vector<SugaredPtr>> columns;
    size_t n = SIZE_MAX;
    for (size_t k = 0; k < parts.size(); ++k) {
      std::vector<SugaredPtr> column;
      if (parts[k]->kind == SugaredValue::Kind::Module) {
        for (const auto &e : parts[k]->module->entries)
          if (e.kind == ModuleState::Kind::Module)
            column.push_back(attribute(parts[k], e.name, iter.range));
      } else {
        Value *v = asValue(parts[k], call->args[k]->range);
        if (!v->type()->isa<TupleType>())
          throwErrorAt(call->args[k]->range, fname,
                       "() over a ModuleList takes ModuleLists and tuples, "
                       "not ",
                       v->type()->str());
        for (Value *item : tupleItems(v, iter.range))
          column.push_back(wrap(item));
      }
      n = std::min(n, column.size());
      columns.push_back(std::move(column));
    }
    for (size_t i = 0; i < n; ++i) {
      std::vector<SugaredPtr> row;
      if (fname == "enumerate")
        row.push_back(wrap(constant(int64_t(i), iter.range)));
      for (const auto &column : columns)
        row.push_back(column[i]);
      unrolledRows.push_back(std::move(row));
    }
  } else if (call && (fname == "enumerate" || fname == "zip")) {
    std::vector<Value *> seqs;
    for (const auto &e : call->args)
      seqs.push_back(emitValue(*e));
    if (seqs.empty() || (fname == "enumerate" && seqs.size() != 1))
      throwErrorAt(iter.range, fname, "() needs ",
                   fname == "enumerate" ? "one list" : "lists");
    for (Value *s : seqs) {
      Value *len = s->type()->isa<TensorType>()
                       ? insert("aten::len", {s}, IntType::get(), iter.range)
                       : callOp("aten::len", {s}, {}, iter.range, "len")->value;
      tripCount = tripCount ? callOp("prim::min", {tripCount, len}, {},
                                     iter.range, "min")
                                  ->value
                            : len;
    }
    bindItem = [&, seqs, enumerate = fname == "enumerate",
                target = stmt.target.get()](Value *i) {
      std::vector<Value *> items;
      if (enumerate)
        items.push_back(i);
      for (Value *s : seqs) {
        if (s->type()->isa<TensorType>())
          items.push_back(callOp("aten::select", {s, constant(int64_t(0)), i},
                                 {}, iter.range, "select")
                              ->value);
        else
          items.push_back(
              callOp("aten::__getitem__", {s, i}, {}, iter.range, "index")
                  ->value);
      }
      emitAssign(*target, wrap(tupleOf(items, iter.range)), range);
    };
  } else {
    SugaredPtr seq = emitExpr(iter);
    if (seq->kind == SugaredValue::Kind::Module) {
      unroll = true;
      unrolled = moduleChildren(*seq, iter.range);
    } else {
      Value *v = asValue(seq, iter.range);
      if (v->type()->isa<DictType>()) // a dict iterates over its keys
        v = callOp("aten::keys", {v}, {}, iter.range, "keys")->value;
      if (v->type()->isa<TupleType>()) {
        unroll = true;
        for (Value *item : tupleItems(v, iter.range))
          unrolled.push_back(wrap(item));
      } else if (v->type()->isa<ListType>() || v->type()->isa<TensorType>()) {
        bool tensor = v->type()->isa<TensorType>();
        tripCount =
            tensor ? insert("aten::len", {v}, IntType::get(), iter.range)
                   : callOp("aten::len", {v}, {}, iter.range, "len")->value;
        bindItem = [&, v, tensor, target = stmt.target.get()](Value *i) {
          Value *item =
              tensor
                  ? callOp("aten::select", {v, constant(int64_t(0)), i}, {},
                           iter.range, "select")
                        ->value
                  : callOp("aten::__getitem__", {v, i}, {}, iter.range, "index")
                        ->value;
          emitAssign(*target, wrap(item), range);
        };
      } else {
        throwErrorAt(iter.range, "cannot iterate over a value of type ",
                     v->type()->str());
      }
    }
  }

  if (unroll) {
    if (containsBreak(stmt.body))
      throwErrorAt(range, "break or return in a loop over a ModuleList or "
                          "tuple is not supported");
    auto outer = std::exchange(pending_, {});
    ++loopDepth_;
    for (const SugaredPtr &item : unrolled) {
      emitAssign(*stmt.target, item, range);
      emitBody(stmt.body);
    }
    for (const auto &row : unrolledRows) {
      auto targets = stmt.target->as<ast::Tuple>();
      if (!targets || targets->elts.size() != row.size())
        throwErrorAt(stmt.target->range, "unpack each item into ", row.size(),
                     " names: for ", row.size() == 2 ? "a, b" : "a, b, c",
                     " in ...");
      for (size_t k = 0; k < row.size(); ++k)
        emitAssign(*targets->elts[k], row[k], range);
      emitBody(stmt.body);
    }
    --loopDepth_;
    pending_ = std::move(outer);
    return;
  }

  std::vector<std::string> assigned;
  collectAssignedNames(stmt.body, assigned);
  prepareLoopReturn(stmt.body, range, assigned);
  std::vector<std::string> carried;
  for (const std::string &n : assigned)
    if (env_.count(n) && env_[n]->kind == SugaredValue::Kind::Value &&
        std::find(carried.begin(), carried.end(), n) == carried.end())
      carried.push_back(n);
  std::vector<Value *> inputs = {tripCount, constant(true, range)};
  for (const std::string &n : carried)
    inputs.push_back(env_[n]->value);
  Node *loop = graph_->insert(prim::Loop, inputs, 0);
  loop->setSourceRange(range);
  Block *body = loop->addBlock();
  Value *index = body->addInput()->setType(IntType::get());
  Environment before = env_;
  for (const std::string &n : carried)
    env_[n] =
        wrap(body->addInput(debugName(n))->setType(before[n]->value->type()));
  bool hasBreak = containsBreak(stmt.body);
  {
    WithInsertPoint guard(body);
    if (hasBreak)
      env_[ContinueVar] = wrap(constant(true, range));
    bindItem(index);
    auto outer = std::exchange(pending_, {});
    ++loopDepth_;
    emitBody(stmt.body);
    --loopDepth_;
    pending_ = std::move(outer);
    body->registerOutput(hasBreak ? env_[ContinueVar]->value
                                  : constant(true, range));
    for (const std::string &n : carried) {
      Value *v = env_.count(n) ? asValue(env_[n], range) : nullptr;
      if (!v || !v->type()->isSubtypeOf(*before[n]->value->type()))
        throwErrorAt(range, "variable '", n, "' has type ",
                     before[n]->value->type()->str(),
                     " before the loop but another type in it");
      body->registerOutput(v);
    }
  }
  env_ = before;
  for (const std::string &n : carried) {
    Value *out = loop->addOutput()->setType(before[n]->value->type());
    out->setDebugName(debugName(n));
    env_[n] = wrap(out);
  }
}

} // namespace kiln
