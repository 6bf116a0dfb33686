//===- KernelFunction.cpp -------------------------------------------------===//
#include "codegen/KernelFunction.h"
#include "codegen/Jit.h"

#include <llvm/IR/Module.h>

namespace kiln::codegen {

llvm::Function *createRangeKernel(llvm::Module &m, llvm::IRBuilder<> &b,
                                  const std::string &symbol) {
  Jit &jit = Jit::get();
  auto *i64 = b.getInt64Ty();
  auto *fn = llvm::Function::Create(
      llvm::FunctionType::get(b.getVoidTy(), {b.getPtrTy(), i64, i64}, false),
      llvm::Function::ExternalLinkage, symbol, m);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  fn->addFnAttr("target-cpu", jit.cpuName());
  fn->addFnAttr("target-features", jit.cpuFeatures());
  std::string width = std::to_string(jit.vectorBytes() * 8);
  fn->addFnAttr("prefer-vector-width", width);
  fn->addFnAttr("min-legal-vector-width", width);
  fn->addParamAttr(0, llvm::Attribute::NoAlias);
  b.SetInsertPoint(llvm::BasicBlock::Create(m.getContext(), "entry", fn));
  return fn;
}

llvm::Value *loadField(llvm::IRBuilder<> &b, llvm::Value *call, unsigned index,
                       llvm::Type *ty) {
  llvm::Value *p = b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), call, index * 8);
  return b.CreateAlignedLoad(ty, p, llvm::Align(8));
}

LoopValues emitLoop(llvm::IRBuilder<> &b, llvm::Value *from, llvm::Value *to,
                    int64_t step, LoopValues init, const std::string &name,
                    const LoopBody &body) {
  llvm::LLVMContext &ctx = b.getContext();
  llvm::BasicBlock *pre = b.GetInsertBlock();
  llvm::Function *fn = pre->getParent();
  auto *head = llvm::BasicBlock::Create(ctx, name, fn);
  auto *bodyBlock = llvm::BasicBlock::Create(ctx, name + ".body", fn);
  auto *exit = llvm::BasicBlock::Create(ctx, name + ".exit", fn);
  b.CreateBr(head);
  b.SetInsertPoint(head);
  llvm::PHINode *i = b.CreatePHI(b.getInt64Ty(), 2, name + ".i");
  i->addIncoming(from, pre);
  LoopValues carried;
  for (llvm::Value *v : init) {
    llvm::PHINode *phi = b.CreatePHI(v->getType(), 2);
    phi->addIncoming(v, pre);
    carried.push_back(phi);
  }
  b.CreateCondBr(b.CreateICmpSLT(i, to), bodyBlock, exit);
  b.SetInsertPoint(bodyBlock);
  LoopValues next = body(i, carried);
  llvm::BasicBlock *latch = b.GetInsertBlock();
  i->addIncoming(b.CreateAdd(i, b.getInt64(step)), latch);
  for (size_t k = 0; k < carried.size(); ++k)
    llvm::cast<llvm::PHINode>(carried[k])->addIncoming(next[k], latch);
  b.CreateBr(head);
  b.SetInsertPoint(exit);
  return carried;
}

} // namespace kiln::codegen
