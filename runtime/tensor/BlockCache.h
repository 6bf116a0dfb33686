//===- BlockCache.h - Freed tensor memory kept for reuse --------*- C++ -*-===//
//
// A freed tensor's memory of 256 KiB or more stays with the process and
// serves the next tensor of the same rounded size: a graph run allocates
// the same sizes on every run, and memory fresh from the kernel costs a
// page fault and a page clear per 4 KiB (per 2 MiB huge page for large
// tensors) — half of a softmax's time on a 16 MB result. glibc returns
// such blocks to the kernel (they are mmapped, or trimmed from the top of
// a thread's heap), so every run paid again.
//
// The cache holds at most an eighth of physical memory, and at most 1 GiB;
// a freed block that does not fit is returned to the system. Under
// AddressSanitizer the cache is off, so that use after free is reported.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_BLOCKCACHE_H
#define KILN_RUNTIME_TENSOR_BLOCKCACHE_H

#include <cstddef>

namespace kiln::blockcache {

/// Blocks of at least this many bytes are cached.
constexpr size_t kMinBytes = size_t{256} << 10;

/// A cached block of exactly `bytes` bytes and `alignment`, or null.
void *take(size_t bytes, size_t alignment);

/// Keeps `block` (from std::aligned_alloc, `bytes` long, `alignment`) for
/// reuse; false when it is not kept and the caller must free it.
bool give(void *block, size_t bytes, size_t alignment);

/// Frees every cached block (before giving up on an allocation).
void release();

/// Bytes held now; whether caching is on in this build.
size_t cachedBytes();
bool enabled();

} // namespace kiln::blockcache

#endif // KILN_RUNTIME_TENSOR_BLOCKCACHE_H
