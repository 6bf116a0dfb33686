//===- JitTest.cpp - The ORC JIT wrapper and its disk cache ---------------===//
#include "codegen/Jit.h"
#include "codegen/DiskCache.h"

#include <gtest/gtest.h>

#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Triple.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>
#include <vector>

namespace kiln::codegen {
namespace {

// int64 NAME(int64 x) { return x + k; }
std::unique_ptr<llvm::Module>
addConstantModule(llvm::LLVMContext &ctx, const std::string &name, int64_t k) {
  auto m = Jit::get().createModule(name, ctx);
  llvm::IRBuilder<> b(ctx);
  auto *fnType = llvm::FunctionType::get(b.getInt64Ty(), {b.getInt64Ty()},
                                         /*isVarArg=*/false);
  auto *fn =
      llvm::Function::Create(fnType, llvm::Function::ExternalLinkage, name, *m);
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
  b.CreateRet(b.CreateAdd(fn->getArg(0), b.getInt64(k)));
  return m;
}

TEST(JitTest, TargetsTheHost) {
  Jit &jit = Jit::get();
  EXPECT_FALSE(jit.cpuName().empty());
  EXPECT_GE(jit.vectorBytes(), 16u);
  EXPECT_TRUE(jit.targetTriple().isArch64Bit());
  EXPECT_NE(jit.createTargetMachine(), nullptr);
}

TEST(JitTest, CompilesAndLooksUp) {
  Jit &jit = Jit::get();
  std::string name = jit.uniqueName("jit_test_add_");
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto m = addConstantModule(*ctx, name, 42);
  jit.addModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx)));
  auto *fn = reinterpret_cast<int64_t (*)(int64_t)>(jit.lookup(name));
  ASSERT_NE(fn, nullptr);
  EXPECT_EQ(fn(1), 43);
  EXPECT_EQ(jit.lookup("no_such_symbol_in_kiln"), nullptr);
}

TEST(JitTest, OptimizeIsIdempotent) {
  Jit &jit = Jit::get();
  std::string name = jit.uniqueName("jit_test_opt_");
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto m = addConstantModule(*ctx, name, 7);
  jit.optimize(*m);
  jit.optimize(*m);
  jit.addModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx)));
  auto *fn = reinterpret_cast<int64_t (*)(int64_t)>(jit.lookup(name));
  ASSERT_NE(fn, nullptr);
  EXPECT_EQ(fn(-7), 0);
}

// Calls libmvec's expf over one vector: the JIT resolves glibc's vector math.
TEST(JitTest, ResolvesLibmvec) {
  Jit &jit = Jit::get();
  unsigned lanes = jit.vectorBytes() / 4;
  std::string mvec = std::string("_ZGV") + jit.libmvecIsa() + "N" +
                     std::to_string(lanes) + "v_expf";
  std::string name = jit.uniqueName("jit_test_vexp_");
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto m = jit.createModule(name, *ctx);
  llvm::IRBuilder<> b(*ctx);
  auto *vecTy = llvm::FixedVectorType::get(b.getFloatTy(), lanes);
  auto *ptrTy = b.getPtrTy();
  auto *fn = llvm::Function::Create(
      llvm::FunctionType::get(b.getVoidTy(), {ptrTy, ptrTy}, false),
      llvm::Function::ExternalLinkage, name, *m);
  auto callee = m->getOrInsertFunction(
      mvec, llvm::FunctionType::get(vecTy, {vecTy}, false));
  b.SetInsertPoint(llvm::BasicBlock::Create(*ctx, "entry", fn));
  llvm::Value *x = b.CreateAlignedLoad(vecTy, fn->getArg(0), llvm::Align(4));
  b.CreateAlignedStore(b.CreateCall(callee, {x}), fn->getArg(1),
                       llvm::Align(4));
  b.CreateRetVoid();
  jit.addModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx)));
  auto *kernel =
      reinterpret_cast<void (*)(const float *, float *)>(jit.lookup(name));
  ASSERT_NE(kernel, nullptr);
  std::vector<float> in(lanes), out(lanes);
  for (unsigned i = 0; i < lanes; ++i)
    in[i] = -3.0f + 0.37f * static_cast<float>(i);
  kernel(in.data(), out.data());
  for (unsigned i = 0; i < lanes; ++i)
    EXPECT_NEAR(out[i], std::exp(in[i]), 1e-6f * std::exp(in[i])) << i;
}

TEST(JitTest, ThreadsAddAndLookUpAtOnce) {
  Jit &jit = Jit::get();
  std::vector<std::thread> threads;
  std::vector<int64_t> results(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::string name = jit.uniqueName("jit_test_thread_");
      auto ctx = std::make_unique<llvm::LLVMContext>();
      auto m = addConstantModule(*ctx, name, t);
      jit.addModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx)));
      auto *fn = reinterpret_cast<int64_t (*)(int64_t)>(jit.lookup(name));
      results[t] = fn ? fn(100) : -1;
    });
  for (auto &th : threads)
    th.join();
  for (int t = 0; t < 4; ++t)
    EXPECT_EQ(results[t], 100 + t);
}

std::string tempDir(const char *name) {
  auto dir =
      std::filesystem::temp_directory_path() /
      (std::string("kiln-jit-test-") + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

TEST(DiskCacheTest, StoresLoadsAndRejectsCorruptEntries) {
  std::string dir = tempDir("cache");
  DiskCache cache(dir);
  ASSERT_TRUE(cache.enabled());
  std::string object = "not really an ELF object, but bytes all the same";
  EXPECT_EQ(cache.load("key-1"), nullptr);
  cache.store("key-1", llvm::MemoryBufferRef(object, "obj"));
  auto loaded = cache.load("key-1");
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(loaded->getBuffer().str(), object);
  EXPECT_EQ(cache.hits(), 1u);

  // A flipped byte in the object: rejected and deleted.
  std::string path = cache.pathFor("key-1");
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-3, std::ios::end);
    f.put('#');
  }
  EXPECT_EQ(cache.load("key-1"), nullptr);
  EXPECT_EQ(cache.rejected(), 1u);
  EXPECT_FALSE(std::filesystem::exists(path));

  // Truncated, and plain garbage.
  cache.store("key-1", llvm::MemoryBufferRef(object, "obj"));
  std::filesystem::resize_file(path, 20);
  EXPECT_EQ(cache.load("key-1"), nullptr);
  std::ofstream(path, std::ios::binary) << "garbage";
  EXPECT_EQ(cache.load("key-1"), nullptr);
  EXPECT_EQ(cache.rejected(), 3u);
  std::filesystem::remove_all(dir);
}

TEST(DiskCacheTest, UnwritableDirectoryDisablesTheCache) {
  DiskCache cache("/proc/kiln-cannot-be-here");
  EXPECT_FALSE(cache.enabled());
  std::string object = "x";
  cache.store("k", llvm::MemoryBufferRef(object, "obj"));
  EXPECT_EQ(cache.load("k"), nullptr);
}

// A module compiled under a cache key is stored on disk; a second JIT
// session would load it with addCachedObject (here: same symbols, so only
// the store and a load are checked).
TEST(DiskCacheTest, JitStoresCompiledModules) {
  Jit &jit = Jit::get();
  if (!jit.diskCache().enabled())
    GTEST_SKIP() << "no writable cache directory";
  std::string name = jit.uniqueName("jit_test_cached_");
  std::string key = "JitTest " + name + " " + jit.cpuName();
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto m = addConstantModule(*ctx, name, 5);
  m->setModuleIdentifier(Jit::cacheModuleId(key));
  jit.addModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx)));
  auto *fn = reinterpret_cast<int64_t (*)(int64_t)>(jit.lookup(name));
  ASSERT_NE(fn, nullptr);
  EXPECT_EQ(fn(5), 10);
  EXPECT_TRUE(std::filesystem::exists(jit.diskCache().pathFor(key)));
  EXPECT_NE(jit.diskCache().load(key), nullptr);
  std::filesystem::remove(jit.diskCache().pathFor(key));
}

} // namespace
} // namespace kiln::codegen
