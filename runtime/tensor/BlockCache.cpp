//===- BlockCache.cpp -----------------------------------------------------===//
#include "runtime/tensor/BlockCache.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define KILN_BLOCK_CACHE_ENABLED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KILN_BLOCK_CACHE_ENABLED 0
#endif
#endif
#ifndef KILN_BLOCK_CACHE_ENABLED
#define KILN_BLOCK_CACHE_ENABLED 1
#endif

namespace kiln::blockcache {

namespace {

size_t capacity() {
  static const size_t bytes = [] {
    long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
    size_t physical =
        pages > 0 && pageSize > 0
            ? static_cast<size_t>(pages) * static_cast<size_t>(pageSize)
            : 0;
    return std::min(physical / 8, size_t{1} << 30);
  }();
  return bytes;
}

struct Cache {
  std::mutex mutex;
  /// (bytes, alignment) -> free blocks, most recently freed last.
  std::map<std::pair<size_t, size_t>, std::vector<void *>> free;
  size_t held = 0;
};

Cache &cache() {
  // Never destroyed: tensors may be freed by static destructors.
  static Cache *c = new Cache();
  return *c;
}

} // namespace

bool enabled() { return KILN_BLOCK_CACHE_ENABLED; }

void *take(size_t bytes, size_t alignment) {
  if (!enabled() || bytes < kMinBytes)
    return nullptr;
  Cache &c = cache();
  std::lock_guard lock(c.mutex);
  auto it = c.free.find({bytes, alignment});
  if (it == c.free.end() || it->second.empty())
    return nullptr;
  void *block = it->second.back();
  it->second.pop_back();
  c.held -= bytes;
  return block;
}

bool give(void *block, size_t bytes, size_t alignment) {
  if (!enabled() || bytes < kMinBytes)
    return false;
  Cache &c = cache();
  std::lock_guard lock(c.mutex);
  if (c.held + bytes > capacity())
    return false;
  c.free[{bytes, alignment}].push_back(block);
  c.held += bytes;
  return true;
}

void release() {
  Cache &c = cache();
  std::lock_guard lock(c.mutex);
  for (auto &[key, blocks] : c.free)
    for (void *block : blocks)
      std::free(block);
  c.free.clear();
  c.held = 0;
}

size_t cachedBytes() {
  Cache &c = cache();
  std::lock_guard lock(c.mutex);
  return c.held;
}

} // namespace kiln::blockcache
