//===- Lexer.cpp ----------------------------------------------------------===//
#include "ir/Lexer.h"

#include <cctype>
#include <cstdio>

namespace kiln {

const char *tokenKindName(TokenKind kind) {
  switch (kind) {
  case TokenKind::Eof:
    return "end of input";
  case TokenKind::Ident:
    return "identifier";
  case TokenKind::ValueRef:
    return "value (%name)";
  case TokenKind::Int:
    return "integer";
  case TokenKind::Float:
    return "number";
  case TokenKind::String:
    return "string";
  case TokenKind::LParen:
    return "'('";
  case TokenKind::RParen:
    return "')'";
  case TokenKind::LBracket:
    return "'['";
  case TokenKind::RBracket:
    return "']'";
  case TokenKind::LBrace:
    return "'{'";
  case TokenKind::RBrace:
    return "'}'";
  case TokenKind::Comma:
    return "','";
  case TokenKind::Colon:
    return "':'";
  case TokenKind::ColonColon:
    return "'::'";
  case TokenKind::Equal:
    return "'='";
  case TokenKind::Arrow:
    return "'->'";
  case TokenKind::Question:
    return "'?'";
  case TokenKind::Bang:
    return "'!'";
  case TokenKind::Star:
    return "'*'";
  case TokenKind::Pipe:
    return "'|'";
  case TokenKind::Dot:
    return "'.'";
  case TokenKind::Ellipsis:
    return "'...'";
  case TokenKind::Minus:
    return "'-'";
  case TokenKind::Less:
    return "'<'";
  case TokenKind::Greater:
    return "'>'";
  }
  return "token";
}

std::string describeToken(const Token &t) {
  switch (t.kind) {
  case TokenKind::Eof:
    return "end of input";
  case TokenKind::ValueRef:
    return "'%" + std::string(t.text) + "'";
  case TokenKind::String:
    return std::string(t.text);
  default:
    return "'" + std::string(t.text) + "'";
  }
}

namespace {
bool isIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool isIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool isValueNameChar(char c) { return isIdentChar(c) || c == '.'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string describeChar(char c) {
  auto u = static_cast<unsigned char>(c);
  char buf[32];
  if (u >= 0x20 && u < 0x7f)
    std::snprintf(buf, sizeof(buf), "'%c'", c);
  else
    std::snprintf(buf, sizeof(buf), "byte 0x%02x", u);
  return buf;
}
} // namespace

Lexer::Lexer(std::shared_ptr<const Source> source)
    : source_(std::move(source)), text_(source_->text()) {}

void Lexer::errorAtOffset(size_t offset, const std::string &message) {
  throwErrorAt(SourceRange(source_, offset, offset + 1), message);
}

const Token &Lexer::peek(size_t ahead) {
  while (lookahead_.size() <= ahead)
    lookahead_.push_back(lex());
  return lookahead_[ahead];
}

Token Lexer::next() {
  peek();
  Token t = std::move(lookahead_.front());
  lookahead_.pop_front();
  return t;
}

bool Lexer::nextIf(TokenKind kind) {
  if (peek().kind != kind)
    return false;
  next();
  return true;
}

Token Lexer::expect(TokenKind kind, std::string_view what) {
  const Token &t = peek();
  if (t.kind != kind)
    errorAt(t, "expected ", what.empty() ? tokenKindName(kind) : what,
            " but found ", describeToken(t));
  return next();
}

bool Lexer::peekWord(std::string_view word, size_t ahead) {
  const Token &t = peek(ahead);
  return t.kind == TokenKind::Ident && t.text == word;
}

Token Lexer::expectWord(std::string_view word) {
  if (!peekWord(word))
    errorAt(peek(), "expected '", word, "' but found ", describeToken(peek()));
  return next();
}

void Lexer::skipSpaceAndComments(Token &into) {
  bool newlineSinceToken = !sawToken_;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == '\n') {
      newlineSinceToken = true;
      ++pos_;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
    } else if (c == '#') {
      size_t begin = pos_ + 1;
      size_t end = text_.find('\n', begin);
      if (end == std::string_view::npos)
        end = text_.size();
      if (!newlineSinceToken)
        into.trailingComment = text_.substr(begin, end - begin);
      pos_ = end;
    } else {
      break;
    }
  }
  into.startsLine = newlineSinceToken;
}

Token Lexer::lex() {
  Token tok;
  skipSpaceAndComments(tok);
  tok.start = pos_;
  sawToken_ = true;
  auto finish = [&](TokenKind kind, size_t length) {
    tok.kind = kind;
    tok.end = pos_ + length;
    tok.text = text_.substr(pos_, length);
    pos_ += length;
    return tok;
  };
  if (pos_ >= text_.size()) {
    tok.kind = TokenKind::Eof;
    tok.end = pos_;
    return tok;
  }
  char c = text_[pos_];
  char c1 = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  if (isIdentStart(c)) {
    size_t end = pos_ + 1;
    while (end < text_.size() && isIdentChar(text_[end]))
      ++end;
    return finish(TokenKind::Ident, end - pos_);
  }
  if (isDigit(c)) {
    Token num = lexNumber(pos_);
    num.trailingComment = tok.trailingComment;
    num.startsLine = tok.startsLine;
    return num;
  }
  switch (c) {
  case '%': {
    size_t end = pos_ + 1;
    while (end < text_.size() && isValueNameChar(text_[end]))
      ++end;
    if (end == pos_ + 1)
      errorAtOffset(pos_, "expected a value name after '%'");
    Token t = finish(TokenKind::ValueRef, end - tok.start);
    t.text = t.text.substr(1);
    return t;
  }
  case '"':
  case '\'': {
    Token s = lexString(pos_);
    s.trailingComment = tok.trailingComment;
    s.startsLine = tok.startsLine;
    return s;
  }
  case '(':
    return finish(TokenKind::LParen, 1);
  case ')':
    return finish(TokenKind::RParen, 1);
  case '[':
    return finish(TokenKind::LBracket, 1);
  case ']':
    return finish(TokenKind::RBracket, 1);
  case '{':
    return finish(TokenKind::LBrace, 1);
  case '}':
    return finish(TokenKind::RBrace, 1);
  case ',':
    return finish(TokenKind::Comma, 1);
  case ':':
    return c1 == ':' ? finish(TokenKind::ColonColon, 2)
                     : finish(TokenKind::Colon, 1);
  case '=':
    return finish(TokenKind::Equal, 1);
  case '-':
    return c1 == '>' ? finish(TokenKind::Arrow, 2)
                     : finish(TokenKind::Minus, 1);
  case '?':
    return finish(TokenKind::Question, 1);
  case '!':
    return finish(TokenKind::Bang, 1);
  case '*':
    return finish(TokenKind::Star, 1);
  case '|':
    return finish(TokenKind::Pipe, 1);
  case '<':
    return finish(TokenKind::Less, 1);
  case '>':
    return finish(TokenKind::Greater, 1);
  case '.':
    if (text_.substr(pos_, 3) == "...")
      return finish(TokenKind::Ellipsis, 3);
    return finish(TokenKind::Dot, 1);
  default:
    errorAtOffset(pos_, "unexpected " + describeChar(c));
  }
}

Token Lexer::lexNumber(size_t start) {
  size_t p = start;
  while (p < text_.size() && isDigit(text_[p]))
    ++p;
  bool isFloat = false;
  if (p < text_.size() && text_[p] == '.' &&
      !(p + 1 < text_.size() && text_[p + 1] == '.')) {
    isFloat = true;
    ++p;
    while (p < text_.size() && isDigit(text_[p]))
      ++p;
  }
  if (p < text_.size() && (text_[p] == 'e' || text_[p] == 'E')) {
    size_t q = p + 1;
    if (q < text_.size() && (text_[q] == '+' || text_[q] == '-'))
      ++q;
    if (q < text_.size() && isDigit(text_[q])) {
      isFloat = true;
      while (q < text_.size() && isDigit(text_[q]))
        ++q;
      p = q;
    }
  }
  if (p < text_.size() && isIdentStart(text_[p]))
    errorAtOffset(p, "unexpected " + describeChar(text_[p]) + " in number");
  Token tok;
  tok.kind = isFloat ? TokenKind::Float : TokenKind::Int;
  tok.start = start;
  tok.end = p;
  tok.text = text_.substr(start, p - start);
  pos_ = p;
  return tok;
}

Token Lexer::lexString(size_t start) {
  char quote = text_[start];
  size_t p = start + 1;
  std::string value;
  while (true) {
    if (p >= text_.size() || text_[p] == '\n')
      errorAtOffset(start, "unterminated string");
    char c = text_[p];
    if (c == quote) {
      ++p;
      break;
    }
    if (c != '\\') {
      value += c;
      ++p;
      continue;
    }
    if (p + 1 >= text_.size())
      errorAtOffset(start, "unterminated string");
    char e = text_[p + 1];
    p += 2;
    switch (e) {
    case 'n':
      value += '\n';
      break;
    case 't':
      value += '\t';
      break;
    case 'r':
      value += '\r';
      break;
    case 'f':
      value += '\f';
      break;
    case 'v':
      value += '\v';
      break;
    case 'b':
      value += '\b';
      break;
    case 'a':
      value += '\a';
      break;
    case '\\':
    case '"':
    case '\'':
      value += e;
      break;
    case 'x': {
      int code = 0, digits = 0;
      while (digits < 2 && p < text_.size() &&
             std::isxdigit(static_cast<unsigned char>(text_[p]))) {
        code = code * 16 + std::stoi(std::string(1, text_[p]), nullptr, 16);
        ++p;
        ++digits;
      }
      if (digits == 0)
        errorAtOffset(p - 2, "\\x escape without hex digits");
      value += static_cast<char>(code);
      break;
    }
    default:
      if (e >= '0' && e <= '7') {
        int code = e - '0', digits = 1;
        while (digits < 3 && p < text_.size() && text_[p] >= '0' &&
               text_[p] <= '7') {
          code = code * 8 + (text_[p] - '0');
          ++p;
          ++digits;
        }
        if (code > 0xff)
          errorAtOffset(p - digits - 1, "octal escape out of range");
        value += static_cast<char>(code);
        break;
      }
      errorAtOffset(p - 2, std::string("unknown escape '\\") + e + "'");
    }
  }
  Token tok;
  tok.kind = TokenKind::String;
  tok.start = start;
  tok.end = p;
  tok.text = text_.substr(start, p - start);
  tok.str = std::move(value);
  pos_ = p;
  return tok;
}

} // namespace kiln
