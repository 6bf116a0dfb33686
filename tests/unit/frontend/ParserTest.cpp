//===- ParserTest.cpp - Script text to AST --------------------------------===//
//
// The shape of the AST for each construct (as a compact S-expression dump),
// source ranges, literals, f-strings, indentation, and one test per error
// with its message and line:col.
//
//===----------------------------------------------------------------------===//
#include "frontend/Parser.h"

#include "ir/Diagnostics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace kiln;
using namespace kiln::ast;

namespace {

//===----------------------------------------------------------------------===//
// A structural dump of the AST
//===----------------------------------------------------------------------===//

std::string dump(const Expr *expr);

std::string dumpList(const std::vector<ExprPtr> &elts) {
  std::string out;
  for (const ExprPtr &e : elts)
    out += " " + dump(e.get());
  return out;
}

std::string dump(const Expr *expr) {
  if (!expr)
    return "_";
  switch (expr->kind) {
  case ExprKind::Name:
    return expr->as<Name>()->id;
  case ExprKind::Int:
    return std::to_string(expr->as<Int>()->value);
  case ExprKind::Float: {
    std::ostringstream os;
    os << expr->as<Float>()->value << "f";
    return os.str();
  }
  case ExprKind::Bool:
    return expr->as<Bool>()->value ? "True" : "False";
  case ExprKind::NoneLit:
    return "None";
  case ExprKind::Ellipsis:
    return "...";
  case ExprKind::String:
    return "'" + expr->as<String>()->value + "'";
  case ExprKind::FString: {
    std::string out = "(fstring";
    for (const FString::Part &p : expr->as<FString>()->parts) {
      if (!p.value) {
        out += " '" + p.literal + "'";
        continue;
      }
      out += " {" + dump(p.value.get());
      if (p.conversion)
        out += std::string("!") + p.conversion;
      if (!p.spec.empty())
        out += ":" + p.spec;
      out += "}";
    }
    return out + ")";
  }
  case ExprKind::List:
    return "(list" + dumpList(expr->as<List>()->elts) + ")";
  case ExprKind::Tuple:
    return "(tuple" + dumpList(expr->as<Tuple>()->elts) + ")";
  case ExprKind::Dict: {
    const Dict *d = expr->as<Dict>();
    std::string out = "(dict";
    for (size_t i = 0; i < d->keys.size(); ++i)
      out += " " + dump(d->keys[i].get()) + ":" + dump(d->values[i].get());
    return out + ")";
  }
  case ExprKind::ListComp: {
    const ListComp *c = expr->as<ListComp>();
    return "(listcomp " + dump(c->elt.get()) + " " + dump(c->target.get()) +
           " " + dump(c->iter.get()) + dumpList(c->ifs) + ")";
  }
  case ExprKind::Attribute:
    return "(. " + dump(expr->as<Attribute>()->value.get()) + " " +
           expr->as<Attribute>()->attr + ")";
  case ExprKind::Subscript:
    return "([] " + dump(expr->as<Subscript>()->value.get()) + " " +
           dump(expr->as<Subscript>()->index.get()) + ")";
  case ExprKind::Slice: {
    const Slice *s = expr->as<Slice>();
    return "(slice " + dump(s->lower.get()) + " " + dump(s->upper.get()) + " " +
           dump(s->step.get()) + ")";
  }
  case ExprKind::Call: {
    const Call *c = expr->as<Call>();
    std::string out = "(call " + dump(c->func.get()) + dumpList(c->args);
    for (const Keyword &k : c->keywords)
      out += " " + k.name + "=" + dump(k.value.get());
    return out + ")";
  }
  case ExprKind::BinOp:
    return std::string("(") + spelling(expr->as<BinOp>()->op) + " " +
           dump(expr->as<BinOp>()->left.get()) + " " +
           dump(expr->as<BinOp>()->right.get()) + ")";
  case ExprKind::UnaryOp:
    return std::string("(u") + spelling(expr->as<UnaryOp>()->op) + " " +
           dump(expr->as<UnaryOp>()->operand.get()) + ")";
  case ExprKind::BoolOp:
    return std::string(expr->as<BoolOp>()->isAnd ? "(and" : "(or") +
           dumpList(expr->as<BoolOp>()->values) + ")";
  case ExprKind::Compare: {
    const Compare *c = expr->as<Compare>();
    std::string out = "(cmp " + dump(c->left.get());
    for (size_t i = 0; i < c->ops.size(); ++i)
      out += std::string(" ") + spelling(c->ops[i]) + " " +
             dump(c->comparators[i].get());
    return out + ")";
  }
  case ExprKind::IfExp: {
    const IfExp *e = expr->as<IfExp>();
    return "(ifexp " + dump(e->test.get()) + " " + dump(e->body.get()) + " " +
           dump(e->orelse.get()) + ")";
  }
  case ExprKind::Starred:
    return "(* " + dump(expr->as<Starred>()->value.get()) + ")";
  }
  return "?";
}

void dumpBody(const Body &body, int indent, std::string &out);

void dumpStmt(const Stmt &stmt, int indent, std::string &out) {
  std::string pad(indent * 2, ' ');
  out += pad;
  switch (stmt.kind) {
  case StmtKind::FunctionDef: {
    const FunctionDef *f = stmt.as<FunctionDef>();
    for (const Decorator &d : f->decorators)
      out += "@" + dump(d.expr.get()) + " ";
    out += "def " + f->name + "(";
    for (size_t i = 0; i < f->params.size(); ++i) {
      const Param &p = f->params[i];
      out += (i ? ", " : "") + p.name;
      if (p.annotation)
        out += ": " + dump(p.annotation.get());
      if (p.defaultValue)
        out += " = " + dump(p.defaultValue.get());
    }
    out += ")";
    if (f->returns)
      out += " -> " + dump(f->returns.get());
    out += "\n";
    dumpBody(f->body, indent + 1, out);
    return;
  }
  case StmtKind::ClassDef: {
    const ClassDef *c = stmt.as<ClassDef>();
    for (const Decorator &d : c->decorators)
      out += "@" + dump(d.expr.get()) + " ";
    out += "class " + c->name + dumpList(c->bases) + "\n";
    dumpBody(c->body, indent + 1, out);
    return;
  }
  case StmtKind::Assign: {
    const Assign *a = stmt.as<Assign>();
    out += "assign";
    for (const ExprPtr &t : a->targets)
      out += " " + dump(t.get()) + " =";
    out += " " + dump(a->value.get()) + "\n";
    return;
  }
  case StmtKind::AugAssign: {
    const AugAssign *a = stmt.as<AugAssign>();
    out += "augassign " + dump(a->target.get()) + " " + spelling(a->op) + "= " +
           dump(a->value.get()) + "\n";
    return;
  }
  case StmtKind::AnnAssign: {
    const AnnAssign *a = stmt.as<AnnAssign>();
    out += "annassign " + dump(a->target.get()) + ": " +
           dump(a->annotation.get()) + " = " + dump(a->value.get()) + "\n";
    return;
  }
  case StmtKind::If: {
    const If *s = stmt.as<If>();
    out += "if " + dump(s->test.get()) + "\n";
    dumpBody(s->body, indent + 1, out);
    if (!s->orelse.empty()) {
      out += pad + "else\n";
      dumpBody(s->orelse, indent + 1, out);
    }
    return;
  }
  case StmtKind::While:
    out += "while " + dump(stmt.as<While>()->test.get()) + "\n";
    dumpBody(stmt.as<While>()->body, indent + 1, out);
    return;
  case StmtKind::For:
    out += "for " + dump(stmt.as<For>()->target.get()) + " in " +
           dump(stmt.as<For>()->iter.get()) + "\n";
    dumpBody(stmt.as<For>()->body, indent + 1, out);
    return;
  case StmtKind::Return:
    out += "return " + dump(stmt.as<Return>()->value.get()) + "\n";
    return;
  case StmtKind::Break:
    out += "break\n";
    return;
  case StmtKind::Continue:
    out += "continue\n";
    return;
  case StmtKind::Pass:
    out += "pass\n";
    return;
  case StmtKind::Assert:
    out += "assert " + dump(stmt.as<Assert>()->test.get()) + " " +
           dump(stmt.as<Assert>()->msg.get()) + "\n";
    return;
  case StmtKind::Raise:
    out += "raise " + dump(stmt.as<Raise>()->exc.get()) + "\n";
    return;
  case StmtKind::ExprStmt:
    out += "expr " + dump(stmt.as<ExprStmt>()->value.get()) + "\n";
    return;
  case StmtKind::Import:
    out += "import";
    for (const Alias &a : stmt.as<Import>()->names)
      out += " " + a.name + (a.asname.empty() ? "" : " as " + a.asname);
    out += "\n";
    return;
  case StmtKind::ImportFrom:
    out += "from " + stmt.as<ImportFrom>()->module + " import";
    for (const Alias &a : stmt.as<ImportFrom>()->names)
      out += " " + a.name + (a.asname.empty() ? "" : " as " + a.asname);
    out += "\n";
    return;
  case StmtKind::Delete:
    out += "del" + dumpList(stmt.as<Delete>()->targets) + "\n";
    return;
  }
}

void dumpBody(const Body &body, int indent, std::string &out) {
  for (const StmtPtr &s : body)
    dumpStmt(*s, indent, out);
}

std::string parse(const std::string &text) {
  std::string out;
  dumpBody(parseScript(text, "t.py")->body, 0, out);
  return out;
}

/// The parsed expression `text` (as the value of an assignment: a leading
/// string statement would be a docstring).
const Expr &parseExpr(const std::string &text) {
  static std::shared_ptr<const Module> module;
  module = parseScript("_ = " + text + "\n", "t.py");
  return *module->body.at(0)->as<Assign>()->value;
}

/// The dump of an expression.
std::string expr(const std::string &text) { return dump(&parseExpr(text)); }

/// "line:col: message" of the error parsing `text` raises.
std::string error(const std::string &text) {
  try {
    parseScript(text, "t.py");
  } catch (const CompileError &e) {
    const Diagnostic &d = e.diagnostic();
    return std::to_string(d.range.line()) + ":" +
           std::to_string(d.range.col()) + ": " + d.message;
  }
  return "no error";
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

TEST(ScriptParser, EmptyFileIsAnEmptyModule) {
  EXPECT_EQ(parse(""), "");
  EXPECT_EQ(parse("\n\n# only a comment\n   \n"), "");
  auto module = parseScript("", "e.py");
  EXPECT_TRUE(module->body.empty());
  EXPECT_EQ(module->source->filename(), "e.py");
}

TEST(ScriptParser, FunctionsWithAnnotationsDefaultsAndDecorators) {
  EXPECT_EQ(parse("@torch.jit.export\n"
                  "def f(x: Tensor, n: int = 2, s: \"Optional[int]\" = None) "
                  "-> Tuple[Tensor, int]:\n"
                  "    \"\"\"Docstring.\"\"\"\n"
                  "    return x, n\n"),
            "@(. (. torch jit) export) def f(x: Tensor, n: int = 2, s: "
            "'Optional[int]' = None) -> ([] Tuple (tuple Tensor int))\n"
            "  return (tuple x n)\n");
}

TEST(ScriptParser, ClassesWithBasesAndClassLevelStatements) {
  EXPECT_EQ(parse("class Net(nn.Module):\n"
                  "    '''doc'''\n"
                  "    __constants__ = ['n']\n"
                  "    hidden: int\n"
                  "    def __init__(self):\n"
                  "        super().__init__()\n"
                  "        self.fc = nn.Linear(4, 2, bias=False)\n"
                  "    def forward(self, x):\n"
                  "        return self.fc(x)\n"),
            "class Net (. nn Module)\n"
            "  assign __constants__ = (list 'n')\n"
            "  annassign hidden: int = _\n"
            "  def __init__(self)\n"
            "    expr (call (. (call super) __init__))\n"
            "    assign (. self fc) = (call (. nn Linear) 4 2 bias=False)\n"
            "  def forward(self, x)\n"
            "    return (call (. self fc) x)\n");
}

TEST(ScriptParser, ModuleDocstringIsDropped) {
  EXPECT_EQ(parse("\"\"\"Module doc.\"\"\"\nimport torch\n'kept'\n"),
            "import torch\nexpr 'kept'\n");
}

TEST(ScriptParser, AssignmentsOfEveryForm) {
  EXPECT_EQ(parse("a = b = 1\n"
                  "x, y = y, x\n"
                  "[p, (q, r)] = t\n"
                  "self.w[0] = 2\n"
                  "n += 1\n"
                  "m //= 2\n"
                  "z **= 3\n"
                  "v: List[int] = []\n"
                  "self.k: int = 3\n"),
            "assign a = b = 1\n"
            "assign (tuple x y) = (tuple y x)\n"
            "assign (list p (tuple q r)) = t\n"
            "assign ([] (. self w) 0) = 2\n"
            "augassign n += 1\n"
            "augassign m //= 2\n"
            "augassign z **= 3\n"
            "annassign v: ([] List int) = (list)\n"
            "annassign (. self k): int = 3\n");
}

TEST(ScriptParser, IfElifElseNestsInOrelse) {
  EXPECT_EQ(parse("if a:\n    x = 1\nelif b:\n    x = 2\nelif c:\n    "
                  "pass\nelse:\n    x = 3\n"),
            "if a\n"
            "  assign x = 1\n"
            "else\n"
            "  if b\n"
            "    assign x = 2\n"
            "  else\n"
            "    if c\n"
            "      pass\n"
            "    else\n"
            "      assign x = 3\n");
}

TEST(ScriptParser, LoopsAndFlow) {
  EXPECT_EQ(parse("def f(xs):\n"
                  "    for i, x in enumerate(xs):\n"
                  "        if x is None:\n"
                  "            continue\n"
                  "        while i > 0: i -= 1; break\n"
                  "    assert len(xs) > 0, 'empty'\n"
                  "    raise ValueError('bad')\n"
                  "    raise\n"
                  "    return\n"),
            "def f(xs)\n"
            "  for (tuple i x) in (call enumerate xs)\n"
            "    if (cmp x is None)\n"
            "      continue\n"
            "    while (cmp i > 0)\n"
            "      augassign i -= 1\n"
            "      break\n"
            "  assert (cmp (call len xs) > 0) 'empty'\n"
            "  raise (call ValueError 'bad')\n"
            "  raise _\n"
            "  return _\n");
}

TEST(ScriptParser, ImportsAndDel) {
  EXPECT_EQ(parse("import torch\n"
                  "import torch.nn.functional as F, math\n"
                  "from typing import List, Optional as Opt\n"
                  "from torch import (nn,\n    Tensor,)\n"
                  "del d['k'], x\n"),
            "import torch\n"
            "import torch.nn.functional as F math\n"
            "from typing import List Optional as Opt\n"
            "from torch import nn Tensor\n"
            "del ([] d 'k') x\n");
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

TEST(ScriptParser, OperatorPrecedenceAndAssociativity) {
  EXPECT_EQ(expr("a + b * c - d"), "(- (+ a (* b c)) d)");
  EXPECT_EQ(expr("-x ** 2"), "(u- (** x 2))");
  EXPECT_EQ(expr("2 ** -1 * 3"), "(* (** 2 (u- 1)) 3)");
  EXPECT_EQ(expr("a ** b ** c"), "(** a (** b c))");
  EXPECT_EQ(expr("a @ b // c % d / e"), "(/ (% (// (@ a b) c) d) e)");
  EXPECT_EQ(expr("a | b ^ c & d << 1 >> 2"),
            "(| a (^ b (& c (>> (<< d 1) 2))))");
  EXPECT_EQ(expr("~a + +b"), "(+ (u~ a) (u+ b))");
  EXPECT_EQ(expr("not a and b or c and not d"),
            "(or (and (unot a) b) (and c (unot d)))");
  EXPECT_EQ(expr("a or b or c"), "(or a b c)");
  EXPECT_EQ(expr("x if c else y if d else z"), "(ifexp c x (ifexp d y z))");
  EXPECT_EQ(expr("(a + b) * c"), "(* (+ a b) c)");
}

TEST(ScriptParser, ChainedComparisonsAreOneCompare) {
  EXPECT_EQ(expr("a < b <= c == d"), "(cmp a < b <= c == d)");
  EXPECT_EQ(expr("x is not None"), "(cmp x is not None)");
  EXPECT_EQ(expr("k not in d"), "(cmp k not in d)");
  EXPECT_EQ(expr("a != b > c >= d in e is f"),
            "(cmp a != b > c >= d in e is f)");
  EXPECT_EQ(expr("(a < b) < c"), "(cmp (cmp a < b) < c)");
  EXPECT_EQ(expr("not a == b"), "(unot (cmp a == b))");
}

TEST(ScriptParser, CallsWithKeywordsAndStarredArguments) {
  EXPECT_EQ(expr("f(a, *xs, k=1, dim=-1)"), "(call f a (* xs) k=1 dim=(u- 1))");
  EXPECT_EQ(expr("f()"), "(call f)");
  EXPECT_EQ(expr("f(a,)(b).c[0]"), "([] (. (call (call f a) b) c) 0)");
}

TEST(ScriptParser, SubscriptsAndSlices) {
  EXPECT_EQ(expr("x[1:2, ::-1, None, ...]"),
            "([] x (tuple (slice 1 2 _) (slice _ _ (u- 1)) None ...))");
  EXPECT_EQ(expr("x[i]"), "([] x i)");
  EXPECT_EQ(expr("x[i,]"), "([] x (tuple i))");
  EXPECT_EQ(expr("x[:]"), "([] x (slice _ _ _))");
  EXPECT_EQ(expr("x[a:]"), "([] x (slice a _ _))");
  EXPECT_EQ(expr("x[:, 0]"), "([] x (tuple (slice _ _ _) 0))");
  EXPECT_EQ(expr("d[1, 2]"), "([] d (tuple 1 2))");
}

TEST(ScriptParser, ContainersAndComprehensions) {
  EXPECT_EQ(expr("[1, 2.5, 'a']"), "(list 1 2.5f 'a')");
  EXPECT_EQ(expr("()"), "(tuple)");
  EXPECT_EQ(expr("(1,)"), "(tuple 1)");
  EXPECT_EQ(expr("(1)"), "1");
  EXPECT_EQ(expr("1, 2"), "(tuple 1 2)");
  EXPECT_EQ(expr("{}"), "(dict)");
  EXPECT_EQ(expr("{'a': 1, b: [c]}"), "(dict 'a':1 b:(list c))");
  EXPECT_EQ(expr("[x * 2 for x in xs if x > 0 if x < 9]"),
            "(listcomp (* x 2) x xs (cmp x > 0) (cmp x < 9))");
  EXPECT_EQ(expr("[k for k, v in d.items()]"),
            "(listcomp k (tuple k v) (call (. d items)))");
}

TEST(ScriptParser, ConstantsAndNames) {
  EXPECT_EQ(expr("True"), "True");
  EXPECT_EQ(expr("False"), "False");
  EXPECT_EQ(expr("None"), "None");
  EXPECT_EQ(expr("..."), "...");
  EXPECT_EQ(expr("größe"), "größe");
}

//===----------------------------------------------------------------------===//
// Literals
//===----------------------------------------------------------------------===//

int64_t intValue(const std::string &text) {
  return parseExpr(text).as<Int>()->value;
}

double floatValue(const std::string &text) {
  return parseExpr(text).as<Float>()->value;
}

std::string stringValue(const std::string &text) {
  return parseExpr(text).as<String>()->value;
}

TEST(ScriptParser, IntegerLiterals) {
  EXPECT_EQ(intValue("0"), 0);
  EXPECT_EQ(intValue("00"), 0);
  EXPECT_EQ(intValue("42"), 42);
  EXPECT_EQ(intValue("1_000_000"), 1000000);
  EXPECT_EQ(intValue("0x1F"), 31);
  EXPECT_EQ(intValue("0XdEaD_bEeF"), 0xdeadbeef);
  EXPECT_EQ(intValue("0o17"), 15);
  EXPECT_EQ(intValue("0b1010_1010"), 170);
  EXPECT_EQ(intValue("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(intValue("0x7fffffffffffffff"), INT64_MAX);
}

TEST(ScriptParser, FloatLiterals) {
  EXPECT_EQ(floatValue("1.5"), 1.5);
  EXPECT_EQ(floatValue("1e-5"), 1e-5);
  EXPECT_EQ(floatValue("1."), 1.0);
  EXPECT_EQ(floatValue(".5"), 0.5);
  EXPECT_EQ(floatValue("1_000.0"), 1000.0);
  EXPECT_EQ(floatValue("2E+3"), 2000.0);
  EXPECT_EQ(floatValue("1_0e1_0"), 1e11);
  EXPECT_TRUE(std::isinf(floatValue("1e999")));
  EXPECT_EQ(floatValue("1e-999"), 0.0);
}

TEST(ScriptParser, StringLiteralsAndEscapes) {
  EXPECT_EQ(stringValue("'a'"), "a");
  EXPECT_EQ(stringValue("\"a'b\""), "a'b");
  EXPECT_EQ(stringValue("'''x\ny'''"), "x\ny");
  EXPECT_EQ(stringValue("\"\"\"q\"\"\""), "q");
  EXPECT_EQ(stringValue(R"('\n\t\\\'\"')"), "\n\t\\'\"");
  EXPECT_EQ(stringValue(R"('\x41\u00e9\U0001F600\101')"),
            "A\xC3\xA9\xF0\x9F\x98\x80"
            "A");
  EXPECT_EQ(stringValue(R"('\d')"), "\\d"); // unknown escapes stay
  EXPECT_EQ(stringValue(R"(r'\n\d')"), "\\n\\d");
  EXPECT_EQ(stringValue(R"(R"a\"b")"), "a\\\"b");
  EXPECT_EQ(stringValue("u'x'"), "x");
  EXPECT_EQ(stringValue("'a' \"b\" '''c'''"), "abc");
  EXPECT_EQ(stringValue("('a'\n  'b')"), "ab");
  EXPECT_EQ(stringValue("'line\\\ncontinued'"), "linecontinued");
  EXPECT_EQ(stringValue("''"), "");
}

TEST(ScriptParser, FStrings) {
  EXPECT_EQ(expr("f'{x} and {y:.3f}'"), "(fstring {x} ' and ' {y:.3f})");
  EXPECT_EQ(expr("f\"{a + b!r} {{literal}} {c!s:>10}\""),
            "(fstring {(+ a b)!r} ' {literal} ' {c!s:>10})");
  EXPECT_EQ(expr("rf'\\d{n}'"), "(fstring '\\d' {n})");
  EXPECT_EQ(expr("F'{x=}'"), "(fstring 'x=' {x!r})");
  EXPECT_EQ(expr("'pre ' f'{v}' ' post'"), "(fstring 'pre ' {v} ' post')");
  EXPECT_EQ(expr("f'{d[\"k\"]}{f(a, b)}'"),
            "(fstring {([] d 'k')} {(call f a b)})");
  EXPECT_EQ(expr("f'{x if c else y}\\n'"), "(fstring {(ifexp c x y)} '\n')");
  EXPECT_EQ(expr("f'plain'"), "(fstring 'plain')");
  EXPECT_EQ(expr("f'{a == b}{a != b}'"),
            "(fstring {(cmp a == b)} {(cmp a != b)})");
}

TEST(ScriptParser, FStringFieldRangesPointIntoTheSource) {
  auto module = parseScript("s = f'ab{self.x}'\n", "t.py");
  const auto *value = module->body[0]->as<Assign>()->value->as<FString>();
  ASSERT_NE(value, nullptr);
  const Expr &field = *value->parts[1].value;
  EXPECT_EQ(field.range.str(), "t.py:1:10");
  EXPECT_EQ(field.range.end() - field.range.start(), 6u);
  EXPECT_EQ(error("s = f'ab{x + }'\n"),
            "1:14: invalid syntax: the f-string field ends early");
}

//===----------------------------------------------------------------------===//
// Source ranges
//===----------------------------------------------------------------------===//

TEST(ScriptParser, SourceRangesOfNodes) {
  auto module = parseScript("import torch\n"
                            "\n"
                            "def forward(self, x):\n"
                            "    y = self.conv1(x) + 1\n"
                            "    return y\n",
                            "m.py");
  ASSERT_EQ(module->body.size(), 2u);
  const auto *def = module->body[1]->as<FunctionDef>();
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->range.str(), "m.py:3:1");
  EXPECT_EQ(def->nameRange.str(), "m.py:3:5");
  EXPECT_EQ(def->params[1].range.str(), "m.py:3:19");
  // The def's range ends at its last token, not at the trailing newline.
  EXPECT_EQ(module->source->text().substr(def->range.end() - 1, 1), "y");
  const auto *assign = def->body[0]->as<Assign>();
  EXPECT_EQ(assign->range.str(), "m.py:4:5");
  const auto *add = assign->value->as<BinOp>();
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->range.str(), "m.py:4:9");
  const auto *call = add->left->as<Call>();
  EXPECT_EQ(call->func->as<Attribute>()->attrRange.str(), "m.py:4:14");
  EXPECT_EQ(add->right->range.str(), "m.py:4:25");
  EXPECT_EQ(toString(*assign->value), "self.conv1(x) + 1");
  EXPECT_EQ(def->body[1]->range.str(), "m.py:5:5");
}

TEST(ScriptParser, RangesAfterMultibyteCharacters) {
  auto module = parseScript("s = 'é€' + bad\n", "u.py");
  const auto *add = module->body[0]->as<Assign>()->value->as<BinOp>();
  // Columns count bytes: 'é€' is 7 bytes, so `bad` starts at byte 15.
  EXPECT_EQ(add->right->range.start(), 14u);
  EXPECT_EQ(add->right->range.end(), 17u);
}

//===----------------------------------------------------------------------===//
// Indentation
//===----------------------------------------------------------------------===//

TEST(ScriptParser, IndentationBlankLinesCommentsAndContinuations) {
  EXPECT_EQ(parse("def f(a,\n"
                  "        b):  # comment\n"
                  "\n"
                  "    # a comment at another indentation\n"
                  "        \n"
                  "    x = [1,\n"
                  "  2]\n"
                  "    y = x + \\\n"
                  "        1\n"
                  "    return {\n"
                  "'k': (y)}\n"
                  "g = 1"),
            "def f(a, b)\n"
            "  assign x = (list 1 2)\n"
            "  assign y = (+ x 1)\n"
            "  return (dict 'k':y)\n"
            "assign g = 1\n");
}

TEST(ScriptParser, TabsIndentToMultiplesOfEight) {
  EXPECT_EQ(parse("if a:\n\tx = 1\n\tif b:\n\t\ty = 2\n\tz = 3\n"),
            "if a\n  assign x = 1\n  if b\n    assign y = 2\n  assign z = "
            "3\n");
}

TEST(ScriptParser, DedentsAtEndOfFileAndCrlf) {
  EXPECT_EQ(parse("if a:\r\n    if b:\r\n        pass"),
            "if a\n  if b\n    pass\n");
  EXPECT_EQ(parse("if a:\r    x = 1\r"), "if a\n  assign x = 1\n");
}

TEST(ScriptParser, OneLineCompoundStatements) {
  EXPECT_EQ(parse("if a: x = 1; y = 2\nelse: pass\n"),
            "if a\n  assign x = 1\n  assign y = 2\nelse\n  pass\n");
}

TEST(ScriptParser, ByteOrderMarkIsSkipped) {
  EXPECT_EQ(parse("\xEF\xBB\xBFx = 1\n"), "assign x = 1\n");
}

//===----------------------------------------------------------------------===//
// toString and spellings
//===----------------------------------------------------------------------===//

TEST(ScriptParser, ToStringPrintsPythonText) {
  auto text = [](const std::string &source) {
    return toString(parseExpr(source));
  };
  EXPECT_EQ(text("(a + b) * c ** -d"), "(a + b) * c ** -d");
  EXPECT_EQ(text("a - (b - c)"), "a - (b - c)");
  EXPECT_EQ(text("x[1:2, ::-1, None]"), "x[1:2, ::-1, None]");
  EXPECT_EQ(text("f(a, *b, k='s')"), "f(a, *b, k='s')");
  EXPECT_EQ(text("not (a and b) or c"), "not (a and b) or c");
  EXPECT_EQ(text("[x for x, y in z if x]"), "[x for x, y in z if x]");
  EXPECT_EQ(text("{'a': 1.5, 2: (3,)}"), "{'a': 1.5, 2: (3,)}");
  EXPECT_EQ(text("f'{x!r:>4} {{}}'"), "f'{x!r:>4} {{}}'");
  EXPECT_EQ(text("a if b else c"), "a if b else c");
  EXPECT_EQ(text("a < b is not c"), "a < b is not c");
  EXPECT_EQ(text("1e-05 + 2.0"), "1e-05 + 2.0");
  EXPECT_EQ(spelling(BinOpKind::FloorDiv), std::string("//"));
  EXPECT_EQ(spelling(UnaryOpKind::Invert), std::string("~"));
  EXPECT_EQ(spelling(CmpOpKind::NotIn), std::string("not in"));
}

//===----------------------------------------------------------------------===//
// Constructs Kiln rejects
//===----------------------------------------------------------------------===//

TEST(ScriptParserRejects, Lambda) {
  EXPECT_EQ(error("f = lambda x: x + 1\n"),
            "1:5: Kiln does not support lambda; define a function with def "
            "instead");
}

TEST(ScriptParserRejects, TryWithYieldAsync) {
  EXPECT_EQ(error("try:\n    pass\nexcept E as e:\n    pass\nfinally:\n"
                  "    pass\n"),
            "1:1: Kiln does not support try statements; check conditions "
            "with if and raise an exception instead");
  EXPECT_EQ(error("def f():\n    with torch.no_grad():\n        pass\n"),
            "2:5: Kiln does not support with statements; write the body "
            "without the with (Kiln needs no torch.no_grad())");
  EXPECT_EQ(error("def f():\n    yield 1\n"),
            "2:5: Kiln does not support generators (yield); build and "
            "return a list instead");
  EXPECT_EQ(error("def f():\n    x = yield\n"),
            "2:9: Kiln does not support generators (yield); build and "
            "return a list instead");
  const std::string async =
      "Kiln does not support async/await; write synchronous code";
  EXPECT_EQ(error("async def f():\n    pass\n"), "1:1: " + async);
  EXPECT_EQ(error("def f():\n    return await g()\n"), "2:12: " + async);
  EXPECT_EQ(error("@dec\nasync def f():\n    pass\n"), "2:1: " + async);
}

TEST(ScriptParserRejects, GlobalAndNonlocal) {
  EXPECT_EQ(error("def f():\n    global g\n"),
            "2:5: Kiln does not support global statements; pass the value as "
            "an argument, or keep it in a module attribute");
  EXPECT_EQ(error("def f():\n    nonlocal g\n"),
            "2:5: Kiln does not support nonlocal statements; pass the value "
            "as an argument and return the new value");
}

TEST(ScriptParserRejects, SetsDictComprehensionsAndGenerators) {
  EXPECT_EQ(error("s = {1, 2}\n"),
            "1:5: Kiln does not support set literals; use a list, or a dict "
            "with the elements as keys");
  EXPECT_EQ(error("s = {k: v for k, v in x}\n"),
            "1:5: Kiln does not support dict comprehensions; build the dict "
            "in a for loop");
  EXPECT_EQ(error("s = {k for k in x}\n"),
            "1:5: Kiln does not support set comprehensions; use a list "
            "comprehension");
  EXPECT_EQ(error("s = (k for k in x)\n"),
            "1:5: Kiln does not support generator expressions; use a list "
            "comprehension [...] instead");
  EXPECT_EQ(error("s = sum(k for k in x)\n"),
            "1:9: Kiln does not support generator expressions; use a list "
            "comprehension [...] instead");
  EXPECT_EQ(error("s = [a for b in c for a in b]\n"),
            "1:19: Kiln does not support more than one 'for' in a "
            "comprehension; use nested for loops");
  EXPECT_EQ(error("s = [a for a.b in c]\n"),
            "1:12: a comprehension's loop variable must be a name or a tuple "
            "of names");
}

TEST(ScriptParserRejects, WalrusAndStarred) {
  const std::string walrus = "Kiln does not support assignment expressions "
                             "(:=); assign the value in a statement before";
  EXPECT_EQ(error("if (n := len(a)) > 1:\n    pass\n"), "1:7: " + walrus);
  EXPECT_EQ(error("while n := f():\n    pass\n"), "1:9: " + walrus);
  EXPECT_EQ(error("f(n := 1)\n"), "1:5: " + walrus);
  EXPECT_EQ(error("a, *b = x\n"),
            "1:4: Kiln does not support starred assignment targets; unpack "
            "a fixed number of values");
  EXPECT_EQ(error("x = [*a, b]\n"),
            "1:6: Kiln does not support * unpacking here; it is allowed only "
            "in call arguments");
  EXPECT_EQ(error("f(**kw)\n"),
            "1:3: Kiln does not support ** unpacking of keyword arguments; "
            "pass each by name");
  EXPECT_EQ(error("d = {**a}\n"),
            "1:6: Kiln does not support ** unpacking in dict literals; merge "
            "the dicts with update()");
}

TEST(ScriptParserRejects, ParametersOtherThanPlainNames) {
  EXPECT_EQ(error("def f(x, *args):\n    pass\n"),
            "1:10: Kiln does not support *args parameters; list each "
            "parameter by name");
  EXPECT_EQ(error("def f(x, **kwargs):\n    pass\n"),
            "1:10: Kiln does not support **kwargs parameters; list each "
            "parameter by name");
  EXPECT_EQ(error("def f(x, *, y):\n    pass\n"),
            "1:10: Kiln does not support keyword-only parameters (a bare "
            "'*'); remove the '*'");
  EXPECT_EQ(error("def f(x, /):\n    pass\n"),
            "1:10: Kiln does not support positional-only parameters ('/'); "
            "remove the '/'");
  EXPECT_EQ(error("def f(x=1, y):\n    pass\n"),
            "1:12: parameter without a default follows parameter with a "
            "default");
  EXPECT_EQ(error("def f(x, x):\n    pass\n"),
            "1:10: duplicate parameter 'x' in function definition");
}

TEST(ScriptParserRejects, LoopElse) {
  EXPECT_EQ(error("for x in y:\n    pass\nelse:\n    pass\n"),
            "3:1: Kiln does not support 'else' on a for loop; set a flag "
            "before 'break' and test it after the loop");
  EXPECT_EQ(error("while x:\n    pass\nelse:\n    pass\n"),
            "3:1: Kiln does not support 'else' on a while loop; set a flag "
            "before 'break' and test it after the loop");
}

TEST(ScriptParserRejects, NestedDefinitions) {
  EXPECT_EQ(error("def f():\n    def g():\n        pass\n"),
            "2:5: Kiln does not support nested functions; define 'g' at the "
            "top level of the module");
  EXPECT_EQ(error("def f():\n    class C:\n        pass\n"),
            "2:5: Kiln does not support classes defined inside functions; "
            "define 'C' at the top level of the module");
  EXPECT_EQ(error("class A:\n    class B:\n        pass\n"),
            "2:5: Kiln does not support nested classes; define 'B' at the "
            "top level of the module");
  EXPECT_EQ(error("if x:\n    def g():\n        pass\n"),
            "2:5: Kiln does not support def inside a block; define 'g' at "
            "the top level of the module");
}

TEST(ScriptParserRejects, ImportsLiteralsAndMisc) {
  EXPECT_EQ(error("from torch import *\n"),
            "1:19: Kiln does not support 'import *'; import the names you "
            "use");
  EXPECT_EQ(error("from . import m\n"),
            "1:6: Kiln does not support relative imports; import the module "
            "by its absolute name");
  EXPECT_EQ(error("x = b'abc'\n"),
            "1:5: Kiln does not support bytes literals; use a str");
  EXPECT_EQ(error("x = 1 + 2j\n"),
            "1:9: Kiln does not support complex numbers");
  EXPECT_EQ(error("raise E from e\n"),
            "1:9: Kiln does not support 'raise ... from'; raise the exception "
            "alone");
  EXPECT_EQ(error("return 1\n"), "1:1: 'return' outside function");
  EXPECT_EQ(error("def f():\n    break\n"), "2:5: 'break' outside loop");
  EXPECT_EQ(error("f() = 1\n"), "1:1: cannot assign to a function call");
  EXPECT_EQ(error("a + 1 = 2\n"), "1:1: cannot assign to an operator "
                                  "expression");
  EXPECT_EQ(error("for 1 in x:\n    pass\n"), "1:5: cannot assign to a "
                                              "literal");
  EXPECT_EQ(error("a, b += 1\n"),
            "1:1: illegal target for augmented assignment");
  EXPECT_EQ(error("a, b: int\n"),
            "1:1: only a single target (not a tuple) can be annotated");
  EXPECT_EQ(error("f(a=1, b)\n"),
            "1:8: positional argument follows keyword argument");
  EXPECT_EQ(error("f(a=1, a=2)\n"), "1:8: keyword argument repeated: 'a'");
}

//===----------------------------------------------------------------------===//
// Syntax, indentation and text errors
//===----------------------------------------------------------------------===//

TEST(ScriptParserErrors, SyntaxErrorsNameWhatWasExpected) {
  EXPECT_EQ(error("if x\n    pass\n"),
            "1:5: invalid syntax: expected ':' after the if condition");
  EXPECT_EQ(error("def f(x)\n    pass\n"),
            "1:9: invalid syntax: expected ':' after the function signature");
  EXPECT_EQ(error("while x y:\n    pass\n"),
            "1:9: invalid syntax: expected ':' after the while condition");
  EXPECT_EQ(error("x = (1 + )\n"), "1:10: invalid syntax at ')'");
  EXPECT_EQ(error("x = 1 +\n"), "1:8: invalid syntax: unexpected end of line");
  EXPECT_EQ(error("if x = 1:\n    pass\n"),
            "1:6: invalid syntax: '=' assigns; use '==' to compare");
  EXPECT_EQ(error("f(a b)\n"),
            "1:5: invalid syntax at 'b'; perhaps you forgot a comma?");
  EXPECT_EQ(error("x = $\n"), "1:5: unexpected character '$'");
  EXPECT_EQ(error("match x:\n    case 1:\n        pass\n"),
            "1:1: Kiln does not support match statements; use if/elif/else");
  EXPECT_EQ(error("def f():\n    print 'hi'\n"),
            "2:5: missing parentheses in call to 'print'; write print(...)");
  EXPECT_EQ(error("class C(object)\n    pass\n"),
            "1:16: invalid syntax: expected ':' after the class name and "
            "bases");
  EXPECT_EQ(error("x = 1 if y\n"), "1:11: invalid syntax: expected 'else'");
  EXPECT_EQ(error("x = a.if\n"), "1:7: invalid syntax: expected a name");
  EXPECT_EQ(error("else:\n    pass\n"), "1:1: invalid syntax at 'else'");
  EXPECT_EQ(error("x = 1 '''two\nlines'''\n"),
            "1:7: invalid syntax at ''''two...'");
}

TEST(ScriptParserErrors, IndentationErrors) {
  EXPECT_EQ(error("if x:\npass\n"),
            "2:1: expected an indented block after 'if' statement on line 1");
  EXPECT_EQ(error("def f():\n    pass\nclass C:\nx = 1\n"),
            "4:1: expected an indented block after class definition on line "
            "3");
  EXPECT_EQ(error("def f():\n# c\n\nx = 1\n"),
            "4:1: expected an indented block after function definition on "
            "line 1");
  EXPECT_EQ(error("if x:\n    pass\nelse:\n"),
            "4:1: expected an indented block after 'else' statement on line "
            "3");
  EXPECT_EQ(error("x = 1\n    y = 2\n"), "2:5: unexpected indent");
  EXPECT_EQ(error("if x:\n        a = 1\n    b = 2\n"),
            "3:5: unindent does not match any outer indentation level");
  EXPECT_EQ(error("if x:\n        a = 1\n\tb = 2\n"),
            "3:2: inconsistent use of tabs and spaces in indentation");
}

TEST(ScriptParserErrors, BracketErrors) {
  EXPECT_EQ(error("x = (1, 2\ny = 3\n"), "1:5: '(' was never closed");
  EXPECT_EQ(error("x = 1)\n"), "1:6: unmatched ')'");
  EXPECT_EQ(error("x = [1, 2)\n"),
            "1:10: closing bracket ')' does not match opening bracket '['");
  EXPECT_EQ(error("x = [1,\n 2)\n"),
            "2:3: closing bracket ')' does not match opening bracket '[' on "
            "line 1");
}

TEST(ScriptParserErrors, LiteralErrors) {
  EXPECT_EQ(error("x = 9223372036854775808\n"),
            "1:5: integer literal 9223372036854775808 does not fit in a "
            "64-bit int");
  EXPECT_EQ(error("x = 0x1_0000_0000_0000_0000\n"),
            "1:5: integer literal 0x1_0000_0000_0000_0000 does not fit in a "
            "64-bit int");
  EXPECT_EQ(error("x = 0777\n"),
            "1:5: leading zeros in decimal integer literals are not "
            "permitted; use an 0o prefix for octal integers");
  EXPECT_EQ(error("x = 'abc\n"), "1:5: unterminated string literal");
  EXPECT_EQ(error("x = '''abc\n\n"),
            "1:5: unterminated triple-quoted string literal");
  EXPECT_EQ(error("x = '\\x4'\n"),
            "1:6: invalid \\x escape: expected 2 hex digits");
  EXPECT_EQ(error("x = '\\N{DASH}'\n"),
            "1:6: \\N{...} escapes are not supported; write the character "
            "itself or use \\u");
  EXPECT_EQ(error("x = f'{}'\n"), "1:7: f-string: empty expression not "
                                  "allowed");
  EXPECT_EQ(error("x = f'{a'\n"), "1:7: f-string: expecting '}'");
  EXPECT_EQ(error("x = f'a}'\n"), "1:8: f-string: single '}' is not allowed");
  EXPECT_EQ(error("x = f'{a!x}'\n"),
            "1:9: f-string: invalid conversion character: expected 's' or "
            "'r'");
  EXPECT_EQ(error("x = f'{a:{w}}'\n"),
            "1:10: f-string: nested replacement fields in a format spec are "
            "not supported");
  EXPECT_EQ(error("x = f'{yield}'\n"),
            "1:8: Kiln does not support generators (yield); build and return "
            "a list instead");
  EXPECT_EQ(error("x = f'{(lambda: 1)}'\n"),
            "1:9: Kiln does not support lambda; define a function with def "
            "instead");
}

TEST(ScriptParserErrors, TextThatIsNotAScript) {
  EXPECT_EQ(error("x = 1\n\xFF\xFE\n"),
            "2:1: the file is not UTF-8 text (invalid byte 0xFF)");
  EXPECT_EQ(error(std::string("x = 1\ny = \0\n", 11)),
            "2:5: the file is not text: it contains a NUL byte");
  EXPECT_EQ(error("x = \x01\n"), "1:5: unexpected character U+0001");
  EXPECT_EQ(error("x = \xE2\x80\x9Chi\xE2\x80\x9D\n"),
            "1:5: unexpected character '\xE2\x80\x9C' (U+201C)");
  EXPECT_EQ(error("x = 1 \\ 2\n"),
            "1:7: unexpected character after line continuation character");
  // Overlong encodings and surrogates are not UTF-8.
  EXPECT_EQ(error("x = '\xC0\xAF'\n"),
            "1:6: the file is not UTF-8 text (invalid byte 0xC0)");
  EXPECT_EQ(error("x = '\xED\xA0\x80'\n"),
            "1:6: the file is not UTF-8 text (invalid byte 0xED)");
}

TEST(ScriptParserErrors, BinaryGarbageNeverCrashes) {
  // Deterministic pseudo-random bytes and token soup: every input either
  // parses or raises a located CompileError.
  uint32_t state = 12345;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return state >> 16;
  };
  const char *pieces[] = {"(",      ")",    "[",   "]",   "{",      "}",   ":",
                          "\n",     "    ", "if",  "def", "x",      "1",   "'",
                          "\"\"\"", "\\",   "f'{", "}",   "lambda", ",",   "=",
                          "*",      "**",   "\t",  "#",   "else",   "for", "in",
                          ".",      "0x",   "1e",  "@"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    int length = static_cast<int>(next() % 40);
    for (int i = 0; i < length; ++i) {
      if (round % 3 == 0)
        text += static_cast<char>(next() & 0xFF);
      else
        text += pieces[next() % (sizeof pieces / sizeof *pieces)];
    }
    try {
      parseScript(text, "fuzz.py");
    } catch (const CompileError &e) {
      EXPECT_TRUE(e.diagnostic().range.valid()) << text;
    }
  }
}

TEST(ScriptParserErrors, DeepNestingIsAnErrorNotACrash) {
  std::string ok = "x = " + std::string(90, '(') + "1" + std::string(90, ')');
  EXPECT_EQ(parse(ok + "\n"), "assign x = 1\n");
  std::string deep =
      "x = " + std::string(150, '[') + "1" + std::string(150, ']');
  EXPECT_EQ(error(deep + "\n"),
            "1:105: too deeply nested: more than 100 levels of brackets");
  std::string blocks;
  for (int i = 0; i < 120; ++i)
    blocks += std::string(i, ' ') + "if x:\n";
  blocks += std::string(120, ' ') + "pass\n";
  EXPECT_EQ(error(blocks),
            "102:102: too deeply nested: more than 100 levels of indented "
            "blocks");
  std::string blocksOk;
  for (int i = 0; i < 90; ++i)
    blocksOk += std::string(i, ' ') + "while x:\n";
  blocksOk += std::string(90, ' ') + "y = (((1)))\n";
  EXPECT_NO_THROW(parseScript(blocksOk, "t.py"));
  // Operators recurse without brackets.
  std::string unary = "x = " + std::string(100000, '-') + "1\n";
  EXPECT_NE(error(unary).find("too deeply nested"), std::string::npos);
  std::string nots;
  for (int i = 0; i < 50000; ++i)
    nots += "not ";
  EXPECT_NE(error("x = " + nots + "y\n").find("too deeply nested"),
            std::string::npos);
  std::string chain = "x = 1";
  for (int i = 0; i < 5000; ++i)
    chain += " + 1";
  EXPECT_NE(error(chain + "\n").find("too deeply nested"), std::string::npos);
  std::string shortChain = "x = 1";
  for (int i = 0; i < 500; ++i)
    shortChain += " + 1";
  EXPECT_NO_THROW(parseScript(shortChain + "\n", "t.py"));
}

TEST(ScriptParserErrors, DiagnosticShowsTheLineAndCaret) {
  try {
    parseScript("def f(x):\n    return lambda: x\n", "model.py");
    FAIL() << "no error";
  } catch (const CompileError &e) {
    EXPECT_EQ(std::string(e.what()),
              "model.py:2:12: error: Kiln does not support lambda; define a "
              "function with def instead\n"
              "    return lambda: x\n"
              "           ^~~~~~\n");
  }
}

TEST(ScriptParser, ParseScriptFileReadsAndNamesTheFile) {
  EXPECT_THROW(parseScriptFile("/nonexistent/dir/model.py"), UserError);
}

} // namespace
