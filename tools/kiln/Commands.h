//===- Commands.h - The kiln subcommands ------------------------*- C++ -*-===//
#ifndef KILN_TOOLS_KILN_COMMANDS_H
#define KILN_TOOLS_KILN_COMMANDS_H

#include <string>
#include <vector>

namespace kiln::cli {

/// Each takes the words after its name and returns the exit code.
int runCommand(const std::vector<std::string> &args);
int benchCommand(const std::vector<std::string> &args);
int compileCommand(const std::vector<std::string> &args);
int gradCommand(const std::vector<std::string> &args);
int trainCommand(const std::vector<std::string> &args);

} // namespace kiln::cli

#endif // KILN_TOOLS_KILN_COMMANDS_H
