//===- ElementwiseKernel.cpp ----------------------------------------------===//
#include "codegen/ElementwiseKernel.h"
#include "codegen/ElementwiseEmitters.h"
#include "codegen/ElementwisePlan.h"
#include "codegen/Jit.h"

#include "ir/Constant.h"
#include "ir/IR.h"
#include "runtime/tensor/Parallel.h"
#include "runtime/tensor/Tensor.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <unordered_map>

namespace kiln::codegen {

namespace {

struct Decline {};

//===--- IR emission ------------------------------------------------------===//

class KernelBuilder {
public:
  KernelBuilder(const ElementwisePlan &plan, llvm::Module &m)
      : plan_(plan), m_(m), ctx_(m.getContext()), b_(ctx_) {}

  // Emits the kernel as `name`. A streaming kernel aligns its vector loop
  // to the outputs' 64-byte lines and writes them with non-temporal stores
  // (for results larger than the caches: no read for ownership, no
  // eviction of the inputs).
  void build(const std::string &name, bool streaming) {
    chooseLanes();
    streaming_ = streaming;
    auto *ptrTy = b_.getPtrTy();
    auto *i64 = b_.getInt64Ty();
    fn_ = llvm::Function::Create(
        llvm::FunctionType::get(b_.getVoidTy(), {ptrTy, i64, i64}, false),
        llvm::Function::ExternalLinkage, name, m_);
    Jit &jit = Jit::get();
    fn_->addFnAttr(llvm::Attribute::NoUnwind);
    fn_->addFnAttr("target-cpu", jit.cpuName());
    fn_->addFnAttr("target-features", jit.cpuFeatures());
    std::string width = std::to_string(jit.vectorBytes() * 8);
    fn_->addFnAttr("prefer-vector-width", width);
    fn_->addFnAttr("min-legal-vector-width", width);
    fn_->addParamAttr(0, llvm::Attribute::NoAlias);

    llvm::Value *call = fn_->getArg(0), *begin = fn_->getArg(1),
                *end = fn_->getArg(2);
    auto *entry = llvm::BasicBlock::Create(ctx_, "entry", fn_);
    b_.SetInsertPoint(entry);
    loadArguments(call);

    auto *chunkHead = llvm::BasicBlock::Create(ctx_, "chunk", fn_);
    auto *chunkBody = llvm::BasicBlock::Create(ctx_, "row", fn_);
    auto *proHead = llvm::BasicBlock::Create(ctx_, "peel.head", fn_);
    auto *proBody = llvm::BasicBlock::Create(ctx_, "peel.body", fn_);
    auto *vecPre = llvm::BasicBlock::Create(ctx_, "vector.pre", fn_);
    auto *vecHead = llvm::BasicBlock::Create(ctx_, "vector.head", fn_);
    auto *vecBody = llvm::BasicBlock::Create(ctx_, "vector.body", fn_);
    auto *tailHead = llvm::BasicBlock::Create(ctx_, "tail.head", fn_);
    auto *tailBody = llvm::BasicBlock::Create(ctx_, "tail.body", fn_);
    auto *chunkLatch = llvm::BasicBlock::Create(ctx_, "row.next", fn_);
    auto *exit = llvm::BasicBlock::Create(ctx_, "exit", fn_);
    b_.CreateBr(chunkHead);

    // chunk: idx in [begin, end), one (part of a) row at a time.
    b_.SetInsertPoint(chunkHead);
    llvm::PHINode *idx = b_.CreatePHI(i64, 2, "idx");
    idx->addIncoming(begin, entry);
    b_.CreateCondBr(b_.CreateICmpSLT(idx, end), chunkBody, exit);

    b_.SetInsertPoint(chunkBody);
    idx_ = idx;
    llvm::Value *inner = sizes_.back();
    llvm::Value *row = nullptr, *col = idx;
    if (plan_.rank > 1) {
      row = b_.CreateUDiv(idx, inner, "rowIndex");
      col = b_.CreateSub(idx, b_.CreateMul(row, inner), "col");
    }
    llvm::Value *n = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smin,
                                              b_.CreateSub(inner, col),
                                              b_.CreateSub(end, idx));
    computeBases(row, col);
    loadBroadcasts();
    // Elements before the first aligned vector (outputs are allocated
    // 64-byte aligned, so idx alone decides).
    llvm::Value *peel = b_.getInt64(0);
    if (streaming_)
      peel = b_.CreateBinaryIntrinsic(
          llvm::Intrinsic::smin, n,
          b_.CreateAnd(b_.CreateNeg(idx), b_.getInt64(lanes_ - 1)));
    b_.CreateBr(proHead);

    b_.SetInsertPoint(proHead);
    llvm::PHINode *p = b_.CreatePHI(i64, 2, "p");
    p->addIncoming(b_.getInt64(0), chunkBody);
    b_.CreateCondBr(b_.CreateICmpSLT(p, peel), proBody, vecPre);

    b_.SetInsertPoint(proBody);
    emitBody(1, p);
    llvm::Value *pNext = b_.CreateAdd(p, b_.getInt64(1));
    p->addIncoming(pNext, b_.GetInsertBlock());
    b_.CreateBr(proHead);

    b_.SetInsertPoint(vecPre);
    llvm::Value *nvec =
        b_.CreateAdd(peel, b_.CreateAnd(b_.CreateSub(n, peel),
                                        b_.getInt64(~int64_t(lanes_ - 1))));
    b_.CreateBr(vecHead);

    b_.SetInsertPoint(vecHead);
    llvm::PHINode *j = b_.CreatePHI(i64, 2, "j");
    j->addIncoming(peel, vecPre);
    b_.CreateCondBr(b_.CreateICmpSLT(j, nvec), vecBody, tailHead);

    b_.SetInsertPoint(vecBody);
    emitBody(lanes_, j);
    llvm::Value *jNext = b_.CreateAdd(j, b_.getInt64(lanes_));
    j->addIncoming(jNext, b_.GetInsertBlock());
    b_.CreateBr(vecHead);

    b_.SetInsertPoint(tailHead);
    llvm::PHINode *t = b_.CreatePHI(i64, 2, "t");
    t->addIncoming(nvec, vecHead);
    b_.CreateCondBr(b_.CreateICmpSLT(t, n), tailBody, chunkLatch);

    b_.SetInsertPoint(tailBody);
    emitBody(1, t);
    llvm::Value *tNext = b_.CreateAdd(t, b_.getInt64(1));
    t->addIncoming(tNext, b_.GetInsertBlock());
    b_.CreateBr(tailHead);

    b_.SetInsertPoint(chunkLatch);
    idx->addIncoming(b_.CreateAdd(idx, n), chunkLatch);
    b_.CreateBr(chunkHead);

    b_.SetInsertPoint(exit);
    b_.CreateRetVoid();
  }

private:
  // One vector width for the whole kernel: the native vector of its
  // narrowest computed element (16 floats with AVX-512).
  void chooseLanes() {
    size_t narrowest = 8;
    auto consider = [&](ScalarType t) {
      if (t == ScalarType::Float)
        narrowest = 4;
    };
    for (const PlanInput &p : plan_.inputs)
      consider(p.dtype);
    for (ScalarType t : plan_.outputDtypes)
      consider(t);
    for (const Node *node : plan_.body->nodes())
      for (const Value *out : node->outputs())
        if (auto *tt = out->type()->cast<TensorType>(); tt && tt->dtype())
          consider(*tt->dtype());
    lanes_ = Jit::get().vectorBytes() / static_cast<unsigned>(narrowest);
  }

  llvm::Type *storageType(ScalarType t) {
    return t == ScalarType::Bool ? b_.getInt8Ty()
                                 : EmitContext(b_, m_, 1).elementType(t);
  }

  llvm::Value *loadPointer(llvm::Value *base, size_t index) {
    llvm::Value *p = b_.CreateConstInBoundsGEP1_64(b_.getPtrTy(), base, index);
    return b_.CreateAlignedLoad(b_.getPtrTy(), p, llvm::Align(8));
  }
  llvm::Value *loadI64(llvm::Value *base, size_t index) {
    llvm::Value *p =
        b_.CreateConstInBoundsGEP1_64(b_.getInt64Ty(), base, index);
    return b_.CreateAlignedLoad(b_.getInt64Ty(), p, llvm::Align(8));
  }

  void loadArguments(llvm::Value *call) {
    llvm::Value *data = loadPointer(call, 0);
    llvm::Value *sizes = loadPointer(call, 1);
    llvm::Value *strides = loadPointer(call, 2);
    llvm::Value *scalars = loadPointer(call, 3);
    size_t numData = plan_.numTensorInputs + plan_.outputDtypes.size();
    for (size_t i = 0; i < numData; ++i)
      data_.push_back(loadPointer(data, i));
    for (int64_t d = 0; d < plan_.rank; ++d)
      sizes_.push_back(loadI64(sizes, d));
    strides_.resize(plan_.numTensorInputs);
    for (size_t k = 0; k < plan_.numTensorInputs; ++k)
      for (int64_t d = 0; d < plan_.rank; ++d)
        strides_[k].push_back(loadI64(strides, k * plan_.rank + d));
    scalars_.resize(plan_.numScalarInputs);
    for (const PlanInput &p : plan_.inputs) {
      if (p.isTensor)
        continue;
      llvm::Value *bits = loadI64(scalars, p.scalarIndex);
      if (p.dtype == ScalarType::Double)
        bits = b_.CreateBitCast(bits, b_.getDoubleTy());
      else if (p.dtype == ScalarType::Bool)
        bits = b_.CreateICmpNE(bits, b_.getInt64(0));
      scalars_[p.scalarIndex] = bits;
    }
  }

  // The element offset of each tensor input at the row's first element.
  void computeBases(llvm::Value *row, llvm::Value *col) {
    std::vector<llvm::Value *> coords(plan_.rank, nullptr);
    llvm::Value *r = row;
    for (int64_t d = plan_.rank - 2; d >= 0; --d) {
      if (d == 0) {
        coords[d] = r;
        break;
      }
      coords[d] = b_.CreateURem(r, sizes_[d]);
      r = b_.CreateUDiv(r, sizes_[d]);
    }
    bases_.clear();
    for (size_t k = 0; k < plan_.numTensorInputs; ++k) {
      llvm::Value *base = b_.CreateMul(col, strides_[k].back());
      for (int64_t d = 0; d + 1 < plan_.rank; ++d)
        base = b_.CreateAdd(base, b_.CreateMul(coords[d], strides_[k][d]));
      bases_.push_back(base);
    }
  }

  llvm::Value *toValue(llvm::Value *stored, ScalarType t) {
    if (t != ScalarType::Bool)
      return stored;
    return b_.CreateICmpNE(stored,
                           llvm::Constant::getNullValue(stored->getType()));
  }

  void loadBroadcasts() {
    broadcasts_.assign(plan_.numTensorInputs, nullptr);
    for (const PlanInput &p : plan_.inputs) {
      if (!p.isTensor || p.inner != InnerAccess::Broadcast)
        continue;
      llvm::Type *st = storageType(p.dtype);
      llvm::Value *ptr =
          b_.CreateInBoundsGEP(st, data_[p.tensorIndex], bases_[p.tensorIndex]);
      broadcasts_[p.tensorIndex] = toValue(
          b_.CreateAlignedLoad(st, ptr, llvm::Align(elementSize(p.dtype))),
          p.dtype);
    }
  }

  llvm::Value *splat(unsigned lanes, llvm::Value *v) {
    return lanes == 1 ? v : b_.CreateVectorSplat(lanes, v);
  }

  llvm::Value *loadInput(const PlanInput &p, unsigned lanes, llvm::Value *j) {
    size_t k = p.tensorIndex;
    if (p.inner == InnerAccess::Broadcast)
      return splat(lanes, broadcasts_[k]);
    llvm::Type *st = storageType(p.dtype);
    llvm::Align align(elementSize(p.dtype));
    if (p.inner == InnerAccess::Unit) {
      llvm::Value *ptr =
          b_.CreateInBoundsGEP(st, data_[k], b_.CreateAdd(bases_[k], j));
      llvm::Type *ty = lanes == 1 ? st : llvm::FixedVectorType::get(st, lanes);
      return toValue(b_.CreateAlignedLoad(ty, ptr, align), p.dtype);
    }
    llvm::Value *stride = strides_[k].back();
    if (lanes == 1) {
      llvm::Value *off = b_.CreateAdd(bases_[k], b_.CreateMul(j, stride));
      return toValue(b_.CreateAlignedLoad(
                         st, b_.CreateInBoundsGEP(st, data_[k], off), align),
                     p.dtype);
    }
    std::vector<llvm::Constant *> iota;
    for (unsigned i = 0; i < lanes; ++i)
      iota.push_back(b_.getInt64(i));
    llvm::Value *pos =
        b_.CreateAdd(splat(lanes, j), llvm::ConstantVector::get(iota));
    llvm::Value *off = b_.CreateAdd(splat(lanes, bases_[k]),
                                    b_.CreateMul(pos, splat(lanes, stride)));
    llvm::Value *ptrs = b_.CreateInBoundsGEP(st, data_[k], off);
    auto *ty = llvm::FixedVectorType::get(st, lanes);
    return toValue(b_.CreateMaskedGather(ty, ptrs, align), p.dtype);
  }

  EValue numberConstant(const ConstantValue &c, EmitContext &ctx) {
    if (auto *i = std::get_if<int64_t>(&c))
      return {splat(ctx.lanes, b_.getInt64(static_cast<uint64_t>(*i))),
              ScalarType::Long, true};
    if (auto *d = std::get_if<double>(&c))
      return {ctx.constant(ScalarType::Double, *d), ScalarType::Double, true};
    if (auto *v = std::get_if<bool>(&c))
      return {splat(ctx.lanes, b_.getInt1(*v)), ScalarType::Bool, true};
    return {};
  }

  void emitBody(unsigned lanes, llvm::Value *j) {
    EmitContext ctx(b_, m_, lanes);
    std::unordered_map<const Value *, EValue> values;
    std::unordered_map<const Value *, const ConstantValue *> constants;
    std::deque<ConstantValue> constantStorage;
    for (size_t i = 0; i < plan_.inputs.size(); ++i) {
      const PlanInput &p = plan_.inputs[i];
      const Value *in = plan_.body->inputs()[i];
      if (p.isTensor)
        values[in] = {loadInput(p, lanes, j), p.dtype, false};
      else
        values[in] = {splat(lanes, scalars_[p.scalarIndex]), p.dtype, true};
    }
    for (const Node *node : plan_.body->nodes()) {
      if (node->kind() != prim::Constant)
        continue;
      constantStorage.push_back(*constantValueOf(node->output()));
      constants[node->output()] = &constantStorage.back();
      values[node->output()] = numberConstant(constantStorage.back(), ctx);
    }
    for (const Node *node : plan_.body->nodes()) {
      if (node->kind() == prim::Constant)
        continue;
      std::vector<Operand> operands;
      for (const Value *in : node->inputs()) {
        Operand op;
        if (auto it = values.find(in); it != values.end())
          op.value = it->second;
        if (auto it = constants.find(in); it != constants.end())
          op.constant = it->second;
        operands.push_back(op);
      }
      ScalarType outDtype =
          *node->output()->type()->cast<TensorType>()->dtype();
      ElementwiseEmitter emitter = elementwiseEmitter(node->maybeOp()->id);
      std::optional<EValue> r = emitter(ctx, *node, operands, outDtype);
      if (!r || !r->v)
        throw Decline();
      EValue result = ctx.convert(*r, outDtype);
      result.isNumber = false;
      values[node->output()] = result;
    }
    llvm::Value *outIndex = b_.CreateAdd(idx_, j);
    for (size_t o = 0; o < plan_.outputDtypes.size(); ++o) {
      ScalarType t = plan_.outputDtypes[o];
      EValue v = ctx.convert(values.at(plan_.body->outputs()[o]), t);
      llvm::Value *stored = v.v;
      llvm::Type *st = storageType(t);
      if (t == ScalarType::Bool)
        stored = b_.CreateZExt(
            stored, lanes == 1 ? st : llvm::FixedVectorType::get(st, lanes));
      llvm::Value *ptr =
          b_.CreateInBoundsGEP(st, data_[plan_.numTensorInputs + o], outIndex);
      unsigned vectorBytes = Jit::get().vectorBytes();
      if (streaming_ && lanes > 1 && lanes * elementSize(t) == vectorBytes &&
          elementSize(t) == elementSize(plan_.outputDtypes[0])) {
        llvm::StoreInst *store =
            b_.CreateAlignedStore(stored, ptr, llvm::Align(vectorBytes));
        store->setMetadata(
            llvm::LLVMContext::MD_nontemporal,
            llvm::MDNode::get(ctx_,
                              llvm::ConstantAsMetadata::get(b_.getInt32(1))));
        continue;
      }
      b_.CreateAlignedStore(stored, ptr, llvm::Align(elementSize(t)));
    }
  }

  const ElementwisePlan &plan_;
  llvm::Module &m_;
  llvm::LLVMContext &ctx_;
  llvm::IRBuilder<> b_;
  llvm::Function *fn_ = nullptr;
  bool streaming_ = false;
  unsigned lanes_ = 16;
  std::vector<llvm::Value *> data_, sizes_, scalars_, bases_, broadcasts_;
  std::vector<std::vector<llvm::Value *>> strides_;
  llvm::Value *idx_ = nullptr;
};

//===--- The compiled kernel ----------------------------------------------===//

using KernelEntry = void (*)(const ElementwiseCall *, int64_t, int64_t);

// Results of at least this many bytes use the streaming kernel.
constexpr size_t kStreamingBytes = size_t(8) << 20;

struct KernelCode {
  ElementwisePlan plan; // body is not kept (null)
  KernelEntry entry = nullptr;
  KernelEntry streamingEntry = nullptr; // for results beyond the caches
};

class ElementwiseKernel final : public CompiledKernel {
public:
  explicit ElementwiseKernel(std::shared_ptr<const KernelCode> code)
      : code_(std::move(code)) {}

  bool run(const KernelArgs &args) const override;
  std::string describe() const override { return "jit " + code_->plan.symbol; }

private:
  std::shared_ptr<const KernelCode> code_;
};

// Small per-call arrays on the stack for the common case.
template <typename T> using Small = std::vector<T>;

bool ElementwiseKernel::run(const KernelArgs &args) const {
  const ElementwisePlan &plan = code_->plan;
  if (args.numInputs != plan.inputs.size() ||
      args.numOutputs != plan.outputDtypes.size())
    return false;
  Small<const Tensor *> tensors(plan.numTensorInputs);
  Small<int64_t> scalars(plan.numScalarInputs);
  for (size_t i = 0; i < plan.inputs.size(); ++i) {
    const PlanInput &p = plan.inputs[i];
    const IValue &v = args.in(i);
    if (p.isTensor) {
      if (!v.isTensor())
        return false;
      const Tensor &t = v.toTensor();
      if (t.dtype() != p.dtype || t.dim() != p.rank)
        return false;
      tensors[p.tensorIndex] = &t;
      continue;
    }
    int64_t &slot = scalars[p.scalarIndex];
    if (p.dtype == ScalarType::Long && v.isInt())
      slot = v.toInt();
    else if (p.dtype == ScalarType::Double && v.isDouble()) {
      double d = v.toDouble();
      std::memcpy(&slot, &d, sizeof d);
    } else if (p.dtype == ScalarType::Bool && v.isBool())
      slot = v.toBool() ? 1 : 0;
    else
      return false;
  }

  // The iteration space: the broadcast of every tensor input; each output
  // must span all of it.
  auto broadcastOf = [&](const std::vector<size_t> &which,
                         std::vector<int64_t> &out) {
    size_t rank = 0;
    for (size_t k : which)
      rank = std::max(rank, tensors[k]->sizes().size());
    out.assign(rank, 1);
    for (size_t k : which) {
      const auto &s = tensors[k]->sizes();
      for (size_t d = 0; d < s.size(); ++d) {
        int64_t &o = out[rank - s.size() + d];
        if (s[d] == o || s[d] == 1)
          continue;
        if (o != 1)
          return false;
        o = s[d];
      }
    }
    return true;
  };
  std::vector<size_t> all(plan.numTensorInputs);
  for (size_t k = 0; k < all.size(); ++k)
    all[k] = k;
  std::vector<int64_t> shape;
  if (!broadcastOf(all, shape))
    return false; // the reference path reports the error
  for (const auto &deps : plan.outputDeps) {
    if (deps.size() == all.size())
      continue;
    std::vector<int64_t> outShape;
    if (!broadcastOf(deps, outShape) || outShape != shape)
      return false;
  }

  std::vector<std::vector<int64_t>> viewStrides(plan.numTensorInputs);
  for (size_t k = 0; k < plan.numTensorInputs; ++k) {
    const Tensor &t = *tensors[k];
    std::vector<int64_t> &s = viewStrides[k];
    s.assign(shape.size(), 0);
    size_t offset = shape.size() - t.sizes().size();
    for (size_t d = 0; d < t.sizes().size(); ++d)
      if (t.sizes()[d] != 1)
        s[offset + d] = t.strides()[d];
  }
  CollapsedShape c = collapse(shape, std::move(viewStrides));
  if (static_cast<int64_t>(c.sizes.size()) > plan.rank)
    return false;
  while (static_cast<int64_t>(c.sizes.size()) < plan.rank) {
    c.sizes.insert(c.sizes.begin(), 1);
    for (auto &s : c.strides)
      s.insert(s.begin(), 0);
  }
  if (c.sizes.back() > 1)
    for (const PlanInput &p : plan.inputs)
      if (p.isTensor && p.inner != InnerAccess::Strided &&
          innerAccessOf(c.strides[p.tensorIndex].back()) != p.inner)
        return false;

  int64_t numel = 1;
  for (int64_t s : shape)
    numel *= s;
  Small<Tensor> outputs;
  outputs.reserve(plan.outputDtypes.size());
  for (ScalarType t : plan.outputDtypes)
    outputs.push_back(Tensor::empty(shape, t));
  if (numel > 0) {
    Small<void *> data;
    for (const Tensor *t : tensors)
      data.push_back(t->rawData());
    for (const Tensor &t : outputs)
      data.push_back(t.rawData());
    Small<int64_t> strides;
    for (const auto &s : c.strides)
      strides.insert(strides.end(), s.begin(), s.end());
    ElementwiseCall call{data.data(), c.sizes.data(), strides.data(),
                         scalars.data()};
    // Results larger than the caches are written around them.
    size_t outBytes = 0;
    for (const Tensor &t : outputs)
      outBytes += static_cast<size_t>(t.numel()) * elementSize(t.dtype());
    KernelEntry entry = outBytes >= kStreamingBytes && code_->streamingEntry
                            ? code_->streamingEntry
                            : code_->entry;
    parallelFor(0, numel, kParallelGrain,
                [&](int64_t b, int64_t e) { entry(&call, b, e); });
  }
  for (size_t o = 0; o < outputs.size(); ++o)
    args.setOut(o, IValue(std::move(outputs[o])));
  return true;
}

std::mutex cacheMutex;
std::unordered_map<std::string, std::shared_ptr<const KernelCode>> &cache() {
  static auto *c =
      new std::unordered_map<std::string, std::shared_ptr<const KernelCode>>();
  return *c;
}

std::shared_ptr<const KernelCode> compilePlan(ElementwisePlan plan) {
  Jit &jit = Jit::get();
  const char *source = "disk cache";
  void *entry = nullptr;
  if (jit.addCachedObject(plan.key))
    entry = jit.lookup(plan.symbol);
  if (!entry) {
    source = "LLVM";
    auto ctx = std::make_unique<llvm::LLVMContext>();
    std::unique_ptr<llvm::Module> m = emitElementwiseModule(plan, *ctx);
    if (!m)
      return nullptr;
    m->setModuleIdentifier(Jit::cacheModuleId(plan.key));
    jit.addModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx)));
    entry = jit.lookup(plan.symbol);
  }
  if (!entry)
    return nullptr;
  if (Jit::verbose())
    std::cerr << "kiln-jit: " << plan.symbol << " from " << source << "\n";
  auto code = std::make_shared<KernelCode>();
  plan.body = nullptr;
  code->plan = std::move(plan);
  code->entry = reinterpret_cast<KernelEntry>(entry);
  code->streamingEntry =
      reinterpret_cast<KernelEntry>(jit.lookup(code->plan.symbol + "_nt"));
  return code;
}

} // namespace

std::unique_ptr<llvm::Module> emitElementwiseModule(const ElementwisePlan &plan,
                                                    llvm::LLVMContext &ctx) {
  std::unique_ptr<llvm::Module> m = Jit::get().createModule(plan.symbol, ctx);
  try {
    KernelBuilder(plan, *m).build(plan.symbol, /*streaming=*/false);
    KernelBuilder(plan, *m).build(plan.symbol + "_nt", /*streaming=*/true);
  } catch (const Decline &) {
    return nullptr;
  }
  std::string errors;
  llvm::raw_string_ostream os(errors);
  KILN_INTERNAL_ASSERT(!llvm::verifyModule(*m, &os),
                       "generated kernel does not verify: ", os.str());
  return m;
}

std::shared_ptr<const CompiledKernel>
compileElementwiseGroup(const Node &group) {
  std::optional<ElementwisePlan> plan = planElementwiseGroup(group);
  if (!plan)
    return nullptr;
  std::shared_ptr<const KernelCode> code;
  {
    std::lock_guard<std::mutex> lock(cacheMutex);
    auto it = cache().find(plan->key);
    if (it != cache().end()) {
      code = it->second;
    } else {
      std::string key = plan->key;
      try {
        code = compilePlan(std::move(*plan));
      } catch (const std::exception &e) {
        // A JIT failure is Kiln's bug, but the reference path still works.
        if (Jit::verbose())
          std::cerr << "kiln-jit: " << e.what() << "\n";
        code = nullptr;
      }
      cache().emplace(std::move(key), code);
    }
  }
  if (!code)
    return nullptr;
  return std::make_shared<ElementwiseKernel>(std::move(code));
}

std::string elementwiseGroupCode(const Node &group, bool assembly) {
  std::optional<ElementwisePlan> plan = planElementwiseGroup(group);
  if (!plan)
    return "";
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m = emitElementwiseModule(*plan, ctx);
  if (!m)
    return "";
  return Jit::get().code(*m, assembly);
}

} // namespace kiln::codegen
