//===- FileCheck.cpp ------------------------------------------------------===//
#include "tests/support/FileCheck.h"

#include "ir/IR.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/FileCheck/FileCheck.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

namespace kiln::testing {

namespace {
// FileCheck reads `{{` as the start of a regex and `[[` as a variable;
// anything else in a pattern is literal. Escape those two.
std::string literalPattern(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i + 1 < text.size() && text[i] == '{' && text[i + 1] == '{') {
      out += "{{\\{\\{}}";
      ++i;
    } else if (i + 1 < text.size() && text[i] == '[' && text[i + 1] == '[') {
      out += "{{\\[\\[}}";
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

void collectDiagnostic(const llvm::SMDiagnostic &diag, void *context) {
  auto *out = static_cast<std::string *>(context);
  llvm::raw_string_ostream os(*out);
  diag.print(/*ProgName=*/nullptr, os, /*ShowColors=*/false);
}
} // namespace

FileCheck &FileCheck::add(std::string directive, std::string pattern) {
  if (pattern.empty())
    throw std::invalid_argument("FileCheck: an empty " + directive +
                                " pattern matches nothing useful");
  checks_.emplace_back(std::move(directive), std::move(pattern));
  return *this;
}

FileCheck &FileCheck::check(std::string_view t) {
  return add("CHECK", literalPattern(t));
}
FileCheck &FileCheck::check_next(std::string_view t) {
  return add("CHECK-NEXT", literalPattern(t));
}
FileCheck &FileCheck::check_same(std::string_view t) {
  return add("CHECK-SAME", literalPattern(t));
}
FileCheck &FileCheck::check_not(std::string_view t) {
  return add("CHECK-NOT", literalPattern(t));
}
FileCheck &FileCheck::check_dag(std::string_view t) {
  return add("CHECK-DAG", literalPattern(t));
}
FileCheck &FileCheck::check_regex(std::string_view re) {
  return add("CHECK", "{{" + std::string(re) + "}}");
}

FileCheck &FileCheck::check_count(std::string_view t, size_t count,
                                  bool exactly) {
  if (count == 0)
    return check_not(t);
  add("CHECK-COUNT-" + std::to_string(count), literalPattern(t));
  if (exactly)
    check_not(t);
  return *this;
}

std::string FileCheck::checkFileText() const {
  std::string text;
  for (const auto &[directive, pattern] : checks_)
    text += directive + ": " + pattern + "\n";
  return text;
}

void FileCheck::run(const Graph &graph) const { run(graph.toString()); }

void FileCheck::run(std::string_view input) const {
  llvm::FileCheckRequest request;
  request.CheckPrefixes = {"CHECK"};
  request.IsDefaultCheckPrefix = true;
  request.AllowEmptyInput = true;
  llvm::FileCheck fileCheck(request);

  std::string diagnostics;
  llvm::SourceMgr sm;
  sm.setDiagHandler(collectDiagnostic, &diagnostics);

  std::string checks = checkFileText();
  auto checkBuffer = llvm::MemoryBuffer::getMemBufferCopy(checks, "checks");
  llvm::SmallString<4096> checkStorage;
  llvm::StringRef checkText =
      fileCheck.CanonicalizeFile(*checkBuffer, checkStorage);
  sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(checkText, "checks"),
                        llvm::SMLoc());
  if (!fileCheck.ValidateCheckPrefixes() ||
      fileCheck.readCheckFile(sm, checkText))
    throw FileCheckError("FileCheck: malformed checks:\n" + diagnostics);

  auto inputBuffer = llvm::MemoryBuffer::getMemBufferCopy(
      llvm::StringRef(input.data(), input.size()), "input");
  llvm::SmallString<4096> inputStorage;
  llvm::StringRef inputText =
      fileCheck.CanonicalizeFile(*inputBuffer, inputStorage);
  sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(inputText, "input"),
                        llvm::SMLoc());
  if (!fileCheck.checkInput(sm, inputText))
    throw FileCheckError("FileCheck failed:\n" + diagnostics + "\nchecks:\n" +
                         checks + "\ninput:\n" + std::string(input));
}

} // namespace kiln::testing
