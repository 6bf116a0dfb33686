//===- ASTBuilder.cpp - Statements ----------------------------------------===//
//
// Statements, blocks, definitions and imports; expressions are in
// ASTBuilderExprs.cpp.
//
//===----------------------------------------------------------------------===//
#include "frontend/ASTBuilder.h"

#include "ir/Diagnostics.h"

#include <set>

namespace kiln::frontend {

using namespace ast;
using antlr4::ParserRuleContext;
using antlr4::Token;
using P = grammar::KilnParser;

namespace {

template <typename T> std::unique_ptr<T> make(SourceRange range) {
  return std::make_unique<T>(std::move(range));
}

bool isSynthetic(const Token *token) {
  size_t type = token->getType();
  return type == P::NEWLINE || type == P::INDENT || type == P::DEDENT ||
         type == Token::EOF;
}

} // namespace

//===----------------------------------------------------------------------===//
// Ranges
//===----------------------------------------------------------------------===//

SourceRange ASTBuilder::range(Token *first, Token *last) const {
  // Statements end with NEWLINE and blocks with DEDENT; ranges end at the
  // last token the user wrote.
  while (last->getTokenIndex() > first->getTokenIndex() && isSynthetic(last))
    last = tokens_.get(last->getTokenIndex() - 1);
  size_t begin = text_.byteOffset(first->getStartIndex());
  size_t end = last->getStopIndex() + 1 > last->getStartIndex()
                   ? text_.byteOffset(last->getStopIndex() + 1)
                   : text_.byteOffset(last->getStartIndex());
  return SourceRange(text_.source(), begin, std::max(begin, end));
}

SourceRange ASTBuilder::range(ParserRuleContext *ctx) const {
  return range(ctx->start, ctx->stop ? ctx->stop : ctx->start);
}

SourceRange ASTBuilder::range(Token *token) const {
  return range(token, token);
}

SourceRange ASTBuilder::range(antlr4::tree::TerminalNode *node) const {
  return range(node->getSymbol());
}

//===----------------------------------------------------------------------===//
// Files and blocks
//===----------------------------------------------------------------------===//

Body ASTBuilder::buildFile(P::File_inputContext *ctx) {
  Body body;
  for (P::StmtContext *stmt : ctx->stmt())
    buildStmt(stmt, body);
  dropDocstring(body);
  return body;
}

void ASTBuilder::dropDocstring(Body &body) {
  if (body.empty())
    return;
  if (auto *stmt = body.front()->as<ExprStmt>())
    if (stmt->value->isa<String>())
      body.erase(body.begin());
}

Body ASTBuilder::buildBlock(P::BlockContext *ctx, bool loop, bool nested) {
  Save<size_t> depth(blockDepth_, nested ? blockDepth_ + 1 : 0);
  Save<bool> inLoop(inLoop_, loop);
  Body body;
  if (P::Simple_stmtsContext *simple = ctx->simple_stmts()) {
    for (P::Small_stmtContext *stmt : simple->small_stmt())
      buildSmallStmt(stmt, body);
  } else {
    for (P::StmtContext *stmt : ctx->stmt())
      buildStmt(stmt, body);
  }
  return body;
}

void ASTBuilder::buildStmt(P::StmtContext *ctx, Body &out) {
  if (P::Simple_stmtsContext *simple = ctx->simple_stmts()) {
    for (P::Small_stmtContext *stmt : simple->small_stmt())
      buildSmallStmt(stmt, out);
    return;
  }
  out.push_back(buildCompoundStmt(ctx->compound_stmt()));
}

//===----------------------------------------------------------------------===//
// Simple statements
//===----------------------------------------------------------------------===//

void ASTBuilder::buildSmallStmt(P::Small_stmtContext *ctx, Body &out) {
  SourceRange where = range(ctx);
  if (P::Expr_stmtContext *expr = ctx->expr_stmt()) {
    out.push_back(buildExprStmt(expr));
  } else if (P::Del_stmtContext *del = ctx->del_stmt()) {
    auto stmt = make<Delete>(where);
    P::ExprlistContext *list = del->exprlist();
    for (antlr4::tree::ParseTree *child : list->children) {
      if (dynamic_cast<antlr4::tree::TerminalNode *>(child))
        continue; // ','
      stmt->targets.push_back(buildSequenceElement(child));
      checkTarget(*stmt->targets.back(), "delete");
    }
    out.push_back(std::move(stmt));
  } else if (ctx->pass_stmt()) {
    out.push_back(make<Pass>(where));
  } else if (ctx->break_stmt() || ctx->continue_stmt()) {
    bool isBreak = ctx->break_stmt() != nullptr;
    if (!inLoop_)
      throwErrorAt(where, isBreak ? "'break'" : "'continue'", " outside loop");
    if (isBreak)
      out.push_back(make<Break>(where));
    else
      out.push_back(make<Continue>(where));
  } else if (P::Return_stmtContext *ret = ctx->return_stmt()) {
    if (scope_ != Scope::Function)
      throwErrorAt(where, "'return' outside function");
    auto stmt = make<Return>(where);
    if (P::Testlist_star_exprContext *value = ret->testlist_star_expr())
      stmt->value = buildSequence(value, value->trailing);
    out.push_back(std::move(stmt));
  } else if (P::Raise_stmtContext *raise = ctx->raise_stmt()) {
    std::vector<P::TestContext *> tests = raise->test();
    if (tests.size() > 1)
      throwErrorAt(range(tokens_.get(tests[1]->start->getTokenIndex() - 1)),
                   "Kiln does not support 'raise ... from'; raise the "
                   "exception alone");
    auto stmt = make<Raise>(where);
    if (!tests.empty())
      stmt->exc = buildTest(tests[0]);
    out.push_back(std::move(stmt));
  } else if (P::Yield_stmtContext *yield = ctx->yield_stmt()) {
    rejectYield(yield->yield_expr());
  } else if (P::Import_nameContext *import = ctx->import_name()) {
    auto stmt = make<Import>(where);
    for (P::Dotted_as_nameContext *name : import->dotted_as_name()) {
      Alias alias;
      alias.name = name->dotted_name()->getText();
      if (name->NAME())
        alias.asname = name->NAME()->getText();
      alias.range = range(name);
      stmt->names.push_back(std::move(alias));
    }
    out.push_back(std::move(stmt));
  } else if (P::Import_fromContext *from = ctx->import_from()) {
    out.push_back(buildImportFrom(from));
  } else if (ctx->global_stmt()) {
    throwErrorAt(range(ctx->start),
                 "Kiln does not support global statements; pass the value "
                 "as an argument, or keep it in a module attribute");
  } else if (ctx->nonlocal_stmt()) {
    throwErrorAt(range(ctx->start),
                 "Kiln does not support nonlocal statements; pass the value "
                 "as an argument and return the new value");
  } else {
    P::Assert_stmtContext *assert_ = ctx->assert_stmt();
    KILN_INTERNAL_ASSERT(assert_, "unhandled small statement");
    auto stmt = make<Assert>(where);
    std::vector<P::TestContext *> tests = assert_->test();
    stmt->test = buildTest(tests[0]);
    if (tests.size() > 1)
      stmt->msg = buildTest(tests[1]);
    out.push_back(std::move(stmt));
  }
}

StmtPtr ASTBuilder::buildExprStmt(P::Expr_stmtContext *ctx) {
  SourceRange where = range(ctx);
  P::Testlist_star_exprContext *first = ctx->testlist_star_expr(0);
  if (P::AnnassignContext *ann = ctx->annassign()) {
    auto stmt = make<AnnAssign>(where);
    {
      Save<bool> target(inTarget_, true);
      stmt->target = buildSequence(first, first->trailing);
    }
    if (stmt->target->isa<Tuple>() || stmt->target->isa<List>())
      throwErrorAt(stmt->target->range,
                   "only a single target (not a tuple) can be annotated");
    if (!stmt->target->isa<Name>() && !stmt->target->isa<Attribute>() &&
        !stmt->target->isa<Subscript>())
      throwErrorAt(stmt->target->range, "illegal target for annotation");
    stmt->annotation = buildTest(ann->test());
    if (ann->yield_expr())
      rejectYield(ann->yield_expr());
    if (P::Testlist_star_exprContext *value = ann->testlist_star_expr())
      stmt->value = buildSequence(value, value->trailing);
    return stmt;
  }
  if (P::AugassignContext *aug = ctx->augassign()) {
    auto stmt = make<AugAssign>(where);
    stmt->target = buildSequence(first, first->trailing);
    if (!stmt->target->isa<Name>() && !stmt->target->isa<Attribute>() &&
        !stmt->target->isa<Subscript>())
      throwErrorAt(stmt->target->range,
                   "illegal target for augmented assignment");
    std::string op = aug->getText();
    op.pop_back(); // the '='
    static const std::pair<const char *, BinOpKind> kOps[] = {
        {"+", BinOpKind::Add},     {"-", BinOpKind::Sub},
        {"*", BinOpKind::Mul},     {"@", BinOpKind::MatMul},
        {"/", BinOpKind::Div},     {"//", BinOpKind::FloorDiv},
        {"%", BinOpKind::Mod},     {"**", BinOpKind::Pow},
        {"<<", BinOpKind::LShift}, {">>", BinOpKind::RShift},
        {"&", BinOpKind::BitAnd},  {"|", BinOpKind::BitOr},
        {"^", BinOpKind::BitXor}};
    for (const auto &[spelling, kind] : kOps)
      if (op == spelling)
        stmt->op = kind;
    if (!ctx->yield_expr().empty())
      rejectYield(ctx->yield_expr(0));
    P::TestlistContext *value = ctx->testlist();
    stmt->value = buildSequence(value, value->trailing);
    return stmt;
  }
  // `a = b = value`: every part but the last is a target.
  std::vector<ParserRuleContext *> parts;
  for (antlr4::tree::ParseTree *child : ctx->children)
    if (auto *rule = dynamic_cast<ParserRuleContext *>(child))
      parts.push_back(rule);
  auto buildPart = [&](ParserRuleContext *part) -> ExprPtr {
    if (auto *yield = dynamic_cast<P::Yield_exprContext *>(part))
      rejectYield(yield);
    auto *list = static_cast<P::Testlist_star_exprContext *>(part);
    return buildSequence(list, list->trailing);
  };
  if (parts.size() == 1) {
    auto stmt = make<ExprStmt>(where);
    stmt->value = buildPart(parts[0]);
    return stmt;
  }
  auto stmt = make<Assign>(where);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    Save<bool> target(inTarget_, true);
    stmt->targets.push_back(buildPart(parts[i]));
    checkTarget(*stmt->targets.back(), "assign to");
  }
  stmt->value = buildPart(parts.back());
  return stmt;
}

StmtPtr ASTBuilder::buildImportFrom(P::Import_fromContext *ctx) {
  if (!ctx->relative_dots().empty())
    throwErrorAt(range(ctx->relative_dots(0)),
                 "Kiln does not support relative imports; import the module "
                 "by its absolute name");
  if (ctx->star)
    throwErrorAt(range(ctx->star), "Kiln does not support 'import *'; "
                                   "import the names you use");
  auto stmt = make<ImportFrom>(range(ctx));
  stmt->module = ctx->dotted_name()->getText();
  for (P::Import_as_nameContext *name :
       ctx->import_as_names()->import_as_name()) {
    Alias alias;
    alias.name = name->NAME(0)->getText();
    if (name->NAME().size() > 1)
      alias.asname = name->NAME(1)->getText();
    alias.range = range(name);
    stmt->names.push_back(std::move(alias));
  }
  return stmt;
}

//===----------------------------------------------------------------------===//
// Compound statements
//===----------------------------------------------------------------------===//

StmtPtr ASTBuilder::buildCompoundStmt(P::Compound_stmtContext *ctx) {
  if (P::If_stmtContext *stmt = ctx->if_stmt())
    return buildIf(stmt, 0);
  if (P::While_stmtContext *stmt = ctx->while_stmt())
    return buildWhile(stmt);
  if (P::For_stmtContext *stmt = ctx->for_stmt())
    return buildFor(stmt);
  if (P::FuncdefContext *stmt = ctx->funcdef())
    return buildFuncDef(stmt, {});
  if (P::ClassdefContext *stmt = ctx->classdef())
    return buildClassDef(stmt, {});
  if (P::DecoratedContext *stmt = ctx->decorated())
    return buildDecorated(stmt);
  if (ctx->try_stmt())
    throwErrorAt(range(ctx->start),
                 "Kiln does not support try statements; check conditions "
                 "with if and raise an exception instead");
  if (ctx->with_stmt())
    throwErrorAt(range(ctx->start),
                 "Kiln does not support with statements; write the body "
                 "without the with (Kiln needs no torch.no_grad())");
  KILN_INTERNAL_ASSERT(ctx->async_stmt(), "unhandled compound statement");
  throwErrorAt(range(ctx->start),
               "Kiln does not support async/await; write synchronous code");
}

StmtPtr ASTBuilder::buildIf(P::If_stmtContext *ctx, size_t clause) {
  // Clause i is `if`/`elif` condition i with block i; `elif` chains become
  // nested Ifs in orelse, as in Python's ast.
  std::vector<P::Named_expr_testContext *> tests = ctx->named_expr_test();
  std::vector<P::BlockContext *> blocks = ctx->block();
  Token *keyword = clause == 0
                       ? ctx->start
                       : tokens_.get(tests[clause]->start->getTokenIndex() - 1);
  auto stmt = make<If>(range(keyword, ctx->stop));
  stmt->test = buildNamedExprTest(tests[clause]);
  stmt->body = buildBlock(blocks[clause], inLoop_);
  if (clause + 1 < tests.size())
    stmt->orelse.push_back(buildIf(ctx, clause + 1));
  else if (ctx->else_block)
    stmt->orelse = buildBlock(ctx->else_block, inLoop_);
  return stmt;
}

namespace {
/// The `else` keyword of a loop's else block.
Token *elseKeyword(antlr4::TokenStream &tokens, P::BlockContext *block) {
  return tokens.get(block->start->getTokenIndex() - 2);
}
} // namespace

StmtPtr ASTBuilder::buildWhile(P::While_stmtContext *ctx) {
  if (ctx->else_block)
    throwErrorAt(range(elseKeyword(tokens_, ctx->else_block)),
                 "Kiln does not support 'else' on a while loop; set a flag "
                 "before 'break' and test it after the loop");
  auto stmt = make<While>(range(ctx));
  stmt->test = buildNamedExprTest(ctx->named_expr_test());
  stmt->body = buildBlock(ctx->block(0), true);
  return stmt;
}

StmtPtr ASTBuilder::buildFor(P::For_stmtContext *ctx) {
  if (ctx->else_block)
    throwErrorAt(range(elseKeyword(tokens_, ctx->else_block)),
                 "Kiln does not support 'else' on a for loop; set a flag "
                 "before 'break' and test it after the loop");
  auto stmt = make<For>(range(ctx));
  {
    Save<bool> target(inTarget_, true);
    stmt->target = buildSequence(ctx->exprlist(), ctx->exprlist()->trailing);
  }
  checkTarget(*stmt->target, "assign to");
  stmt->iter = buildSequence(ctx->testlist(), ctx->testlist()->trailing);
  stmt->body = buildBlock(ctx->block(0), true);
  return stmt;
}

StmtPtr ASTBuilder::buildDecorated(P::DecoratedContext *ctx) {
  if (ctx->async_stmt())
    throwErrorAt(range(ctx->async_stmt()->start),
                 "Kiln does not support async/await; write synchronous code");
  std::vector<Decorator> decorators;
  for (P::DecoratorContext *decorator : ctx->decorator())
    decorators.push_back({buildNamedExprTest(decorator->named_expr_test())});
  if (P::FuncdefContext *def = ctx->funcdef())
    return buildFuncDef(def, std::move(decorators));
  return buildClassDef(ctx->classdef(), std::move(decorators));
}

StmtPtr ASTBuilder::buildFuncDef(P::FuncdefContext *ctx,
                                 std::vector<Decorator> decorators) {
  std::string name = ctx->NAME()->getText();
  if (scope_ == Scope::Function)
    throwErrorAt(range(ctx->start),
                 "Kiln does not support nested functions; "
                 "define '",
                 name, "' at the top level of the module");
  if (blockDepth_ > 0)
    throwErrorAt(range(ctx->start),
                 "Kiln does not support def inside a block; define '", name,
                 "' at the top level of the ",
                 scope_ == Scope::Class ? "class" : "module");
  auto stmt = make<FunctionDef>(range(ctx));
  stmt->name = std::move(name);
  stmt->nameRange = range(ctx->NAME());
  stmt->decorators = std::move(decorators);
  stmt->params = buildParams(ctx->parameters());
  if (ctx->test())
    stmt->returns = buildTest(ctx->test());
  Save<Scope> scope(scope_, Scope::Function);
  stmt->body = buildBlock(ctx->block(), false, false);
  dropDocstring(stmt->body);
  return stmt;
}

std::vector<Param> ASTBuilder::buildParams(P::ParametersContext *ctx) {
  std::vector<Param> params;
  std::set<std::string> names;
  bool sawDefault = false;
  for (P::ParamContext *param : ctx->param()) {
    if (param->star && param->NAME())
      throwErrorAt(range(param), "Kiln does not support *args parameters; "
                                 "list each parameter by name");
    if (param->star)
      throwErrorAt(range(param),
                   "Kiln does not support keyword-only parameters (a bare "
                   "'*'); remove the '*'");
    if (param->dstar)
      throwErrorAt(range(param), "Kiln does not support **kwargs "
                                 "parameters; list each parameter by name");
    if (param->slash)
      throwErrorAt(range(param),
                   "Kiln does not support positional-only parameters ('/'); "
                   "remove the '/'");
    Param out;
    out.name = param->NAME()->getText();
    out.range = range(param->NAME());
    if (!names.insert(out.name).second)
      throwErrorAt(out.range, "duplicate parameter '", out.name,
                   "' in function definition");
    // `name: annotation = default`: tell the two tests apart by the '='.
    for (size_t i = 0; i < param->children.size(); ++i) {
      auto *test = dynamic_cast<P::TestContext *>(param->children[i]);
      if (!test)
        continue;
      if (param->children[i - 1]->getText() == "=")
        out.defaultValue = buildTest(test);
      else
        out.annotation = buildTest(test);
    }
    if (out.defaultValue)
      sawDefault = true;
    else if (sawDefault)
      throwErrorAt(out.range, "parameter without a default follows "
                              "parameter with a default");
    params.push_back(std::move(out));
  }
  return params;
}

StmtPtr ASTBuilder::buildClassDef(P::ClassdefContext *ctx,
                                  std::vector<Decorator> decorators) {
  std::string name = ctx->NAME()->getText();
  if (scope_ == Scope::Function)
    throwErrorAt(range(ctx->start),
                 "Kiln does not support classes defined inside functions; "
                 "define '",
                 name, "' at the top level of the module");
  if (scope_ == Scope::Class)
    throwErrorAt(range(ctx->start),
                 "Kiln does not support nested classes; define '", name,
                 "' at the top level of the module");
  if (blockDepth_ > 0)
    throwErrorAt(range(ctx->start),
                 "Kiln does not support class inside a block; define '", name,
                 "' at the top level of the module");
  auto stmt = make<ClassDef>(range(ctx));
  stmt->name = std::move(name);
  stmt->nameRange = range(ctx->NAME());
  stmt->decorators = std::move(decorators);
  if (P::ArglistContext *bases = ctx->arglist()) {
    for (P::ArgumentContext *arg : bases->argument()) {
      auto *positional = dynamic_cast<P::PositionalArgumentContext *>(arg);
      if (!positional || positional->comp_for())
        throwErrorAt(range(arg), "Kiln does not support this in a class's "
                                 "bases; list the base classes by name");
      stmt->bases.push_back(buildTest(positional->test()));
    }
  }
  Save<Scope> scope(scope_, Scope::Class);
  stmt->body = buildBlock(ctx->block(), false, false);
  dropDocstring(stmt->body);
  return stmt;
}

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

namespace {

/// "a function call", "a literal", ...: what an expression is, for "cannot
/// assign to ...".
const char *describe(const Expr &expr) {
  switch (expr.kind) {
  case ExprKind::Call:
    return "a function call";
  case ExprKind::Int:
  case ExprKind::Float:
  case ExprKind::Bool:
  case ExprKind::NoneLit:
  case ExprKind::Ellipsis:
  case ExprKind::String:
  case ExprKind::FString:
    return "a literal";
  case ExprKind::Dict:
    return "a dict literal";
  case ExprKind::ListComp:
    return "a list comprehension";
  case ExprKind::BinOp:
  case ExprKind::UnaryOp:
    return "an operator expression";
  case ExprKind::BoolOp:
    return "a boolean expression";
  case ExprKind::Compare:
    return "a comparison";
  case ExprKind::IfExp:
    return "a conditional expression";
  default:
    return "this expression";
  }
}

} // namespace

void ASTBuilder::checkTarget(const Expr &target, const char *what) const {
  switch (target.kind) {
  case ExprKind::Name:
  case ExprKind::Attribute:
  case ExprKind::Subscript:
    return;
  case ExprKind::Tuple:
    for (const ExprPtr &elt : target.as<Tuple>()->elts)
      checkTarget(*elt, what);
    return;
  case ExprKind::List:
    for (const ExprPtr &elt : target.as<List>()->elts)
      checkTarget(*elt, what);
    return;
  default:
    throwErrorAt(target.range, "cannot ", what, " ", describe(target));
  }
}

} // namespace kiln::frontend
