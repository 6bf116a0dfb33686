//===- PassManagerTest.cpp - Pipelines as data ----------------------------===//
#include "passes/PassManager.h"
#include "ir/IR.h"
#include "ir/Parser.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace kiln;

namespace {

TEST(PassManager, UnknownPassNamesAreUserErrors) {
  EXPECT_NO_THROW(Pipeline::parse(""));
  EXPECT_NO_THROW(Pipeline::parse(" , "));
  try {
    Pipeline::parse("no-such-pass");
    FAIL() << "unknown pass accepted";
  } catch (const UserError &e) {
    EXPECT_NE(std::string(e.what()).find("unknown pass 'no-such-pass'"),
              std::string::npos);
  }
}

// A pass that leaves a use of a value that no longer dominates it.
void breakDominance(Graph &g) {
  Node *relu = g.nodes().front();
  relu->moveAfter(g.nodes().back());
}

void renameInput(Graph &g) { g.inputs()[0]->setDebugName("renamed"); }

TEST(PassManager, VerifyEachNamesTheBrokenPass) {
  auto g = parseIR("graph(%x : Tensor):\n  %a : Tensor = aten::relu(%x)\n"
                   "  %b : Tensor = aten::neg(%a)\n  return (%b)\n");
  Pipeline pipeline = Pipeline::fromPasses(
      {{"rename", "", renameInput}, {"break", "", breakDominance}});
  std::ostringstream printed;
  PipelineOptions options;
  options.verifyEach = true;
  options.printAfterAll = &printed;
  try {
    pipeline.run(*g, options);
    FAIL() << "the broken graph verified";
  } catch (const InternalError &e) {
    EXPECT_NE(std::string(e.what()).find("after pass 'break'"),
              std::string::npos)
        << e.what();
  }
  EXPECT_NE(
      printed.str().find("# ----- IR after rename ----- #\ngraph(%renamed"),
      std::string::npos)
      << printed.str();
  EXPECT_NE(printed.str().find("IR after break"), std::string::npos);
}

} // namespace
