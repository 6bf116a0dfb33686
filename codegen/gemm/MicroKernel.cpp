//===- MicroKernel.cpp - The register-blocked GEMM micro-kernel -----------===//
//
// The depth loop is unrolled four times (then a one-step remainder loop);
// the accumulators are loop phis, which the register allocator keeps in
// vector registers. After the loop, one of two copies of the finishing code
// runs: the full tile (plain loads and stores) or an edge tile (every load
// and store masked by lanes < n and rows < m, so nothing outside C is
// touched). Both add C when accumulating and apply the epilogue on the last
// depth block.
//
//===----------------------------------------------------------------------===//
#include "codegen/gemm/MicroKernel.h"

#include "codegen/ElementwiseEmitters.h"
#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/OpTable.h"
#include "support/Error.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>
#include <llvm/TargetParser/Host.h>

#include <cmath>
#include <limits>

namespace kiln::codegen::gemm {

namespace {

using llvm::BasicBlock;
using llvm::Value;

class MicroKernelEmitter {
public:
  MicroKernelEmitter(llvm::Module &module, const MicroKernelShape &shape,
                     const Epilogue &epilogue)
      : module_(module), ctx_(module.getContext()), b_(ctx_), shape_(shape),
        epilogue_(epilogue), nv_(shape.nr / shape.vectorWidth) {
    f32_ = b_.getFloatTy();
    i64_ = b_.getInt64Ty();
    vec_ = llvm::FixedVectorType::get(f32_, shape.vectorWidth);
  }

  llvm::Function *emit(const std::string &name);

private:
  using Tile = std::vector<Value *>; // mr * nv vectors, row-major

  Value *i64(int64_t v) { return b_.getInt64(static_cast<uint64_t>(v)); }
  Value *splat(Value *scalar) {
    return b_.CreateVectorSplat(shape_.vectorWidth, scalar);
  }
  Value *splat(double v) { return llvm::ConstantFP::get(vec_, v); }
  Value *elementPtr(Value *base, Value *index) {
    return b_.CreateInBoundsGEP(f32_, base, index);
  }

  /// One depth step at depth `k`: acc += splat(Ap[k, i]) * Bp[k, :].
  void emitDepthStep(Value *k, Tile &acc);
  /// A loop over depth [start, end) in steps of `unroll`.
  Tile emitDepthLoop(const char *label, Value *start, Value *end, int unroll,
                     const Tile &init, Value *&kOut);
  /// Adds C (when accumulating), applies the epilogue (when asked) and
  /// stores; `edge` masks every access by rows < m and lanes < n.
  void emitFinish(const Tile &acc, bool edge);
  Value *applyEpilogue(Value *x, int row, int vector, Value *mask);
  Value *emitUnary(const Node &node, Value *x);
  Value *loadOperand(int operand, int row, int vector, Value *mask);

  llvm::Module &module_;
  llvm::LLVMContext &ctx_;
  llvm::IRBuilder<> b_;
  const MicroKernelShape &shape_;
  const Epilogue &epilogue_;
  int nv_;
  llvm::Type *f32_, *i64_;
  llvm::FixedVectorType *vec_;
  llvm::Function *fn_ = nullptr;
  Value *kc_, *ap_, *bp_, *c_, *ldc_, *m_, *n_, *flags_, *args_, *row_, *col_;
  // Per finishing copy: masks of the lanes < n of each vector of a row.
  std::vector<Value *> laneMasks_;
  std::vector<Value *> rowValid_;
};

void MicroKernelEmitter::emitDepthStep(Value *k, Tile &acc) {
  const int w = shape_.vectorWidth;
  Value *bRow = b_.CreateMul(k, i64(shape_.nr));
  std::vector<Value *> bv(nv_);
  for (int v = 0; v < nv_; ++v)
    bv[v] = b_.CreateAlignedLoad(
        vec_, elementPtr(bp_, b_.CreateAdd(bRow, i64(v * w))), llvm::Align(64),
        "b");
  Value *aRow = b_.CreateMul(k, i64(shape_.mr));
  for (int i = 0; i < shape_.mr; ++i) {
    Value *a = b_.CreateAlignedLoad(
        f32_, elementPtr(ap_, b_.CreateAdd(aRow, i64(i))), llvm::Align(4), "a");
    Value *as = splat(a);
    for (int v = 0; v < nv_; ++v) {
      Value *&slot = acc[i * nv_ + v];
      slot =
          b_.CreateIntrinsic(llvm::Intrinsic::fma, {vec_}, {as, bv[v], slot});
    }
  }
}

MicroKernelEmitter::Tile
MicroKernelEmitter::emitDepthLoop(const char *label, Value *start, Value *end,
                                  int unroll, const Tile &init, Value *&kOut) {
  BasicBlock *pre = b_.GetInsertBlock();
  auto *loop = BasicBlock::Create(ctx_, label, fn_);
  auto *exit = BasicBlock::Create(ctx_, std::string(label) + ".exit", fn_);
  b_.CreateCondBr(b_.CreateICmpSLT(start, end), loop, exit);

  b_.SetInsertPoint(loop);
  auto *k = b_.CreatePHI(i64_, 2, "k");
  k->addIncoming(start, pre);
  Tile acc(init.size());
  std::vector<llvm::PHINode *> phis(init.size());
  for (size_t t = 0; t < init.size(); ++t) {
    phis[t] = b_.CreatePHI(vec_, 2, "acc");
    phis[t]->addIncoming(init[t], pre);
    acc[t] = phis[t];
  }
  for (int u = 0; u < unroll; ++u)
    emitDepthStep(u == 0 ? static_cast<Value *>(k) : b_.CreateAdd(k, i64(u)),
                  acc);
  Value *next = b_.CreateAdd(k, i64(unroll), "k.next");
  BasicBlock *latch = b_.GetInsertBlock();
  k->addIncoming(next, latch);
  for (size_t t = 0; t < init.size(); ++t)
    phis[t]->addIncoming(acc[t], latch);
  b_.CreateCondBr(b_.CreateICmpSLT(next, end), loop, exit);

  b_.SetInsertPoint(exit);
  auto *kExit = b_.CreatePHI(i64_, 2, "k.out");
  kExit->addIncoming(start, pre);
  kExit->addIncoming(next, latch);
  kOut = kExit;
  Tile out(init.size());
  for (size_t t = 0; t < init.size(); ++t) {
    auto *phi = b_.CreatePHI(vec_, 2, "acc.out");
    phi->addIncoming(init[t], pre);
    phi->addIncoming(acc[t], latch);
    out[t] = phi;
  }
  return out;
}

Value *MicroKernelEmitter::loadOperand(int operand, int row, int vector,
                                       Value *mask) {
  auto *ptrTy = b_.getPtrTy();
  Value *dataArray = b_.CreateLoad(ptrTy, args_, "operands");
  Value *strideArray = b_.CreateLoad(
      ptrTy, b_.CreateConstInBoundsGEP1_64(ptrTy, args_, 1), "strides");
  Value *base = b_.CreateLoad(
      ptrTy, b_.CreateConstInBoundsGEP1_64(ptrTy, dataArray, operand));
  Value *rowStride = b_.CreateLoad(
      i64_, b_.CreateConstInBoundsGEP1_64(i64_, strideArray, operand));
  // In an edge tile, rows past m read row 0 of the tile instead (their
  // result is never stored), so no address leaves the operand.
  Value *r = i64(row);
  if (mask)
    r = b_.CreateSelect(rowValid_[row], r, i64(0));
  Value *rowIndex = b_.CreateAdd(row_, r);
  const int w = shape_.vectorWidth;
  switch (epilogue_.operands[operand]) {
  case OperandLayout::Scalar:
    return splat(b_.CreateLoad(f32_, base));
  case OperandLayout::PerRow:
    return splat(b_.CreateLoad(
        f32_, elementPtr(base, b_.CreateMul(rowIndex, rowStride))));
  case OperandLayout::PerColumn:
  case OperandLayout::Full: {
    Value *index = b_.CreateAdd(col_, i64(vector * w));
    if (epilogue_.operands[operand] == OperandLayout::Full)
      index = b_.CreateAdd(index, b_.CreateMul(rowIndex, rowStride));
    Value *p = elementPtr(base, index);
    if (mask)
      return b_.CreateMaskedLoad(vec_, p, llvm::Align(4), mask,
                                 llvm::Constant::getNullValue(vec_));
    return b_.CreateAlignedLoad(vec_, p, llvm::Align(4));
  }
  }
  KILN_INTERNAL_ASSERT(false, "unknown epilogue operand layout");
  return nullptr;
}

Value *MicroKernelEmitter::emitUnary(const Node &node, Value *x) {
  EmitContext ctx(b_, module_, static_cast<unsigned>(shape_.vectorWidth));
  std::vector<ConstantValue> constants;
  constants.reserve(node.inputs().size());
  std::vector<Operand> operands(node.inputs().size());
  operands[0].value = {x, ScalarType::Float, false};
  for (size_t i = 1; i < node.inputs().size(); ++i) {
    auto c = constantValueOf(node.input(i));
    KILN_INTERNAL_ASSERT(c, "epilogue op operand is not a constant");
    constants.push_back(*c);
    operands[i].constant = &constants.back();
    if (auto *d = std::get_if<double>(&constants.back()))
      operands[i].value = {ctx.constant(ScalarType::Double, *d),
                           ScalarType::Double, true};
    else if (auto *n = std::get_if<int64_t>(&constants.back()))
      operands[i].value = {ctx.constant(ScalarType::Long, double(*n)),
                           ScalarType::Long, true};
  }
  ElementwiseEmitter emitter = elementwiseEmitter(node.maybeOp()->id);
  KILN_INTERNAL_ASSERT(emitter, "epilogue op has no emitter");
  std::optional<EValue> r = emitter(ctx, node, operands, ScalarType::Float);
  KILN_INTERNAL_ASSERT(r && r->v, "epilogue op emitter declined");
  return ctx.convert(*r, ScalarType::Float).v;
}

Value *MicroKernelEmitter::applyEpilogue(Value *x, int row, int vector,
                                         Value *mask) {
  using K = EpilogueStep::Kind;
  for (const EpilogueStep &s : epilogue_.steps) {
    auto operand = [&] { return loadOperand(s.operand, row, vector, mask); };
    switch (s.kind) {
    case K::AddOperand: {
      Value *y = operand();
      if (s.alpha != 1)
        y = b_.CreateFMul(y, splat(s.alpha));
      x = b_.CreateFAdd(x, y);
      break;
    }
    case K::RSubOperand: {
      Value *y = operand();
      x = b_.CreateFSub(y, s.alpha != 1 ? b_.CreateFMul(x, splat(s.alpha)) : x);
      break;
    }
    case K::MulOperand:
      x = b_.CreateFMul(x, operand());
      break;
    case K::DivOperand:
      x = b_.CreateFDiv(x, operand());
      break;
    case K::AddConstant:
      x = b_.CreateFAdd(x, splat(s.a));
      break;
    case K::MulConstant:
      x = b_.CreateFMul(x, splat(s.a));
      break;
    case K::DivConstant:
      x = b_.CreateFDiv(x, splat(s.a));
      break;
    case K::RSubConstant:
      x = b_.CreateFSub(splat(s.a), x);
      break;
    case K::Relu:
      x = b_.CreateSelect(b_.CreateFCmpOLT(x, splat(0.0)), splat(0.0), x);
      break;
    case K::Clamp:
      if (s.a > -std::numeric_limits<double>::infinity())
        x = b_.CreateSelect(b_.CreateFCmpOLT(x, splat(s.a)), splat(s.a), x);
      if (s.b < std::numeric_limits<double>::infinity())
        x = b_.CreateSelect(b_.CreateFCmpOGT(x, splat(s.b)), splat(s.b), x);
      break;
    case K::LeakyRelu:
      x = b_.CreateSelect(b_.CreateFCmpOGT(x, splat(0.0)), x,
                          b_.CreateFMul(x, splat(s.a)));
      break;
    case K::Neg:
      x = b_.CreateFNeg(x);
      break;
    case K::Unary:
      x = emitUnary(*s.node, x);
      break;
    }
  }
  return x;
}

void MicroKernelEmitter::emitFinish(const Tile &accIn, bool edge) {
  const int w = shape_.vectorWidth;
  const int mr = shape_.mr;
  Tile acc = accIn;
  laneMasks_.assign(nv_, nullptr);
  rowValid_.assign(mr, nullptr);
  if (edge) {
    std::vector<llvm::Constant *> iota;
    for (int l = 0; l < w; ++l)
      iota.push_back(b_.getInt64(l));
    Value *lanes = llvm::ConstantVector::get(iota);
    for (int v = 0; v < nv_; ++v)
      laneMasks_[v] = b_.CreateICmpSLT(
          b_.CreateAdd(lanes, b_.CreateVectorSplat(w, i64(v * w))),
          b_.CreateVectorSplat(w, n_), "lanes");
    for (int i = 0; i < mr; ++i)
      rowValid_[i] = b_.CreateICmpSLT(i64(i), m_);
  }
  auto maskOf = [&](int i, int v) -> Value * {
    if (!edge)
      return nullptr;
    return b_.CreateSelect(
        rowValid_[i], laneMasks_[v],
        llvm::Constant::getNullValue(laneMasks_[v]->getType()));
  };
  auto tilePtr = [&](int i, int v) {
    return elementPtr(c_, b_.CreateAdd(b_.CreateMul(i64(i), ldc_), i64(v * w)));
  };

  // acc += C when accumulating.
  BasicBlock *before = b_.GetInsertBlock();
  auto *addC = BasicBlock::Create(ctx_, edge ? "edge.addc" : "full.addc", fn_);
  auto *afterAdd =
      BasicBlock::Create(ctx_, edge ? "edge.epi" : "full.epi", fn_);
  Value *accumulate = b_.CreateICmpNE(
      b_.CreateAnd(flags_, b_.getInt32(kAccumulate)), b_.getInt32(0));
  b_.CreateCondBr(accumulate, addC, afterAdd);
  b_.SetInsertPoint(addC);
  Tile added(acc.size());
  for (int i = 0; i < mr; ++i)
    for (int v = 0; v < nv_; ++v) {
      Value *mask = maskOf(i, v);
      Value *c =
          mask ? static_cast<Value *>(b_.CreateMaskedLoad(
                     vec_, tilePtr(i, v), llvm::Align(4), mask,
                     llvm::Constant::getNullValue(vec_)))
               : b_.CreateAlignedLoad(vec_, tilePtr(i, v), llvm::Align(4));
      added[i * nv_ + v] = b_.CreateFAdd(acc[i * nv_ + v], c);
    }
  b_.CreateBr(afterAdd);
  b_.SetInsertPoint(afterAdd);
  for (size_t t = 0; t < acc.size(); ++t) {
    auto *phi = b_.CreatePHI(vec_, 2);
    phi->addIncoming(acc[t], before);
    phi->addIncoming(added[t], addC);
    acc[t] = phi;
  }

  // The epilogue, on the last depth block.
  if (!epilogue_.empty()) {
    BasicBlock *pre = b_.GetInsertBlock();
    auto *apply =
        BasicBlock::Create(ctx_, edge ? "edge.apply" : "full.apply", fn_);
    auto *store =
        BasicBlock::Create(ctx_, edge ? "edge.store" : "full.store", fn_);
    Value *last = b_.CreateICmpNE(
        b_.CreateAnd(flags_, b_.getInt32(kApplyEpilogue)), b_.getInt32(0));
    b_.CreateCondBr(last, apply, store);
    b_.SetInsertPoint(apply);
    Tile applied(acc.size());
    for (int i = 0; i < mr; ++i)
      for (int v = 0; v < nv_; ++v)
        applied[i * nv_ + v] = applyEpilogue(acc[i * nv_ + v], i, v,
                                             edge ? maskOf(i, v) : nullptr);
    b_.CreateBr(store);
    b_.SetInsertPoint(store);
    for (size_t t = 0; t < acc.size(); ++t) {
      auto *phi = b_.CreatePHI(vec_, 2);
      phi->addIncoming(acc[t], pre);
      phi->addIncoming(applied[t], apply);
      acc[t] = phi;
    }
  }

  for (int i = 0; i < mr; ++i)
    for (int v = 0; v < nv_; ++v) {
      Value *mask = maskOf(i, v);
      if (mask)
        b_.CreateMaskedStore(acc[i * nv_ + v], tilePtr(i, v), llvm::Align(4),
                             mask);
      else
        b_.CreateAlignedStore(acc[i * nv_ + v], tilePtr(i, v), llvm::Align(4));
    }
  b_.CreateRetVoid();
}

llvm::Function *MicroKernelEmitter::emit(const std::string &name) {
  auto *ptrTy = b_.getPtrTy();
  auto *i32 = b_.getInt32Ty();
  auto *type = llvm::FunctionType::get(
      b_.getVoidTy(),
      {i64_, ptrTy, ptrTy, ptrTy, i64_, i64_, i64_, i32, ptrTy, i64_, i64_},
      false);
  fn_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name,
                               module_);
  const char *names[] = {"kc", "ap",    "bp",   "c",   "ldc", "m",
                         "n",  "flags", "args", "row", "col"};
  Value **slots[] = {&kc_, &ap_,    &bp_,   &c_,   &ldc_, &m_,
                     &n_,  &flags_, &args_, &row_, &col_};
  for (unsigned i = 0; i < fn_->arg_size(); ++i) {
    fn_->getArg(i)->setName(names[i]);
    *slots[i] = fn_->getArg(i);
  }
  for (unsigned i : {1u, 2u}) {
    fn_->addParamAttr(i, llvm::Attribute::NoAlias);
    fn_->addParamAttr(i, llvm::Attribute::ReadOnly);
  }
  fn_->addParamAttr(3, llvm::Attribute::NoAlias);
  fn_->addFnAttr(llvm::Attribute::NoUnwind);
  // Keep 512-bit vectors whole even where the CPU's tuning prefers 256 bits
  // for auto-vectorized code.
  unsigned bits = static_cast<unsigned>(shape_.vectorWidth) * 32;
  fn_->addFnAttr("min-legal-vector-width", std::to_string(bits));
  fn_->addFnAttr("prefer-vector-width", std::to_string(bits));

  auto *entry = BasicBlock::Create(ctx_, "entry", fn_);
  b_.SetInsertPoint(entry);
  Tile zero(static_cast<size_t>(shape_.mr * nv_),
            llvm::Constant::getNullValue(vec_));
  Value *unrolledEnd = b_.CreateAnd(kc_, i64(~int64_t(3)));
  Value *k = nullptr;
  Tile acc = emitDepthLoop("depth4", i64(0), unrolledEnd, 4, zero, k);
  acc = emitDepthLoop("depth1", k, kc_, 1, acc, k);

  auto *full = BasicBlock::Create(ctx_, "full", fn_);
  auto *edge = BasicBlock::Create(ctx_, "edge", fn_);
  Value *isFull = b_.CreateAnd(b_.CreateICmpEQ(m_, i64(shape_.mr)),
                               b_.CreateICmpEQ(n_, i64(shape_.nr)));
  b_.CreateCondBr(isFull, full, edge);
  b_.SetInsertPoint(full);
  emitFinish(acc, /*edge=*/false);
  b_.SetInsertPoint(edge);
  emitFinish(acc, /*edge=*/true);
  return fn_;
}

} // namespace

MicroKernelShape hostMicroKernelShape() {
  auto features = llvm::sys::getHostCPUFeatures();
  auto has = [&](const char *f) {
    auto it = features.find(f);
    return it != features.end() && it->second;
  };
  if (has("avx512f"))
    return {16, 8, 32};
  if (has("avx2") && has("fma"))
    return {8, 6, 16};
  return {0, 0, 0};
}

llvm::Function *emitMicroKernel(llvm::Module &module, const std::string &name,
                                const MicroKernelShape &shape,
                                const Epilogue &epilogue) {
  KILN_INTERNAL_ASSERT(shape.vectorWidth > 0 && shape.mr > 0 &&
                           shape.nr % shape.vectorWidth == 0,
                       "bad micro-kernel shape");
  return MicroKernelEmitter(module, shape, epilogue).emit(name);
}

} // namespace kiln::codegen::gemm
