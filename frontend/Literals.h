//===- Literals.h - Number and string literals of a script ------*- C++ -*-===//
//
// Reads the text of literal tokens: integers (decimal, 0x, 0o, 0b, with `_`
// separators), floats, and strings with their prefixes, escapes and
// f-string replacement fields. Errors are CompileErrors at the offending
// characters. Private to kiln_frontend (used by the AST builder).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_LITERALS_H
#define KILN_FRONTEND_LITERALS_H

#include "ir/SourceRange.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::frontend {

/// An integer literal; one that does not fit in int64 is an error.
int64_t parseIntLiteral(const SourceRange &token);
/// A float literal; one too large for a double is infinity, as in Python.
double parseFloatLiteral(const SourceRange &token);

/// A string literal token taken apart: its prefix letters and the byte
/// range of the text between its quotes.
struct StringToken {
  bool raw = false, bytes = false, format = false;
  size_t bodyBegin = 0, bodyEnd = 0;
};
StringToken splitStringToken(const SourceRange &token);

/// The value of a string body, escapes decoded unless `raw`.
std::string decodeStringBody(const std::shared_ptr<const Source> &source,
                             size_t begin, size_t end, bool raw);

/// A piece of an f-string: literal text, or a replacement field
/// `{expr!c:spec}` whose expression is the bytes [exprBegin, exprEnd).
struct FStringPiece {
  bool isField = false;
  std::string literal; // when !isField
  size_t exprBegin = 0, exprEnd = 0;
  char conversion = 0; // 'r', 's' or 0
  std::string spec;
};
/// Splits an f-string body into pieces (`{{` and `}}` become braces; a
/// self-documenting `{x=}` becomes the literal "x=" and a field).
std::vector<FStringPiece>
splitFString(const std::shared_ptr<const Source> &source,
             const StringToken &token);

} // namespace kiln::frontend

#endif // KILN_FRONTEND_LITERALS_H
