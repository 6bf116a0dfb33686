//===- File.h - Reading and writing whole files -----------------*- C++ -*-===//
#ifndef KILN_SUPPORT_FILE_H
#define KILN_SUPPORT_FILE_H

#include <string>
#include <string_view>

namespace kiln {

/// The contents of `path` ("-" or "/dev/stdin" read standard input).
/// Throws UserError "cannot read 'path': <reason>".
std::string readFile(const std::string &path);

/// Writes `contents` to `path` ("-" is standard output). Throws UserError.
void writeFile(const std::string &path, std::string_view contents);

} // namespace kiln

#endif // KILN_SUPPORT_FILE_H
