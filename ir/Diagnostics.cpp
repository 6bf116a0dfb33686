//===- Diagnostics.cpp ----------------------------------------------------===//
#include "ir/Diagnostics.h"

namespace kiln {

namespace {
const char *severityName(Severity s) {
  switch (s) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "error";
}

// The source line and a caret line under [col, col + width).
void appendSnippet(std::string &out, const SourceRange &range) {
  if (!range.valid() || range.line() == 0 || !range.source()->hasText())
    return;
  std::string_view line = range.source()->lineText(range.line());
  // Control bytes (NUL and the like) would hide the line; show them as '?'.
  for (char c : line)
    out += (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f
               ? '?'
               : c;
  out += '\n';
  size_t col = range.col() - 1;
  // Keep tabs so that the caret lines up with the text above it.
  for (size_t i = 0; i < col && i < line.size(); ++i)
    out += line[i] == '\t' ? '\t' : ' ';
  for (size_t i = line.size(); i < col; ++i)
    out += ' ';
  out += '^';
  if (range.hasOffsets()) {
    size_t width = range.end() - range.start();
    size_t lineRest = col < line.size() ? line.size() - col : 0;
    for (size_t i = 1; i < width && i < lineRest; ++i)
      out += '~';
  }
  out += '\n';
}
} // namespace

std::string formatDiagnostic(const Diagnostic &diag) {
  std::string out;
  if (diag.range.valid()) {
    out += diag.range.str();
    out += ": ";
  }
  out += severityName(diag.severity);
  out += ": ";
  out += diag.message;
  out += '\n';
  appendSnippet(out, diag.range);
  for (const Diagnostic &note : diag.notes) {
    Diagnostic n = note;
    n.severity = Severity::Note;
    out += formatDiagnostic(n);
  }
  return out;
}

CompileError::CompileError(Diagnostic diag)
    : UserError(formatDiagnostic(diag)), diag_(std::move(diag)) {}

CompileError &CompileError::addNote(SourceRange range, std::string message) {
  Diagnostic note;
  note.severity = Severity::Note;
  note.range = std::move(range);
  note.message = std::move(message);
  diag_.notes.push_back(std::move(note));
  static_cast<UserError &>(*this) = UserError(formatDiagnostic(diag_));
  return *this;
}

} // namespace kiln
