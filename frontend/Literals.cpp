//===- Literals.cpp -------------------------------------------------------===//
#include "frontend/Literals.h"

#include "ir/Diagnostics.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace kiln::frontend {

namespace {

std::string_view textOf(const SourceRange &range) {
  return range.source()->text().substr(range.start(),
                                       range.end() - range.start());
}

int digitValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return 99;
}

void appendUtf8(std::string &out, uint32_t cp) {
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
}

} // namespace

//===----------------------------------------------------------------------===//
// Numbers
//===----------------------------------------------------------------------===//

int64_t parseIntLiteral(const SourceRange &token) {
  std::string_view text = textOf(token);
  unsigned base = 10;
  if (text.size() > 1 && text[0] == '0') {
    char kind = static_cast<char>(text[1] | 0x20);
    base = kind == 'x' ? 16 : kind == 'o' ? 8 : kind == 'b' ? 2 : 10;
    if (base != 10)
      text.remove_prefix(2);
  }
  uint64_t value = 0;
  const uint64_t limit = std::numeric_limits<int64_t>::max();
  for (char c : text) {
    if (c == '_')
      continue;
    unsigned digit = digitValue(c);
    KILN_INTERNAL_ASSERT(digit < base, "the lexer accepted a bad digit");
    if (value > (limit - digit) / base)
      throwErrorAt(token, "integer literal ", textOf(token),
                   " does not fit in a 64-bit int");
    value = value * base + digit;
  }
  return static_cast<int64_t>(value);
}

double parseFloatLiteral(const SourceRange &token) {
  std::string digits;
  for (char c : textOf(token))
    if (c != '_')
      digits += c;
  double value = 0;
  auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value);
  KILN_INTERNAL_ASSERT(end == digits.data() + digits.size() ||
                           ec == std::errc::result_out_of_range,
                       "the lexer accepted a bad float: ", digits);
  if (ec == std::errc::result_out_of_range) {
    // Too large is infinity and too small is zero, as in Python.
    size_t e = digits.find_first_of("eE");
    bool negativeExponent =
        e != std::string::npos && e + 1 < digits.size() && digits[e + 1] == '-';
    value = negativeExponent ? 0.0 : std::numeric_limits<double>::infinity();
  }
  return value;
}

//===----------------------------------------------------------------------===//
// Strings
//===----------------------------------------------------------------------===//

StringToken splitStringToken(const SourceRange &token) {
  std::string_view text = textOf(token);
  StringToken result;
  size_t i = 0;
  for (; i < text.size() && text[i] != '\'' && text[i] != '"'; ++i) {
    char c = static_cast<char>(text[i] | 0x20);
    result.raw |= c == 'r';
    result.bytes |= c == 'b';
    result.format |= c == 'f';
  }
  size_t quote =
      text.size() - i >= 6 && text[i + 1] == text[i] && text[i + 2] == text[i]
          ? 3
          : 1;
  result.bodyBegin = token.start() + i + quote;
  result.bodyEnd = token.end() - quote;
  return result;
}

std::string decodeStringBody(const std::shared_ptr<const Source> &source,
                             size_t begin, size_t end, bool raw) {
  std::string_view text = source->text();
  if (raw)
    return std::string(text.substr(begin, end - begin));
  std::string out;
  out.reserve(end - begin);
  for (size_t i = begin; i < end;) {
    char c = text[i];
    if (c != '\\' || i + 1 >= end) {
      out += c;
      ++i;
      continue;
    }
    char e = text[i + 1];
    size_t escapeBegin = i;
    i += 2;
    switch (e) {
    case '\n':
      break; // a backslash joins the lines
    case '\r':
      if (i < end && text[i] == '\n')
        ++i;
      break;
    case '\\':
    case '\'':
    case '"':
      out += e;
      break;
    case 'a':
      out += '\a';
      break;
    case 'b':
      out += '\b';
      break;
    case 'f':
      out += '\f';
      break;
    case 'n':
      out += '\n';
      break;
    case 'r':
      out += '\r';
      break;
    case 't':
      out += '\t';
      break;
    case 'v':
      out += '\v';
      break;
    case 'x':
    case 'u':
    case 'U': {
      size_t count = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      uint32_t cp = 0;
      for (size_t k = 0; k < count; ++k, ++i) {
        if (i >= end || digitValue(text[i]) >= 16)
          throwErrorAt(SourceRange(source, escapeBegin, std::min(i + 1, end)),
                       "invalid \\", e, " escape: expected ", count,
                       " hex digits");
        cp = cp * 16 + digitValue(text[i]);
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        throwErrorAt(SourceRange(source, escapeBegin, i), "invalid \\", e,
                     " escape: not a Unicode character");
      appendUtf8(out, cp);
      break;
    }
    case 'N':
      throwErrorAt(SourceRange(source, escapeBegin, i),
                   "\\N{...} escapes are not supported; write the character "
                   "itself or use \\u");
    default:
      if (e >= '0' && e <= '7') {
        uint32_t cp = e - '0';
        for (int k = 0; k < 2 && i < end && text[i] >= '0' && text[i] <= '7';
             ++k, ++i)
          cp = cp * 8 + (text[i] - '0');
        appendUtf8(out, cp);
      } else {
        // Python keeps unknown escapes as they are.
        out += '\\';
        i = escapeBegin + 1;
      }
      break;
    }
  }
  return out;
}

namespace {

/// Scans an f-string body; see splitFString.
class FStringScanner {
public:
  FStringScanner(const std::shared_ptr<const Source> &source,
                 const StringToken &token)
      : source_(source), text_(source->text()), raw_(token.raw),
        end_(token.bodyEnd), i_(token.bodyBegin) {}

  std::vector<FStringPiece> run() {
    size_t literalBegin = i_;
    std::string literal;
    auto flushLiteral = [&](size_t upTo) {
      literal += decodeStringBody(source_, literalBegin, upTo, raw_);
    };
    while (i_ < end_) {
      char c = text_[i_];
      if (c == '\\' && !raw_ && i_ + 1 < end_ && text_[i_ + 1] != '{' &&
          text_[i_ + 1] != '}') {
        i_ += 2; // keep escapes whole (\' and \\ in particular)
        continue;
      }
      if ((c == '{' || c == '}') && i_ + 1 < end_ && text_[i_ + 1] == c) {
        flushLiteral(i_ + 1); // one brace of the pair
        i_ += 2;
        literalBegin = i_;
        continue;
      }
      if (c == '}')
        throwErrorAt(here(1), "f-string: single '}' is not allowed");
      if (c != '{') {
        ++i_;
        continue;
      }
      flushLiteral(i_);
      FStringPiece field = scanField(literal);
      if (!literal.empty()) {
        FStringPiece piece;
        piece.literal = std::move(literal);
        pieces_.push_back(std::move(piece));
        literal.clear();
      }
      pieces_.push_back(std::move(field));
      literalBegin = i_;
    }
    flushLiteral(end_);
    if (!literal.empty()) {
      FStringPiece piece;
      piece.literal = std::move(literal);
      pieces_.push_back(std::move(piece));
    }
    return std::move(pieces_);
  }

private:
  SourceRange here(size_t length) const {
    return SourceRange(source_, i_, std::min(i_ + length, end_));
  }

  /// Scans `{expr[=][!c][:spec]}` at i_; a self-documenting `=` appends its
  /// text to `literal`.
  FStringPiece scanField(std::string &literal) {
    size_t open = i_++;
    FStringPiece field;
    field.isField = true;
    field.exprBegin = i_;
    scanExpression();
    field.exprEnd = i_;
    if (std::string_view(
            text_.substr(field.exprBegin, field.exprEnd - field.exprBegin))
            .find_first_not_of(" \t\r\n\f") == std::string_view::npos)
      throwErrorAt(SourceRange(source_, open, std::min(i_ + 1, end_)),
                   "f-string: empty expression not allowed");
    bool selfDocumenting = false;
    if (i_ < end_ && text_[i_] == '=') {
      selfDocumenting = true;
      ++i_;
      literal += text_.substr(field.exprBegin, i_ - field.exprBegin);
    }
    if (i_ < end_ && text_[i_] == '!') {
      char conversion = i_ + 1 < end_ ? text_[i_ + 1] : 0;
      if (conversion == 'a')
        throwErrorAt(here(2), "f-string: the !a conversion is not supported; "
                              "use !r");
      if (conversion != 'r' && conversion != 's')
        throwErrorAt(here(2), "f-string: invalid conversion character: "
                              "expected 's' or 'r'");
      field.conversion = conversion;
      i_ += 2;
    }
    if (i_ < end_ && text_[i_] == ':') {
      size_t specBegin = ++i_;
      while (i_ < end_ && text_[i_] != '}') {
        if (text_[i_] == '{')
          throwErrorAt(here(1), "f-string: nested replacement fields in a "
                                "format spec are not supported");
        ++i_;
      }
      field.spec = decodeStringBody(source_, specBegin, i_, raw_);
    }
    if (i_ >= end_ || text_[i_] != '}')
      throwErrorAt(SourceRange(source_, open, open + 1),
                   "f-string: expecting '}'");
    ++i_;
    if (selfDocumenting && !field.conversion && field.spec.empty())
      field.conversion = 'r';
    return field;
  }

  /// Advances i_ to the end of a field's expression: a `}`, `!`, `:` or
  /// self-documenting `=` outside brackets and strings.
  void scanExpression() {
    int depth = 0;
    while (i_ < end_) {
      char c = text_[i_];
      char next = i_ + 1 < end_ ? text_[i_ + 1] : 0;
      if (c == '\\')
        throwErrorAt(here(1),
                     "f-string expression part cannot include a backslash");
      if (c == '#')
        throwErrorAt(here(1), "f-string expression part cannot include '#'");
      if (c == '\'' || c == '"') {
        skipString(c);
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0)
          return; // '}' ends the field; a stray ')' is the parser's to report
        --depth;
      } else if (depth == 0) {
        if ((c == '=' || c == '!' || c == '<' || c == '>') && next == '=') {
          i_ += 2;
          continue;
        }
        if (c == '!' || c == ':' || c == '=')
          return;
      }
      ++i_;
    }
  }

  void skipString(char quote) {
    bool triple =
        i_ + 2 < end_ && text_[i_ + 1] == quote && text_[i_ + 2] == quote;
    size_t open = i_;
    i_ += triple ? 3 : 1;
    while (i_ < end_) {
      if (text_[i_] == quote &&
          (!triple || (i_ + 2 < end_ && text_[i_ + 1] == quote &&
                       text_[i_ + 2] == quote))) {
        i_ += triple ? 3 : 1;
        return;
      }
      ++i_;
    }
    throwErrorAt(SourceRange(source_, open, open + 1),
                 "f-string: unterminated string");
  }

  const std::shared_ptr<const Source> &source_;
  std::string_view text_;
  bool raw_;
  size_t end_;
  size_t i_;
  std::vector<FStringPiece> pieces_;
};

} // namespace

std::vector<FStringPiece>
splitFString(const std::shared_ptr<const Source> &source,
             const StringToken &token) {
  return FStringScanner(source, token).run();
}

} // namespace kiln::frontend
