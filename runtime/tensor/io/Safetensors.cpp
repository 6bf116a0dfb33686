//===- Safetensors.cpp - Hugging Face's safetensors format ----------------===//
//
// Validation follows the reference implementation (the safetensors crate's
// SafeTensors::read_metadata): a header of at most 100 MB that is a UTF-8
// JSON object; known dtypes; data_offsets that give each tensor exactly
// numel * itemsize bytes (computed without overflow) and that, sorted,
// tile the data buffer from its start to the end of the file without gaps
// or overlaps. Kiln is stricter in also refusing duplicate keys, which the
// reference silently merges.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/io/TensorFiles.h"

#include "support/Error.h"
#include "support/File.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>

namespace kiln {

static_assert(std::endian::native == std::endian::little,
              "safetensors data is little-endian, as Kiln's tensors are");

namespace {

using nlohmann::json;

constexpr uint64_t kMaxHeaderBytes = 100'000'000;

[[noreturn]] void fail(const std::string &name, const std::string &what) {
  throw UserError(name + ": error: " + what);
}

// `text` in single quotes for a message, shortened: a hostile header can
// hold a 100 MB name.
std::string inQuotes(std::string_view text) {
  if (text.size() > 100)
    return "'" + std::string(text.substr(0, 97)) + "...'";
  return "'" + std::string(text) + "'";
}

// The safetensors dtypes, in the order of the reference's Dtype enum (by
// element size): writers put larger elements first. Kiln has no tensors of
// the ones without a ScalarType.
struct Dtype {
  std::string_view name;
  size_t size;
  std::optional<ScalarType> type;
};
constexpr Dtype kDtypes[] = {
    {"BOOL", 1, ScalarType::Bool},  {"U8", 1, ScalarType::Byte},
    {"I8", 1, ScalarType::Char},    {"F8_E5M2", 1, std::nullopt},
    {"F8_E4M3", 1, std::nullopt},   {"I16", 2, ScalarType::Short},
    {"U16", 2, std::nullopt},       {"F16", 2, std::nullopt},
    {"BF16", 2, std::nullopt},      {"I32", 4, ScalarType::Int},
    {"U32", 4, std::nullopt},       {"F32", 4, ScalarType::Float},
    {"F64", 8, ScalarType::Double}, {"I64", 8, ScalarType::Long},
    {"U64", 8, std::nullopt},
};

const Dtype *dtypeNamed(std::string_view name) {
  for (const Dtype &d : kDtypes)
    if (d.name == name)
      return &d;
  return nullptr;
}

const Dtype *dtypeOf(ScalarType type) {
  for (const Dtype &d : kDtypes)
    if (d.type == type)
      return &d;
  return nullptr;
}

// The offset of the first byte that is not UTF-8, if any.
std::optional<size_t> invalidUtf8At(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t length = c < 0x80         ? 1
                    : (c >> 5) == 6  ? 2
                    : (c >> 4) == 14 ? 3
                    : (c >> 3) == 30 ? 4
                                     : 0;
    if (length == 0 || i + length > s.size())
      return i;
    uint32_t cp = length == 1 ? c : c & (0x7f >> length);
    for (size_t k = 1; k < length; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 2)
        return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[length] || (cp >= 0xd800 && cp <= 0xdfff) ||
        cp > 0x10ffff)
      return i;
    i += length;
  }
  return std::nullopt;
}

// Parses the header, refusing duplicate keys and nesting deeper than a
// safetensors header has (which also bounds what a hostile header costs).
json parseHeaderJson(const std::string &text, const std::string &name) {
  std::vector<std::set<std::string>> keys; // of each open object
  auto check = [&](int depth, json::parse_event_t event, json &parsed) {
    switch (event) {
    case json::parse_event_t::object_start:
    case json::parse_event_t::array_start:
      if (depth > 2)
        fail(name, "the header nests JSON values more deeply than a "
                   "safetensors header does");
      if (event == json::parse_event_t::object_start)
        keys.emplace_back();
      break;
    case json::parse_event_t::object_end:
      keys.pop_back();
      break;
    case json::parse_event_t::key:
      if (!keys.back().insert(parsed.get<std::string>()).second)
        fail(name, "the header has the key " +
                       inQuotes(parsed.get<std::string>()) +
                       " twice in one object");
      break;
    default:
      break;
    }
    return true;
  };
  try {
    return json::parse(text, check);
  } catch (const json::exception &e) {
    // "[json.exception.parse_error.101] parse error at ...; last read:
    // '<the token>'", where the token may be huge.
    std::string what = e.what();
    size_t bracket = what.find("] ");
    if (bracket != std::string::npos)
      what = what.substr(bracket + 2);
    if (what.size() > 300)
      what = what.substr(0, 297) + "...";
    fail(name, "the header is not valid JSON: " + what);
  }
}

struct Entry {
  std::string name;
  const Dtype *dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
};

std::string describeOffsets(const Entry &e) {
  return "[" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "]";
}

// `v` in a message, shortened: it may be a hostile 100 MB string.
std::string brief(const json &v) {
  std::string text = v.dump();
  return text.size() <= 40 ? text : text.substr(0, 37) + "...";
}

uint64_t nonNegativeInteger(const json &v, const std::string &what,
                            const std::string &name) {
  if (v.is_number_unsigned())
    return v.get<uint64_t>();
  if (v.is_number_integer() && v.get<int64_t>() == 0) // "-0"
    return 0;
  if (v.is_number_integer())
    fail(name, what + " is negative (" + brief(v) + ")");
  fail(name, what + " must be a non-negative integer, not " + brief(v));
}

// One tensor's entry in the header, checked on its own.
Entry parseEntry(const std::string &key, const json &value, uint64_t bufferSize,
                 const std::string &name) {
  std::string tensor = "tensor " + inQuotes(key);
  if (!value.is_object())
    fail(name, "the header's entry for " + tensor + " is not an object");
  for (const char *field : {"dtype", "shape", "data_offsets"})
    if (!value.contains(field))
      fail(name, tensor + " lacks '" + field + "'");
  Entry e{key, nullptr, {}, 0, 0};

  const json &dtype = value["dtype"];
  if (!dtype.is_string())
    fail(name, "the dtype of " + tensor + " is not a string");
  e.dtype = dtypeNamed(dtype.get<std::string>());
  if (!e.dtype)
    fail(name, tensor + " has an unknown dtype " +
                   inQuotes(dtype.get<std::string>()));
  if (!e.dtype->type)
    fail(name, tensor + " has dtype " + std::string(e.dtype->name) +
                   ", which Kiln does not support (it reads BOOL, U8, I8, "
                   "I16, I32, I64, F32 and F64)");

  const json &shape = value["shape"];
  if (!shape.is_array())
    fail(name, "the shape of " + tensor + " is not a list");
  if (shape.size() > 64)
    fail(name, "the shape of " + tensor + " has more than 64 dimensions");
  // The product of the nonzero dimensions bounds the strides, so it must
  // fit in int64 even when a zero dimension leaves no elements.
  uint64_t numel = 1;
  uint64_t extent = 1;
  for (const json &d : shape) {
    uint64_t size = nonNegativeInteger(d, "a dimension of " + tensor, name);
    if (size > 0 && extent > INT64_MAX / size)
      fail(name, "the shape of " + tensor + " is too large");
    extent *= std::max<uint64_t>(size, 1);
    numel *= size;
    e.shape.push_back(static_cast<int64_t>(size));
  }

  const json &offsets = value["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2)
    fail(name,
         "the data_offsets of " + tensor + " are not a [begin, end] pair");
  e.begin =
      nonNegativeInteger(offsets[0], "the data_offsets of " + tensor, name);
  e.end = nonNegativeInteger(offsets[1], "the data_offsets of " + tensor, name);
  if (e.end < e.begin)
    fail(name, "the data_offsets " + describeOffsets(e) + " of " + tensor +
                   " end before they begin");
  if (numel > UINT64_MAX / e.dtype->size ||
      numel * e.dtype->size != e.end - e.begin)
    fail(name, tensor + " of dtype " + std::string(e.dtype->name) +
                   " and shape " + shapeString(e.shape) + " needs " +
                   std::to_string(numel) + " elements of " +
                   std::to_string(e.dtype->size) +
                   " bytes, but its data_offsets " + describeOffsets(e) +
                   " span " + std::to_string(e.end - e.begin) + " bytes");
  if (e.end > bufferSize)
    fail(name, "the data_offsets " + describeOffsets(e) + " of " + tensor +
                   " reach beyond the data buffer's " +
                   std::to_string(bufferSize) + " bytes");
  return e;
}

// Random-access bytes: a file or a buffer.
class Source {
public:
  virtual ~Source() = default;
  virtual uint64_t size() const = 0;
  virtual size_t readAt(uint64_t offset, void *dst, size_t n) const = 0;
};

class FileSource : public Source {
public:
  explicit FileSource(const std::string &path) : file_(path) {}
  uint64_t size() const override { return file_.size(); }
  size_t readAt(uint64_t offset, void *dst, size_t n) const override {
    return file_.readAt(offset, dst, n);
  }

private:
  InputFile file_;
};

class MemorySource : public Source {
public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  size_t readAt(uint64_t offset, void *dst, size_t n) const override {
    if (offset >= bytes_.size())
      return 0;
    n = std::min<uint64_t>(n, bytes_.size() - offset);
    std::memcpy(dst, bytes_.data() + offset, n);
    return n;
  }

private:
  std::string_view bytes_;
};

NamedTensors readSource(const Source &in, const std::string &name,
                        std::map<std::string, std::string> *metadata) {
  auto readExactly = [&](uint64_t offset, void *dst, size_t n) {
    if (in.readAt(offset, dst, n) != n)
      fail(name, "the file ended early while it was read (did it change?)");
  };
  uint64_t fileSize = in.size();
  if (fileSize < 8)
    fail(name, "truncated: " + std::to_string(fileSize) +
                   " bytes are too few for a safetensors file");
  unsigned char lengthBytes[8];
  readExactly(0, lengthBytes, 8);
  uint64_t headerLength = 0;
  for (int i = 0; i < 8; ++i)
    headerLength |= static_cast<uint64_t>(lengthBytes[i]) << (8 * i);
  if (headerLength > kMaxHeaderBytes)
    fail(name, "the header length " + std::to_string(headerLength) +
                   " exceeds the limit of 100000000 bytes");
  if (headerLength > fileSize - 8)
    fail(name, "the header length " + std::to_string(headerLength) +
                   " reaches beyond the end of the file (" +
                   std::to_string(fileSize) + " bytes)");
  std::string text(headerLength, '\0');
  readExactly(8, text.data(), text.size());
  if (auto at = invalidUtf8At(text))
    fail(name, "the header is not valid UTF-8 (at byte " +
                   std::to_string(8 + *at) + ")");
  if (text.empty() || text[0] != '{')
    fail(name, "the header does not start with '{'");
  json header = parseHeaderJson(text, name);

  uint64_t bufferStart = 8 + headerLength;
  uint64_t bufferSize = fileSize - bufferStart;
  std::vector<Entry> entries;
  std::map<std::string, std::string> meta;
  for (const auto &[key, value] : header.items()) {
    if (key != "__metadata__") {
      entries.push_back(parseEntry(key, value, bufferSize, name));
      continue;
    }
    if (!value.is_object() && !value.is_null())
      fail(name, "__metadata__ is not an object");
    for (const auto &[metaKey, metaValue] : value.items()) {
      if (!metaValue.is_string())
        fail(name,
             "__metadata__ value of " + inQuotes(metaKey) + " is not a string");
      meta[metaKey] = metaValue.get<std::string>();
    }
  }

  // The tensors must tile the data buffer: sorted by offsets, each begins
  // where the one before ends, and the last ends at the end of the file.
  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
    return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
  });
  uint64_t covered = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry &e = entries[i];
    if (e.begin < covered)
      fail(name, "tensors " + inQuotes(entries[i - 1].name) + " " +
                     describeOffsets(entries[i - 1]) + " and " +
                     inQuotes(e.name) + " " + describeOffsets(e) + " overlap");
    if (e.begin > covered)
      fail(name, "bytes [" + std::to_string(covered) + ", " +
                     std::to_string(e.begin) +
                     ") of the data buffer, before tensor " + inQuotes(e.name) +
                     ", belong to no tensor");
    covered = e.end;
  }
  if (covered != bufferSize)
    fail(name, "bytes [" + std::to_string(covered) + ", " +
                   std::to_string(bufferSize) +
                   ") at the end of the data buffer belong to no tensor");

  // Only now, every size checked against the file, allocate.
  NamedTensors result;
  result.reserve(entries.size());
  for (const Entry &e : entries) {
    Tensor t = Tensor::empty(e.shape, *e.dtype->type);
    readExactly(bufferStart + e.begin, t.rawData(), e.end - e.begin);
    if (t.dtype() == ScalarType::Bool) {
      // Any nonzero byte is true; store canonical bools.
      auto *p = static_cast<unsigned char *>(t.rawData());
      for (uint64_t i = 0; i < e.end - e.begin; ++i)
        p[i] = p[i] != 0;
    }
    result.emplace_back(e.name, std::move(t));
  }
  if (metadata)
    *metadata = std::move(meta);
  return result;
}

} // namespace

NamedTensors readSafetensors(const std::string &path) {
  return readSafetensors(path, nullptr);
}

NamedTensors readSafetensors(const std::string &path,
                             std::map<std::string, std::string> *metadata) {
  return readSource(FileSource(path), path, metadata);
}

NamedTensors parseSafetensors(std::string_view bytes, const std::string &name,
                              std::map<std::string, std::string> *metadata) {
  return readSource(MemorySource(bytes), name, metadata);
}

void writeSafetensors(const std::string &path, const NamedTensors &tensors,
                      const std::map<std::string, std::string> &metadata) {
  std::set<std::string> names;
  std::vector<const Dtype *> dtypes;
  for (const auto &[key, tensor] : tensors) {
    if (key == "__metadata__")
      fail(path, "a tensor cannot be named '__metadata__'");
    if (!names.insert(key).second)
      fail(path, "two tensors are named '" + key + "'");
    if (!tensor.defined())
      fail(path, "tensor '" + key + "' is undefined");
    const Dtype *dtype = dtypeOf(tensor.dtype());
    if (!dtype)
      fail(path, detail::concat("tensor '", key, "' has dtype ",
                                scalarTypeName(tensor.dtype()),
                                ", which safetensors files cannot hold"));
    dtypes.push_back(dtype);
  }
  // As the reference writes: larger elements first, then by name, so that
  // every tensor starts aligned to its element size.
  std::vector<size_t> order(tensors.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (dtypes[a] != dtypes[b])
      return dtypes[a] > dtypes[b]; // kDtypes is in increasing order
    return tensors[a].first < tensors[b].first;
  });

  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty())
    header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (size_t i : order) {
    const Tensor &t = tensors[i].second;
    uint64_t nbytes = static_cast<uint64_t>(t.numel()) * dtypes[i]->size;
    nlohmann::ordered_json info = nlohmann::ordered_json::object();
    info["dtype"] = dtypes[i]->name;
    info["shape"] = t.sizes();
    info["data_offsets"] =
        nlohmann::ordered_json::array({offset, offset + nbytes});
    header[tensors[i].first] = std::move(info);
    offset += nbytes;
  }
  std::string text;
  try {
    text = header.dump();
  } catch (const nlohmann::ordered_json::exception &) {
    fail(path, "tensor names and metadata must be valid UTF-8");
  }
  // Pad with spaces so the data starts 8-byte aligned.
  text.append((8 - text.size() % 8) % 8, ' ');
  if (text.size() > kMaxHeaderBytes)
    fail(path, "the header would exceed the limit of 100000000 bytes");

  AtomicFileWriter out(path);
  char lengthBytes[8];
  for (int i = 0; i < 8; ++i)
    lengthBytes[i] = static_cast<char>((text.size() >> (8 * i)) & 0xff);
  out.write(lengthBytes, 8);
  out.write(text);
  for (size_t i : order) {
    Tensor c = tensors[i].second.contiguous();
    out.write(c.rawData(),
              static_cast<size_t>(c.numel()) * elementSize(c.dtype()));
  }
  out.commit();
}

} // namespace kiln
