//===- ToolMain.h - Error handling shared by Kiln's tools -------*- C++ -*-===//
//
// User errors print their message and exit 1; internal errors (bugs in
// Kiln) print "internal error" and exit 2. Nothing escapes as a crash.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TOOLS_COMMON_TOOLMAIN_H
#define KILN_TOOLS_COMMON_TOOLMAIN_H

#include "support/Error.h"

#include <exception>
#include <iostream>
#include <new>
#include <string>

namespace kiln {

/// Runs `body` and maps what it throws to a message and an exit code.
template <typename Body> int runTool(const char *tool, Body body) {
  try {
    return body();
  } catch (const UserError &e) {
    std::string msg = e.what();
    // Located diagnostics already say "file:line:col: error:".
    if (msg.find(": error: ") == std::string::npos &&
        msg.rfind("error: ", 0) != 0)
      std::cerr << tool << ": error: ";
    std::cerr << msg;
    if (msg.empty() || msg.back() != '\n')
      std::cerr << '\n';
    return 1;
  } catch (const InternalError &e) {
    std::cerr << tool << ": " << e.what() << '\n';
    return 2;
  } catch (const std::bad_alloc &) {
    std::cerr << tool << ": error: out of memory\n";
    return 1;
  } catch (const std::exception &e) {
    std::cerr << tool << ": internal error: " << e.what()
              << "; this is a bug in Kiln\n";
    return 2;
  }
}

} // namespace kiln

#endif // KILN_TOOLS_COMMON_TOOLMAIN_H
