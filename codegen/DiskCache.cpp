//===- DiskCache.cpp ------------------------------------------------------===//
#include "codegen/DiskCache.h"

#include "support/File.h"

#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace kiln::codegen {

namespace {

constexpr char kMagic[8] = {'K', 'I', 'L', 'N', 'O', 'B', 'J', '1'};
constexpr uint32_t kFormatVersion = 1;
constexpr std::string_view kModulePrefix = "kiln-cache:";
// magic, version, reserved, key length, object length, checksum.
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 8 + 8 + 8;
// Entries larger than this are not believed (objects are kilobytes).
constexpr uint64_t kMaxEntryBytes = uint64_t{1} << 30;

uint64_t fnv1a(std::string_view bytes, uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

template <typename T> void appendRaw(std::string &out, T v) {
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);
  out.append(bytes, sizeof v);
}

template <typename T> T readRaw(const char *p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// A directory we can create and write into.
bool usableDirectory(const std::string &dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir, ec))
    return false;
  return ::access(dir.c_str(), W_OK | X_OK) == 0;
}

} // namespace

DiskCache::DiskCache(std::string directory) {
  if (!directory.empty() && usableDirectory(directory))
    directory_ = std::move(directory);
}

std::string DiskCache::defaultDirectory() {
  if (const char *dir = std::getenv("KILN_CACHE_DIR"); dir && *dir)
    return dir;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return std::string(xdg) + "/kiln";
  if (const char *home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.cache/kiln";
  return "";
}

std::string DiskCache::pathFor(std::string_view key) const {
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.o",
                static_cast<unsigned long long>(fnv1a(key)));
  return directory_ + "/" + name;
}

std::unique_ptr<llvm::MemoryBuffer> DiskCache::load(std::string_view key) {
  if (!enabled())
    return nullptr;
  std::string path = pathFor(key);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return nullptr;
  auto reject = [&]() -> std::unique_ptr<llvm::MemoryBuffer> {
    ++rejected_;
    in.close();
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return nullptr;
  };
  char header[kHeaderBytes];
  if (!in.read(header, kHeaderBytes))
    return reject();
  if (std::memcmp(header, kMagic, sizeof kMagic) != 0 ||
      readRaw<uint32_t>(header + 8) != kFormatVersion)
    return reject();
  uint64_t keyLength = readRaw<uint64_t>(header + 16);
  uint64_t objectLength = readRaw<uint64_t>(header + 24);
  uint64_t checksum = readRaw<uint64_t>(header + 32);
  std::error_code ec;
  uint64_t fileSize = std::filesystem::file_size(path, ec);
  if (ec || keyLength != key.size() || objectLength == 0 ||
      objectLength > kMaxEntryBytes ||
      fileSize != kHeaderBytes + keyLength + objectLength)
    return reject();
  std::string storedKey(keyLength, '\0');
  if (!in.read(storedKey.data(), static_cast<std::streamsize>(keyLength)) ||
      storedKey != key)
    return reject();
  auto buffer = llvm::WritableMemoryBuffer::getNewUninitMemBuffer(
      objectLength, "kiln-cache-object");
  if (!buffer || !in.read(buffer->getBufferStart(),
                          static_cast<std::streamsize>(objectLength)))
    return reject();
  std::string_view object(buffer->getBufferStart(), objectLength);
  if (fnv1a(object, fnv1a(key)) != checksum)
    return reject();
  ++hits_;
  return buffer;
}

void DiskCache::store(std::string_view key, llvm::MemoryBufferRef object) {
  if (!enabled())
    return;
  std::string_view bytes(object.getBufferStart(), object.getBufferSize());
  std::string entry(kMagic, sizeof kMagic);
  appendRaw<uint32_t>(entry, kFormatVersion);
  appendRaw<uint32_t>(entry, 0);
  appendRaw<uint64_t>(entry, key.size());
  appendRaw<uint64_t>(entry, bytes.size());
  appendRaw<uint64_t>(entry, fnv1a(bytes, fnv1a(key)));
  entry.append(key);
  entry.append(bytes);
  try {
    writeFileAtomically(pathFor(key), entry);
    ++stores_;
  } catch (const std::exception &) {
    // A full disk or a read-only directory: run without the entry.
  }
}

void DiskCache::notifyObjectCompiled(const llvm::Module *m,
                                     llvm::MemoryBufferRef object) {
  llvm::StringRef id = m->getModuleIdentifier();
  if (id.starts_with(kModulePrefix))
    store(std::string_view(id.drop_front(kModulePrefix.size())), object);
}

std::unique_ptr<llvm::MemoryBuffer>
DiskCache::getObject(const llvm::Module *m) {
  llvm::StringRef id = m->getModuleIdentifier();
  if (!id.starts_with(kModulePrefix))
    return nullptr;
  return load(std::string_view(id.drop_front(kModulePrefix.size())));
}

} // namespace kiln::codegen
