//===- Golden.cpp ---------------------------------------------------------===//
#include "tests/support/Golden.h"

#include "runtime/tensor/Copy.h"
#include "runtime/tensor/io/Npy.h"

#include <cmath>
#include <filesystem>
#include <sstream>

namespace kiln::testing {

namespace {

std::string goldenPath(const std::string &family, const std::string &name) {
  return std::string(KILN_SOURCE_DIR) + "/tests/golden/" + family + "/" + name +
         ".npy";
}

} // namespace

Tensor golden(const std::string &family, const std::string &name) {
  return readNpy(goldenPath(family, name));
}

std::vector<Tensor> goldenInputs(const std::string &family,
                                 const std::string &caseName, size_t count) {
  std::vector<Tensor> out;
  for (size_t i = 0; i < count; ++i)
    out.push_back(golden(family, caseName + ".in" + std::to_string(i)));
  return out;
}

std::vector<Tensor> goldenOutputs(const std::string &family,
                                  const std::string &name) {
  std::vector<Tensor> out;
  for (size_t i = 0;; ++i) {
    std::string part = name + ".out" + std::to_string(i);
    if (!std::filesystem::exists(goldenPath(family, part)))
      return out;
    out.push_back(golden(family, part));
  }
}

void expectCaseOutputs(const std::string &family, const std::string &name,
                       const std::vector<Tensor> &actual,
                       const std::vector<Tensor> &expected,
                       const CaseOptions &options, const char *layout) {
  if (options.everyStoredOutput) {
    ASSERT_EQ(actual.size(), expected.size()) << layout;
  }
  for (size_t j = 0; j < actual.size(); ++j) {
    Tensor stored = options.everyStoredOutput
                        ? expected[j]
                        : golden(family, name + ".out" + std::to_string(j));
    EXPECT_TRUE(tensorsClose(actual[j], stored, options.rtol, options.atol))
        << "output " << j << " (" << layout << ")";
  }
}

::testing::AssertionResult tensorsClose(const Tensor &actual,
                                        const Tensor &expected, double rtol,
                                        double atol) {
  if (!actual.defined() || !expected.defined())
    return ::testing::AssertionFailure() << "an undefined tensor";
  if (actual.dtype() != expected.dtype())
    return ::testing::AssertionFailure()
           << "dtype " << scalarTypeName(actual.dtype()) << ", expected "
           << scalarTypeName(expected.dtype());
  if (actual.sizes() != expected.sizes())
    return ::testing::AssertionFailure()
           << "shape " << actual.shapeString() << ", expected "
           << expected.shapeString();
  bool floating = isFloatingType(actual.dtype());
  int64_t bad = 0;
  std::ostringstream first;
  for (int64_t i = 0, n = actual.numel(); i < n; ++i) {
    double a = actual.item(i).toDouble(), e = expected.item(i).toDouble();
    bool ok;
    if (!floating)
      ok = actual.item(i).toInt() == expected.item(i).toInt();
    else if (std::isnan(e))
      ok = std::isnan(a);
    else if (std::isinf(e))
      ok = a == e;
    else
      ok = std::abs(a - e) <= atol + rtol * std::abs(e);
    if (!ok && bad++ < 5)
      first << "\n  element " << i << ": " << a << ", expected " << e;
  }
  if (bad)
    return ::testing::AssertionFailure() << bad << " of " << actual.numel()
                                         << " elements differ" << first.str();
  return ::testing::AssertionSuccess();
}

Tensor nonContiguous(const Tensor &t) {
  if (t.dim() == 0 || t.numel() == 0)
    return t;
  std::vector<int64_t> wide = t.sizes();
  wide.back() *= 2;
  Tensor buffer = Tensor::zeros(wide, t.dtype());
  std::vector<int64_t> strides = buffer.strides();
  strides.back() = 2;
  Tensor view = buffer.asStrided(t.sizes(), strides, 0);
  copyInto(view, t);
  return view;
}

} // namespace kiln::testing
