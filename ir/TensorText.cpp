//===- TensorText.cpp -----------------------------------------------------===//
#include "ir/TensorText.h"

#include "support/StringUtil.h"

namespace kiln {

namespace {
std::string formatElement(const Tensor &t, int64_t i) {
  Scalar s = t.item(i);
  if (isFloatingType(t.dtype()))
    return formatDouble(s.toDouble());
  return std::to_string(s.toInt());
}
} // namespace

std::string formatTensorLiteral(const Tensor &t, bool dtypeImplied) {
  bool shortForm =
      t.dim() == 0 && (dtypeImplied || t.dtype() == ScalarType::Float ||
                       t.dtype() == ScalarType::Long);
  if (shortForm) {
    std::string v = formatElement(t, 0);
    // `{30000000000}` would read back as int64.
    if (isFloatingType(t.dtype()) &&
        v.find_first_of(".eni") == std::string::npos)
      v += ".";
    return "{" + v + "}";
  }
  std::string out(scalarTypeName(t.dtype()));
  out += "(";
  for (int64_t d = 0; d < t.dim(); ++d) {
    if (d)
      out += ", ";
    out += std::to_string(t.sizes()[d]);
  }
  out += "){";
  for (int64_t i = 0, n = t.numel(); i < n; ++i) {
    if (i)
      out += ", ";
    out += formatElement(t, i);
  }
  return out + "}";
}

} // namespace kiln
