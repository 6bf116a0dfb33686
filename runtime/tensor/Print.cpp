//===- Print.cpp ----------------------------------------------------------===//
#include "runtime/tensor/Print.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace kiln {

namespace {

constexpr int64_t kSummarizeAbove = 1000; // elements
constexpr int64_t kEdgeItems = 3;

struct Formatter {
  bool floating = false, boolean = false, scientific = false,
       integral = false; // floats that are all whole numbers
  size_t width = 0;

  std::string format(const Scalar &s) const {
    char buf[64];
    if (boolean)
      return s.toBool() ? "True" : "False";
    if (!floating) {
      std::snprintf(buf, sizeof(buf), "%lld",
                    static_cast<long long>(s.toInt()));
      return buf;
    }
    double v = s.toDouble();
    if (std::isnan(v))
      return "nan";
    if (std::isinf(v))
      return v < 0 ? "-inf" : "inf";
    if (scientific)
      std::snprintf(buf, sizeof(buf), "%.4e", v);
    else if (integral)
      std::snprintf(buf, sizeof(buf), "%.0f.", v);
    else
      std::snprintf(buf, sizeof(buf), "%.4f", v);
    return buf;
  }
};

// The indices printed along a dimension of `size` (all, or the edges).
std::vector<int64_t> shownIndices(int64_t size, bool summarize) {
  std::vector<int64_t> out;
  if (!summarize || size <= 2 * kEdgeItems) {
    for (int64_t i = 0; i < size; ++i)
      out.push_back(i);
    return out;
  }
  for (int64_t i = 0; i < kEdgeItems; ++i)
    out.push_back(i);
  out.push_back(-1); // "..."
  for (int64_t i = size - kEdgeItems; i < size; ++i)
    out.push_back(i);
  return out;
}

void formatDim(std::string &out, const Tensor &t, const Formatter &f,
               std::vector<int64_t> &index, size_t dim, size_t indent,
               bool summarize) {
  auto element = [&]() {
    int64_t linear = 0;
    for (size_t d = 0; d < index.size(); ++d)
      linear = linear * t.sizes()[d] + index[d];
    std::string s = f.format(t.item(linear));
    return std::string(f.width - std::min(f.width, s.size()), ' ') + s;
  };
  if (dim == index.size()) {
    out += element();
    return;
  }
  out += '[';
  std::vector<int64_t> shown = shownIndices(t.sizes()[dim], summarize);
  bool last = dim + 1 == index.size();
  for (size_t k = 0; k < shown.size(); ++k) {
    if (k) {
      out += ',';
      if (last) {
        out += ' ';
      } else {
        out += std::string(index.size() - dim - 1, '\n');
        out += std::string(indent + dim + 1, ' ');
      }
    }
    if (shown[k] < 0) {
      out += "...";
      continue;
    }
    index[dim] = shown[k];
    formatDim(out, t, f, index, dim + 1, indent, summarize);
  }
  out += ']';
}

} // namespace

std::string formatTensor(const Tensor &t) {
  std::string out = "tensor(";
  bool summarize = t.numel() > kSummarizeAbove;
  Formatter f;
  f.floating = isFloatingType(t.dtype());
  f.boolean = t.dtype() == ScalarType::Bool;
  if (f.floating && t.numel() > 0) {
    double maxAbs = 0, minAbs = INFINITY;
    bool allWhole = true;
    for (int64_t i = 0, n = t.numel(); i < n; ++i) {
      double v = t.item(i).toDouble();
      if (!std::isfinite(v))
        continue;
      maxAbs = std::max(maxAbs, std::abs(v));
      if (v != 0)
        minAbs = std::min(minAbs, std::abs(v));
      allWhole = allWhole && v == std::floor(v);
    }
    f.integral = allWhole && maxAbs < 1e8;
    f.scientific = !f.integral &&
                   (maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs != INFINITY) ||
                    (maxAbs / minAbs > 1000 && minAbs < 1));
  }
  for (int64_t i = 0, n = t.numel(); i < n; ++i)
    f.width = std::max(f.width, f.format(t.item(i)).size());
  if (t.numel() == 0) {
    out += "[]";
  } else {
    std::vector<int64_t> index(static_cast<size_t>(t.dim()), 0);
    formatDim(out, t, f, index, 0, 7, summarize);
  }
  if (t.numel() == 0 && t.dim() > 1) {
    out += ", size=(";
    for (int64_t d = 0; d < t.dim(); ++d)
      out += (d ? ", " : "") + std::to_string(t.sizes()[d]);
    out += ")";
  }
  ScalarType dt = t.dtype();
  if (dt != ScalarType::Float && dt != ScalarType::Long &&
      dt != ScalarType::Bool) {
    static const char *names[] = {"uint8", "int8",    "int16",   "int32",
                                  "int64", "float16", "float32", "float64"};
    int code = static_cast<int>(dt);
    out += std::string(", dtype=torch.") +
           (code < 8 ? names[code] : std::string(scalarTypeName(dt)));
  }
  return out + ")";
}

} // namespace kiln
