//===- npcompare.cpp - Are two tensor files the same within tolerance? ----===//
//
//   npcompare ACTUAL EXPECTED [--rtol R] [--atol A]
//
// Both files are .npy (one array), .npz or .safetensors (arrays by name:
// the same names), or .csv with a header row (one float64 array per
// column).
// Floating arrays match within atol + rtol * |expected| (NaN matches NaN);
// other dtypes exactly; dtypes and shapes must agree. Prints what differs
// and exits 1; exits 0 when everything matches. A test tool for lit.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/io/Npy.h"
#include "runtime/tensor/io/TensorFiles.h"
#include "support/Error.h"
#include "tools/common/ToolMain.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

using namespace kiln;

namespace {

// A CSV file with a header row: one float64 array per column.
std::map<std::string, Tensor> loadCsv(const std::string &path) {
  std::ifstream in(path);
  KILN_USER_CHECK(in.good(), path, ": cannot read");
  auto split = [](const std::string &line) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ','))
      cells.push_back(cell);
    return cells;
  };
  std::string line;
  KILN_USER_CHECK(static_cast<bool>(std::getline(in, line)), path,
                  ": no header row");
  std::vector<std::string> names = split(line);
  std::vector<std::vector<double>> columns(names.size());
  for (int row = 2; std::getline(in, line); ++row) {
    if (line.empty())
      continue;
    std::vector<std::string> cells = split(line);
    KILN_USER_CHECK(cells.size() == names.size(), path, ":", row, ": ",
                    cells.size(), " cells, expected ", names.size());
    for (size_t c = 0; c < cells.size(); ++c) {
      char *end = nullptr;
      double v = std::strtod(cells[c].c_str(), &end);
      KILN_USER_CHECK(end && *end == '\0' && !cells[c].empty(), path, ":", row,
                      ": not a number: '", cells[c], "'");
      columns[c].push_back(v);
    }
  }
  std::map<std::string, Tensor> out;
  for (size_t c = 0; c < names.size(); ++c)
    out.emplace(names[c],
                Tensor::fromVector<double>(
                    columns[c], {static_cast<int64_t>(columns[c].size())}));
  return out;
}

std::map<std::string, Tensor> load(const std::string &path) {
  std::map<std::string, Tensor> out;
  if (path.ends_with(".csv"))
    return loadCsv(path);
  if (path.ends_with(".npz") || path.ends_with(".safetensors")) {
    for (auto &[name, t] :
         path.ends_with(".npz") ? readNpz(path) : readSafetensors(path))
      out.emplace(name, t);
  } else {
    out.emplace("", readNpy(path));
  }
  return out;
}

bool compare(const std::string &name, const Tensor &a, const Tensor &e,
             double rtol, double atol) {
  std::string label = name.empty() ? "the array" : "'" + name + "'";
  if (a.dtype() != e.dtype() || a.sizes() != e.sizes()) {
    std::cout << label << ": " << a.describe() << ", expected " << e.describe()
              << "\n";
    return false;
  }
  bool floating = isFloatingType(a.dtype());
  int64_t bad = 0;
  double worst = 0;
  for (int64_t i = 0, n = a.numel(); i < n; ++i) {
    bool ok;
    double x = a.item(i).toDouble(), y = e.item(i).toDouble();
    if (!floating)
      ok = a.item(i).toInt() == e.item(i).toInt();
    else if (std::isnan(y))
      ok = std::isnan(x);
    else if (std::isinf(y))
      ok = x == y;
    else
      ok = std::abs(x - y) <= atol + rtol * std::abs(y);
    if (!ok) {
      if (bad < 5)
        std::cout << label << ": element " << i << " is " << x << ", expected "
                  << y << "\n";
      ++bad;
      if (std::isfinite(x) && std::isfinite(y))
        worst = std::max(worst, std::abs(x - y));
    }
  }
  if (bad)
    std::cout << label << ": " << bad << " of " << a.numel()
              << " elements differ (largest difference " << worst << ")\n";
  return bad == 0;
}

int run(int argc, char **argv) {
  std::vector<std::string> files;
  double rtol = 1e-4, atol = 1e-5;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--rtol" || arg == "--atol") && i + 1 < argc)
      (arg == "--rtol" ? rtol : atol) = std::atof(argv[++i]);
    else
      files.push_back(arg);
  }
  KILN_USER_CHECK(files.size() == 2,
                  "usage: npcompare ACTUAL EXPECTED [--rtol R] [--atol A]");
  auto actual = load(files[0]), expected = load(files[1]);
  bool ok = true;
  for (const auto &[name, e] : expected) {
    auto it = actual.find(name);
    if (it == actual.end()) {
      std::cout << "'" << name << "' is missing from " << files[0] << "\n";
      ok = false;
      continue;
    }
    ok = compare(name, it->second, e, rtol, atol) && ok;
  }
  for (const auto &[name, a] : actual)
    if (!expected.count(name)) {
      std::cout << "'" << name << "' is not expected\n";
      ok = false;
    }
  return ok ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  return runTool("npcompare", [&] { return run(argc, argv); });
}
