//===- ParserTest.cpp - Reading IR text -----------------------------------===//
#include "ir/Parser.h"
#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/Verifier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace kiln;

namespace {

std::string errorOf(std::string_view text) {
  try {
    auto g = parseIR(text, "t.ir");
    verify(*g);
  } catch (const CompileError &e) {
    return e.what();
  }
  return "no error";
}

TEST(Parser, KeepsNumbersNamesAndLocations) {
  const char *text = R"IR(graph(%x.1 : Tensor,
      %n : int):
  %51 : int = prim::Constant[value=1]() # models/f.py:3:12
  %y.3 : Tensor = aten::add(%x.1, %x.1, %51) # <string>:4:9
  %7 : Tensor = aten::mul(%y.3, %51)
  return (%7)
)IR";
  auto g = parseIR(text);
  EXPECT_EQ(g->toString(), text);
  Node *constant = g->nodes().front();
  EXPECT_EQ(constant->output()->unique(), 51u);
  EXPECT_EQ(constant->sourceRange().str(), "models/f.py:3:12");
  EXPECT_EQ(g->inputs()[0]->debugName(), "x.1");
  // Values made later never take a number the text used.
  Value *fresh = g->addInput();
  EXPECT_GT(fresh->unique(), 51u);
}

TEST(Parser, NodesWithoutACommentAreLocatedInTheIRButPrintNoComment) {
  auto g = parseIR("graph(%x : Tensor):\n  %y : Tensor = aten::relu(%x)\n"
                   "  return (%y)\n",
                   "in.ir");
  const SourceRange &r = g->nodes().front()->sourceRange();
  EXPECT_EQ(r.str(), "in.ir:2:17");
  EXPECT_EQ(g->toString().find('#'), std::string::npos);
}

TEST(Parser, ConstantsOfEveryKind) {
  const char *text = R"IR(graph():
  %0 : float = prim::Constant[value=30000000000]()
  %1 : float = prim::Constant[value=-0.]()
  %2 : float = prim::Constant[value=-inf]()
  %3 : float = prim::Constant[value=nan]()
  %4 : int = prim::Constant[value=-9223372036854775808]()
  %5 : float[] = prim::Constant[value=[1., 2.5]]()
  %6 : bool[] = prim::Constant[value=[1, 0]]()
  %7 : str[] = prim::Constant[value=["a", "b"]]()
  %8 : str = prim::Constant[value="q\"\'\\\t\n\001é"]()
  %9 : Tensor = prim::Constant[value={3.25}]()
  %10 : Double(requires_grad=0, device=cpu) = prim::Constant[value={2.}]()
  %11 : Tensor = prim::Constant[value=Long(2, 2){1, 2, 3, 4}]()
  %12 : float[] = prim::Constant[value=[]]()
  %13 : Function = prim::Constant[name="relu"]()
  return (%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13)
)IR";
  auto g = parseIR(text);
  verify(*g);
  EXPECT_EQ(g->toString(), text);
  auto value = [&](size_t i) { return *constantValueOf(g->outputs()[i]); };
  EXPECT_EQ(std::get<double>(value(0)), 3e10);
  EXPECT_TRUE(std::signbit(std::get<double>(value(1))));
  EXPECT_EQ(std::get<int64_t>(value(4)), INT64_MIN);
  EXPECT_EQ(std::get<std::vector<bool>>(value(6)),
            (std::vector<bool>{true, false}));
  EXPECT_EQ(std::get<std::string>(value(8)), "q\"'\\\t\n\001\xc3\xa9");
  EXPECT_EQ(std::get<Tensor>(value(10)).dtype(), ScalarType::Double);
  // PyTorch writes a 0-d double 2.0 as {2}; the constant's type decides.
  auto pytorch = parseIR("graph():\n  %0 : Double(device=cpu) = "
                         "prim::Constant[value={2}]()\n  return (%0)\n");
  Tensor d = std::get<Tensor>(*constantValueOf(pytorch->outputs()[0]));
  EXPECT_EQ(d.dtype(), ScalarType::Double);
  EXPECT_EQ(d.item(0).toDouble(), 2.0);
  Tensor t = std::get<Tensor>(value(11));
  EXPECT_EQ(t.sizes(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(t.item(3).toInt(), 4);
  EXPECT_TRUE(std::get<std::vector<double>>(value(12)).empty());
}

TEST(Parser, TupleConstants) {
  const char *text = R"IR(graph():
  %0 : (float, (int, str), NoneType, bool) = prim::Constant[value=(30000000000, (1, "x"), None, True)]()
  %1 : (int) = prim::Constant[value=(7,)]()
  %2 : () = prim::Constant[value=()]()
  return (%0, %1, %2)
)IR";
  auto g = parseIR(text);
  verify(*g);
  EXPECT_EQ(g->toString(), text);
  auto tuple = std::get<std::shared_ptr<const ConstantTuple>>(
      *constantValueOf(g->outputs()[0]));
  ASSERT_EQ(tuple->items.size(), 4u);
  // The declared type makes 30000000000 a float.
  EXPECT_EQ(std::get<double>(tuple->items[0]), 3e10);
  auto inner = std::get<std::shared_ptr<const ConstantTuple>>(tuple->items[1]);
  EXPECT_EQ(std::get<std::string>(inner->items[1]), "x");
  EXPECT_TRUE(std::get<bool>(tuple->items[3]));
  EXPECT_EQ(constantType(*constantValueOf(g->outputs()[1]))->str(), "(int)");
}

TEST(Parser, SubgraphSectionsAttachToTheirNodes) {
  const char *text = R"IR(graph(%x : Tensor):
  %1 : Tensor = prim::FusionGroup_0(%x)
  %2 : Tensor = prim::FusionGroup_1(%1)
  return (%2)
with prim::FusionGroup_0 = graph(%a : Tensor):
  %b : Tensor = prim::FusionGroup_0(%a)
  return (%b)
with prim::FusionGroup_0 = graph(%c : Tensor):
  %d : Tensor = aten::relu(%c)
  return (%d)
with prim::FusionGroup_1 = graph(%e : Tensor):
  %f : Tensor = aten::tanh(%e)
  return (%f)
)IR";
  auto g = parseIR(text);
  verify(*g);
  EXPECT_EQ(g->toString(), text);
  Node *outer = g->nodes().front();
  EXPECT_EQ(outer->kind(), prim::FusionGroup);
  const Graph &sub = *outer->g(attr::Subgraph);
  EXPECT_EQ(sub.nodes().front()->kind(), prim::FusionGroup);
}

TEST(Parser, ErrorsAreLocated) {
  EXPECT_NE(errorOf("graph(%x : Tensor):\n  %y : Tensor = aten::relu(%z)\n"
                    "  return (%y)\n")
                .find("t.ir:2:28: error: use of undefined value '%z'"),
            std::string::npos);
  std::string unknown = errorOf(
      "graph(%x : Tensor):\n  %y : Tensor = aten::rellu(%x)\n  return (%y)\n");
  EXPECT_NE(unknown.find("t.ir:2:17: error: unknown op 'aten::rellu'; did you "
                         "mean 'aten::relu'?"),
            std::string::npos)
      << unknown;
  EXPECT_NE(unknown.find("  %y : Tensor = aten::rellu(%x)\n"
                         "                ^~~~~~~~~~~"),
            std::string::npos)
      << unknown;
  std::string redefined = errorOf("graph(%x : Tensor):\n  %x : Tensor = "
                                  "aten::relu(%x)\n  return (%x)\n");
  EXPECT_NE(redefined.find("t.ir:2:3: error: redefinition of value '%x'"),
            std::string::npos);
  EXPECT_NE(redefined.find("t.ir:1:7: note: previous definition is here"),
            std::string::npos);
  EXPECT_NE(errorOf("graph(%x : Tensor):\n  %y : Tensor = aten::relu(%x")
                .find("t.ir:2:30: error: expected ',' or ')' but found end "
                      "of input"),
            std::string::npos);
  EXPECT_NE(errorOf("").find("t.ir:1:1: error: expected 'graph'"),
            std::string::npos);
  EXPECT_NE(errorOf("graph():\n  return ()\n  %x = ").find("after the graph"),
            std::string::npos);
  EXPECT_NE(errorOf("graph():\n  %0 : Tensor = prim::Constant[value=<Tensor>]()"
                    "\n  return (%0)\n")
                .find("left out its value"),
            std::string::npos);
  EXPECT_NE(errorOf("graph():\n  %0 : Tensor = prim::Constant[value= 1  2 "
                    "[ CPULongType{2} ]]()\n  return (%0)\n")
                .find("drops digits"),
            std::string::npos);
  EXPECT_NE(errorOf("graph():\n  %0 : Tensor = prim::Constant[value=Float(2, "
                    "1000000000000){1., 2.}]()\n  return (%0)\n")
                .find("sizes do not match"),
            std::string::npos);
  EXPECT_NE(errorOf("graph():\n  %99999999999 : int = prim::Constant[value=1]"
                    "()\n  return ()\n")
                .find("too large"),
            std::string::npos);
  EXPECT_NE(errorOf("graph():\n  %1 : Tensor = prim::FusionGroup_0()\n"
                    "  return (%1)\n")
                .find("no 'with prim::FusionGroup_0 = graph(...)' section"),
            std::string::npos);
  EXPECT_NE(errorOf("graph(\x01)").find("unexpected byte 0x01"),
            std::string::npos);
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string text = "graph(%c : bool):\n";
  for (int i = 0; i < 400; ++i)
    text += " = prim::If(%c)\nblock0():\n";
  auto message = errorOf(text);
  EXPECT_NE(message.find("nested more than"), std::string::npos) << message;
}

// Every graph PyTorch printed in the lit corpus parses, verifies and prints
// back as PyTorch printed it.
TEST(Parser, PyTorchCorpusRoundTrips) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(KILN_SOURCE_DIR) / "tests/lit/pytorch";
  size_t count = 0;
  for (const auto &entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".ir")
      continue;
    std::ifstream in(entry.path());
    std::stringstream file;
    file << in.rdbuf();
    std::string expected, line;
    std::istringstream lines(file.str());
    while (std::getline(lines, line))
      if (line.rfind("#", 0) != 0)
        expected += line + "\n";
    auto g = parseIR(file.str(), entry.path().string());
    verify(*g);
    EXPECT_EQ(g->toString(), expected) << entry.path();
    EXPECT_EQ(parseIR(g->toString())->toString(), expected) << entry.path();
    ++count;
  }
  EXPECT_GE(count, 30u);
}

} // namespace
