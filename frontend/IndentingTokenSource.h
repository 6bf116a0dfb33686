//===- IndentingTokenSource.h - Python's line structure ---------*- C++ -*-===//
//
// Wraps the generated lexer (grammars/Kiln.g4) and turns its raw line ends
// into Python's logical lines: NEWLINE ends a statement, INDENT and DEDENT
// open and close blocks. Line ends inside brackets, on blank lines and on
// comment-only lines are dropped; a backslash joins lines in the lexer.
// Columns follow Python: a tab advances to the next multiple of 8, and an
// indentation that only tabs-versus-spaces tell apart is an error.
//
// It also reports what the lexer can only flag (unterminated strings, stray
// characters, unbalanced brackets) and bounds nesting, so that the
// recursive-descent parser never runs out of stack.
//
// Private to kiln_frontend: it exposes ANTLR types.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_INDENTINGTOKENSOURCE_H
#define KILN_FRONTEND_INDENTINGTOKENSOURCE_H

#include "ir/SourceRange.h"

#include <antlr4-runtime.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace kiln::frontend {

/// Text as the lexer sees it: ANTLR indexes code points, Kiln's source
/// ranges count bytes. Holds the code points of a slice of a Source and the
/// byte offset of each (plus one past the end).
class LexedText {
public:
  /// Decodes source.text()[begin, end), which must be valid UTF-8 (see
  /// checkScriptText).
  LexedText(std::shared_ptr<const Source> source, size_t begin, size_t end);

  const std::shared_ptr<const Source> &source() const { return source_; }
  const std::u32string &codePoints() const { return codePoints_; }
  /// Byte offset in the Source of code point `index` (index <= size).
  size_t byteOffset(size_t index) const;
  /// The bytes of a token, for messages and literal decoding.
  SourceRange range(const antlr4::Token *token) const;
  /// The range of code points [start, stop] (stop < start: empty at start).
  SourceRange range(size_t start, size_t stop) const;

private:
  std::shared_ptr<const Source> source_;
  std::u32string codePoints_;
  std::vector<size_t> byteOffsets_;
};

/// Reports text that is not a script (invalid UTF-8, NUL bytes) at the
/// first offending byte. Returns where the script proper starts (after a
/// UTF-8 byte-order mark, if any).
size_t checkScriptText(const std::shared_ptr<const Source> &source);

/// An ANTLR character stream over a LexedText's code points.
class CodePointStream : public antlr4::ANTLRInputStream {
public:
  explicit CodePointStream(const LexedText &text);
};

/// How deep brackets and blocks may nest. Python allows about 200 brackets
/// and 100 blocks; model code needs far less.
constexpr size_t kMaxBracketDepth = 100;
constexpr size_t kMaxBlockDepth = 100;

class IndentingTokenSource : public antlr4::TokenSource {
public:
  enum class Mode {
    /// A whole script: NEWLINE, INDENT and DEDENT as in Python.
    File,
    /// One expression (an f-string field): line ends are ignored, as
    /// inside brackets, and no NEWLINE/INDENT/DEDENT is produced.
    Expression,
  };

  IndentingTokenSource(antlr4::Lexer &lexer, const LexedText &text,
                       Mode mode = Mode::File);

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return lexer_.getLine(); }
  size_t getCharPositionInLine() override {
    return lexer_.getCharPositionInLine();
  }
  antlr4::CharStream *getInputStream() override {
    return lexer_.getInputStream();
  }
  std::string getSourceName() override { return lexer_.getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return lexer_.getTokenFactory();
  }

private:
  struct Indent {
    size_t column;    // tabs to multiples of 8
    size_t tabColumn; // tabs count 1: tells tabs from spaces
  };

  /// Handles the first token of a logical line: queues INDENT or DEDENTs.
  void indentLine(const antlr4::Token &first);
  /// Tracks brackets; reports unbalanced ones.
  void trackBracket(const antlr4::Token &token);
  void finishFile(const antlr4::Token &eof);
  [[noreturn]] void reportBadToken(const antlr4::Token &token);
  /// A token of `type` with no text, at code point `start`.
  std::unique_ptr<antlr4::Token> synthesize(size_t type, size_t start,
                                            const antlr4::Token &near) const;

  antlr4::Lexer &lexer_;
  const LexedText &text_;
  Mode mode_;
  std::deque<std::unique_ptr<antlr4::Token>> pending_;
  std::vector<Indent> indents_{{0, 0}};
  struct OpenBracket {
    size_t type;
    size_t start, stop; // code points
  };
  std::vector<OpenBracket> brackets_;
  bool atLineStart_ = true;
  bool done_ = false;
};

} // namespace kiln::frontend

#endif // KILN_FRONTEND_INDENTINGTOKENSOURCE_H
