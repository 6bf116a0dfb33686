//===- GemmKernels.cpp - Compiled GEMM micro-kernels, cached --------------===//
#include "codegen/gemm/GemmKernels.h"

#include "codegen/Jit.h"
#include "support/Error.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <mutex>
#include <unordered_map>

namespace kiln::codegen::gemm {

namespace {

/// The cache key (host CPU, tile and epilogue) and the symbol derived
/// from it.
struct KernelId {
  std::string key, symbol;
};

KernelId kernelId(const MicroKernelShape &shape, const Epilogue &epilogue) {
  Jit &jit = Jit::get();
  std::string key = "gemm-f32-v1;" + jit.cpuName() + ";" + jit.cpuFeatures() +
                    ";" + std::to_string(shape.vectorWidth) + "x" +
                    std::to_string(shape.mr) + "x" + std::to_string(shape.nr) +
                    ";" + epilogue.key();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(key));
  return {key, std::string("kiln_gemm_ukernel_") + hex};
}

std::unique_ptr<llvm::Module> buildModule(llvm::LLVMContext &ctx,
                                          const KernelId &id,
                                          const MicroKernelShape &shape,
                                          const Epilogue &epilogue) {
  Jit &jit = Jit::get();
  auto module = jit.createModule(id.symbol, ctx);
  llvm::Function *fn = emitMicroKernel(*module, id.symbol, shape, epilogue);
  fn->addFnAttr("target-cpu", jit.cpuName());
  fn->addFnAttr("target-features", jit.cpuFeatures());
  return module;
}

} // namespace

std::optional<GemmKernel> gemmKernel(const Epilogue &epilogue) {
  static const MicroKernelShape shape = hostMicroKernelShape();
  if (shape.vectorWidth == 0)
    return std::nullopt;
  static std::mutex mutex;
  static std::unordered_map<std::string, GemmKernel> kernels;
  KernelId id = kernelId(shape, epilogue);
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = kernels.find(id.key); it != kernels.end())
    return it->second;
  Jit &jit = Jit::get();
  const char *source = "disk cache";
  if (!jit.addCachedObject(id.key)) {
    source = "LLVM";
    auto ctx = std::make_unique<llvm::LLVMContext>();
    auto module = buildModule(*ctx, id, shape, epilogue);
    module->setModuleIdentifier(Jit::cacheModuleId(id.key));
    jit.addModule({std::move(module), std::move(ctx)});
  }
  auto fn = reinterpret_cast<MicroKernelFn>(jit.lookup(id.symbol));
  if (!fn)
    return std::nullopt;
  if (Jit::verbose())
    std::cerr << "kiln-jit: " << id.symbol << " from " << source << "\n";
  GemmKernel kernel{fn, shape};
  kernels.emplace(id.key, kernel);
  return kernel;
}

std::string gemmKernelCode(const Epilogue &epilogue, bool assembly) {
  MicroKernelShape shape = hostMicroKernelShape();
  if (shape.vectorWidth == 0)
    return "";
  llvm::LLVMContext ctx;
  KernelId id = kernelId(shape, epilogue);
  auto module = buildModule(ctx, id, shape, epilogue);
  return Jit::get().code(*module, assembly);
}

} // namespace kiln::codegen::gemm
