//===- Diagnostics.h - Located error messages -------------------*- C++ -*-===//
//
// The one mechanism for errors about user input that has a location: the IR
// parser, the verifier and the frontend all report through it.
//
//   model.py:3:8: error: unknown op 'aten::fo'
//     %y = aten::fo(%x)
//          ^~~~~~~~
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_DIAGNOSTICS_H
#define KILN_IR_DIAGNOSTICS_H

#include "ir/SourceRange.h"
#include "support/Error.h"

#include <string>
#include <vector>

namespace kiln {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceRange range;
  std::string message;
  /// Further located remarks ("note: first defined here").
  std::vector<Diagnostic> notes;
};

/// `file:line:col: error: message`, then, when the source text is known,
/// the line and a caret under the range; then the notes.
std::string formatDiagnostic(const Diagnostic &diag);

/// A user error with a location. what() is the formatted diagnostic.
class CompileError : public UserError {
public:
  explicit CompileError(Diagnostic diag);
  const Diagnostic &diagnostic() const { return diag_; }
  /// Adds a note and refreshes what().
  CompileError &addNote(SourceRange range, std::string message);

private:
  Diagnostic diag_;
};

/// Throws a CompileError at `range` whose message is the concatenation of
/// `parts` (anything with operator<<).
template <typename... Parts>
[[noreturn]] void throwErrorAt(const SourceRange &range,
                               const Parts &...parts) {
  Diagnostic diag;
  diag.range = range;
  diag.message = detail::concat(parts...);
  throw CompileError(std::move(diag));
}

} // namespace kiln

#endif // KILN_IR_DIAGNOSTICS_H
