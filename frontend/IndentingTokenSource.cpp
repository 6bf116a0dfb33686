//===- IndentingTokenSource.cpp -------------------------------------------===//
#include "frontend/IndentingTokenSource.h"

#include "grammars/KilnLexer.h"
#include "grammars/KilnParser.h"
#include "ir/Diagnostics.h"

#include <cstdio>

namespace kiln::frontend {

using antlr4::Token;
using grammar::KilnLexer;

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

namespace {

/// Decodes one UTF-8 sequence at text[i]; returns its length, or 0 when
/// the bytes there are not valid UTF-8 (overlong forms and surrogates
/// included).
size_t decodeUtf8(std::string_view text, size_t i, char32_t &cp) {
  auto byte = [&](size_t k) -> unsigned {
    return k < text.size() ? static_cast<unsigned char>(text[k]) : 0;
  };
  unsigned b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size())
    return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned b = byte(i + k);
    if ((b & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

} // namespace

size_t checkScriptText(const std::shared_ptr<const Source> &source) {
  std::string_view text = source->text();
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t len = decodeUtf8(text, i, cp);
    if (len == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X",
                    static_cast<unsigned char>(text[i]));
      throwErrorAt(SourceRange(source, i, i + 1),
                   "the file is not UTF-8 text (invalid byte ", hex, ")");
    }
    if (cp == 0)
      throwErrorAt(SourceRange(source, i, i + 1),
                   "the file is not text: it contains a NUL byte");
    i += len;
  }
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

LexedText::LexedText(std::shared_ptr<const Source> source, size_t begin,
                     size_t end)
    : source_(std::move(source)) {
  std::string_view text = source_->text();
  KILN_INTERNAL_ASSERT(begin <= end && end <= text.size(), "bad text slice");
  codePoints_.reserve(end - begin);
  byteOffsets_.reserve(end - begin + 1);
  for (size_t i = begin; i < end;) {
    char32_t cp;
    size_t len = decodeUtf8(text.substr(0, end), i, cp);
    KILN_INTERNAL_ASSERT(len != 0, "text was not checked for UTF-8");
    codePoints_.push_back(cp);
    byteOffsets_.push_back(i);
    i += len;
  }
  byteOffsets_.push_back(end);
}

size_t LexedText::byteOffset(size_t index) const {
  return byteOffsets_[std::min(index, byteOffsets_.size() - 1)];
}

SourceRange LexedText::range(size_t start, size_t stop) const {
  size_t begin = byteOffset(start);
  size_t end = stop + 1 > start ? byteOffset(stop + 1) : begin;
  return SourceRange(source_, begin, end);
}

SourceRange LexedText::range(const Token *token) const {
  return range(token->getStartIndex(), token->getStopIndex());
}

CodePointStream::CodePointStream(const LexedText &text) {
  _data = text.codePoints();
  p = 0;
}

//===----------------------------------------------------------------------===//
// Token source
//===----------------------------------------------------------------------===//

namespace {

bool isOpenBracket(size_t type) {
  return type == KilnLexer::OPEN_PAREN || type == KilnLexer::OPEN_BRACK ||
         type == KilnLexer::OPEN_BRACE;
}

bool isCloseBracket(size_t type) {
  return type == KilnLexer::CLOSE_PAREN || type == KilnLexer::CLOSE_BRACK ||
         type == KilnLexer::CLOSE_BRACE;
}

size_t matchingBracket(size_t closeType) {
  if (closeType == KilnLexer::CLOSE_PAREN)
    return KilnLexer::OPEN_PAREN;
  if (closeType == KilnLexer::CLOSE_BRACK)
    return KilnLexer::OPEN_BRACK;
  return KilnLexer::OPEN_BRACE;
}

const char *bracketSpelling(size_t type) {
  switch (type) {
  case KilnLexer::OPEN_PAREN:
    return "'('";
  case KilnLexer::CLOSE_PAREN:
    return "')'";
  case KilnLexer::OPEN_BRACK:
    return "'['";
  case KilnLexer::CLOSE_BRACK:
    return "']'";
  case KilnLexer::OPEN_BRACE:
    return "'{'";
  default:
    return "'}'";
  }
}

std::string encodeUtf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

} // namespace

IndentingTokenSource::IndentingTokenSource(antlr4::Lexer &lexer,
                                           const LexedText &text, Mode mode)
    : lexer_(lexer), text_(text), mode_(mode) {}

std::unique_ptr<Token>
IndentingTokenSource::synthesize(size_t type, size_t start,
                                 const Token &near) const {
  auto token = std::make_unique<antlr4::CommonToken>(
      std::make_pair(const_cast<IndentingTokenSource *>(this),
                     lexer_.getInputStream()),
      type, Token::DEFAULT_CHANNEL, start, start - 1);
  token->setText("");
  token->setLine(near.getLine());
  token->setCharPositionInLine(near.getCharPositionInLine());
  return token;
}

std::unique_ptr<Token> IndentingTokenSource::nextToken() {
  while (pending_.empty()) {
    if (done_)
      return lexer_.nextToken(); // EOF again
    std::unique_ptr<Token> token = lexer_.nextToken();
    size_t type = token->getType();
    if (type == KilnLexer::NEWLINE) {
      if (mode_ == Mode::Expression || !brackets_.empty() || atLineStart_)
        continue; // inside brackets, or a blank or comment-only line
      atLineStart_ = true;
      pending_.push_back(std::move(token));
      break;
    }
    if (type == Token::EOF) {
      finishFile(*token);
      pending_.push_back(std::move(token));
      done_ = true;
      break;
    }
    if (type == KilnLexer::UNTERMINATED_STRING ||
        type == KilnLexer::UNTERMINATED_LONG_STRING ||
        type == KilnLexer::LEADING_ZERO_INTEGER ||
        type == KilnLexer::ERROR_CHAR)
      reportBadToken(*token);
    if (atLineStart_ && mode_ == Mode::File)
      indentLine(*token);
    atLineStart_ = false;
    trackBracket(*token);
    pending_.push_back(std::move(token));
  }
  std::unique_ptr<Token> next = std::move(pending_.front());
  pending_.pop_front();
  return next;
}

void IndentingTokenSource::indentLine(const Token &first) {
  // Measure the blanks between the line's start and its first token.
  std::string_view text = text_.source()->text();
  size_t end = text_.byteOffset(first.getStartIndex());
  size_t begin = end;
  size_t textBegin = text_.byteOffset(0); // after a byte-order mark
  while (begin > textBegin && text[begin - 1] != '\n' &&
         text[begin - 1] != '\r')
    --begin;
  Indent indent{0, 0};
  for (size_t i = begin; i < end; ++i) {
    if (text[i] == '\t') {
      indent.column = (indent.column / 8 + 1) * 8;
      ++indent.tabColumn;
    } else if (text[i] == '\f') {
      indent = {0, 0};
    } else {
      ++indent.column;
      ++indent.tabColumn;
    }
  }
  SourceRange where = text_.range(&first);
  auto inconsistent = [&] {
    throwErrorAt(where, "inconsistent use of tabs and spaces in indentation");
  };
  const Indent &top = indents_.back();
  if (indent.column == top.column) {
    if (indent.tabColumn != top.tabColumn)
      inconsistent();
    return;
  }
  if (indent.column > top.column) {
    if (indent.tabColumn <= top.tabColumn)
      inconsistent();
    if (indents_.size() > kMaxBlockDepth)
      throwErrorAt(where, "too deeply nested: more than ", kMaxBlockDepth,
                   " levels of indented blocks");
    indents_.push_back(indent);
    pending_.push_back(
        synthesize(grammar::KilnParser::INDENT, first.getStartIndex(), first));
    return;
  }
  while (indent.column < indents_.back().column) {
    indents_.pop_back();
    pending_.push_back(
        synthesize(grammar::KilnParser::DEDENT, first.getStartIndex(), first));
  }
  if (indent.column != indents_.back().column)
    throwErrorAt(where, "unindent does not match any outer indentation level");
  if (indent.tabColumn != indents_.back().tabColumn)
    inconsistent();
}

void IndentingTokenSource::trackBracket(const Token &token) {
  size_t type = token.getType();
  if (isOpenBracket(type)) {
    if (brackets_.size() >= kMaxBracketDepth)
      throwErrorAt(text_.range(&token), "too deeply nested: more than ",
                   kMaxBracketDepth, " levels of brackets");
    brackets_.push_back({type, token.getStartIndex(), token.getStopIndex()});
    return;
  }
  if (!isCloseBracket(type))
    return;
  if (brackets_.empty())
    throwErrorAt(text_.range(&token), "unmatched ", bracketSpelling(type));
  OpenBracket open = brackets_.back();
  if (open.type != matchingBracket(type)) {
    SourceRange openRange = text_.range(open.start, open.stop);
    SourceRange closeRange = text_.range(&token);
    std::string where;
    if (openRange.line() != closeRange.line())
      where = " on line " + std::to_string(openRange.line());
    throwErrorAt(closeRange, "closing bracket ", bracketSpelling(type),
                 " does not match opening bracket ", bracketSpelling(open.type),
                 where);
  }
  brackets_.pop_back();
}

void IndentingTokenSource::finishFile(const Token &eof) {
  if (!brackets_.empty()) {
    const OpenBracket &open = brackets_.back();
    throwErrorAt(text_.range(open.start, open.stop), bracketSpelling(open.type),
                 " was never closed");
  }
  if (mode_ == Mode::Expression)
    return;
  if (!atLineStart_)
    pending_.push_back(
        synthesize(KilnLexer::NEWLINE, eof.getStartIndex(), eof));
  for (size_t i = 1; i < indents_.size(); ++i)
    pending_.push_back(
        synthesize(grammar::KilnParser::DEDENT, eof.getStartIndex(), eof));
  indents_.resize(1);
  atLineStart_ = true;
}

void IndentingTokenSource::reportBadToken(const Token &token) {
  SourceRange where = text_.range(&token);
  switch (token.getType()) {
  case KilnLexer::UNTERMINATED_STRING:
    throwErrorAt(where, "unterminated string literal");
  case KilnLexer::UNTERMINATED_LONG_STRING:
    throwErrorAt(where, "unterminated triple-quoted string literal");
  case KilnLexer::LEADING_ZERO_INTEGER:
    throwErrorAt(where, "leading zeros in decimal integer literals are not "
                        "permitted; use an 0o prefix for octal integers");
  default:
    break;
  }
  char32_t cp = text_.codePoints()[token.getStartIndex()];
  if (cp == '\\')
    throwErrorAt(where,
                 "unexpected character after line continuation character");
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
  if (cp > 0x20 && cp < 0x7F)
    throwErrorAt(where, "unexpected character '", encodeUtf8(cp), "'");
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
    throwErrorAt(where, "unexpected character ", code);
  throwErrorAt(where, "unexpected character '", encodeUtf8(cp), "' (", code,
               ")");
}

} // namespace kiln::frontend
