//===- Error.h - User errors versus internal errors -------------*- C++ -*-===//
//
// Kiln separates two kinds of failure (STYLE.md habit 8, after Halide's
// user_error / internal_assert):
//  * UserError: what the user gave Kiln is wrong (a bad script, file, shape).
//    Reported as a clear message, exit code 1.
//  * InternalError: an invariant of Kiln itself is broken. Always a bug; the
//    message says "internal error" and where in Kiln's sources it happened.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_SUPPORT_ERROR_H
#define KILN_SUPPORT_ERROR_H

#include <sstream>
#include <stdexcept>
#include <string>

namespace kiln {

class UserError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class InternalError : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

namespace detail {
template <typename... Args> std::string concat(const Args &...args) {
  std::ostringstream os;
  (os << ... << args);
  return os.str();
}
[[noreturn]] void throwInternalError(const char *file, int line,
                                     const char *condition,
                                     const std::string &message);
} // namespace detail

} // namespace kiln

/// Checks an invariant of Kiln's own code; failing it is a bug in Kiln.
#define KILN_INTERNAL_ASSERT(cond, ...)                                        \
  do {                                                                         \
    if (!(cond))                                                               \
      ::kiln::detail::throwInternalError(__FILE__, __LINE__, #cond,            \
                                         ::kiln::detail::concat(__VA_ARGS__)); \
  } while (false)

/// Checks a property of user input; failing it is the user's error.
#define KILN_USER_CHECK(cond, ...)                                             \
  do {                                                                         \
    if (!(cond))                                                               \
      throw ::kiln::UserError(::kiln::detail::concat(__VA_ARGS__));            \
  } while (false)

#endif // KILN_SUPPORT_ERROR_H
