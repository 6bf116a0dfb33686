//===- Jit.cpp ------------------------------------------------------------===//
#include "codegen/Jit.h"
#include "codegen/DiskCache.h"

#include "support/Error.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>

#include <iostream>

namespace kiln::codegen {

namespace {

constexpr const char *kOptimizedMarker = "kiln.optimized";

std::string errorText(llvm::Error e) { return llvm::toString(std::move(e)); }

template <typename T> T orThrow(llvm::Expected<T> v, const char *what) {
  if (!v)
    KILN_INTERNAL_ASSERT(false, what, ": ", errorText(v.takeError()));
  return std::move(*v);
}

void orThrow(llvm::Error e, const char *what) {
  if (e)
    KILN_INTERNAL_ASSERT(false, what, ": ", errorText(std::move(e)));
}

llvm::orc::JITTargetMachineBuilder hostBuilder() {
  auto jtmb = orThrow(llvm::orc::JITTargetMachineBuilder::detectHost(),
                      "cannot target the host CPU");
  jtmb.setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  return jtmb;
}

bool hasFeature(const std::string &features, std::string_view f) {
  std::string plus = "+" + std::string(f);
  size_t pos = 0;
  while ((pos = features.find(plus, pos)) != std::string::npos) {
    size_t end = pos + plus.size();
    if (end == features.size() || features[end] == ',')
      return true;
    pos = end;
  }
  return false;
}

} // namespace

Jit &Jit::get() {
  static Jit *jit = new Jit(); // never destroyed: kernels may run at exit
  return *jit;
}

Jit::Jit() {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::InitializeNativeTargetAsmParser();

  llvm::orc::JITTargetMachineBuilder jtmb = hostBuilder();
  cpuName_ = jtmb.getCPU();
  cpuFeatures_ = jtmb.getFeatures().getString();
  if (hasFeature(cpuFeatures_, "avx512f")) {
    vectorBytes_ = 64;
    libmvecIsa_ = 'e';
  } else if (hasFeature(cpuFeatures_, "avx2")) {
    vectorBytes_ = 32;
    libmvecIsa_ = 'd';
  }
  targetMachine_ =
      orThrow(jtmb.createTargetMachine(), "cannot create a target machine");
  diskCache_ = std::make_unique<DiskCache>(DiskCache::defaultDirectory());

  DiskCache *cache = diskCache_.get();
  jit_ = orThrow(
      llvm::orc::LLJITBuilder()
          .setJITTargetMachineBuilder(jtmb)
          .setSupportConcurrentCompilation(true)
          .setCompileFunctionCreator(
              [cache](llvm::orc::JITTargetMachineBuilder b)
                  -> llvm::Expected<
                      std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
                return std::make_unique<llvm::orc::ConcurrentIRCompiler>(
                    std::move(b), cache);
              })
          .create(),
      "cannot create the JIT");

  // Vector math: glibc's libmvec (the kernels call its _ZGV* functions).
  // The process's own symbols (libm, libc) come with LLJIT's defaults.
  char prefix = jit_->getDataLayout().getGlobalPrefix();
  auto mvec =
      llvm::orc::DynamicLibrarySearchGenerator::Load("libmvec.so.1", prefix);
  if (mvec)
    jit_->getMainJITDylib().addGenerator(std::move(*mvec));
  else
    llvm::consumeError(mvec.takeError()); // kernels then decline vector math

  jit_->getIRTransformLayer().setTransform(
      [this](llvm::orc::ThreadSafeModule tsm,
             llvm::orc::MaterializationResponsibility &)
          -> llvm::Expected<llvm::orc::ThreadSafeModule> {
        tsm.withModuleDo([this](llvm::Module &m) {
          if (!m.getNamedMetadata(kOptimizedMarker))
            optimize(m);
        });
        return tsm;
      });
}

Jit::~Jit() = default;

const llvm::DataLayout &Jit::dataLayout() const {
  return jit_->getDataLayout();
}

const llvm::Triple &Jit::targetTriple() const {
  return jit_->getTargetTriple();
}

std::unique_ptr<llvm::TargetMachine> Jit::createTargetMachine() const {
  return orThrow(hostBuilder().createTargetMachine(),
                 "cannot create a target machine");
}

std::unique_ptr<llvm::Module> Jit::createModule(std::string_view name,
                                                llvm::LLVMContext &ctx) const {
  auto m = std::make_unique<llvm::Module>(llvm::StringRef(name), ctx);
  m->setDataLayout(dataLayout());
  m->setTargetTriple(targetTriple().str());
  return m;
}

std::string Jit::code(llvm::Module &m, bool assembly) const {
  optimize(m);
  std::string text;
  llvm::raw_string_ostream os(text);
  if (!assembly) {
    m.print(os, nullptr);
    return text;
  }
  llvm::SmallString<0> buffer;
  llvm::raw_svector_ostream asmOut(buffer);
  std::unique_ptr<llvm::TargetMachine> tm = createTargetMachine();
  llvm::legacy::PassManager pm;
  KILN_INTERNAL_ASSERT(
      !tm->addPassesToEmitFile(pm, asmOut, nullptr,
                               llvm::CodeGenFileType::AssemblyFile),
      "the target cannot emit assembly");
  pm.run(m);
  return std::string(buffer.str());
}

bool Jit::verbose() {
  static const bool on = [] {
    const char *v = std::getenv("KILN_JIT_VERBOSE");
    return v && *v && std::strcmp(v, "0") != 0;
  }();
  return on;
}

void Jit::optimize(llvm::Module &m) const {
  if (m.getNamedMetadata(kOptimizedMarker))
    return;
  std::unique_ptr<llvm::TargetMachine> tm = createTargetMachine();
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  tuning.LoopUnrolling = true;
  llvm::PassBuilder pb(tm.get(), tuning);
  llvm::TargetLibraryInfoImpl tlii(targetTriple());
  tlii.addVectorizableFunctionsFromVecLib(
      llvm::TargetLibraryInfoImpl::LIBMVEC_X86, targetTriple());
  fam.registerPass([&] { return llvm::TargetLibraryAnalysis(tlii); });
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm =
      pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  mpm.run(m, mam);
  m.getOrInsertNamedMetadata(kOptimizedMarker);
}

void Jit::addModule(llvm::orc::ThreadSafeModule m) {
  orThrow(jit_->addIRModule(std::move(m)), "cannot add a module to the JIT");
}

void Jit::addObject(std::unique_ptr<llvm::MemoryBuffer> object) {
  orThrow(jit_->addObjectFile(std::move(object)),
          "cannot add an object to the JIT");
}

void *Jit::lookup(std::string_view name) {
  auto addr = jit_->lookup(llvm::StringRef(name));
  if (addr)
    return addr->toPtr<void *>();
  std::string failure;
  llvm::handleAllErrors(
      addr.takeError(), [](const llvm::orc::SymbolsNotFound &) {},
      [&](const llvm::ErrorInfoBase &e) { failure = e.message(); });
  KILN_INTERNAL_ASSERT(failure.empty(), "JIT lookup of '", name,
                       "' failed: ", failure);
  return nullptr;
}

std::string Jit::uniqueName(std::string_view prefix) {
  return std::string(prefix) + std::to_string(nextName_.fetch_add(1));
}

std::string Jit::cacheModuleId(std::string_view key) {
  return "kiln-cache:" + std::string(key);
}

std::vector<void *> Jit::fixedModule(
    std::string_view name, int version, std::span<const std::string> symbols,
    const std::function<std::unique_ptr<llvm::Module>(llvm::LLVMContext &)>
        &emit) {
  try {
    std::string key = std::string(name) + "-v" + std::to_string(version) +
                      "\n" + cpuName() + "\n" + cpuFeatures() + "\n";
    const char *source = "disk cache";
    if (!addCachedObject(key) || !lookup(symbols.front())) {
      source = "LLVM";
      auto ctx = std::make_unique<llvm::LLVMContext>();
      std::unique_ptr<llvm::Module> m = emit(*ctx);
      m->setModuleIdentifier(cacheModuleId(key));
      addModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx)));
    }
    std::vector<void *> addresses;
    for (const std::string &symbol : symbols)
      addresses.push_back(lookup(symbol));
    if (verbose())
      std::cerr << "kiln-jit: " << name << " from " << source << "\n";
    return addresses;
  } catch (const std::exception &e) {
    if (verbose())
      std::cerr << "kiln-jit: " << e.what() << "\n";
    return {};
  }
}

bool Jit::addCachedObject(std::string_view key) {
  std::unique_ptr<llvm::MemoryBuffer> object = diskCache_->load(key);
  if (!object)
    return false;
  llvm::Error e = jit_->addObjectFile(std::move(object));
  if (e) {
    // Not a loadable object after all (or its symbols clash): compile anew.
    llvm::consumeError(std::move(e));
    return false;
  }
  return true;
}

} // namespace kiln::codegen
