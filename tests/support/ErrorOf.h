//===- ErrorOf.h - The message of a UserError, for tests --------*- C++ -*-===//
//
//   EXPECT_THAT(errorOf([&] { ops::mm(a, b); }),
//               HasSubstr("aten::mm: mat1 and mat2 shapes cannot be ..."));
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_SUPPORT_ERROROF_H
#define KILN_TESTS_SUPPORT_ERROROF_H

#include "support/Error.h"

#include <concepts>
#include <string>

namespace kiln::testing {

/// The message of the UserError `fn()` throws, or "<no error>".
template <std::invocable F> std::string errorOf(F fn) {
  try {
    fn();
  } catch (const UserError &e) {
    return e.what();
  }
  return "<no error>";
}

} // namespace kiln::testing

#endif // KILN_TESTS_SUPPORT_ERROROF_H
