//===- File.cpp -----------------------------------------------------------===//
#include "support/File.h"

#include "support/Error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace kiln {

std::string readFile(const std::string &path) {
  if (path == "-" || path == "/dev/stdin") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UserError(
        detail::concat("cannot read '", path, "': ", std::strerror(errno)));
  std::string contents((std::istreambuf_iterator<char>(in)),
                       std::istreambuf_iterator<char>());
  if (in.bad())
    throw UserError(
        detail::concat("cannot read '", path, "': ", std::strerror(errno)));
  return contents;
}

void writeFile(const std::string &path, std::string_view contents) {
  if (path == "-") {
    std::cout << contents;
    std::cout.flush();
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    throw UserError(
        detail::concat("cannot write '", path, "': ", std::strerror(errno)));
  out << contents;
  out.close();
  if (!out)
    throw UserError(
        detail::concat("cannot write '", path, "': ", std::strerror(errno)));
}

} // namespace kiln
