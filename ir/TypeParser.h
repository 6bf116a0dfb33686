//===- TypeParser.h - Parsing IR and schema types ---------------*- C++ -*-===//
//
// The type syntax shared by IR text and schemas. IR text has refined tensor
// types (`Float(2, 3, strides=[3, 1], requires_grad=0, device=cpu)`);
// schemas have type variables (`t`), fixed-size lists (`int[2]`), alias
// annotations (`Tensor(a!)`) and the spellings that TorchScript represents
// as int (`ScalarType`, `Layout`, `MemoryFormat`, `SymInt`).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_TYPEPARSER_H
#define KILN_IR_TYPEPARSER_H

#include "ir/Lexer.h"
#include "ir/Schema.h"
#include "ir/Type.h"

namespace kiln {

struct ParsedType {
  TypePtr type;
  std::optional<int64_t> fixedListSize;
  std::optional<AliasInfo> alias;
  std::optional<AliasInfo> elementAlias;
};

enum class TypeSyntax { IR, Schema };

/// Parses one type at the lexer's position.
ParsedType parseType(Lexer &lexer, TypeSyntax syntax);

/// Parses a whole string as one IR type (for tests and tools).
TypePtr parseTypeString(std::string_view text);

} // namespace kiln

#endif // KILN_IR_TYPEPARSER_H
