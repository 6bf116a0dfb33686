//===- DiagnosticsTest.cpp - file:line:col, the line and a caret ----------===//
#include "ir/Diagnostics.h"

#include <gtest/gtest.h>

using namespace kiln;

namespace {

TEST(Diagnostics, LocatedErrorShowsTheLineAndACaret) {
  auto src =
      std::make_shared<Source>("model.py", "def f(x):\n    return x +* 2\n");
  // "+*" starts at offset 23 (line 2, column 14).
  Diagnostic d{Severity::Error, SourceRange(src, 23, 25), "unexpected '*'", {}};
  EXPECT_EQ(formatDiagnostic(d), "model.py:2:14: error: unexpected '*'\n"
                                 "    return x +* 2\n"
                                 "             ^~\n");
}

TEST(Diagnostics, TabsInTheLineKeepTheCaretAligned) {
  auto src = std::make_shared<Source>("t.ir", "\tx = y\n");
  Diagnostic d{Severity::Error, SourceRange(src, 5, 6), "bad", {}};
  EXPECT_EQ(formatDiagnostic(d), "t.ir:1:6: error: bad\n\tx = y\n\t    ^\n");
}

TEST(Diagnostics, LocationWithoutTextAndNotes) {
  auto named = std::make_shared<Source>("models/f.py");
  Diagnostic d{Severity::Error,
               SourceRange::fromLineCol(named, 12, 8),
               "shape mismatch",
               {}};
  CompileError e(d);
  e.addNote({}, "in node: %y = aten::mm(%a, %b)");
  EXPECT_EQ(std::string(e.what()), "models/f.py:12:8: error: shape mismatch\n"
                                   "note: in node: %y = aten::mm(%a, %b)\n");
  EXPECT_EQ(e.diagnostic().notes.size(), 1u);
}

TEST(Diagnostics, FileOnlyErrors) {
  auto file = std::make_shared<Source>("weights.safetensors");
  Diagnostic d{Severity::Error, SourceRange::fromFile(file), "truncated", {}};
  EXPECT_EQ(formatDiagnostic(d), "weights.safetensors: error: truncated\n");
}

TEST(Diagnostics, ThrowErrorAtConcatenatesParts) {
  auto src = std::make_shared<Source>("a.ir", "abc\n");
  try {
    throwErrorAt(SourceRange(src, 1, 2), "value ", 42, " is ", 1.5);
    FAIL() << "no throw";
  } catch (const CompileError &e) {
    EXPECT_EQ(e.diagnostic().message, "value 42 is 1.5");
    EXPECT_EQ(e.diagnostic().range.str(), "a.ir:1:2");
  }
}

} // namespace
