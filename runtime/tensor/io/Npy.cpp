//===- Npy.cpp ------------------------------------------------------------===//
#include "runtime/tensor/io/Npy.h"

#include "support/Error.h"
#include "support/File.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstring>
#include <optional>
#include <vector>

namespace kiln {

// Tensor storage is little-endian, as the files are.
static_assert(std::endian::native == std::endian::little,
              "Kiln's .npy reader assumes a little-endian host");

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

// Where an error is: the file's name and, inside it, e.g. a zip member.
struct Where {
  const std::string &name;
  const std::string &context;

  [[noreturn]] void fail(const std::string &what) const {
    throw UserError(name + ": error: " + context + what);
  }
};

// `text` in single quotes for a message, shortened: a hostile header can
// hold a long string.
std::string inQuotes(std::string_view text) {
  if (text.size() > 100)
    return "'" + std::string(text.substr(0, 97)) + "...'";
  return "'" + std::string(text) + "'";
}

// The dtype of a .npy descr such as "<f4" or "|b1".
ScalarType dtypeOf(const std::string &descr, const Where &where) {
  if (descr.size() < 3)
    where.fail("unsupported dtype " + inQuotes(descr));
  char order = descr[0];
  std::string code = descr.substr(1);
  bool oneByte = code == "u1" || code == "i1" || code == "b1";
  if (order == '>' && !oneByte)
    where.fail("big-endian data (" + inQuotes(descr) +
               ") is not supported; save it little-endian");
  if (order != '<' && order != '|' && order != '=' && order != '>')
    where.fail("unsupported dtype " + inQuotes(descr));
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
  where.fail("unsupported dtype " + inQuotes(descr) +
             " (Kiln reads bool, uint8, int8, int16, int32, int64, "
             "float32 and float64)");
}

// The descr of `t`, or nullopt for a dtype .npy files cannot hold.
std::optional<std::string> descrOf(ScalarType t) {
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
    return std::nullopt;
  }
}

// The header is a Python dict literal:
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
class HeaderParser {
public:
  HeaderParser(std::string_view text, const Where &where)
      : text_(text), where_(where) {}

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
      if (key == "descr" && peek() == '[')
        where_.fail("structured dtypes (a list as 'descr') are not supported");
      if (key == "descr")
        h.descr = parseString();
      else if (key == "fortran_order")
        h.fortran = parseBool();
      else if (key == "shape")
        h.shape = parseShape();
      else
        where_.fail("unknown key " + inQuotes(key) + " in the .npy header");
      skipSpace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != '}')
        malformed("expected ',' or '}'");
    }
    ++pos_;
    skipSpace();
    if (pos_ != text_.size())
      malformed("unexpected text after the closing '}'");
    return h;
  }

private:
  [[noreturn]] void malformed(const std::string &what) const {
    where_.fail("malformed .npy header: " + what);
  }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skipSpace() {
    while (pos_ < text_.size() &&
           std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
  }
  void expect(char c) {
    skipSpace();
    if (peek() != c)
      malformed(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string parseString() {
    skipSpace();
    char q = peek();
    if (q != '\'' && q != '"')
      malformed("expected a string");
    size_t end = text_.find(q, pos_ + 1);
    if (end == std::string_view::npos)
      malformed("unterminated string");
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
    malformed("fortran_order must be True or False");
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
        malformed("the shape must be a tuple of non-negative integers");
      int64_t v = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        if (v > (INT64_MAX - 9) / 10)
          where_.fail("a dimension in the .npy header is too large");
        v = v * 10 + (peek() - '0');
        ++pos_;
      }
      if (shape.size() >= 64)
        where_.fail("the .npy header has more than 64 dimensions");
      shape.push_back(v);
      skipSpace();
      if (peek() == 'L') // Python 2's long suffix
        ++pos_;
      skipSpace();
      if (peek() == ',')
        ++pos_;
      else if (peek() != ')')
        malformed("the shape must be a tuple of non-negative integers");
    }
  }

  std::string_view text_;
  const Where &where_;
  size_t pos_ = 0;
};

// Reads from an NpyInput, counting what it consumed.
class CountingReader {
public:
  CountingReader(NpyInput &in, uint64_t size) : in_(in), size_(size) {}
  // Reads up to `n` bytes, never past the declared size.
  size_t read(void *dst, uint64_t n) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(n, remaining()));
    size_t got = want == 0 ? 0 : in_.read(dst, want);
    consumed_ += got;
    return got;
  }
  uint64_t remaining() const { return size_ - consumed_; }

private:
  NpyInput &in_;
  uint64_t size_;
  uint64_t consumed_ = 0;
};

class MemoryInput : public NpyInput {
public:
  explicit MemoryInput(std::string_view bytes) : bytes_(bytes) {}
  size_t read(void *dst, size_t n) override {
    size_t got = std::min(n, bytes_.size() - pos_);
    std::memcpy(dst, bytes_.data() + pos_, got);
    pos_ += got;
    return got;
  }

private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

class FileInput : public NpyInput {
public:
  explicit FileInput(const InputFile &file) : file_(file) {}
  size_t read(void *dst, size_t n) override {
    size_t got = file_.readAt(pos_, dst, n);
    pos_ += got;
    return got;
  }

private:
  const InputFile &file_;
  uint64_t pos_ = 0;
};

// The magic string, version and header of a .npy file.
std::string npyHeader(const Tensor &t, const std::string &descr) {
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
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
  return out + header;
}

// The header of `t`, which must be a tensor .npy files can hold; `name`
// prefixes errors when it is not empty.
std::string checkedNpyHeader(const Tensor &t, const std::string &name) {
  std::string prefix = name.empty() ? "" : name + ": error: ";
  if (!t.defined())
    throw UserError(prefix + "cannot save an undefined tensor as .npy");
  std::optional<std::string> descr = descrOf(t.dtype());
  if (!descr)
    throw UserError(detail::concat(prefix, "cannot save a tensor of dtype ",
                                   scalarTypeName(t.dtype()), " as .npy"));
  return npyHeader(t, *descr);
}

} // namespace

Tensor readNpy(NpyInput &input, uint64_t size, const std::string &name,
               const std::string &context) {
  Where where{name, context};
  CountingReader in(input, size);

  char prefix[8];
  size_t got = in.read(prefix, sizeof prefix);
  size_t magicBytes = std::min(got, kMagic.size());
  if (std::string_view(prefix, magicBytes) != kMagic.substr(0, magicBytes))
    where.fail("not a .npy file (it does not start with \\x93NUMPY)");
  if (got < sizeof prefix)
    where.fail("truncated: " + std::to_string(got) +
               " bytes are too few for a .npy file");
  int major = static_cast<unsigned char>(prefix[6]);
  int minor = static_cast<unsigned char>(prefix[7]);
  if (major < 1 || major > 3 || minor != 0)
    where.fail("unsupported .npy format version " + std::to_string(major) +
               "." + std::to_string(minor) + " (Kiln reads 1.0, 2.0 and 3.0)");

  unsigned char lengthBytes[4];
  size_t lengthWidth = major == 1 ? 2 : 4;
  if (in.read(lengthBytes, lengthWidth) < lengthWidth)
    where.fail("truncated: the file ends inside the .npy header length");
  uint64_t headerLength = 0;
  for (size_t i = 0; i < lengthWidth; ++i)
    headerLength |= static_cast<uint64_t>(lengthBytes[i]) << (8 * i);
  if (headerLength > in.remaining())
    where.fail("truncated: the .npy header claims " +
               std::to_string(headerLength) + " bytes but only " +
               std::to_string(in.remaining()) + " follow");
  std::string headerText(headerLength, '\0');
  if (in.read(headerText.data(), headerLength) < headerLength)
    where.fail("truncated: the file ends inside the .npy header");
  auto header = HeaderParser(headerText, where).parse();
  if (!header.descr || !header.fortran || !header.shape)
    where.fail("the .npy header lacks 'descr', 'fortran_order' or 'shape'");
  ScalarType dtype = dtypeOf(*header.descr, where);
  const std::vector<int64_t> &shape = *header.shape;

  // Check the data's size against the file before allocating anything.
  // The product of the nonzero dimensions bounds the strides, so it must
  // fit in int64 even when a zero dimension leaves no elements.
  uint64_t count = 1;
  uint64_t extent = 1;
  for (int64_t d : shape) {
    if (d > 0 && extent > static_cast<uint64_t>(INT64_MAX / d))
      where.fail("the shape " + shapeString(shape) +
                 " in the .npy header is too large");
    extent *= static_cast<uint64_t>(std::max<int64_t>(d, 1));
    count *= static_cast<uint64_t>(d);
  }
  size_t esize = elementSize(dtype);
  if (count > in.remaining() / esize)
    where.fail("truncated: shape " + shapeString(shape) + " of '" +
               *header.descr + "' needs " + std::to_string(count) +
               " elements of " + std::to_string(esize) +
               " bytes but the file has " + std::to_string(in.remaining()) +
               " bytes of data");

  Tensor t = Tensor::empty(shape, dtype);
  uint64_t nbytes = count * esize;
  if (in.read(t.rawData(), nbytes) < nbytes)
    where.fail("truncated: the file ends inside the tensor data");
  if (dtype == ScalarType::Bool) {
    // Any nonzero byte is True; store canonical bools.
    auto *p = static_cast<unsigned char *>(t.rawData());
    for (uint64_t i = 0; i < count; ++i)
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

Tensor parseNpy(std::string_view bytes, const std::string &name) {
  MemoryInput in(bytes);
  return readNpy(in, bytes.size(), name);
}

Tensor readNpy(const std::string &path) {
  if (path == "-")
    return parseNpy(readFile(path), "<stdin>");
  InputFile file(path);
  FileInput in(file);
  return readNpy(in, file.size(), path);
}

std::string encodeNpy(const Tensor &t) {
  std::string out = checkedNpyHeader(t, "");
  Tensor c = t.contiguous();
  out.append(static_cast<const char *>(c.rawData()),
             static_cast<size_t>(c.numel()) * elementSize(c.dtype()));
  return out;
}

void writeNpy(const std::string &path, const Tensor &t) {
  std::string header = checkedNpyHeader(t, path);
  Tensor c = t.contiguous();
  if (path == "-") {
    writeFile(path, encodeNpy(c));
    return;
  }
  AtomicFileWriter out(path);
  out.write(header);
  out.write(c.rawData(),
            static_cast<size_t>(c.numel()) * elementSize(c.dtype()));
  out.commit();
}

} // namespace kiln
