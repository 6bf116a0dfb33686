//===- CompilationUnitTest.cpp - Definitions next to the main graph -------===//
#include "ir/CompilationUnit.h"
#include "ir/Diagnostics.h"
#include "ir/Parser.h"
#include "passes/Inline.h"

#include <gtest/gtest.h>

using namespace kiln;

namespace {

const char *kUnit = R"(def double = graph(%x : Tensor):
  %two : int = prim::Constant[value=2]()
  %y : Tensor = aten::mul(%x, %two)
  return (%y)

def __torch__.M.forward = graph(%self : __torch__.M,
      %x : Tensor):
  %y : Tensor = aten::relu(%x)
  return (%y)

graph(%m : __torch__.M,
      %x : Tensor):
  %f : Function = prim::Constant[name="double"]()
  %a : Tensor = prim::CallFunction(%f, %x)
  %b : Tensor = prim::CallMethod[name="forward"](%m, %a)
  %c : Tensor = prim::CallMethod[name="other"](%m, %b)
  return (%c)
)";

const Symbol kRelu = Symbol::fromQualString("aten::relu");

// The main graph's nodes of `kind`, in order.
std::vector<Node *> nodesOf(const Graph &g, Symbol kind) {
  std::vector<Node *> out;
  for (Node *n : g.nodes())
    if (n->kind() == kind)
      out.push_back(n);
  return out;
}

TEST(CompilationUnit, ParsesAndPrintsDefinitionsInOrder) {
  auto unit = parseUnit(kUnit);
  ASSERT_EQ(unit->definitions().size(), 2u);
  EXPECT_EQ(unit->definitions()[0].name, "double");
  EXPECT_EQ(unit->definitions()[1].name, "__torch__.M.forward");
  ASSERT_TRUE(unit->main());
  EXPECT_EQ(unit->toString(), kUnit);
  verify(*unit);
}

TEST(CompilationUnit, GraphsReferBackToTheirUnit) {
  auto unit = parseUnit(kUnit);
  EXPECT_EQ(unit->main()->unit(), unit);
  EXPECT_EQ(unit->find("double")->graph->unit(), unit);
  EXPECT_EQ(unit->main()->copy()->unit(), unit);
  // A graph may outlive its unit; the reference is then gone, not dangling.
  std::shared_ptr<Graph> main = unit->main();
  unit.reset();
  EXPECT_EQ(main->unit(), nullptr);
}

TEST(CompilationUnit, ResolvesCallsByFunctionNameAndReceiverClass) {
  auto unit = parseUnit(kUnit);
  std::vector<Node *> functions = nodesOf(*unit->main(), prim::CallFunction);
  std::vector<Node *> methods = nodesOf(*unit->main(), prim::CallMethod);
  ASSERT_EQ(functions.size(), 1u);
  ASSERT_EQ(methods.size(), 2u);
  EXPECT_EQ(unit->resolveCall(functions[0]), unit->find("double"));
  EXPECT_EQ(unit->resolveCall(methods[0]), unit->find("__torch__.M.forward"));
  // Known by name, not defined: an unknown body.
  EXPECT_EQ(CompilationUnit::calleeName(methods[1]), "__torch__.M.other");
  EXPECT_EQ(unit->resolveCall(methods[1]), nullptr);
  // Not a call.
  EXPECT_EQ(CompilationUnit::calleeName(unit->main()->nodes().front()),
            std::nullopt);
}

TEST(CompilationUnit, DefinitionsAreBuiltWithoutText) {
  auto unit = CompilationUnit::create();
  auto body = std::make_shared<Graph>();
  Value *x = body->addInput("x")->setType(TensorType::get());
  body->registerOutput(body->insert(kRelu, std::span<Value *const>(&x, 1))
                           ->output()
                           ->setType(TensorType::get()));
  unit->define("act", body);
  EXPECT_THROW(unit->define("act", std::make_shared<Graph>()), CompileError);

  auto main = std::make_shared<Graph>();
  Value *in = main->addInput("in")->setType(TensorType::get());
  Node *fn = main->insert(prim::Constant, {});
  fn->s_(attr::name, "act")->output()->setType(FunctionType::get());
  Value *args[] = {fn->output(), in};
  Node *call = main->insert(prim::CallFunction, args);
  call->output()->setType(TensorType::get())->setDebugName("out");
  main->registerOutput(call->output());
  unit->setMain(main);
  verify(*unit);

  inlineCalls(*main);
  EXPECT_TRUE(nodesOf(*main, prim::CallFunction).empty());
  ASSERT_EQ(nodesOf(*main, kRelu).size(), 1u);
  EXPECT_EQ(main->outputs()[0]->debugName(), "out");
  // The definition itself is unchanged.
  EXPECT_EQ(nodesOf(*body, kRelu).size(), 1u);
}

TEST(CompilationUnit, SingleGraphReaderRejectsDefinitions) {
  try {
    parseIR(kUnit, "unit.ir");
    FAIL() << "definitions accepted by parseIR";
  } catch (const CompileError &e) {
    EXPECT_NE(std::string(e.what()).find("unit.ir:1:5"), std::string::npos)
        << e.what();
  }
  // A single graph is a unit without definitions, printed as before.
  const char *single = "graph(%x : Tensor):\n  return (%x)\n";
  auto unit = parseUnit(single);
  EXPECT_TRUE(unit->definitions().empty());
  EXPECT_EQ(unit->toString(), single);
}

} // namespace
