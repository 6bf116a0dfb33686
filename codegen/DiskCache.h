//===- DiskCache.h - Compiled objects kept across processes -----*- C++ -*-===//
//
// An llvm::ObjectCache whose entries are files under the user's cache
// directory: $KILN_CACHE_DIR, else $XDG_CACHE_HOME/kiln, else
// ~/.cache/kiln. An entry is found by a key string (the kernel generator's
// description of what it compiled, host CPU included) and is stored as
//
//   magic "KILNOBJ1" | u32 format version | u32 reserved
//   u64 key length | u64 object length | u64 checksum (FNV-1a of key+object)
//   key bytes | object bytes
//
// in a file named by the key's hash. A read checks every field and the
// whole key: a truncated, corrupt or colliding entry is deleted and
// reported as missing, never loaded. Files are written atomically. When the
// directory cannot be created or written, the cache is disabled and Kiln
// compiles as if it were empty.
//
// Thread-safe.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_DISKCACHE_H
#define KILN_CODEGEN_DISKCACHE_H

#include <llvm/ExecutionEngine/ObjectCache.h>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

namespace kiln::codegen {

class DiskCache : public llvm::ObjectCache {
public:
  /// A cache in `directory` ("" disables it).
  explicit DiskCache(std::string directory);

  /// The directory the environment selects ("" when none can be found).
  static std::string defaultDirectory();

  bool enabled() const { return !directory_.empty(); }
  const std::string &directory() const { return directory_; }
  /// The file that holds `key`'s entry.
  std::string pathFor(std::string_view key) const;

  /// The object stored under `key`, or null (missing, disabled, or corrupt:
  /// then deleted).
  std::unique_ptr<llvm::MemoryBuffer> load(std::string_view key);
  /// Stores `object` under `key`; failures only disable nothing and are
  /// ignored (the cache is an optimization).
  void store(std::string_view key, llvm::MemoryBufferRef object);

  /// Counters, for tests.
  uint64_t hits() const { return hits_; }
  uint64_t stores() const { return stores_; }
  uint64_t rejected() const { return rejected_; }

  // llvm::ObjectCache, keyed by the module's identifier when it is a
  // Jit::cacheModuleId; other modules are not cached.
  void notifyObjectCompiled(const llvm::Module *m,
                            llvm::MemoryBufferRef object) override;
  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module *m) override;

private:
  std::string directory_;
  std::atomic<uint64_t> hits_{0}, stores_{0}, rejected_{0};
};

} // namespace kiln::codegen

#endif // KILN_CODEGEN_DISKCACHE_H
