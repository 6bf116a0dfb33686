//===- BlockCacheTest.cpp - Freed tensor memory kept for reuse ------------===//
//
// A tensor of 256 KiB or more freed and allocated again at the same size
// gets the same memory back (zeroed when asked), smaller ones are not
// cached, and release() empties the cache. Off under AddressSanitizer.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/BlockCache.h"
#include "runtime/tensor/Tensor.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace kiln;

namespace {

class BlockCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    if (!blockcache::enabled())
      GTEST_SKIP() << "the block cache is off under AddressSanitizer";
    blockcache::release();
  }
  void TearDown() override { blockcache::release(); }
};

TEST_F(BlockCacheTest, ReusesAFreedBlockOfTheSameSize) {
  size_t bytes = size_t{1} << 20;
  void *first;
  {
    Ref<Storage> s = Storage::allocate(bytes, /*zero=*/false);
    first = s->data();
    std::memset(first, 0xab, bytes);
  }
  EXPECT_EQ(blockcache::cachedBytes(), bytes);
  Ref<Storage> again = Storage::allocate(bytes, /*zero=*/true);
  EXPECT_EQ(again->data(), first);
  EXPECT_EQ(blockcache::cachedBytes(), 0u);
  // Asked for zeros, it gets zeros, though the block held 0xab.
  const auto *p = static_cast<const unsigned char *>(again->data());
  for (size_t i = 0; i < bytes; i += 4093)
    ASSERT_EQ(p[i], 0) << i;
}

TEST_F(BlockCacheTest, HugePageBlocksToo) {
  // 8 MB tensors sit on 2 MB-aligned memory; a 7.5 MB one rounds to the
  // same 8 MB block.
  void *first;
  {
    Ref<Storage> s = Storage::allocate(size_t{8} << 20, false);
    first = s->data();
  }
  Ref<Storage> again = Storage::allocate((size_t{15} << 20) / 2, false);
  EXPECT_EQ(again->data(), first);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(again->data()) % (size_t{2} << 20), 0u);
}

TEST_F(BlockCacheTest, SmallBlocksAndOtherSizesAreNotServed) {
  { Ref<Storage> small = Storage::allocate(1000, false); }
  EXPECT_EQ(blockcache::cachedBytes(), 0u);
  void *first;
  {
    Ref<Storage> s = Storage::allocate(size_t{1} << 20, false);
    first = s->data();
  }
  Ref<Storage> other = Storage::allocate(size_t{2} << 20, false);
  EXPECT_NE(other->data(), first);
  EXPECT_EQ(blockcache::cachedBytes(), size_t{1} << 20);
  blockcache::release();
  EXPECT_EQ(blockcache::cachedBytes(), 0u);
}

} // namespace
