//===- ModuleBuilderTest.cpp - Running __init__ at compile time -----------===//
//
// Module trees built by Kiln against what PyTorch builds from the same
// scripts (tests/data/module-builder/*.expected.txt, written by
// make_expected.py there), default-initialisation statistics, seeding, and
// located errors.
//
//===----------------------------------------------------------------------===//
#include "frontend/ModuleBuilder.h"

#include "frontend/Parser.h"
#include "frontend/Prelude.h"
#include "frontend/Script.h"
#include "ir/Diagnostics.h"
#include "support/File.h"
#include "tests/support/ErrorOf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

using namespace kiln;
using kiln::testing::errorOf;
using ::testing::HasSubstr;

namespace {

const std::string kData =
    std::string(KILN_SOURCE_DIR) + "/tests/data/module-builder/";

/// A script, its unit and the module built from one of its classes.
struct Built {
  std::shared_ptr<ScriptUnit> unit;
  BuiltModule module;
  ModuleState &root() const { return *module.root; }
};

Built build(const std::string &text, const std::string &cls, uint64_t seed = 0,
            const std::string &file = "model.py") {
  Built b;
  b.unit = std::make_shared<ScriptUnit>(parseScript(text, file));
  const ScriptUnit::Global *g = b.unit->lookup(cls);
  if (!g || g->kind != ScriptUnit::GlobalKind::Class)
    throw std::runtime_error("no class " + cls);
  ModuleBuilder builder(*b.unit, seed);
  b.module = builder.construct(*g->cls);
  return b;
}

Built buildFile(const std::string &path, const std::string &cls,
                uint64_t seed = 0) {
  return build(readFile(path), cls, seed, path);
}

/// The lines make_expected.py writes, for Kiln's tree.
std::vector<std::string> describe(const ModuleState &root) {
  std::vector<std::string> lines;
  for (const auto &[name, t] : root.stateDict()) {
    std::string shape;
    for (size_t i = 0; i < t.sizes().size(); ++i)
      shape += (i ? "," : "") + std::to_string(t.sizes()[i]);
    lines.push_back("state " + name + " " +
                    std::string(scalarTypeName(t.dtype())) + " [" + shape +
                    "]");
  }
  std::set<const ModuleState *> seen;
  std::function<void(const ModuleState &, const std::string &)> walk =
      [&](const ModuleState &m, const std::string &path) {
        if (!seen.insert(&m).second)
          return;
        for (const auto &e : m.entries)
          if (e.kind == ModuleState::Kind::Value && !e.value.isTensor() &&
              (!e.name.starts_with("_") ||
               e.name == "_reversed_padding_repeated_twice"))
            lines.push_back("attr " + (path.empty() ? "." : path) + " " +
                            e.name + " " + e.value.repr());
        for (const auto &e : m.entries)
          if (e.kind == ModuleState::Kind::Module)
            walk(*e.module, path.empty() ? e.name : path + "." + e.name);
      };
  walk(root, "");
  return lines;
}

std::vector<std::string> readLines(const std::string &path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      lines.push_back(line);
  return lines;
}

void expectLikePyTorch(const Built &b, const std::string &expectedFile) {
  std::vector<std::string> expected = readLines(kData + expectedFile);
  ASSERT_FALSE(expected.empty()) << expectedFile;
  std::vector<std::string> actual = describe(b.root());
  // State dicts in the same order; attributes as sets (dict order aside).
  auto split = [](const std::vector<std::string> &lines, bool state) {
    std::vector<std::string> out;
    for (const std::string &l : lines)
      if (l.starts_with("state ") == state)
        out.push_back(l);
    if (!state)
      std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(split(actual, true), split(expected, true));
  EXPECT_EQ(split(actual, false), split(expected, false));
}

// By value: stateDict() returns a temporary list of (shared) tensors.
Tensor tensor(const ModuleState &root, const std::string &name) {
  for (const auto &[n, t] : root.stateDict())
    if (n == name)
      return t;
  throw std::runtime_error("no tensor " + name);
}

std::vector<double> values(const Tensor &t) {
  std::vector<double> out;
  for (int64_t i = 0; i < t.numel(); ++i)
    out.push_back(t.item(i).toDouble());
  return out;
}

/// The CompileError of building `cls` from `text`, with its location.
std::string buildError(const std::string &text, const std::string &cls) {
  try {
    build(text, cls);
  } catch (const CompileError &e) {
    const Diagnostic &d = e.diagnostic();
    return d.range.str() + ": " + d.message;
  } catch (const std::exception &e) {
    return std::string("not a CompileError: ") + e.what();
  }
  return "<no error>";
}

const char *kHeader = "import math\n"
                      "import torch\n"
                      "import torch.nn as nn\n"
                      "import torch.nn.functional as F\n";

//===--- Trees like PyTorch's ---------------------------------------------===//

TEST(ModuleBuilder, DigitsCNNLikePyTorch) {
  Built b = buildFile(
      std::string(KILN_SOURCE_DIR) + "/examples/digits/model.py", "DigitsCNN");
  expectLikePyTorch(b, "digits.expected.txt");
  EXPECT_EQ(b.root().qualifiedName, "__torch__.DigitsCNN");
  const ModuleState &conv = *b.root().find("conv1")->module;
  EXPECT_EQ(conv.qualifiedName, "__torch__.torch.nn.modules.conv.Conv2d");
  EXPECT_EQ(b.module.classes.at(&conv),
            Prelude::get().findClass("Conv2d")->def);
  EXPECT_EQ(b.module.units.at(&conv), Prelude::get().findClass("Conv2d")->unit);
  EXPECT_EQ(b.module.units.at(&b.root()), b.unit.get());
  EXPECT_TRUE(b.root().training);
}

TEST(ModuleBuilder, ResNetLikePyTorch) {
  Built b = buildFile(kData + "resnet.py", "ResNet");
  expectLikePyTorch(b, "resnet.expected.txt");
  // Every module in the tree knows its class, containers included.
  const ModuleState &layer2 = *b.root().find("layer2")->module;
  EXPECT_EQ(layer2.qualifiedName,
            "__torch__.torch.nn.modules.container.Sequential");
  EXPECT_EQ(b.module.classes.at(&layer2),
            Prelude::get().findClass("Sequential")->def);
  const ModuleState &block = *layer2.find("0")->module;
  EXPECT_EQ(block.qualifiedName, "__torch__.BasicBlock");
  EXPECT_EQ(b.module.classes.at(&block)->name, "BasicBlock");
  EXPECT_EQ(b.module.classes.size(), b.module.units.size());
  // layer1's first block has no downsample: a None attribute.
  const ModuleState &plain =
      *b.root().find("layer1")->module->find("0")->module;
  ASSERT_NE(plain.find("downsample"), nullptr);
  EXPECT_TRUE(plain.find("downsample")->value.isNone());
  // The init loop of ResNet.__init__ set BatchNorm weights to 1, biases 0.
  for (double v : values(tensor(b.root(), "layer3.0.bn2.weight")))
    EXPECT_EQ(v, 1.0);
}

TEST(ModuleBuilder, ZooLikePyTorch) {
  Built b = buildFile(kData + "zoo.py", "Zoo");
  expectLikePyTorch(b, "zoo.expected.txt");
  EXPECT_EQ(b.root().find("positions")->kind, ModuleState::Kind::Buffer);
  EXPECT_EQ(b.root().find("offset")->kind, ModuleState::Kind::Parameter);
  EXPECT_TRUE(b.root().find("unused")->value.isNone());
  // nn.Parameter(torch.ones(3) * SCALE)
  for (double v : values(tensor(b.root(), "scale")))
    EXPECT_NEAR(v, 0.25, 1e-7);
  // Embedding's padding row is zero; the rest is N(0, 1).
  std::vector<double> emb = values(tensor(b.root(), "embed.weight"));
  for (int i = 0; i < 16; ++i)
    EXPECT_EQ(emb[static_cast<size_t>(i)], 0.0);
  EXPECT_NE(emb[16], 0.0);
}

//===--- Default initialisation -------------------------------------------===//

TEST(ModuleBuilder, LinearDefaultInitStatistics) {
  Built b = build(std::string(kHeader) + R"(
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(256, 128)
)",
                  "M", 7);
  // kaiming_uniform_(a=sqrt(5)) on fan_in 256: U(-1/16, 1/16).
  for (const char *name : {"fc.weight", "fc.bias"}) {
    std::vector<double> v = values(tensor(b.root(), name));
    double bound = 1.0 / 16, sum = 0, sq = 0, lo = 1, hi = -1;
    for (double x : v) {
      sum += x;
      sq += x * x;
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    double n = static_cast<double>(v.size());
    double mean = sum / n, sd = std::sqrt(sq / n - mean * mean);
    EXPECT_GE(lo, -bound) << name;
    EXPECT_LE(hi, bound) << name;
    double tolerance = name[3] == 'w' ? 0.02 : 0.15; // 32768 vs 128 draws
    EXPECT_NEAR(sd, bound / std::sqrt(3.0), tolerance * bound) << name;
    EXPECT_NEAR(mean, 0, 3 * bound / std::sqrt(3 * n)) << name;
    // Near the bounds: uniform, not clustered.
    EXPECT_LT(lo, -0.8 * bound) << name;
    EXPECT_GT(hi, 0.8 * bound) << name;
  }
}

TEST(ModuleBuilder, NormInitIsExact) {
  Built b = build(std::string(kHeader) + R"(
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm2d(5)
        self.ln = nn.LayerNorm([2, 3])
)",
                  "M");
  auto all = [&](const char *name, double want) {
    for (double v : values(tensor(b.root(), name)))
      EXPECT_EQ(v, want) << name;
  };
  all("bn.weight", 1);
  all("bn.bias", 0);
  all("bn.running_mean", 0);
  all("bn.running_var", 1);
  all("ln.weight", 1);
  all("ln.bias", 0);
  const Tensor &count = tensor(b.root(), "bn.num_batches_tracked");
  EXPECT_EQ(count.dtype(), ScalarType::Long);
  EXPECT_EQ(count.dim(), 0);
  EXPECT_EQ(count.item().toInt(), 0);
  EXPECT_EQ(tensor(b.root(), "ln.weight").sizes(),
            (std::vector<int64_t>{2, 3}));
}

TEST(ModuleBuilder, SeedDeterminesWeights) {
  std::string path = std::string(KILN_SOURCE_DIR) + "/examples/digits/model.py";
  auto weights = [&](uint64_t seed) {
    std::vector<double> out;
    for (const auto &[n, t] :
         buildFile(path, "DigitsCNN", seed).root().stateDict())
      for (double v : values(t))
        out.push_back(v);
    return out;
  };
  EXPECT_EQ(weights(3), weights(3));
  EXPECT_NE(weights(3), weights(4));
}

//===--- Python semantics in __init__ -------------------------------------===//

TEST(ModuleBuilder, PythonArithmeticAndControlFlow) {
  Built b = build(std::string(kHeader) + R"(
N = 7
def twice(x, k=2):
    return x * k

class M(nn.Module):
    def __init__(self, n: int = N):
        super(M, self).__init__()
        self.floordiv = (-n // 2, n // -2, -n % 3, n % -3, 2 ** 10)
        self.truediv = n / 2
        self.floats = (-7.5 // 2, 7.5 % -2, math.floor(2.5), math.ceil(2.1))
        total = 0
        i = 0
        while True:
            i += 1
            if i % 2 == 0:
                continue
            if i > 9:
                break
            total += i
        self.total = total
        self.pairs = [(a, b) for a, b in zip(range(3), 'xyz') if a != 1]
        self.enum = [i * j for i, j in enumerate([5, 6, 7], start=1)]
        self.chosen = max([3, 9, 2]) + min(4, 1) + abs(-2) + len('abc')
        self.keyword = twice(k=3, x=4) + twice(1)
        self.cond = 'big' if n > 5 and not n == 8 else 'small'
        self.lookup = {'a': 1, 'b': 2}['b']
        self.conv = (int(2.9), float(3), bool(0), str(12), round(2.5))
        self.checks = [isinstance(n, int), isinstance(1.0, (int, tuple)),
                       isinstance([], list), 3 in [1, 2, 3], 'x' not in 'abc']
        self.text = f'{n:03d}-{self.truediv:.2f}-{self.cond!r}'
        self.sliced = [0, 1, 2, 3, 4, 5][1:5:2] + list(range(10))[-2:]
)",
                  "M");
  auto attr = [&](const char *name) {
    const ModuleState::Entry *e = b.root().find(name);
    return e ? e->value.repr() : std::string("<missing>");
  };
  EXPECT_EQ(attr("floordiv"), "(-4, -4, 2, -2, 1024)");
  EXPECT_EQ(attr("truediv"), "3.5");
  EXPECT_EQ(attr("floats"), "(-4.0, -0.5, 2, 3)");
  EXPECT_EQ(attr("total"), "25");
  EXPECT_EQ(attr("pairs"), "[(0, 'x'), (2, 'z')]");
  EXPECT_EQ(attr("enum"), "[5, 12, 21]");
  EXPECT_EQ(attr("chosen"), "15");
  EXPECT_EQ(attr("keyword"), "14");
  EXPECT_EQ(attr("cond"), "'big'");
  EXPECT_EQ(attr("lookup"), "2");
  EXPECT_EQ(attr("checks"), "[True, False, True, True, True]");
  EXPECT_EQ(attr("conv"), "(2, 3.0, False, '12', 2)");
  EXPECT_EQ(attr("text"), R"("007-3.50-'big'")");
  EXPECT_EQ(attr("sliced"), "[1, 3, 8, 9]");
}

TEST(ModuleBuilder, ContainersAndHelpers) {
  Built b = build(std::string(kHeader) + R"(
def block(n_in: int, n_out: int) -> nn.Module:
    return nn.Sequential(nn.Linear(n_in, n_out), nn.ReLU())

class M(nn.Module):
    def __init__(self, sizes=(4, 8, 2)):
        super().__init__()
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers.append(block(a, b))
        self.body = nn.Sequential(*layers, nn.Identity())
        self.heads = nn.ModuleList()
        for i in range(2):
            self.heads.append(nn.Linear(2, i + 1))
        self.heads.insert(0, nn.Tanh())
        self.first = self.heads[0]
        self.count = len(self.heads) + len(self.body)
        self.add_module('extra', nn.Linear(1, 1, bias=False))
        self.training = False
)",
                  "M");
  std::vector<std::string> names;
  for (const auto &[n, t] : b.root().stateDict())
    names.push_back(n);
  EXPECT_THAT(names, ::testing::ElementsAre(
                         "body.0.0.weight", "body.0.0.bias", "body.1.0.weight",
                         "body.1.0.bias", "heads.1.weight", "heads.1.bias",
                         "heads.2.weight", "heads.2.bias", "extra.weight"));
  EXPECT_EQ(b.root().find("count")->value.toInt(), 6);
  EXPECT_EQ(b.root().find("first")->module.get(),
            b.root().find("heads")->module->find("0")->module.get());
  EXPECT_FALSE(b.root().training);
}

TEST(ModuleBuilder, TorchCallsOnConcreteValues) {
  Built b = build(std::string(kHeader) + R"(
class M(nn.Module):
    def __init__(self):
        super().__init__()
        x = torch.arange(12).view(3, 4).float()
        self.register_buffer('pooled', torch.max_pool2d(torch.ones(1, 1, 4, 4), 2))
        self.register_buffer('row', x[1])
        self.register_buffer('mixed', torch.tensor([1, 2.5]))
        self.register_buffer('summed', (x * 2 + 1).sum(dim=1, keepdim=True))
        self.shape = tuple(x.shape) + (x.size(1), x.dim(), x.numel())
        self.item = float(x[2, 3]) - 1
)",
                  "M");
  auto shape = [&](const char *n) { return tensor(b.root(), n).sizes(); };
  EXPECT_EQ(shape("pooled"), (std::vector<int64_t>{1, 1, 2, 2}));
  EXPECT_EQ(values(tensor(b.root(), "row")), (std::vector<double>{4, 5, 6, 7}));
  EXPECT_EQ(tensor(b.root(), "mixed").dtype(), ScalarType::Float);
  EXPECT_EQ(values(tensor(b.root(), "summed")),
            (std::vector<double>{16, 48, 80}));
  EXPECT_EQ(b.root().find("shape")->value.repr(), "(3, 4, 4, 2, 12)");
  EXPECT_EQ(b.root().find("item")->value.repr(), "10.0");
}

//===--- Errors, located
//----------------------------------------------------===//

TEST(ModuleBuilder, ErrorsAreLocated) {
  std::string h = kHeader; // 4 lines
  EXPECT_EQ(buildError(h + R"(
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, undefined_name)
)",
                       "M"),
            "model.py:9:32: name 'undefined_name' is not defined");
  EXPECT_THAT(buildError(h + R"(
class M(nn.Module):
    def __init__(self, width):
        super().__init__()
)",
                         "M"),
              HasSubstr("model.py:7:24: Kiln constructs M without "
                        "arguments, so its __init__ parameter 'width' needs "
                        "a default value"));
  EXPECT_THAT(buildError(h + R"(
class Base:
    pass
class M(Base):
    def __init__(self):
        pass
)",
                         "M"),
              HasSubstr("model.py:6:7: class Base must derive from nn.Module"));
  EXPECT_THAT(buildError(h + R"(
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = torch.zeros('a', 'b')
)",
                         "M"),
              HasSubstr("model.py:9:18: no overload of torch.zeros accepts"));
  EXPECT_THAT(
      buildError(h + R"(
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, groups=2)
)",
                 "M"),
      HasSubstr("model.py:9:21: ValueError: in_channels must be divisible by "
                "groups"));
  EXPECT_THAT(buildError(h + R"(
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(1, 1)]
)",
                         "M"),
              HasSubstr("model.py:9:9: self.layers is a list holding modules"));
  EXPECT_THAT(buildError(h + R"(
class M(nn.Module):
    def __init__(self):
        super().__init__()
        x = 1 // 0
)",
                         "M"),
              HasSubstr("model.py:9:13: ZeroDivisionError"));
  EXPECT_THAT(buildError(h + R"(
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.fc.weight = torch.zeros(4, 4)
)",
                         "M"),
              HasSubstr("as parameter 'weight' (nn.Parameter or None "
                        "expected)"));
}

TEST(ModuleBuilder, RunawayIsAnErrorNotAHang) {
  std::string h = kHeader;
  EXPECT_THAT(buildError(h + R"(
class M(nn.Module):
    def __init__(self):
        super().__init__()
        while True:
            pass
)",
                         "M"),
              HasSubstr("runs too long"));
  EXPECT_THAT(buildError(h + R"(
def f(n):
    return f(n + 1)
class M(nn.Module):
    def __init__(self):
        super().__init__()
        f(0)
)",
                         "M"),
              HasSubstr("calls nested deeper than"));
}

} // namespace
