//===- KernelCompiler.cpp -------------------------------------------------===//
#include "runtime/KernelCompiler.h"

#include <atomic>

namespace kiln {

namespace {
std::atomic<KernelCompiler *> registered{nullptr};
} // namespace

void setKernelCompiler(KernelCompiler *compiler) { registered = compiler; }

KernelCompiler *kernelCompiler() { return registered; }

} // namespace kiln
