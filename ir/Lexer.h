//===- Lexer.h - Tokens of IR text and schemas ------------------*- C++ -*-===//
//
// One tokenizer for the IR text syntax and for TorchScript schemas. `#`
// starts a comment that runs to the end of the line; a comment on the same
// line as the previous token is kept on the next token (trailingComment) so
// that the IR parser can read `# file:line:col` locations. Every error is a
// CompileError located in the text.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_LEXER_H
#define KILN_IR_LEXER_H

#include "ir/Diagnostics.h"
#include "ir/SourceRange.h"

#include <deque>
#include <memory>
#include <string>
#include <string_view>

namespace kiln {

enum class TokenKind : uint8_t {
  Eof,
  Ident,    // graph, aten, Tensor, inf
  ValueRef, // %x.1 (text without the %)
  Int,      // 42
  Float,    // 1.5, 1e-05, 2.
  String,   // "a\n" or 'a' (decoded into Token::str)
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  ColonColon,
  Equal,
  Arrow, // ->
  Question,
  Bang,
  Star,
  Pipe,
  Dot,
  Ellipsis,
  Minus,
  Less,
  Greater,
};

/// "identifier", "')'", ... for messages.
const char *tokenKindName(TokenKind kind);

struct Token;
/// A token as messages quote it: `'%x'`, `'aten'`, `"str"`, or "end of
/// input".
std::string describeToken(const Token &t);

struct Token {
  TokenKind kind = TokenKind::Eof;
  std::string_view text;
  size_t start = 0, end = 0;
  /// The decoded contents of a String token.
  std::string str;
  /// A `# ...` comment (without the `#`) found after the previous token on
  /// the previous token's line.
  std::string_view trailingComment;
  /// The token is the first on its line.
  bool startsLine = false;
};

class Lexer {
public:
  explicit Lexer(std::shared_ptr<const Source> source);

  const Token &peek(size_t ahead = 0);
  Token next();
  bool nextIf(TokenKind kind);
  /// Consumes a token of `kind` or throws "expected <what>".
  Token expect(TokenKind kind, std::string_view what = {});
  /// Consumes the identifier `word` or throws.
  Token expectWord(std::string_view word);
  bool peekWord(std::string_view word, size_t ahead = 0);

  SourceRange range(const Token &tok) const {
    return SourceRange(source_, tok.start, tok.end);
  }
  const std::shared_ptr<const Source> &source() const { return source_; }

  template <typename... Parts>
  [[noreturn]] void errorAt(const Token &tok, const Parts &...parts) const {
    throwErrorAt(range(tok), parts...);
  }

private:
  Token lex();
  void skipSpaceAndComments(Token &into);
  Token lexString(size_t start);
  Token lexNumber(size_t start);
  [[noreturn]] void errorAtOffset(size_t offset, const std::string &message);

  std::shared_ptr<const Source> source_;
  std::string_view text_;
  size_t pos_ = 0;
  size_t lastTokenLine_ = 0; // offset-based: line start of previous token
  bool sawToken_ = false;
  std::deque<Token> lookahead_;
};

} // namespace kiln

#endif // KILN_IR_LEXER_H
