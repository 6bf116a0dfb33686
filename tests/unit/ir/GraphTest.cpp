//===- GraphTest.cpp - The graph API --------------------------------------===//
#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "ir/Parser.h"
#include "ir/Verifier.h"
#include "tests/support/FileCheck.h"

#include <gtest/gtest.h>

using namespace kiln;
using kiln::testing::FileCheck;

namespace {

Symbol sym(const char *s) { return Symbol::fromQualString(s); }

// graph(%x : Tensor): %y = aten::relu(%x); return (%y)
struct ReluGraph {
  Graph g;
  Value *x;
  Node *relu;
  ReluGraph() {
    x = g.addInput("x");
    relu = g.insert(sym("aten::relu"), std::vector<Value *>{x});
    g.registerOutput(relu->output());
  }
};

TEST(Graph, InsertAtInsertionPointAndAfterNodes) {
  ReluGraph r;
  Graph &g = r.g;
  // Before relu.
  g.setInsertPoint(r.relu);
  Node *neg = g.insert(sym("aten::neg"), std::vector<Value *>{r.x});
  // After relu.
  Node *tanh = g.create(sym("aten::tanh"), std::vector<Value *>{r.x});
  tanh->insertAfter(r.relu);
  // At the very start of the block.
  Node *sig = g.create(sym("aten::sigmoid"), std::vector<Value *>{r.x});
  g.block()->prependNode(sig);
  std::vector<Symbol> order;
  for (Node *n : g.nodes())
    order.push_back(n->kind());
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order[0], sig->kind());
  EXPECT_EQ(order[1], neg->kind());
  EXPECT_EQ(order[2], r.relu->kind());
  EXPECT_EQ(order[3], tanh->kind());
  EXPECT_TRUE(neg->isBefore(r.relu));
  EXPECT_TRUE(tanh->isAfter(r.relu));
  EXPECT_FALSE(r.relu->isBefore(r.relu));
  verify(g);
}

TEST(Graph, WithInsertPointRestoresThePreviousPoint) {
  ReluGraph r;
  Node *previous = r.g.insertPoint();
  {
    WithInsertPoint guard(r.relu);
    EXPECT_EQ(r.g.insertPoint(), r.relu);
  }
  EXPECT_EQ(r.g.insertPoint(), previous);
}

TEST(Graph, ReplaceAllUsesWithMovesEveryUse) {
  ReluGraph r;
  Graph &g = r.g;
  Value *y = g.addInput("y");
  Node *add = g.insert(sym("aten::mul"), std::vector<Value *>{r.x, r.x});
  g.registerOutput(add->output());
  ASSERT_EQ(r.x->uses().size(), 3u);
  r.x->replaceAllUsesWith(y);
  EXPECT_TRUE(r.x->uses().empty());
  EXPECT_EQ(y->uses().size(), 3u);
  EXPECT_EQ(add->input(0), y);
  EXPECT_EQ(add->input(1), y);
  EXPECT_EQ(r.relu->input(0), y);
  verify(g);
}

TEST(Graph, ReplaceUsesAfterANodeOnly) {
  ReluGraph r;
  Graph &g = r.g;
  Node *first = g.insert(sym("aten::neg"), std::vector<Value *>{r.x});
  Node *second = g.insert(sym("aten::neg"), std::vector<Value *>{r.x});
  g.registerOutput(first->output());
  g.registerOutput(second->output());
  r.x->replaceAllUsesAfterNodeWith(first, first->output());
  EXPECT_EQ(first->input(0), r.x);
  EXPECT_EQ(r.relu->input(0), r.x);
  EXPECT_EQ(second->input(0), first->output());
  verify(g);
}

TEST(Graph, DestroyRemovesUsesAndRefusesUsedOutputs) {
  ReluGraph r;
  Graph &g = r.g;
  Node *dead = g.insert(sym("aten::neg"), std::vector<Value *>{r.x});
  EXPECT_EQ(r.x->uses().size(), 2u);
  dead->destroy();
  EXPECT_EQ(r.x->uses().size(), 1u);
  // relu's output is returned: destroying it is an internal error.
  EXPECT_THROW(r.relu->destroy(), InternalError);
  verify(g);
}

TEST(Graph, InputsAndOutputsKeepUseOffsetsInStep) {
  ReluGraph r;
  Graph &g = r.g;
  Value *y = g.addInput("y");
  Value *z = g.addInput("z");
  Node *n = g.insert(sym("aten::add"), std::vector<Value *>{r.x, z});
  n->insertInput(1, y); // (x, y, z)
  EXPECT_EQ(n->input(1), y);
  EXPECT_EQ(z->uses()[0].offset, 2u);
  n->removeInput(0); // (y, z)
  EXPECT_EQ(y->uses()[0].offset, 0u);
  EXPECT_EQ(z->uses()[0].offset, 1u);
  n->replaceInputWith(z, y);
  EXPECT_EQ(y->uses().size(), 2u);
  EXPECT_TRUE(z->uses().empty());
  Value *extra = n->insertOutput(0);
  EXPECT_EQ(extra->offset(), 0u);
  EXPECT_EQ(n->output(1)->offset(), 1u);
  n->eraseOutput(0);
  EXPECT_EQ(n->output(0)->offset(), 0u);
}

// if (%c) { %a = neg(%x) -> (%a) } else { -> (%x) }
TEST(Graph, NestedBlocksAndDominance) {
  Graph g;
  Value *x = g.addInput("x");
  Value *c = g.addInput("c")->setType(BoolType::get());
  Node *ifNode = g.insert(prim::If, std::vector<Value *>{c}, 1);
  Block *then = ifNode->addBlock();
  Block *otherwise = ifNode->addBlock();
  Node *neg = g.create(sym("aten::neg"), std::vector<Value *>{x});
  then->appendNode(neg);
  then->registerOutput(neg->output());
  otherwise->registerOutput(x);
  g.registerOutput(ifNode->output());
  verify(g);
  EXPECT_TRUE(neg->isDominatedBy(then));
  EXPECT_TRUE(neg->isDominatedBy(g.block()));
  EXPECT_FALSE(neg->isDominatedBy(otherwise));
  EXPECT_TRUE(neg->isAfter(ifNode)); // nested nodes come after their owner
  FileCheck()
      .check("prim::If(%c)")
      .check_next("block0():")
      .check_next("aten::neg(%x)")
      .check_next("-> (")
      .check_next("block1():")
      .check_next("-> (%x)")
      .run(g);

  // Using the nested value after the If breaks dominance.
  Node *bad = g.insert(sym("aten::relu"), std::vector<Value *>{neg->output()});
  g.registerOutput(bad->output());
  EXPECT_THROW(verify(g), CompileError);
}

TEST(Graph, DestroyingANodeDestroysItsBlocks) {
  Graph g;
  Value *x = g.addInput("x");
  Value *c = g.addInput("c")->setType(BoolType::get());
  Node *ifNode = g.insert(prim::If, std::vector<Value *>{c}, 0);
  Block *then = ifNode->addBlock();
  ifNode->addBlock();
  then->appendNode(g.create(sym("aten::neg"), std::vector<Value *>{x}));
  size_t nodesBefore = g.allNodes().size();
  ifNode->destroy();
  // If + neg + two Param/Return pairs are gone.
  EXPECT_EQ(g.allNodes().size(), nodesBefore - 6);
  EXPECT_TRUE(x->uses().empty());
  verify(g);
}

TEST(Graph, CopyPrintsIdenticallyAndIsIndependent) {
  const char *text = R"IR(graph(%x.1 : Tensor,
      %c : bool):
  %7 : int = prim::Constant[value=1]()
  %y : Tensor = prim::If(%c) # model.py:3:4
    block0():
      %9 : Tensor = aten::add(%x.1, %x.1, %7) # model.py:4:8
      -> (%9)
    block1():
      -> (%x.1)
  %n : int = prim::Loop(%7, %c, %7)
    block0(%i : int, %acc : int):
      %12 : int = aten::add(%acc, %i)
      -> (%c, %12)
  return (%y, %n)
)IR";
  auto g = parseIR(text);
  auto copy = g->copy();
  EXPECT_EQ(copy->toString(), g->toString());
  verify(*copy);
  // Mutating the copy leaves the original alone.
  copy->eraseOutput(1);
  EXPECT_NE(copy->toString(), g->toString());
  EXPECT_EQ(g->outputs().size(), 2u);
  // New values in the copy do not reuse the original's numbers.
  Value *fresh = copy->addInput();
  EXPECT_GT(fresh->unique(), 12u);
}

TEST(Graph, CreateCloneMapsInputsAndCopiesEverythingElse) {
  auto g = parseIR(R"IR(graph(%a : Tensor, %b : Tensor):
  %c : Tensor = aten::mul(%a, %b) # m.py:1:1
  return (%c)
)IR");
  Node *mul = g->nodes().front();
  Value *a = g->inputs()[0];
  Value *b = g->inputs()[1];
  Node *clone = g->createClone(mul, [&](Value *v) { return v == a ? b : a; });
  g->insertNode(clone);
  EXPECT_EQ(clone->input(0), b);
  EXPECT_EQ(clone->input(1), a);
  EXPECT_EQ(clone->sourceRange().str(), "m.py:1:1");
  // Names stay unique: the clone takes "c" and, as TorchScript's
  // setDebugName does, the previous holder becomes "c.1".
  EXPECT_EQ(clone->output()->debugName(), "c");
  EXPECT_EQ(mul->output()->debugName(), "c.1");
}

TEST(Graph, DebugNamesFollowTorchScriptRules) {
  Graph g;
  Value *a = g.addInput("x");
  Value *b = g.addInput("x");
  EXPECT_EQ(b->debugName(), "x");
  EXPECT_EQ(a->debugName(), "x.1");
  // TorchScript's counter for "x" continues after the last rename (x.1 made
  // it 2), so the next holder moves to x.3.
  Value *c = g.addInput("x.1");
  EXPECT_EQ(c->debugName(), "x.1");
  EXPECT_EQ(a->debugName(), "x.3");
  Value *unnamed = g.addInput();
  EXPECT_EQ(unnamed->debugName(), std::to_string(unnamed->unique()));
  EXPECT_THROW(unnamed->setDebugName("12"), InternalError);
}

TEST(Graph, AttributesKeepOrderAndKind) {
  Graph g;
  Node *n = g.create(sym("aten::warn"), 0);
  n->i_(Symbol::attr("b"), 3)->s_(Symbol::attr("a"), "x");
  n->f_(Symbol::attr("c"), 0.5)->is_(Symbol::attr("d"), {1, 2});
  ASSERT_EQ(n->attributes().size(), 4u);
  EXPECT_EQ(n->attributes()[0].first, Symbol::attr("b"));
  EXPECT_EQ(n->i(Symbol::attr("b")), 3);
  EXPECT_EQ(n->s(Symbol::attr("a")), "x");
  EXPECT_EQ(n->attributeKindOf(Symbol::attr("d")), AttributeKind::Ints);
  EXPECT_THROW(n->f(Symbol::attr("a")), InternalError);
  n->i_(Symbol::attr("b"), 4); // replaces in place
  EXPECT_EQ(n->attributes().size(), 4u);
  EXPECT_EQ(n->i(Symbol::attr("b")), 4);
  n->removeAttribute(Symbol::attr("b"));
  EXPECT_FALSE(n->hasAttribute(Symbol::attr("b")));
  n->destroy();
}

TEST(Graph, SubgraphAttributesAreDeepCopied) {
  Graph g;
  Value *x = g.addInput("x");
  auto body = std::make_shared<Graph>();
  Value *in = body->addInput("p");
  body->registerOutput(
      body->insert(sym("aten::relu"), std::vector<Value *>{in})->output());
  Node *group = g.insert(prim::FusionGroup, std::vector<Value *>{x});
  group->g_(attr::Subgraph, body);
  g.registerOutput(group->output());
  verify(g);
  Node *clone = g.createClone(group, [](Value *v) { return v; });
  EXPECT_NE(clone->g(attr::Subgraph).get(), body.get());
  EXPECT_EQ(clone->g(attr::Subgraph)->toString(), body->toString());
  FileCheck()
      .check("prim::FusionGroup_0(%x)")
      .check("with prim::FusionGroup_0 = graph(%p : Tensor):")
      .check_next("aten::relu(%p)")
      .run(g);
  clone->destroy();
}

TEST(Graph, InsertConstantTypesAndPrintsEachKind) {
  Graph g;
  Value *i = insertConstant(g, int64_t{-3});
  Value *f = insertConstant(g, 2.0);
  Value *b = insertConstant(g, true);
  Value *s = insertConstant(g, std::string("a\"b"));
  Value *n = insertConstant(g, NoneConstant{});
  Value *d = insertConstant(g, DeviceConstant{"cpu"});
  Value *l = insertConstant(g, std::vector<int64_t>{1, 2});
  for (Value *v : {i, f, b, s, n, d, l})
    g.registerOutput(v);
  verify(g);
  FileCheck()
      .check("int = prim::Constant[value=-3]()")
      .check_next("float = prim::Constant[value=2.]()")
      .check_next("bool = prim::Constant[value=1]()")
      .check_next(R"(str = prim::Constant[value="a\"b"]())")
      .check_next("NoneType = prim::Constant()")
      .check_next(R"(Device = prim::Constant[value="cpu"]())")
      .check_next("int[] = prim::Constant[value=[1, 2]]()")
      .run(g);
  EXPECT_TRUE(constantsEqual(*constantValueOf(b), ConstantValue(true)));
  EXPECT_TRUE(
      constantsEqual(*constantValueOf(n), ConstantValue(NoneConstant{})));
}

} // namespace
