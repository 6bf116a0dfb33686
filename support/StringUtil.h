//===- StringUtil.h - Small string helpers ----------------------*- C++ -*-===//
#ifndef KILN_SUPPORT_STRINGUTIL_H
#define KILN_SUPPORT_STRINGUTIL_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiln {

/// Formats a double as TorchScript prints float constants: integral values
/// below 1e10 as "2." (and "-0."), others with 17 significant digits
/// ("0.10000000000000001", "1.0000000000000001e-05", "inf", "nan").
std::string formatDouble(double value);

/// A double-quoted string literal with C-style escapes, readable back by
/// the IR lexer. As PyTorch writes them: `\"`, `\'`, `\\`, `\n`-style escapes,
/// 3-digit octal for other control bytes; bytes >= 0x80 (UTF-8) kept as is.
std::string quoteString(std::string_view text);

/// True when `text` is a non-empty run of decimal digits.
bool isDecimalNumber(std::string_view text);

/// Parses a decimal int64 (optional leading '-'); nullopt on overflow or
/// malformed text.
std::optional<int64_t> parseInt64(std::string_view text);

} // namespace kiln

#endif // KILN_SUPPORT_STRINGUTIL_H
