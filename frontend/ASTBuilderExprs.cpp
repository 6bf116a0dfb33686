//===- ASTBuilderExprs.cpp - Expressions ----------------------------------===//
//
// Expressions, literals and comprehensions; statements are in
// ASTBuilder.cpp.
//
//===----------------------------------------------------------------------===//
#include "frontend/ASTBuilder.h"

#include "frontend/Literals.h"
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

} // namespace

/// Counts the expression nesting of the node being built.
class ExprDepthGuard {
public:
  ExprDepthGuard(ASTBuilder &builder, const SourceRange &where)
      : builder_(builder) {
    if (++builder_.exprDepth_ > kMaxExprDepth || builder_.stack_.exhausted())
      throwErrorAt(where, "too deeply nested: split this into smaller "
                          "expressions");
  }
  ~ExprDepthGuard() { --builder_.exprDepth_; }
  ExprDepthGuard(const ExprDepthGuard &) = delete;
  ExprDepthGuard &operator=(const ExprDepthGuard &) = delete;

private:
  ASTBuilder &builder_;
};

//===----------------------------------------------------------------------===//
// Boolean and comparison levels
//===----------------------------------------------------------------------===//

ExprPtr ASTBuilder::buildTest(P::TestContext *ctx) {
  ExprDepthGuard guard(*this, range(ctx->start));
  if (ctx->lambdef())
    throwErrorAt(range(ctx->start), "Kiln does not support lambda; define a "
                                    "function with def instead");
  std::vector<P::Or_testContext *> tests = ctx->or_test();
  if (tests.size() == 1)
    return buildOrTest(tests[0]);
  auto expr = make<IfExp>(range(ctx));
  expr->body = buildOrTest(tests[0]);
  expr->test = buildOrTest(tests[1]);
  expr->orelse = buildTest(ctx->test());
  return expr;
}

ExprPtr ASTBuilder::buildTestNoCond(P::Test_nocondContext *ctx) {
  if (ctx->lambdef_nocond())
    throwErrorAt(range(ctx->start), "Kiln does not support lambda; define a "
                                    "function with def instead");
  return buildOrTest(ctx->or_test());
}

ExprPtr ASTBuilder::buildNamedExprTest(P::Named_expr_testContext *ctx) {
  if (ctx->NAME())
    throwErrorAt(range(tokens_.get(ctx->start->getTokenIndex() + 1)),
                 "Kiln does not support assignment expressions (:=); assign "
                 "the value in a statement before");
  return buildTest(ctx->test());
}

ExprPtr ASTBuilder::buildOrTest(P::Or_testContext *ctx) {
  std::vector<P::And_testContext *> operands = ctx->and_test();
  if (operands.size() == 1)
    return buildAndTest(operands[0]);
  auto expr = make<BoolOp>(range(ctx));
  expr->isAnd = false;
  for (P::And_testContext *operand : operands)
    expr->values.push_back(buildAndTest(operand));
  return expr;
}

ExprPtr ASTBuilder::buildAndTest(P::And_testContext *ctx) {
  std::vector<P::Not_testContext *> operands = ctx->not_test();
  if (operands.size() == 1)
    return buildNotTest(operands[0]);
  auto expr = make<BoolOp>(range(ctx));
  expr->isAnd = true;
  for (P::Not_testContext *operand : operands)
    expr->values.push_back(buildNotTest(operand));
  return expr;
}

ExprPtr ASTBuilder::buildNotTest(P::Not_testContext *ctx) {
  if (P::ComparisonContext *comparison = ctx->comparison())
    return buildComparison(comparison);
  ExprDepthGuard guard(*this, range(ctx->start));
  auto expr = make<UnaryOp>(range(ctx));
  expr->op = UnaryOpKind::Not;
  expr->operand = buildNotTest(ctx->not_test());
  return expr;
}

ExprPtr ASTBuilder::buildComparison(P::ComparisonContext *ctx) {
  std::vector<P::ExprContext *> operands = ctx->expr();
  if (operands.size() == 1)
    return buildExpr(operands[0]);
  auto expr = make<Compare>(range(ctx));
  expr->left = buildExpr(operands[0]);
  std::vector<P::Comp_opContext *> ops = ctx->comp_op();
  for (size_t i = 0; i < ops.size(); ++i) {
    std::string text = ops[i]->start->getText();
    CmpOpKind op = ops[i]->not_in   ? CmpOpKind::NotIn
                   : ops[i]->is_not ? CmpOpKind::IsNot
                   : text == "=="   ? CmpOpKind::Eq
                   : text == "!="   ? CmpOpKind::NotEq
                   : text == "<"    ? CmpOpKind::Lt
                   : text == "<="   ? CmpOpKind::LtE
                   : text == ">"    ? CmpOpKind::Gt
                   : text == ">="   ? CmpOpKind::GtE
                   : text == "is"   ? CmpOpKind::Is
                                    : CmpOpKind::In;
    expr->ops.push_back(op);
    expr->comparators.push_back(buildExpr(operands[i + 1]));
  }
  return expr;
}

//===----------------------------------------------------------------------===//
// Operators and primaries
//===----------------------------------------------------------------------===//

namespace {

BinOpKind binOpKind(const std::string &text) {
  static const std::pair<const char *, BinOpKind> kOps[] = {
      {"+", BinOpKind::Add},     {"-", BinOpKind::Sub},
      {"*", BinOpKind::Mul},     {"@", BinOpKind::MatMul},
      {"/", BinOpKind::Div},     {"//", BinOpKind::FloorDiv},
      {"%", BinOpKind::Mod},     {"**", BinOpKind::Pow},
      {"<<", BinOpKind::LShift}, {">>", BinOpKind::RShift},
      {"&", BinOpKind::BitAnd},  {"|", BinOpKind::BitOr},
      {"^", BinOpKind::BitXor}};
  for (const auto &[spelling, kind] : kOps)
    if (text == spelling)
      return kind;
  KILN_INTERNAL_ASSERT(false, "unknown binary operator ", text);
  return BinOpKind::Add;
}

} // namespace

ExprPtr ASTBuilder::buildExpr(P::ExprContext *ctx) {
  ExprDepthGuard guard(*this, range(ctx->start));
  if (auto *atom = dynamic_cast<P::AtomExprContext *>(ctx))
    return buildAtom(atom->atom());
  if (auto *binary = dynamic_cast<P::BinaryExprContext *>(ctx)) {
    auto expr = make<BinOp>(range(ctx));
    expr->op = binOpKind(binary->op->getText());
    expr->left = buildExpr(binary->expr(0));
    expr->right = buildExpr(binary->expr(1));
    return expr;
  }
  if (auto *power = dynamic_cast<P::PowerExprContext *>(ctx)) {
    auto expr = make<BinOp>(range(ctx));
    expr->op = BinOpKind::Pow;
    expr->left = buildExpr(power->expr(0));
    expr->right = buildExpr(power->expr(1));
    return expr;
  }
  if (auto *unary = dynamic_cast<P::UnaryExprContext *>(ctx)) {
    auto expr = make<UnaryOp>(range(ctx));
    std::string op = unary->op->getText();
    expr->op = op == "-"   ? UnaryOpKind::Neg
               : op == "+" ? UnaryOpKind::Pos
                           : UnaryOpKind::Invert;
    expr->operand = buildExpr(unary->expr());
    return expr;
  }
  if (auto *attribute = dynamic_cast<P::AttributeExprContext *>(ctx)) {
    auto expr = make<Attribute>(range(ctx));
    expr->value = buildExpr(attribute->expr());
    expr->attr = attribute->NAME()->getText();
    expr->attrRange = range(attribute->NAME());
    return expr;
  }
  if (auto *call = dynamic_cast<P::CallExprContext *>(ctx))
    return buildCall(call);
  if (auto *subscript = dynamic_cast<P::SubscriptExprContext *>(ctx))
    return buildSubscript(subscript);
  KILN_INTERNAL_ASSERT(dynamic_cast<P::AwaitExprContext *>(ctx),
                       "unhandled expression");
  throwErrorAt(range(ctx->start),
               "Kiln does not support async/await; write synchronous code");
}

ExprPtr ASTBuilder::buildCall(P::CallExprContext *ctx) {
  auto call = make<Call>(range(ctx));
  call->func = buildExpr(ctx->expr());
  if (!ctx->arglist())
    return call;
  std::set<std::string> keywords;
  for (P::ArgumentContext *arg : ctx->arglist()->argument()) {
    if (auto *keyword = dynamic_cast<P::KeywordArgumentContext *>(arg)) {
      Keyword out;
      out.name = keyword->NAME()->getText();
      out.range = range(arg);
      if (!keywords.insert(out.name).second)
        throwErrorAt(out.range, "keyword argument repeated: '", out.name, "'");
      out.value = buildTest(keyword->test());
      call->keywords.push_back(std::move(out));
    } else if (auto *positional =
                   dynamic_cast<P::PositionalArgumentContext *>(arg)) {
      if (positional->comp_for())
        throwErrorAt(range(arg), "Kiln does not support generator "
                                 "expressions; use a list comprehension "
                                 "[...] instead");
      if (!call->keywords.empty())
        throwErrorAt(range(arg), "positional argument follows keyword "
                                 "argument");
      call->args.push_back(buildTest(positional->test()));
    } else if (auto *star = dynamic_cast<P::StarArgumentContext *>(arg)) {
      auto starred = make<Starred>(range(arg));
      starred->value = buildTest(star->test());
      call->args.push_back(std::move(starred));
    } else if (dynamic_cast<P::DoubleStarArgumentContext *>(arg)) {
      throwErrorAt(range(arg), "Kiln does not support ** unpacking of "
                               "keyword arguments; pass each by name");
    } else {
      throwErrorAt(range(tokens_.get(arg->start->getTokenIndex() + 1)),
                   "Kiln does not support assignment expressions (:=); "
                   "assign the value in a statement before");
    }
  }
  return call;
}

ExprPtr ASTBuilder::buildSubscript(P::SubscriptExprContext *ctx) {
  auto expr = make<Subscript>(range(ctx));
  expr->value = buildExpr(ctx->expr());
  P::SubscriptlistContext *list = ctx->subscriptlist();
  std::vector<ExprPtr> indices;
  for (P::SubscriptContext *item : list->subscript()) {
    if (auto *index = dynamic_cast<P::IndexSubscriptContext *>(item)) {
      indices.push_back(buildTest(index->test()));
      continue;
    }
    auto *slice = static_cast<P::SliceSubscriptContext *>(item);
    auto out = make<Slice>(range(item));
    if (slice->lower)
      out->lower = buildTest(slice->lower);
    if (slice->upper)
      out->upper = buildTest(slice->upper);
    if (slice->step)
      out->step = buildTest(slice->step);
    indices.push_back(std::move(out));
  }
  if (indices.size() == 1 && !list->trailing) {
    expr->index = std::move(indices[0]);
  } else {
    auto tuple = make<Tuple>(range(list));
    tuple->elts = std::move(indices);
    expr->index = std::move(tuple);
  }
  return expr;
}

//===----------------------------------------------------------------------===//
// Sequences
//===----------------------------------------------------------------------===//

ExprPtr ASTBuilder::buildSequenceElement(antlr4::tree::ParseTree *child) {
  if (auto *test = dynamic_cast<P::TestContext *>(child))
    return buildTest(test);
  if (auto *named = dynamic_cast<P::Named_expr_testContext *>(child))
    return buildNamedExprTest(named);
  if (auto *expr = dynamic_cast<P::ExprContext *>(child))
    return buildExpr(expr);
  auto *star = dynamic_cast<P::Star_exprContext *>(child);
  KILN_INTERNAL_ASSERT(star, "unexpected sequence element");
  return buildStarExpr(star);
}

ExprPtr ASTBuilder::buildSequence(ParserRuleContext *ctx,
                                  Token *trailingComma) {
  std::vector<ExprPtr> elts;
  for (antlr4::tree::ParseTree *child : ctx->children)
    if (!dynamic_cast<antlr4::tree::TerminalNode *>(child))
      elts.push_back(buildSequenceElement(child));
  if (elts.size() == 1 && !trailingComma)
    return std::move(elts[0]);
  auto tuple = make<Tuple>(range(ctx));
  tuple->elts = std::move(elts);
  return tuple;
}

ExprPtr ASTBuilder::buildStarExpr(P::Star_exprContext *ctx) {
  if (inTarget_)
    throwErrorAt(range(ctx), "Kiln does not support starred assignment "
                             "targets; unpack a fixed number of values");
  throwErrorAt(range(ctx), "Kiln does not support * unpacking here; it is "
                           "allowed only in call arguments");
}

void ASTBuilder::rejectYield(P::Yield_exprContext *ctx) {
  throwErrorAt(range(ctx->start), "Kiln does not support generators "
                                  "(yield); build and return a list instead");
}

//===----------------------------------------------------------------------===//
// Atoms
//===----------------------------------------------------------------------===//

ExprPtr ASTBuilder::buildAtom(P::AtomContext *ctx) {
  SourceRange where = range(ctx);
  if (auto *name = dynamic_cast<P::NameAtomContext *>(ctx)) {
    auto expr = make<Name>(where);
    expr->id = name->NAME()->getText();
    return expr;
  }
  if (auto *number = dynamic_cast<P::NumberAtomContext *>(ctx))
    return buildNumber(number);
  if (auto *strings = dynamic_cast<P::StringAtomContext *>(ctx))
    return buildStrings(strings);
  if (auto *paren = dynamic_cast<P::ParenAtomContext *>(ctx))
    return buildParen(paren);
  if (auto *list = dynamic_cast<P::ListAtomContext *>(ctx))
    return buildList(list);
  if (auto *brace = dynamic_cast<P::BraceAtomContext *>(ctx))
    return buildBrace(brace);
  if (dynamic_cast<P::NoneAtomContext *>(ctx))
    return make<NoneLit>(where);
  if (dynamic_cast<P::EllipsisAtomContext *>(ctx))
    return make<Ellipsis>(where);
  KILN_INTERNAL_ASSERT(dynamic_cast<P::BoolAtomContext *>(ctx),
                       "unhandled atom");
  auto expr = make<Bool>(where);
  expr->value = ctx->start->getText() == "True";
  return expr;
}

ExprPtr ASTBuilder::buildNumber(P::NumberAtomContext *ctx) {
  SourceRange where = range(ctx);
  if (ctx->INTEGER()) {
    auto expr = make<Int>(where);
    expr->value = parseIntLiteral(where);
    return expr;
  }
  if (ctx->FLOAT_NUMBER()) {
    auto expr = make<Float>(where);
    expr->value = parseFloatLiteral(where);
    return expr;
  }
  throwErrorAt(where, "Kiln does not support complex numbers");
}

ExprPtr ASTBuilder::buildStrings(P::StringAtomContext *ctx) {
  // Adjacent literals are one string; if any is an f-string, so is the
  // whole.
  std::vector<FString::Part> parts;
  bool format = false;
  auto appendLiteral = [&](std::string text) {
    if (text.empty())
      return;
    if (parts.empty() || parts.back().value)
      parts.emplace_back();
    parts.back().literal += text;
  };
  const std::shared_ptr<const Source> &source = text_.source();
  for (antlr4::tree::TerminalNode *node : ctx->STRING()) {
    SourceRange where = range(node);
    StringToken token = splitStringToken(where);
    if (token.bytes)
      throwErrorAt(where, "Kiln does not support bytes literals; use a str");
    if (!token.format) {
      appendLiteral(
          decodeStringBody(source, token.bodyBegin, token.bodyEnd, token.raw));
      continue;
    }
    format = true;
    for (FStringPiece &piece : splitFString(source, token)) {
      if (!piece.isField) {
        appendLiteral(std::move(piece.literal));
        continue;
      }
      FString::Part part;
      part.value = parseFStringField(source, piece.exprBegin, piece.exprEnd);
      part.conversion = piece.conversion;
      part.spec = std::move(piece.spec);
      parts.push_back(std::move(part));
    }
  }
  if (!format) {
    auto expr = make<String>(range(ctx));
    if (!parts.empty())
      expr->value = std::move(parts[0].literal);
    return expr;
  }
  auto expr = make<FString>(range(ctx));
  expr->parts = std::move(parts);
  return expr;
}

ExprPtr ASTBuilder::buildParen(P::ParenAtomContext *ctx) {
  if (ctx->yield_expr())
    rejectYield(ctx->yield_expr());
  P::Testlist_compContext *list = ctx->testlist_comp();
  if (!list)
    return make<Tuple>(range(ctx));
  if (list->comp_for())
    throwErrorAt(range(ctx), "Kiln does not support generator expressions; "
                             "use a list comprehension [...] instead");
  std::vector<ExprPtr> elts;
  for (antlr4::tree::ParseTree *child : list->children)
    if (!dynamic_cast<antlr4::tree::TerminalNode *>(child))
      elts.push_back(buildSequenceElement(child));
  if (elts.size() == 1 && !list->trailing)
    return std::move(elts[0]);
  auto tuple = make<Tuple>(range(ctx));
  tuple->elts = std::move(elts);
  return tuple;
}

ExprPtr ASTBuilder::buildList(P::ListAtomContext *ctx) {
  P::Testlist_compContext *list = ctx->testlist_comp();
  if (list && list->comp_for()) {
    antlr4::tree::ParseTree *first = list->children[0];
    return buildListComp(buildSequenceElement(first), list->comp_for(),
                         range(ctx));
  }
  auto expr = make<List>(range(ctx));
  if (list)
    for (antlr4::tree::ParseTree *child : list->children)
      if (!dynamic_cast<antlr4::tree::TerminalNode *>(child))
        expr->elts.push_back(buildSequenceElement(child));
  return expr;
}

ExprPtr ASTBuilder::buildListComp(ExprPtr elt, P::Comp_forContext *ctx,
                                  SourceRange whole) {
  if (ctx->start->getText() == "async")
    throwErrorAt(range(ctx->start),
                 "Kiln does not support async/await; write synchronous code");
  auto expr = make<ListComp>(std::move(whole));
  expr->elt = std::move(elt);
  {
    Save<bool> target(inTarget_, true);
    expr->target = buildSequence(ctx->exprlist(), ctx->exprlist()->trailing);
  }
  auto isName = [](const Expr &e) { return e.isa<Name>(); };
  bool ok = isName(*expr->target);
  if (auto *tuple = expr->target->as<Tuple>()) {
    ok = true;
    for (const ExprPtr &e : tuple->elts)
      ok &= isName(*e);
  }
  if (!ok)
    throwErrorAt(expr->target->range, "a comprehension's loop variable must "
                                      "be a name or a tuple of names");
  expr->iter = buildOrTest(ctx->or_test());
  for (P::Comp_iterContext *iter = ctx->comp_iter(); iter;) {
    if (P::Comp_forContext *inner = iter->comp_for())
      throwErrorAt(range(inner->start),
                   "Kiln does not support more than one 'for' in a "
                   "comprehension; use nested for loops");
    P::Comp_ifContext *cond = iter->comp_if();
    expr->ifs.push_back(buildTestNoCond(cond->test_nocond()));
    iter = cond->comp_iter();
  }
  return expr;
}

ExprPtr ASTBuilder::buildBrace(P::BraceAtomContext *ctx) {
  P::Dict_or_set_makerContext *maker = ctx->dict_or_set_maker();
  auto expr = make<Dict>(range(ctx));
  if (!maker)
    return expr;
  if (auto *set = dynamic_cast<P::SetMakerContext *>(maker)) {
    if (set->comp_for())
      throwErrorAt(range(ctx), "Kiln does not support set comprehensions; "
                               "use a list comprehension");
    throwErrorAt(range(ctx), "Kiln does not support set literals; use a "
                             "list, or a dict with the elements as keys");
  }
  auto *dict = static_cast<P::DictMakerContext *>(maker);
  if (dict->comp_for())
    throwErrorAt(range(ctx), "Kiln does not support dict comprehensions; "
                             "build the dict in a for loop");
  for (P::Dict_itemContext *item : dict->dict_item()) {
    if (item->expr())
      throwErrorAt(range(item), "Kiln does not support ** unpacking in dict "
                                "literals; merge the dicts with update()");
    expr->keys.push_back(buildTest(item->test(0)));
    expr->values.push_back(buildTest(item->test(1)));
  }
  return expr;
}

ExprPtr ASTBuilder::buildFStringField(P::Fstring_fieldContext *ctx) {
  if (ctx->yield_expr())
    rejectYield(ctx->yield_expr());
  P::Testlist_star_exprContext *list = ctx->testlist_star_expr();
  return buildSequence(list, list->trailing);
}

} // namespace kiln::frontend
