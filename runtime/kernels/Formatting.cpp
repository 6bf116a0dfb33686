//===- Formatting.cpp - Kernels of str(), format, % and warn --------------===//
//
// TorchScript's str() is c10's IValue printer, not Python's: strings print
// without quotes even inside containers (`[a, b]`), floats with 17 digits
// (`0.10000000000000001`) or as `2.` when integral. "{}".format(...) and
// f-strings substitute each `{}` with that text; "%d" % x supports the
// specifiers PyTorch's percentFormat does (vararg_functions.cpp). Tensors
// print as Kiln's summary (`tensor(Float[2, 3])`), not PyTorch's full text.
//
//===----------------------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/ScalarFamily.h"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace kiln {

namespace {

void printTorchStr(std::ostream &os, const IValue &v);

void printItems(std::ostream &os, const std::vector<IValue> &items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i)
      os << ", ";
    printTorchStr(os, items[i]);
  }
}

void printTorchStr(std::ostream &os, const IValue &v) {
  switch (v.tag()) {
  case IValue::Tag::Double:
    os << torchFloatStr(v.toDouble());
    return;
  case IValue::Tag::String:
    os << v.toStringRef();
    return;
  case IValue::Tag::Device:
    os << v.toDeviceName();
    return;
  case IValue::Tag::List:
    os << '[';
    printItems(os, v.toList().items);
    os << ']';
    return;
  case IValue::Tag::Tuple: {
    const auto &items = v.toTupleItems();
    os << '(';
    printItems(os, items);
    os << (items.size() == 1 ? ",)" : ")");
    return;
  }
  case IValue::Tag::Dict: {
    os << '{';
    bool first = true;
    for (const auto &[key, value] : v.toDict().entries()) {
      os << (first ? "" : ", ");
      printTorchStr(os, key);
      os << ": ";
      printTorchStr(os, value);
      first = false;
    }
    os << '}';
    return;
  }
  default: // None, bool, int: as repr. Tensors: Kiln's own summary.
    os << v.repr();
    return;
  }
}

// "{}".format(...): each `{}` takes the next argument's str(); no field
// names, indices or format specs, as in TorchScript.
void format(const KernelArgs &a) {
  const std::string &fmt = a.in(0).toStringRef();
  std::ostringstream os;
  size_t begin = 0;
  for (uint32_t used = 1;; ++used) {
    size_t loc = fmt.find("{}", begin);
    if (loc == std::string::npos) {
      os << fmt.substr(begin);
      break;
    }
    os << fmt.substr(begin, loc - begin);
    KILN_USER_CHECK(used < a.numInputs,
                    "aten::format: Too few arguments for format string: ", fmt);
    printTorchStr(os, a.in(used));
    begin = loc + 2;
  }
  a.setOut(0, IValue(os.str()));
}

// One `%x` of "..." % args. PyTorch formats %e and %f from a float32.
void percentFormatArg(std::ostream &os, char key, const IValue &arg) {
  auto number = [&] {
    KILN_USER_CHECK(
        arg.isInt() || arg.isDouble() || arg.isBool(), "aten::percentFormat: %",
        key, " requires a number for formatting, but got ", arg.typeName());
    return arg.isDouble() ? static_cast<float>(arg.toDouble())
                          : static_cast<float>(arg.toInt());
  };
  std::ostringstream tmp;
  switch (key) {
  case 'd':
  case 'i':
    number();
    os << (arg.isDouble()
               ? checkedFloatToInt(arg.toDouble(), "aten::percentFormat")
               : arg.toInt());
    return;
  case 'e':
  case 'E':
    tmp << std::setprecision(6) << std::scientific;
    if (key == 'E')
      tmp << std::uppercase;
    tmp << number();
    os << tmp.str();
    return;
  case 'f':
  case 'F':
    tmp << std::setprecision(6) << std::fixed << number();
    os << tmp.str();
    return;
  case 'c':
    KILN_USER_CHECK(arg.isInt() ||
                        (arg.isString() && arg.toStringRef().size() == 1),
                    "aten::percentFormat: %c requires an int or char for "
                    "formatting, but got ",
                    arg.typeName());
    if (arg.isInt())
      os << static_cast<char>(arg.toInt());
    else
      os << arg.toStringRef();
    return;
  case 's':
    printTorchStr(os, arg);
    return;
  default:
    KILN_USER_CHECK(false, "aten::percentFormat: The specifier %", key,
                    " is not supported in TorchScript format strings");
  }
}

// "..." % x or "..." % (x, y): the graph passes x or the tuple.
void percentFormat(const KernelArgs &a) {
  const std::string &fmt = a.in(0).toStringRef();
  KILN_USER_CHECK(a.numInputs == 2,
                  "aten::percentFormat: expected a format "
                  "string and one argument, got ",
                  a.numInputs, " inputs");
  const IValue &args = a.in(1);
  size_t numArgs = args.isTuple() ? args.toTupleItems().size() : 1;
  std::ostringstream os;
  size_t used = 0, begin = 0;
  while (true) {
    size_t percent = fmt.find('%', begin);
    if (percent == std::string::npos) {
      os << fmt.substr(begin);
      break;
    }
    KILN_USER_CHECK(percent + 1 < fmt.size(),
                    "aten::percentFormat: Incomplete format specifier");
    os << fmt.substr(begin, percent - begin);
    char key = fmt[percent + 1];
    begin = percent + 2;
    if (key == '%') {
      os << '%';
      continue;
    }
    KILN_USER_CHECK(used < numArgs,
                    "aten::percentFormat: Too few arguments for format string");
    percentFormatArg(os, key,
                     args.isTuple() ? args.toTupleItems()[used] : args);
    ++used;
  }
  KILN_USER_CHECK(used == numArgs,
                  "aten::percentFormat: Too many arguments for format string");
  a.setOut(0, IValue(os.str()));
}

// warnings.warn(message): the line Python's warnings module would print
// (every time: Python shows a warning once per location).
void warn(const KernelArgs &a) {
  if (a.ctx && a.ctx->out)
    *a.ctx->out << "UserWarning: " << a.in(0).toStringRef() << '\n';
}

} // namespace

std::string torchFloatStr(double d) {
  int cls = std::fpclassify(d);
  // Integral doubles in int64's range print as the int and a dot; 2**63 is
  // exactly representable, every double below it converts.
  if ((cls == FP_NORMAL || cls == FP_ZERO) && d >= -9223372036854775808.0 &&
      d < 9223372036854775808.0) {
    auto asInt = static_cast<int64_t>(d);
    if (static_cast<double>(asInt) == d)
      return std::to_string(asInt) + ".";
  }
  if (std::isnan(d))
    return "nan";
  if (std::isinf(d))
    return d < 0 ? "-inf" : "inf";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.17g", d);
  return buf;
}

std::string torchStr(const IValue &value) {
  std::ostringstream os;
  printTorchStr(os, value);
  return os.str();
}

void registerFormattingKernels(KernelTable &t) {
  bind<[](IValue &v) { return torchStr(v); }>(t, OpId::aten_str);
  t.setVariadic(OpId::aten_format, format);
  t.setVariadic(OpId::aten_percentFormat, percentFormat);
  t.set(OpId::aten_warn, warn, 2);
}

} // namespace kiln
