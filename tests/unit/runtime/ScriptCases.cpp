//===- ScriptCases.cpp - Running the recorded TorchScript cases -----------===//
#include "tests/unit/runtime/ScriptCases.h"

#include "ir/Diagnostics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace kiln::testing {

namespace {

ScriptCase brokenFile(const std::string &file, const std::string &why) {
  ScriptCase c;
  c.name = "unreadable_case_file";
  c.expect = ScriptCase::Expect::Error;
  c.expected = file + ": " + why; // no graph: runScriptCase reports this
  return c;
}

// "[2, 3]" -> {2, 3}
std::vector<int64_t> parseShape(const std::string &text) {
  std::vector<int64_t> sizes;
  std::string inner = text.substr(1, text.size() - 2);
  std::istringstream is(inner);
  std::string item;
  while (std::getline(is, item, ','))
    sizes.push_back(std::stoll(item));
  return sizes;
}

// "Float [2] [0.5, 2.5]"
Tensor parseTensor(const std::string &line) {
  size_t space = line.find(' ');
  size_t shapeEnd = line.find(']', space);
  auto dtype = scalarTypeFromName(line.substr(0, space));
  if (!dtype)
    throw std::runtime_error("unknown dtype in: " + line);
  std::vector<int64_t> sizes =
      parseShape(line.substr(space + 1, shapeEnd - space));
  std::string values = line.substr(shapeEnd + 2);
  values = values.substr(1, values.size() - 2);
  Tensor t = Tensor::empty(sizes, *dtype);
  std::istringstream is(values);
  std::string item;
  int64_t i = 0;
  while (std::getline(is, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    Scalar v = item == "True"    ? Scalar(true)
               : item == "False" ? Scalar(false)
               : item.find_first_of(".eni") != std::string::npos
                   ? Scalar(std::strtod(item.c_str(), nullptr))
                   : Scalar(static_cast<int64_t>(std::stoll(item)));
    t.setItem(i++, v);
  }
  if (i != t.numel())
    throw std::runtime_error("wrong number of values in: " + line);
  return t;
}

std::string tensorLine(const Tensor &t) {
  std::vector<IValue> values;
  for (int64_t i = 0; i < t.numel(); ++i)
    values.emplace_back(t.item(i));
  return std::string(scalarTypeName(t.dtype())) + " " + t.shapeString() + " " +
         pythonRepr(IValue::list(std::move(values)));
}

// Python's repr of a float: the shortest digits that read back, in fixed
// notation when the decimal exponent is in (-4, 16], else as 1e+16.
std::string pythonFloatRepr(double d) {
  if (std::isnan(d))
    return "nan";
  if (std::isinf(d))
    return d < 0 ? "-inf" : "inf";
  char buf[48];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof(buf), "%.*e", digits - 1, d);
    if (std::strtod(buf, nullptr) == d)
      break;
  }
  std::string s = buf;
  std::string sign = s[0] == '-' ? "-" : "";
  if (!sign.empty())
    s = s.substr(1);
  size_t e = s.find('e');
  int exponent = std::atoi(s.c_str() + e + 1);
  std::string digits = s.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  int point = exponent + 1; // digits before the decimal point
  int n = static_cast<int>(digits.size());
  if (point > -4 && point <= 16) {
    if (point <= 0)
      return sign + "0." + std::string(static_cast<size_t>(-point), '0') +
             digits;
    if (point >= n)
      return sign + digits + std::string(static_cast<size_t>(point - n), '0') +
             ".0";
    return sign + digits.substr(0, static_cast<size_t>(point)) + "." +
           digits.substr(static_cast<size_t>(point));
  }
  std::string mantissa =
      digits.substr(0, 1) + (n > 1 ? "." + digits.substr(1) : "");
  char exp[16];
  std::snprintf(exp, sizeof(exp), "e%c%02d", exponent < 0 ? '-' : '+',
                std::abs(exponent));
  return sign + mantissa + exp;
}

} // namespace

std::string pythonRepr(const IValue &v) {
  switch (v.tag()) {
  case IValue::Tag::Double:
    return pythonFloatRepr(v.toDouble());
  case IValue::Tag::List:
  case IValue::Tag::Tuple: {
    const auto &items = v.isList() ? v.toList().items : v.toTupleItems();
    std::string out = v.isList() ? "[" : "(";
    for (size_t i = 0; i < items.size(); ++i)
      out += (i ? ", " : "") + pythonRepr(items[i]);
    if (v.isTuple() && items.size() == 1)
      out += ",";
    return out + (v.isList() ? "]" : ")");
  }
  case IValue::Tag::Dict: {
    std::string out = "{";
    bool first = true;
    for (const auto &[k, x] : v.toDict().entries()) {
      out += (first ? "" : ", ") + pythonRepr(k) + ": " + pythonRepr(x);
      first = false;
    }
    return out + "}";
  }
  default:
    return v.repr();
  }
}

std::vector<ScriptCase> loadScriptCases(const std::string &file) {
  std::string path =
      std::string(KILN_SOURCE_DIR) + "/tests/golden/scalar/" + file;
  std::ifstream in(path);
  if (!in)
    return {brokenFile(path, "cannot be read")};
  std::vector<ScriptCase> cases;
  std::string line;
  ScriptCase current;
  bool inCase = false;
  try {
    while (std::getline(in, line)) {
      if (line.rfind("### case ", 0) == 0) {
        current = ScriptCase();
        current.name = line.substr(9);
        inCase = true;
      } else if (line.rfind("### input ", 0) == 0) {
        current.inputs.push_back(parseTensor(line.substr(10)));
      } else if (line.rfind("### expect_tensor ", 0) == 0) {
        current.expect = ScriptCase::Expect::Tensor;
        current.expected = line.substr(18);
      } else if (line.rfind("### expect ", 0) == 0) {
        current.expect = ScriptCase::Expect::Repr;
        current.expected = line.substr(11);
      } else if (line.rfind("### error ", 0) == 0) {
        current.expect = ScriptCase::Expect::Error;
        current.expected = line.substr(10);
      } else if (line == "### end") {
        cases.push_back(current);
        inCase = false;
      } else if (inCase) {
        current.graph += line + "\n";
      }
    }
  } catch (const std::exception &e) {
    return {brokenFile(path, e.what())};
  }
  if (cases.empty())
    return {brokenFile(path, "has no cases")};
  return cases;
}

std::string errorOf(const std::string &graph, std::vector<IValue> inputs) {
  try {
    runGraph(graph, std::move(inputs));
  } catch (const UserError &e) {
    return e.what();
  }
  return "";
}

::testing::AssertionResult runScriptCase(const ScriptCase &c) {
  if (c.graph.empty())
    return ::testing::AssertionFailure() << c.expected;
  std::vector<IValue> inputs;
  for (const Tensor &t : c.inputs)
    inputs.emplace_back(t);
  std::vector<IValue> out;
  try {
    out = runGraph(c.graph, std::move(inputs));
  } catch (const UserError &e) {
    std::string what = e.what();
    if (c.expect != ScriptCase::Expect::Error)
      return ::testing::AssertionFailure() << "unexpected error: " << what;
    if (what.find(c.expected) == std::string::npos)
      return ::testing::AssertionFailure()
             << "the error\n  " << what << "\ndoes not contain\n  "
             << c.expected;
    return ::testing::AssertionSuccess();
  }
  if (c.expect == ScriptCase::Expect::Error)
    return ::testing::AssertionFailure()
           << "no error; expected one containing: " << c.expected;
  if (out.size() != 1)
    return ::testing::AssertionFailure()
           << "the graph returned " << out.size() << " values";
  if (c.expect == ScriptCase::Expect::Tensor) {
    if (!out[0].isTensor())
      return ::testing::AssertionFailure()
             << "expected a tensor, got " << out[0].repr();
    std::string actual = tensorLine(out[0].toTensor());
    if (actual != c.expected)
      return ::testing::AssertionFailure()
             << "got " << actual << "\nexpected " << c.expected;
    return ::testing::AssertionSuccess();
  }
  std::string actual = out[0].repr();
  if (actual == c.expected)
    return ::testing::AssertionSuccess();
  // IValue::repr formats some floats unlike Python (100.0 as "1e+02"); the
  // kernel is right when Python's repr of its result matches.
  std::string python = pythonRepr(out[0]);
  if (python == c.expected) {
    std::cout << "[ NOTE     ] " << c.name << ": IValue::repr gives " << actual
              << ", Python's repr " << python << "\n";
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "got      " << actual << "\nexpected " << c.expected;
}

} // namespace kiln::testing
