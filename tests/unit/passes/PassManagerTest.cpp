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

namespace {

TEST(PassManager, PassNamesUseDashes) {
  EXPECT_NE(findPass("shape-propagation"), nullptr);
  EXPECT_NE(findPass("fuse"), nullptr);
  EXPECT_EQ(findPass("shape_propagation"), nullptr);
  try {
    Pipeline::parse("dce,shape_propagation");
    FAIL() << "unknown pass accepted";
  } catch (const UserError &e) {
    // The list of known passes grows; it names passes with dashes.
    std::string what = e.what();
    EXPECT_NE(what.find("unknown pass 'shape_propagation'; known passes: "),
              std::string::npos)
        << what;
    EXPECT_NE(what.find(", shape-propagation"), std::string::npos) << what;
  }
}

// The default pipeline names passes still being written; those registered
// must be in it, in order: shape propagation before fusion, dce last.
TEST(PassManager, DefaultPipeline) {
  std::string spec = Pipeline::defaultPipeline().str();
  EXPECT_NE(spec.find("shape-propagation"), std::string::npos) << spec;
  EXPECT_LT(spec.find("shape-propagation"), spec.find("fuse")) << spec;
  EXPECT_TRUE(spec.ends_with("fuse,dce")) << spec;
  EXPECT_EQ(Pipeline::parse("default").str(), spec);
  EXPECT_EQ(Pipeline::parse("dce, default").str(), "dce," + spec);
}

TEST(PassManager, TimePassesReportsEveryPass) {
  auto g = parseIR("graph(%x : Float(2)):\n  %a : Tensor = aten::relu(%x)\n"
                   "  %b : Tensor = aten::neg(%a)\n  return (%b)\n");
  std::ostringstream times;
  PipelineOptions options;
  options.timePasses = &times;
  Pipeline::parse("shape-propagation,fuse,dce").run(*g, options);
  std::string report = times.str();
  EXPECT_NE(report.find("Total:"), std::string::npos) << report;
  for (const char *name : {"shape-propagation", "fuse", "dce"})
    EXPECT_NE(report.find(name), std::string::npos) << report;
}

} // namespace
