//===- Error.cpp ----------------------------------------------------------===//
#include "support/Error.h"

namespace kiln::detail {

void throwInternalError(const char *file, int line, const char *condition,
                        const std::string &message) {
  std::string text =
      concat("internal error: ", message.empty() ? "" : message,
             message.empty() ? "" : " ", "(", condition, " failed at ", file,
             ":", line, "); this is a bug in Kiln");
  throw InternalError(text);
}

} // namespace kiln::detail
