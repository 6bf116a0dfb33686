//===- Npy.cpp ------------------------------------------------------------===//
#include "runtime/tensor/io/Npy.h"

#include "support/Error.h"
#include "support/File.h"

#include <cctype>
#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

namespace kiln {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

[[noreturn]] void fail(const std::string &name, const std::string &what) {
  throw UserError(name + ": error: " + what);
}

// The dtype of a .npy descr such as "<f4" or "|b1".
ScalarType dtypeOf(const std::string &descr, const std::string &name) {
  if (descr.size() < 3)
    fail(name, "unsupported dtype '" + descr + "'");
  char order = descr[0];
  std::string code = descr.substr(1);
  bool oneByte = code == "u1" || code == "i1" || code == "b1";
  if (order == '>' && !oneByte)
    fail(name, "big-endian data ('" + descr +
                   "') is not supported; save it little-endian");
  if (order != '<' && order != '|' && order != '=' && order != '>')
    fail(name, "unsupported dtype '" + descr + "'");
  if (code == "f4")
    return ScalarType::Float;
  if (code == "f8")
    return ScalarType::Double;
  if (code == "i8")
    return ScalarType::Long;
  if (code == "i4")
    return ScalarType::Int;
  if (code == "i2")
    return ScalarType::Short;
  if (code == "i1")
    return ScalarType::Char;
  if (code == "u1")
    return ScalarType::Byte;
  if (code == "b1")
    return ScalarType::Bool;
  fail(name, "unsupported dtype '" + descr +
                 "' (Kiln reads bool, uint8, int8, int16, int32, int64, "
                 "float32 and float64)");
}

std::string descrOf(ScalarType t) {
  switch (t) {
  case ScalarType::Float:
    return "<f4";
  case ScalarType::Double:
    return "<f8";
  case ScalarType::Long:
    return "<i8";
  case ScalarType::Int:
    return "<i4";
  case ScalarType::Short:
    return "<i2";
  case ScalarType::Char:
    return "|i1";
  case ScalarType::Byte:
    return "|u1";
  case ScalarType::Bool:
    return "|b1";
  default:
    throw UserError(detail::concat("cannot save a tensor of dtype ",
                                   scalarTypeName(t), " as .npy"));
  }
}

// The header is a Python dict literal:
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
class HeaderParser {
public:
  HeaderParser(std::string_view text, const std::string &name)
      : text_(text), name_(name) {}

  struct Header {
    std::optional<std::string> descr;
    std::optional<bool> fortran;
    std::optional<std::vector<int64_t>> shape;
  };

  Header parse() {
    Header h;
    expect('{');
    while (true) {
      skipSpace();
      if (peek() == '}')
        break;
      std::string key = parseString();
      expect(':');
      skipSpace();
      if (key == "descr")
        h.descr = parseString();
      else if (key == "fortran_order")
        h.fortran = parseBool();
      else if (key == "shape")
        h.shape = parseShape();
      else
        fail(name_, "unknown key '" + key + "' in the .npy header");
      skipSpace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != '}')
        fail(name_, "malformed .npy header: expected ',' or '}'");
    }
    return h;
  }

private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skipSpace() {
    while (pos_ < text_.size() &&
           std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
  }
  void expect(char c) {
    skipSpace();
    if (peek() != c)
      fail(name_, std::string("malformed .npy header: expected '") + c + "'");
    ++pos_;
  }
  std::string parseString() {
    skipSpace();
    char q = peek();
    if (q != '\'' && q != '"')
      fail(name_, "malformed .npy header: expected a string");
    size_t end = text_.find(q, pos_ + 1);
    if (end == std::string_view::npos)
      fail(name_, "malformed .npy header: unterminated string");
    std::string s(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return s;
  }
  bool parseBool() {
    if (text_.substr(pos_, 4) == "True") {
      pos_ += 4;
      return true;
    }
    if (text_.substr(pos_, 5) == "False") {
      pos_ += 5;
      return false;
    }
    fail(name_, "malformed .npy header: fortran_order must be True or False");
  }
  std::vector<int64_t> parseShape() {
    expect('(');
    std::vector<int64_t> shape;
    while (true) {
      skipSpace();
      if (peek() == ')') {
        ++pos_;
        return shape;
      }
      if (!std::isdigit(static_cast<unsigned char>(peek())))
        fail(name_, "malformed .npy header: bad shape");
      int64_t v = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        if (v > (INT64_MAX - 9) / 10)
          fail(name_, "a dimension in the .npy header is too large");
        v = v * 10 + (peek() - '0');
        ++pos_;
      }
      if (shape.size() >= 64)
        fail(name_, "the .npy header has more than 64 dimensions");
      shape.push_back(v);
      skipSpace();
      if (peek() == 'L') // Python 2's long suffix
        ++pos_;
      skipSpace();
      if (peek() == ',')
        ++pos_;
      else if (peek() != ')')
        fail(name_, "malformed .npy header: bad shape");
    }
  }

  std::string_view text_;
  const std::string &name_;
  size_t pos_ = 0;
};

uint32_t readLittleEndian(std::string_view bytes, size_t at, size_t width) {
  uint32_t v = 0;
  for (size_t i = 0; i < width; ++i)
    v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + i]))
         << (8 * i);
  return v;
}

} // namespace

Tensor parseNpy(std::string_view bytes, const std::string &name) {
  if (bytes.size() < 10 || bytes.substr(0, 6) != kMagic)
    fail(name, "not a .npy file (it does not start with \\x93NUMPY)");
  int major = static_cast<unsigned char>(bytes[6]);
  if (major < 1 || major > 3)
    fail(name, "unsupported .npy format version " + std::to_string(major));
  size_t lengthBytes = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + lengthBytes)
    fail(name, "truncated .npy header");
  size_t headerLength = readLittleEndian(bytes, 8, lengthBytes);
  size_t dataStart = 8 + lengthBytes + headerLength;
  if (headerLength > bytes.size() || dataStart > bytes.size())
    fail(name, "truncated: the .npy header claims " +
                   std::to_string(headerLength) + " bytes but the file has " +
                   std::to_string(bytes.size()));
  auto header =
      HeaderParser(bytes.substr(8 + lengthBytes, headerLength), name).parse();
  if (!header.descr || !header.fortran || !header.shape)
    fail(name, "the .npy header lacks 'descr', 'fortran_order' or 'shape'");
  ScalarType dtype = dtypeOf(*header.descr, name);

  // Check the data's size against the file before allocating anything.
  const std::vector<int64_t> &shape = *header.shape;
  size_t available = bytes.size() - dataStart;
  size_t esize = elementSize(dtype);
  size_t count = 1;
  bool empty = std::find(shape.begin(), shape.end(), 0) != shape.end();
  for (int64_t d : shape) {
    if (empty)
      break; // no data at all, whatever the other dimensions claim
    if (count > available / esize / static_cast<size_t>(d) + 1)
      fail(name, "truncated: the header's shape " + shapeString(shape) +
                     " needs more data than the file's " +
                     std::to_string(available) + " bytes");
    count *= static_cast<size_t>(d);
  }
  if (empty)
    count = 0;
  if (count * esize > available)
    fail(name, "truncated: shape " + shapeString(shape) + " of " +
                   *header.descr + " needs " + std::to_string(count * esize) +
                   " bytes of data but the file has " +
                   std::to_string(available));

  Tensor t = Tensor::empty(shape, dtype);
  if (count > 0)
    std::memcpy(t.rawData(), bytes.data() + dataStart, count * esize);
  if (dtype == ScalarType::Bool) {
    // Any nonzero byte is True; store canonical bools.
    auto *p = static_cast<unsigned char *>(t.rawData());
    for (size_t i = 0; i < count; ++i)
      p[i] = p[i] != 0;
  }
  if (*header.fortran && shape.size() > 1) {
    // Column-major data: view it with reversed strides, then make it
    // row-major.
    std::vector<int64_t> strides(shape.size());
    int64_t stride = 1;
    for (size_t d = 0; d < shape.size(); ++d) {
      strides[d] = stride;
      stride *= std::max<int64_t>(shape[d], 1);
    }
    t = t.asStrided(shape, strides, 0).clone();
  }
  return t;
}

Tensor readNpy(const std::string &path) {
  return parseNpy(readFile(path), path);
}

std::string encodeNpy(const Tensor &t) {
  std::string header = "{'descr': '" + descrOf(t.dtype()) +
                       "', 'fortran_order': False, 'shape': (";
  for (int64_t d : t.sizes())
    header += std::to_string(d) + ", ";
  if (t.dim() > 0)
    header.resize(header.size() - (t.dim() == 1 ? 1 : 2));
  header += "), }";
  // Pad with spaces and a newline so the data starts 64-byte aligned.
  bool v2 = header.size() + 1 + 10 > 65535;
  size_t prefix = v2 ? 12 : 10;
  size_t total = prefix + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out(kMagic);
  out += static_cast<char>(v2 ? 2 : 1);
  out += '\0';
  size_t len = header.size();
  for (size_t i = 0; i < (v2 ? 4u : 2u); ++i)
    out += static_cast<char>((len >> (8 * i)) & 0xff);
  out += header;
  Tensor c = t.contiguous();
  out.append(static_cast<const char *>(c.rawData()),
             static_cast<size_t>(c.numel()) * elementSize(c.dtype()));
  return out;
}

void writeNpy(const std::string &path, const Tensor &t) {
  writeFile(path, encodeNpy(t));
}

} // namespace kiln
