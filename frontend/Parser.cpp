//===- Parser.cpp - Script text to AST ------------------------------------===//
//
// The pipeline: check the text, lex (grammars/Kiln.g4), add Python's line
// structure (IndentingTokenSource), parse, build the AST (ASTBuilder).
// Parsing tries ANTLR's fast SLL prediction first and falls back to full LL
// only when SLL fails, the standard two-stage use of ANTLR 4. The first
// syntax error stops the parse and is reported at its token with a
// readable message.
//
//===----------------------------------------------------------------------===//
#include "frontend/Parser.h"

#include "frontend/ASTBuilder.h"
#include "frontend/IndentingTokenSource.h"
#include "frontend/StackBudget.h"
#include "grammars/KilnLexer.h"
#include "grammars/KilnParser.h"
#include "ir/Diagnostics.h"
#include "support/File.h"

namespace kiln {

using namespace frontend;
using antlr4::ParserRuleContext;
using antlr4::Token;
using grammar::KilnLexer;
using grammar::KilnParser;

namespace {

/// The generated parser, with a bound on its recursion. Deep brackets and
/// blocks are stopped earlier by IndentingTokenSource; this bounds what
/// recurses without them (`- - - x`, `a ** b ** ...`, `not not x`).
class GuardedParser : public KilnParser {
public:
  GuardedParser(antlr4::TokenStream *tokens, const LexedText &text)
      : KilnParser(tokens), text_(text) {}

  void enterRule(ParserRuleContext *ctx, size_t state,
                 size_t ruleIndex) override {
    checkStack();
    KilnParser::enterRule(ctx, state, ruleIndex);
  }
  void enterRecursionRule(ParserRuleContext *ctx, size_t state,
                          size_t ruleIndex, int precedence) override {
    checkStack();
    KilnParser::enterRecursionRule(ctx, state, ruleIndex, precedence);
  }

private:
  void checkStack() {
    if (stack_.exhausted())
      throwErrorAt(text_.range(getCurrentToken()),
                   "too deeply nested: split this into smaller expressions "
                   "or statements");
  }

  const LexedText &text_;
  StackBudget stack_;
};

//===----------------------------------------------------------------------===//
// Syntax errors
//===----------------------------------------------------------------------===//

/// How a token is named in messages.
std::string describeToken(const antlr4::dfa::Vocabulary &vocabulary,
                          size_t type) {
  switch (type) {
  case Token::EOF:
    return "end of file";
  case KilnParser::NEWLINE:
    return "end of line";
  case KilnParser::INDENT:
    return "an indented block";
  case KilnParser::DEDENT:
    return "the end of the block";
  case KilnParser::NAME:
    return "a name";
  case KilnParser::STRING:
    return "a string";
  case KilnParser::INTEGER:
  case KilnParser::FLOAT_NUMBER:
  case KilnParser::IMAG_NUMBER:
    return "a number";
  default:
    return vocabulary.getLiteralName(type); // "':'"
  }
}

/// A token's text for "invalid syntax at '...'": its first line, at most
/// 40 bytes of it.
std::string displayText(Token *token) {
  std::string text = token->getText();
  size_t cut = std::min<size_t>(text.find_first_of("\r\n"), 40);
  if (cut < text.size()) {
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut; // not inside a UTF-8 sequence
    text = text.substr(0, cut) + "...";
  }
  return text;
}

/// The keyword that opens the clause a block (or a missing ':') belongs
/// to: the last keyword terminal before `child` in `ctx`, e.g. "elif".
std::string clauseKeyword(ParserRuleContext *ctx,
                          antlr4::tree::ParseTree *child) {
  static const char *const kKeywords[] = {
      "if",  "elif",   "else",    "while", "for",    "def",  "class",
      "try", "except", "finally", "with",  "lambda", "async"};
  std::string found;
  for (antlr4::tree::ParseTree *c : ctx->children) {
    if (c == child)
      break;
    if (auto *term = dynamic_cast<antlr4::tree::TerminalNode *>(c))
      for (const char *keyword : kKeywords)
        if (term->getText() == keyword)
          found = keyword;
  }
  return found;
}

/// " after the if condition", ...: what precedes a missing ':'.
std::string colonContext(const std::string &keyword) {
  if (keyword == "if" || keyword == "elif" || keyword == "while")
    return " after the " + keyword + " condition";
  if (keyword == "for")
    return " after the for loop's iterable";
  if (keyword == "def")
    return " after the function signature";
  if (keyword == "class")
    return " after the class name and bases";
  if (keyword == "lambda")
    return " after the lambda parameters";
  if (keyword == "with")
    return " after the with items";
  if (keyword.empty())
    return "";
  return " after '" + keyword + "'";
}

/// Reports the first syntax error and stops: every report throws.
class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  SyntaxErrorStrategy(const LexedText &text, bool fstringField)
      : text_(text), fstringField_(fstringField) {}

  void reportError(antlr4::Parser *parser,
                   const antlr4::RecognitionException &e) override {
    antlr4::misc::IntervalSet expected;
    if (dynamic_cast<const antlr4::InputMismatchException *>(&e))
      expected = e.getExpectedTokens();
    fail(parser, e.getOffendingToken(), expected);
  }
  void reportUnwantedToken(antlr4::Parser *parser) override {
    fail(parser, parser->getCurrentToken(), parser->getExpectedTokens());
  }
  void reportMissingToken(antlr4::Parser *parser) override {
    fail(parser, parser->getCurrentToken(), parser->getExpectedTokens());
  }
  Token *recoverInline(antlr4::Parser *parser) override {
    fail(parser, parser->getCurrentToken(), parser->getExpectedTokens());
  }

private:
  [[noreturn]] void fail(antlr4::Parser *parser, Token *offending,
                         const antlr4::misc::IntervalSet &expected) {
    SourceRange where = text_.range(offending);
    size_t type = offending->getType();
    const antlr4::dfa::Vocabulary &vocabulary = parser->getVocabulary();
    ParserRuleContext *ctx = parser->getContext();
    auto expects = [&](const char *literal) {
      ptrdiff_t t = vocabularyType(vocabulary, literal);
      return t > 0 && expected.contains(static_cast<size_t>(t));
    };
    if (type == KilnParser::INDENT)
      throwErrorAt(where, "unexpected indent");
    if (expected.size() == 1 &&
        expected.contains(static_cast<size_t>(KilnParser::INDENT)))
      reportMissingBlock(where, ctx);
    reportSoftKeyword(parser, offending);
    std::string keyword = ctx ? clauseKeyword(ctx, nullptr) : "";
    if (offending->getText() == "=" &&
        (keyword == "if" || keyword == "elif" || keyword == "while"))
      throwErrorAt(where, "invalid syntax: '=' assigns; use '==' to compare");
    if (expects("':'") && !keyword.empty())
      throwErrorAt(where, "invalid syntax: expected ':'",
                   colonContext(keyword));
    // Otherwise: as Python does, let an error of the token source
    // later in the file (an unclosed bracket, above all) explain it.
    if (type != Token::EOF)
      static_cast<antlr4::BufferedTokenStream *>(parser->getTokenStream())
          ->fill();
    bool isOperand = type == KilnParser::NAME || type == KilnParser::STRING ||
                     type == KilnParser::INTEGER ||
                     type == KilnParser::FLOAT_NUMBER;
    if (isOperand &&
        (expects("','") || expects("')'") || expects("']'") || expects("'}'")))
      throwErrorAt(where, "invalid syntax at '", displayText(offending),
                   "'; perhaps you forgot a comma?");
    if (expected.size() == 1)
      throwErrorAt(where, "invalid syntax: expected ",
                   describeToken(vocabulary, expected.getMinElement()));
    if (type == Token::EOF)
      throwErrorAt(where, fstringField_
                              ? "invalid syntax: the f-string field ends early"
                              : "invalid syntax: unexpected end of file");
    if (type == KilnParser::NEWLINE)
      throwErrorAt(where, "invalid syntax: unexpected end of line");
    if (type == KilnParser::DEDENT)
      throwErrorAt(where, "invalid syntax: unexpected end of the block");
    throwErrorAt(where, "invalid syntax at '", displayText(offending), "'");
  }

  /// Whether `token` sits inside brackets (as a missing comma can only
  /// there be the explanation).
  static bool insideBrackets(antlr4::Parser *parser, Token *token) {
    antlr4::TokenStream *tokens = parser->getTokenStream();
    int depth = 0;
    for (size_t i = 0; i < token->getTokenIndex(); ++i) {
      size_t type = tokens->get(i)->getType();
      if (type == KilnParser::OPEN_PAREN || type == KilnParser::OPEN_BRACK ||
          type == KilnParser::OPEN_BRACE)
        ++depth;
      else if (type == KilnParser::CLOSE_PAREN ||
               type == KilnParser::CLOSE_BRACK ||
               type == KilnParser::CLOSE_BRACE)
        --depth;
    }
    return depth > 0;
  }

  /// Names that start statements Kiln has no grammar for: `match x:` and
  /// Python 2's `print x` fail on the token after the name.
  void reportSoftKeyword(antlr4::Parser *parser, Token *offending) {
    size_t index = offending->getTokenIndex();
    if (index == 0 || index == static_cast<size_t>(-1))
      return;
    antlr4::TokenStream *tokens = parser->getTokenStream();
    Token *name = tokens->get(index - 1);
    if (name->getType() != KilnParser::NAME)
      return;
    bool startsLine = true;
    if (index >= 2) {
      size_t before = tokens->get(index - 2)->getType();
      startsLine = before == KilnParser::NEWLINE ||
                   before == KilnParser::INDENT || before == KilnParser::DEDENT;
    }
    if (!startsLine)
      return;
    size_t type = offending->getType();
    bool operand = type == KilnParser::NAME || type == KilnParser::STRING ||
                   type == KilnParser::INTEGER ||
                   type == KilnParser::FLOAT_NUMBER;
    if (name->getText() == "match")
      throwErrorAt(text_.range(name), "Kiln does not support match "
                                      "statements; use if/elif/else");
    if (name->getText() == "print" && operand)
      throwErrorAt(text_.range(name), "missing parentheses in call to "
                                      "'print'; write print(...)");
  }

  /// "expected an indented block after 'if' statement on line 3".
  [[noreturn]] void reportMissingBlock(const SourceRange &where,
                                       ParserRuleContext *block) {
    std::string keyword;
    uint32_t line = where.line();
    if (block && block->parent) {
      auto *owner = static_cast<ParserRuleContext *>(block->parent);
      keyword = clauseKeyword(owner, block);
      line = text_.range(owner->start).line();
      for (antlr4::tree::ParseTree *c : owner->children) {
        if (c == block)
          break;
        if (auto *term = dynamic_cast<antlr4::tree::TerminalNode *>(c))
          if (term->getText() == keyword)
            line = text_.range(term->getSymbol()).line();
      }
    }
    std::string what = keyword == "def"     ? "function definition"
                       : keyword == "class" ? "class definition"
                       : keyword.empty()    ? "':'"
                                            : "'" + keyword + "' statement";
    throwErrorAt(where, "expected an indented block after ", what, " on line ",
                 line);
  }

  static ptrdiff_t vocabularyType(const antlr4::dfa::Vocabulary &vocabulary,
                                  const std::string &literal) {
    for (size_t t = 1; t <= vocabulary.getMaxTokenType(); ++t)
      if (vocabulary.getLiteralName(t) == literal)
        return static_cast<ptrdiff_t>(t);
    return -1;
  }

  const LexedText &text_;
  bool fstringField_;
};

//===----------------------------------------------------------------------===//
// The pipeline
//===----------------------------------------------------------------------===//

/// Everything one parse needs, kept together (the parse tree points into
/// the token stream, which points into the lexer and the text).
struct ParseRun {
  ParseRun(const std::shared_ptr<const Source> &source, size_t begin,
           size_t end, IndentingTokenSource::Mode parseMode)
      : mode(parseMode), text(source, begin, end), chars(text), lexer(&chars),
        tokenSource(lexer, text, parseMode), tokens(&tokenSource),
        parser(&tokens, text) {
    lexer.removeErrorListeners();
    parser.removeErrorListeners();
  }

  /// Runs `rule` (a KilnParser member) with SLL, then LL if SLL fails.
  template <typename Rule> auto parse(Rule rule) {
    auto *interpreter =
        parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
    interpreter->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      return (parser.*rule)();
    } catch (antlr4::ParseCancellationException &) {
      tokens.seek(0);
      parser.reset();
      interpreter->setPredictionMode(antlr4::atn::PredictionMode::LL);
      parser.setErrorHandler(std::make_shared<SyntaxErrorStrategy>(
          text, mode == IndentingTokenSource::Mode::Expression));
      return (parser.*rule)();
    }
  }

  IndentingTokenSource::Mode mode;
  LexedText text;
  CodePointStream chars;
  KilnLexer lexer;
  IndentingTokenSource tokenSource;
  antlr4::CommonTokenStream tokens;
  GuardedParser parser;
};

} // namespace

ast::ExprPtr
frontend::parseFStringField(const std::shared_ptr<const Source> &source,
                            size_t begin, size_t end) {
  auto run = std::make_unique<ParseRun>(source, begin, end,
                                        IndentingTokenSource::Mode::Expression);
  KilnParser::Fstring_fieldContext *tree =
      run->parse(&KilnParser::fstring_field);
  return ASTBuilder(run->text, run->tokens).buildFStringField(tree);
}

std::shared_ptr<const ast::Module> parseScript(std::string_view text,
                                               const std::string &filename) {
  auto source = std::make_shared<const Source>(filename, std::string(text));
  auto module = std::make_shared<ast::Module>();
  module->source = source;
  size_t begin = checkScriptText(source);
  auto run = std::make_unique<ParseRun>(source, begin, text.size(),
                                        IndentingTokenSource::Mode::File);
  KilnParser::File_inputContext *tree = run->parse(&KilnParser::file_input);
  module->body = ASTBuilder(run->text, run->tokens).buildFile(tree);
  return module;
}

std::shared_ptr<const ast::Module> parseScriptFile(const std::string &path) {
  return parseScript(readFile(path), path);
}

} // namespace kiln
