//===- ASTBuilder.h - ANTLR parse tree to Kiln AST --------------*- C++ -*-===//
//
// Walks the parse tree of grammars/Kiln.g4 and builds frontend/AST.h.
// This is where constructs that Python accepts and Kiln does not (lambda,
// try, with, yield, nested def, set literals, ...) are reported, each at
// its keyword or operator, with what to write instead. It also decodes
// literals and parses f-string fields.
//
// Private to kiln_frontend: it exposes ANTLR types.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_ASTBUILDER_H
#define KILN_FRONTEND_ASTBUILDER_H

#include "frontend/AST.h"
#include "frontend/IndentingTokenSource.h"
#include "frontend/StackBudget.h"
#include "grammars/KilnParser.h"

namespace kiln::frontend {

/// Parses the bytes [begin, end) of `source` as an f-string field's
/// expression (implemented in Parser.cpp, which owns the parsing pipeline).
ast::ExprPtr parseFStringField(const std::shared_ptr<const Source> &source,
                               size_t begin, size_t end);

/// How deep an expression may nest in the AST. Left-associative chains
/// (`a + b + ...`) nest without recursing in the parser; this bounds the
/// builder's recursion (with its StackBudget) and everything that later
/// walks the tree.
constexpr size_t kMaxExprDepth = 1000;

/// Sets a field for a scope and restores it when the scope ends.
template <typename T> class Save {
public:
  Save(T &field, T value) : field_(field), old_(field) { field = value; }
  ~Save() { field_ = old_; }
  Save(const Save &) = delete;
  Save &operator=(const Save &) = delete;

private:
  T &field_;
  T old_;
};

class ASTBuilder {
public:
  ASTBuilder(const LexedText &text, antlr4::TokenStream &tokens)
      : text_(text), tokens_(tokens) {}

  ast::Body buildFile(grammar::KilnParser::File_inputContext *ctx);
  ast::ExprPtr
  buildFStringField(grammar::KilnParser::Fstring_fieldContext *ctx);

private:
  using P = grammar::KilnParser;

  // Where things are.
  SourceRange range(antlr4::ParserRuleContext *ctx) const;
  SourceRange range(antlr4::Token *token) const;
  SourceRange range(antlr4::tree::TerminalNode *node) const;
  SourceRange range(antlr4::Token *first, antlr4::Token *last) const;

  // Statements.
  void buildStmt(P::StmtContext *ctx, ast::Body &out);
  void buildSmallStmt(P::Small_stmtContext *ctx, ast::Body &out);
  ast::StmtPtr buildExprStmt(P::Expr_stmtContext *ctx);
  ast::StmtPtr buildCompoundStmt(P::Compound_stmtContext *ctx);
  ast::StmtPtr buildIf(P::If_stmtContext *ctx, size_t clause);
  ast::StmtPtr buildWhile(P::While_stmtContext *ctx);
  ast::StmtPtr buildFor(P::For_stmtContext *ctx);
  ast::StmtPtr buildFuncDef(P::FuncdefContext *ctx,
                            std::vector<ast::Decorator> decorators);
  ast::StmtPtr buildClassDef(P::ClassdefContext *ctx,
                             std::vector<ast::Decorator> decorators);
  ast::StmtPtr buildDecorated(P::DecoratedContext *ctx);
  ast::StmtPtr buildImportFrom(P::Import_fromContext *ctx);
  std::vector<ast::Param> buildParams(P::ParametersContext *ctx);
  /// A block's statements. `loop` says whether break/continue are allowed;
  /// a block nested in a statement (not a def's or class's body) counts
  /// towards blockDepth_.
  ast::Body buildBlock(P::BlockContext *ctx, bool loop, bool nested = true);
  static void dropDocstring(ast::Body &body);

  // Expressions.
  ast::ExprPtr buildTest(P::TestContext *ctx);
  ast::ExprPtr buildTestNoCond(P::Test_nocondContext *ctx);
  ast::ExprPtr buildNamedExprTest(P::Named_expr_testContext *ctx);
  ast::ExprPtr buildOrTest(P::Or_testContext *ctx);
  ast::ExprPtr buildAndTest(P::And_testContext *ctx);
  ast::ExprPtr buildNotTest(P::Not_testContext *ctx);
  ast::ExprPtr buildComparison(P::ComparisonContext *ctx);
  ast::ExprPtr buildExpr(P::ExprContext *ctx);
  ast::ExprPtr buildAtom(P::AtomContext *ctx);
  ast::ExprPtr buildStrings(P::StringAtomContext *ctx);
  ast::ExprPtr buildNumber(P::NumberAtomContext *ctx);
  ast::ExprPtr buildParen(P::ParenAtomContext *ctx);
  ast::ExprPtr buildList(P::ListAtomContext *ctx);
  ast::ExprPtr buildBrace(P::BraceAtomContext *ctx);
  ast::ExprPtr buildCall(P::CallExprContext *ctx);
  ast::ExprPtr buildSubscript(P::SubscriptExprContext *ctx);
  ast::ExprPtr buildStarExpr(P::Star_exprContext *ctx);
  /// A comma-separated list (testlist, exprlist, ...): its one element, or
  /// a Tuple when there is a comma.
  ast::ExprPtr buildSequence(antlr4::ParserRuleContext *ctx,
                             antlr4::Token *trailingComma);
  ast::ExprPtr buildSequenceElement(antlr4::tree::ParseTree *child);
  ast::ExprPtr buildListComp(ast::ExprPtr elt, P::Comp_forContext *ctx,
                             SourceRange whole);
  [[noreturn]] void rejectYield(P::Yield_exprContext *ctx);

  // Checks.
  /// Rejects what cannot be assigned (or deleted, or used as a loop
  /// variable): `what` is "assign to", "delete", ...
  void checkTarget(const ast::Expr &target, const char *what) const;

  const LexedText &text_;
  antlr4::TokenStream &tokens_;

  /// Where the statement being built sits (to reject nested def/class,
  /// `return` outside functions and `break` outside loops).
  enum class Scope { Module, Class, Function };
  Scope scope_ = Scope::Module;
  size_t blockDepth_ = 0; // blocks inside the current scope
  bool inLoop_ = false;
  /// Set while building an assignment target, where `*x` means a starred
  /// target rather than unpacking.
  bool inTarget_ = false;
  size_t exprDepth_ = 0;
  StackBudget stack_;
  friend class ExprDepthGuard;
};

} // namespace kiln::frontend

#endif // KILN_FRONTEND_ASTBUILDER_H
