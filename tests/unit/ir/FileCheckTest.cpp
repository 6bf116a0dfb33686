//===- FileCheckTest.cpp - The in-process FileCheck -----------------------===//
#include "tests/support/FileCheck.h"
#include "ir/Parser.h"

#include <gtest/gtest.h>

using namespace kiln;
using kiln::testing::FileCheck;
using kiln::testing::FileCheckError;

namespace {

const char *kGraph = R"IR(graph(%x : Tensor):
  %1 : int = prim::Constant[value=1]()
  %2 : int = prim::Constant[value=2]()
  %y : Tensor = aten::add(%x, %x, %1)
  %z : Tensor = aten::relu(%y)
  return (%z)
)IR";

TEST(FileCheck, MatchesInOrder) {
  auto g = parseIR(kGraph);
  FileCheck()
      .check("aten::add")
      .check_next("aten::relu")
      .check_not("aten::mul")
      .run(*g);
  FileCheck().check_count("prim::Constant", 2, /*exactly=*/true).run(*g);
  FileCheck().check("aten::add").check_same("%1)").run(*g);
  FileCheck().check_dag("aten::relu").check_dag("aten::add").run(*g);
  FileCheck().check_regex("%[a-z] : Tensor = aten::re[l]u").run(*g);
}

TEST(FileCheck, FailuresThrowWithFileChecksExplanation) {
  auto g = parseIR(kGraph);
  EXPECT_THROW(FileCheck().check("aten::relu").check("aten::add").run(*g),
               FileCheckError);
  EXPECT_THROW(FileCheck().check("aten::add").check_next("return").run(*g),
               FileCheckError);
  EXPECT_THROW(FileCheck().check_not("aten::relu").run(*g), FileCheckError);
  EXPECT_THROW(FileCheck().check_count("prim::Constant", 1, true).run(*g),
               FileCheckError);
  EXPECT_THROW(FileCheck().check_count("prim::Constant", 3).run(*g),
               FileCheckError);
  try {
    FileCheck().check("aten::mm").run(*g);
    FAIL() << "expected a mismatch";
  } catch (const FileCheckError &e) {
    EXPECT_NE(std::string(e.what()).find("expected string not found"),
              std::string::npos)
        << e.what();
  }
}

TEST(FileCheck, PatternsAreLiteral) {
  // `[[` and `{{` mean variables and regexes to LLVM FileCheck; here they
  // are text.
  FileCheck().check("a[[b]]{{c}}").run("xx a[[b]]{{c}} yy\n");
  EXPECT_THROW(FileCheck().check("a[[b]]").run("ab\n"), FileCheckError);
  FileCheck().check("x.*y").run("x.*y\n");
  EXPECT_THROW(FileCheck().check("x.*y").run("xABy\n"), FileCheckError);
  EXPECT_THROW(FileCheck().check(""), std::invalid_argument);
}

} // namespace
