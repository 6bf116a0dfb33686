//===- StringUtil.cpp -----------------------------------------------------===//
#include "support/StringUtil.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace kiln {

std::string formatDouble(double value) {
  int cls = std::fpclassify(value);
  if ((cls == FP_NORMAL || cls == FP_ZERO) && std::abs(value) < 1e10) {
    auto asInt = static_cast<int64_t>(value);
    if (static_cast<double>(asInt) == value) {
      if (asInt == 0 && std::signbit(value))
        return "-0.";
      return std::to_string(asInt) + ".";
    }
  }
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value < 0 ? "-inf" : "inf";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*g",
                std::numeric_limits<double>::max_digits10, value);
  return buf;
}

std::string quoteString(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\'':
      out += "\\'";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\v':
      out += "\\v";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\a':
      out += "\\a";
      break;
    default:
      if (c < 0x20 || c == 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\%03o", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += '"';
  return out;
}

bool isDecimalNumber(std::string_view text) {
  if (text.empty())
    return false;
  for (char c : text)
    if (c < '0' || c > '9')
      return false;
  return true;
}

std::optional<int64_t> parseInt64(std::string_view text) {
  int64_t value = 0;
  auto [ptr, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size())
    return std::nullopt;
  return value;
}

} // namespace kiln
