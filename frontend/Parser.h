//===- Parser.h - Script text to AST ----------------------------*- C++ -*-===//
//
// Parses a script with the ANTLR4 grammar grammars/Kiln.g4 (its lexer
// wrapped by IndentingTokenSource for INDENT/DEDENT) and builds the typed
// AST of frontend/AST.h. Syntax errors, indentation errors and constructs
// Kiln does not accept are CompileErrors at their location, with a hint
// where one helps.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_PARSER_H
#define KILN_FRONTEND_PARSER_H

#include "frontend/AST.h"

#include <memory>
#include <string>
#include <string_view>

namespace kiln {

/// Parses `text`; `filename` is what diagnostics call it.
std::shared_ptr<const ast::Module> parseScript(std::string_view text,
                                               const std::string &filename);
/// Reads and parses a file (an unreadable file is a UserError).
std::shared_ptr<const ast::Module> parseScriptFile(const std::string &path);

} // namespace kiln

#endif // KILN_FRONTEND_PARSER_H
