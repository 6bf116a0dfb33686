//===- Jit.h - The process's LLVM ORC JIT for the host CPU ------*- C++ -*-===//
//
// One llvm::orc::LLJIT per process (STYLE.md habit 10; Halide's
// src/JITModule.cpp), targeting the CPU Kiln runs on with all its features
// (AVX-512 where present). Every kernel generator in codegen/ builds an
// llvm::Module, hands it to addModule and looks its entry point up by name:
//
//   auto ctx = std::make_unique<llvm::LLVMContext>();
//   auto m = Jit::get().createModule("my_kernels", *ctx);
//   ... emit functions into *m ...
//   Jit::get().addModule({std::move(m), std::move(ctx)});
//   auto *fn = reinterpret_cast<KernelPtr>(Jit::get().lookup("my_kernel"));
//
// Modules are optimized with the new pass manager's O3 pipeline (with
// glibc's libmvec as the vector library) when they are compiled, unless
// optimize() already ran on them. Symbols live in one namespace: use
// uniqueName() or names derived from a cache key. Compiled objects of
// modules whose identifier is a cache key (see cacheModuleId) go to the disk
// cache (DiskCache.h), and addCachedObject() loads them back without LLVM's
// optimizer or code generator running at all.
//
// Thread-safe: any number of threads may add modules and look symbols up.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_JIT_H
#define KILN_CODEGEN_JIT_H

#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llvm {
class DataLayout;
class LLVMContext;
class MemoryBuffer;
class Module;
class TargetMachine;
class Triple;
namespace orc {
class LLJIT;
class ThreadSafeModule;
} // namespace orc
} // namespace llvm

namespace kiln::codegen {

class DiskCache;

class Jit {
public:
  /// The process's JIT, created on first use. Throws InternalError when LLVM
  /// cannot target the host.
  static Jit &get();

  ~Jit();
  Jit(const Jit &) = delete;
  Jit &operator=(const Jit &) = delete;

  //===--- The target
  //------------------------------------------------------===//

  const llvm::DataLayout &dataLayout() const;
  const llvm::Triple &targetTriple() const;
  /// A fresh target machine for the host CPU at O3 (for assembly printing or
  /// TargetTransformInfo queries). Each call makes a new one: a
  /// TargetMachine is not thread-safe.
  std::unique_ptr<llvm::TargetMachine> createTargetMachine() const;
  /// LLVM's name of the host CPU ("znver4") and its feature string
  /// ("+avx512f,+avx2,...").
  const std::string &cpuName() const { return cpuName_; }
  const std::string &cpuFeatures() const { return cpuFeatures_; }
  /// Width of the widest vector registers in bytes (64 with AVX-512, 32 with
  /// AVX2, 16 otherwise).
  unsigned vectorBytes() const { return vectorBytes_; }
  /// libmvec's ISA letter for that width ('e', 'd' or 'b'): the vector
  /// variant of expf over 16 floats is "_ZGVeN16v_expf".
  char libmvecIsa() const { return libmvecIsa_; }

  //===--- Modules
  //---------------------------------------------------------===//

  /// An empty module with the host's data layout and triple.
  std::unique_ptr<llvm::Module> createModule(std::string_view name,
                                             llvm::LLVMContext &ctx) const;
  /// Runs the O3 pipeline on `m` (host target, libmvec vector library) and
  /// marks it, so addModule does not optimize it again.
  void optimize(llvm::Module &m) const;
  /// Optimizes `m` and returns it as LLVM IR text, or as host assembly when
  /// `assembly` (for `kiln compile --emit llvm|asm`).
  std::string code(llvm::Module &m, bool assembly) const;
  /// KILN_JIT_VERBOSE is set (and not "0"): generators say on stderr where
  /// each kernel came from (LLVM or the disk cache).
  static bool verbose();

  /// Adds a module; it is optimized (if not yet) and compiled on the first
  /// lookup of one of its symbols. Symbols must be unique in the JIT.
  /// Throws InternalError when the module's symbols clash.
  void addModule(llvm::orc::ThreadSafeModule m);
  /// Adds a relocatable object file (host ELF).
  void addObject(std::unique_ptr<llvm::MemoryBuffer> object);
  /// The address of `name` (compiling its module if needed), or null when
  /// no module defines it. Throws InternalError when compiling fails.
  void *lookup(std::string_view name);

  /// `prefix` followed by a number no earlier call returned.
  std::string uniqueName(std::string_view prefix);

  //===--- The disk cache
  //--------------------------------------------------===//

  /// The module identifier that makes addModule store the compiled object
  /// in the disk cache under `key`.
  static std::string cacheModuleId(std::string_view key);
  /// Loads the object stored under `key` from the disk cache and adds it;
  /// false when there is none (or it was corrupt, and is now deleted).
  bool addCachedObject(std::string_view key);
  /// The addresses of `symbols` of a module that never changes (one per
  /// process: the row, pool and reduction kernels): from the disk cache
  /// under `name`-v`version` and the CPU when it is there, else emitted by
  /// `emit`, compiled and cached. Empty when the JIT fails (the caller's
  /// reference kernels then run); KILN_JIT_VERBOSE says which way it went.
  std::vector<void *> fixedModule(
      std::string_view name, int version, std::span<const std::string> symbols,
      const std::function<std::unique_ptr<llvm::Module>(llvm::LLVMContext &)>
          &emit);
  /// The disk cache (disabled when KILN_CACHE_DIR/XDG_CACHE_HOME/HOME give no
  /// writable directory).
  DiskCache &diskCache() { return *diskCache_; }

private:
  Jit();

  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::unique_ptr<DiskCache> diskCache_;
  std::unique_ptr<llvm::TargetMachine> targetMachine_; // for its triple/layout
  std::string cpuName_, cpuFeatures_;
  unsigned vectorBytes_ = 16;
  char libmvecIsa_ = 'b';
  std::atomic<uint64_t> nextName_{0};
};

} // namespace kiln::codegen

#endif // KILN_CODEGEN_JIT_H
