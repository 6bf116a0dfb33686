//===- FileCheck.h - LLVM FileCheck, in process, for C++ tests --*- C++ -*-===//
//
// TorchScript-style checks of a graph's text from a gtest, with LLVM
// FileCheck's semantics (it runs libLLVMFileCheck):
//
//   kiln::testing::FileCheck()
//       .check("aten::add").check_next("aten::relu")
//       .check_not("aten::mul").check_count("prim::Constant", 2)
//       .run(graph);
//
// Strings are matched literally (no FileCheck regex or [[variables]]);
// check_regex() takes a FileCheck regex. run() throws FileCheckError with
// FileCheck's own explanation when the input does not match.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_SUPPORT_FILECHECK_H
#define KILN_TESTS_SUPPORT_FILECHECK_H

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {
class Graph;
}

namespace kiln::testing {

class FileCheckError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class FileCheck {
public:
  /// CHECK: the text occurs after the previous match.
  FileCheck &check(std::string_view text);
  /// CHECK-NEXT: on the line right after the previous match.
  FileCheck &check_next(std::string_view text);
  /// CHECK-SAME: on the same line as the previous match.
  FileCheck &check_same(std::string_view text);
  /// CHECK-NOT: does not occur between the neighbouring matches.
  FileCheck &check_not(std::string_view text);
  /// CHECK-DAG: occurs, in any order with neighbouring check_dag()s.
  FileCheck &check_dag(std::string_view text);
  /// `count` occurrences in a row (CHECK-COUNT-n); with `exactly`, no
  /// further occurrence follows. A count of 0 means check_not().
  FileCheck &check_count(std::string_view text, size_t count,
                         bool exactly = false);
  /// CHECK: {{regex}} with FileCheck's regex syntax.
  FileCheck &check_regex(std::string_view regex);

  /// Checks the graph as it prints. Throws FileCheckError on mismatch.
  void run(const Graph &graph) const;
  void run(std::string_view text) const;
  /// The check file this object stands for (for messages and tests).
  std::string checkFileText() const;

private:
  FileCheck &add(std::string directive, std::string pattern);
  std::vector<std::pair<std::string, std::string>> checks_;
};

} // namespace kiln::testing

#endif // KILN_TESTS_SUPPORT_FILECHECK_H
