//===- KernelCoverageTest.cpp - Every op real graphs use can run ----------===//
//
// Every graph PyTorch printed in the test corpora (tests/lit/pytorch and the
// kiln run cases in tests/lit/run) uses only ops that have kernels or that
// the interpreter executes itself, so it can be compiled to bytecode.
//
//===----------------------------------------------------------------------===//
#include "ir/IR.h"
#include "ir/OpTable.h"
#include "ir/Parser.h"
#include "runtime/Kernel.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace kiln;

namespace {

// Executed by the interpreter, not by kernels (or, for calls, needing
// inlining first).
bool interpreterOp(Symbol k) {
  return k == prim::Constant || k == prim::If || k == prim::Loop ||
         k == prim::GetAttr || k == prim::SetAttr || k == prim::FusionGroup ||
         k == prim::CallFunction || k == prim::CallMethod;
}

void collectMissing(const Block *b, std::set<std::string> &missing) {
  for (const Node *n : b->nodes()) {
    for (const Block *inner : n->blocks())
      collectMissing(inner, missing);
    if (interpreterOp(n->kind()))
      continue;
    const OpInfo *op = n->maybeOp();
    if (!op || !KernelTable::get().find(op->id))
      missing.insert(op ? op->schema.str() : n->str());
  }
}

TEST(KernelCoverage, EveryOpOfThePyTorchCorporaHasAKernel) {
  namespace fs = std::filesystem;
  std::set<std::string> missing;
  size_t graphs = 0;
  for (const char *dir : {"tests/lit/pytorch", "tests/lit/run"}) {
    for (const auto &entry :
         fs::directory_iterator(fs::path(KILN_SOURCE_DIR) / dir)) {
      if (entry.path().extension() != ".ir")
        continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      auto g = parseIR(text.str(), entry.path().string());
      collectMissing(g->block(), missing);
      ++graphs;
    }
  }
  EXPECT_GE(graphs, 90u);
  std::string list;
  for (const std::string &m : missing)
    list += "\n  " + m;
  EXPECT_TRUE(missing.empty()) << "ops without kernels:" << list;
}

} // namespace
