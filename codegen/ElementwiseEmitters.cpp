//===- ElementwiseEmitters.cpp --------------------------------------------===//
#include "codegen/ElementwiseEmitters.h"
#include "codegen/Jit.h"

#include "ir/IR.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>

#include <array>
#include <cmath>
#include <numbers>
#include <string>

namespace kiln::codegen {

//===--- EmitContext ------------------------------------------------------===//

llvm::Type *EmitContext::elementType(ScalarType t) const {
  switch (t) {
  case ScalarType::Float:
    return b.getFloatTy();
  case ScalarType::Double:
    return b.getDoubleTy();
  case ScalarType::Long:
    return b.getInt64Ty();
  case ScalarType::Bool:
    return b.getInt1Ty();
  default:
    return nullptr;
  }
}

llvm::Type *EmitContext::valueType(ScalarType t) const {
  llvm::Type *e = elementType(t);
  return lanes == 1 ? e : llvm::FixedVectorType::get(e, lanes);
}

llvm::Value *EmitContext::constant(ScalarType t, double v) const {
  llvm::Type *ty = valueType(t);
  if (isFloatingType(t))
    return llvm::ConstantFP::get(ty, v);
  return llvm::ConstantInt::get(ty,
                                static_cast<uint64_t>(static_cast<int64_t>(v)),
                                /*isSigned=*/true);
}

EValue EmitContext::convert(const EValue &x, ScalarType t) const {
  if (x.dtype == t)
    return {x.v, t};
  llvm::Type *ty = valueType(t);
  bool fromFloat = isFloatingType(x.dtype), toFloat = isFloatingType(t);
  llvm::Value *v = nullptr;
  if (t == ScalarType::Bool)
    v = fromFloat
            ? b.CreateFCmpUNE(x.v, llvm::Constant::getNullValue(x.v->getType()))
            : b.CreateICmpNE(x.v, llvm::Constant::getNullValue(x.v->getType()));
  else if (x.dtype == ScalarType::Bool)
    v = toFloat ? b.CreateUIToFP(x.v, ty) : b.CreateZExt(x.v, ty);
  else if (fromFloat && toFloat)
    v = b.CreateFPCast(x.v, ty);
  else if (toFloat)
    v = b.CreateSIToFP(x.v, ty);
  else if (fromFloat)
    v = b.CreateFPToSI(x.v, ty);
  else
    v = b.CreateSExtOrTrunc(x.v, ty);
  return {v, t};
}

llvm::Value *
EmitContext::intrinsic(llvm::Intrinsic::ID id,
                       std::initializer_list<llvm::Value *> args) const {
  llvm::Value *first = *args.begin();
  return b.CreateIntrinsic(id, {first->getType()}, llvm::ArrayRef(args));
}

namespace {

// Calls `name` (libmvec's mangling for vectors) piecewise over chunks of
// the widest native vector of x's element type.
llvm::Value *callVectorMath(const EmitContext &ctx, const std::string &scalar,
                            const char *vecPrefix,
                            std::span<llvm::Value *const> args, bool isFloat) {
  llvm::IRBuilder<> &b = ctx.b;
  llvm::Type *elem = args[0]->getType()->getScalarType();
  llvm::AttributeList attrs = llvm::AttributeList().addFnAttribute(
      b.getContext(), llvm::Attribute::NoUnwind);
  attrs = attrs.addFnAttribute(
      b.getContext(), llvm::Attribute::getWithMemoryEffects(
                          b.getContext(), llvm::MemoryEffects::none()));
  if (ctx.lanes == 1) {
    std::vector<llvm::Type *> params(args.size(), elem);
    auto callee = ctx.m.getOrInsertFunction(
        scalar, llvm::FunctionType::get(elem, params, false), attrs);
    return b.CreateCall(callee, llvm::ArrayRef(args.data(), args.size()));
  }
  Jit &jit = Jit::get();
  unsigned native = jit.vectorBytes() / (isFloat ? 4 : 8);
  unsigned chunk = std::min(native, ctx.lanes);
  auto *chunkTy = llvm::FixedVectorType::get(elem, chunk);
  std::string name = std::string("_ZGV") + jit.libmvecIsa() + "N" +
                     std::to_string(chunk) + vecPrefix + scalar;
  std::vector<llvm::Type *> params(args.size(), chunkTy);
  auto callee = ctx.m.getOrInsertFunction(
      name, llvm::FunctionType::get(chunkTy, params, false), attrs);
  if (chunk == ctx.lanes)
    return b.CreateCall(callee, llvm::ArrayRef(args.data(), args.size()));
  std::vector<llvm::Value *> pieces;
  for (unsigned start = 0; start < ctx.lanes; start += chunk) {
    std::vector<int> mask;
    for (unsigned i = 0; i < chunk; ++i)
      mask.push_back(static_cast<int>(start + i));
    std::vector<llvm::Value *> callArgs;
    for (llvm::Value *a : args)
      callArgs.push_back(b.CreateShuffleVector(a, mask));
    pieces.push_back(b.CreateCall(callee, callArgs));
  }
  // Concatenate pairwise.
  while (pieces.size() > 1) {
    std::vector<llvm::Value *> next;
    for (size_t i = 0; i + 1 < pieces.size(); i += 2) {
      unsigned n = llvm::cast<llvm::FixedVectorType>(pieces[i]->getType())
                       ->getNumElements();
      std::vector<int> mask;
      for (unsigned k = 0; k < 2 * n; ++k)
        mask.push_back(static_cast<int>(k));
      next.push_back(b.CreateShuffleVector(pieces[i], pieces[i + 1], mask));
    }
    pieces = std::move(next);
  }
  return pieces[0];
}

} // namespace

namespace {

// tanh of float32 values as a rational function inlined in the kernel
// (Eigen's coefficients, also MLIR's polynomial approximation): no call,
// no spills, the same instructions for vectors and scalars. Odd numerator
// of degree 13 over an even denominator of degree 6 on [-7.9053, 7.9053],
// its value at the clamp up to 9, +-1 beyond; tanh(x) = x below 4e-4; NaN
// stays NaN.
// docs/codegen.md gives the measured error.
llvm::Value *tanhFloat(const EmitContext &ctx, llvm::Value *x) {
  llvm::IRBuilder<> &b = ctx.b;
  auto c = [&](double v) { return ctx.constant(ScalarType::Float, v); };
  auto fma = [&](llvm::Value *a, llvm::Value *m, llvm::Value *add) {
    return ctx.intrinsic(llvm::Intrinsic::fmuladd, {a, m, add});
  };
  llvm::Value *ax = ctx.intrinsic(llvm::Intrinsic::fabs, {x});
  const double clamp = 7.90531110763549805;
  llvm::Value *xc = b.CreateSelect(
      b.CreateFCmpOGT(ax, c(clamp)),
      ctx.intrinsic(llvm::Intrinsic::copysign, {c(clamp), x}), x);
  llvm::Value *x2 = b.CreateFMul(xc, xc);
  const double alpha[] = {-2.76076847742355e-16, 2.00018790482477e-13,
                          -8.60467152213735e-11, 5.12229709037114e-08,
                          1.48572235717979e-05,  6.37261928875436e-04,
                          4.89352455891786e-03};
  const double beta[] = {1.19825839466702e-06, 1.18534705686654e-04,
                         2.26843463243900e-03, 4.89352518554385e-03};
  llvm::Value *p = c(alpha[0]);
  for (size_t i = 1; i < std::size(alpha); ++i)
    p = fma(x2, p, c(alpha[i]));
  p = b.CreateFMul(xc, p);
  llvm::Value *q = c(beta[0]);
  for (size_t i = 1; i < std::size(beta); ++i)
    q = fma(x2, q, c(beta[i]));
  llvm::Value *r = b.CreateFDiv(p, q);
  r = b.CreateSelect(b.CreateFCmpOLT(ax, c(0.0004)), x, r);
  // From 9 on, tanhf is +-1 to within half an ulp: exactly +-1, as libm
  // gives it (1 + tanh(x) must cancel to 0 in GELU's formula).
  return b.CreateSelect(b.CreateFCmpOGE(ax, c(9.0)),
                        ctx.intrinsic(llvm::Intrinsic::copysign, {c(1.0), x}),
                        r);
}

} // namespace

llvm::Value *EmitContext::math(const char *name, const EValue &x) const {
  bool isFloat = x.dtype == ScalarType::Float;
  if (isFloat && std::string_view(name) == "tanh")
    return tanhFloat(*this, x.v);
  std::string scalar = std::string(name) + (isFloat ? "f" : "");
  llvm::Value *args[] = {x.v};
  return callVectorMath(*this, scalar, "v_", args, isFloat);
}

llvm::Value *EmitContext::pow(const EValue &x, const EValue &y) const {
  bool isFloat = x.dtype == ScalarType::Float;
  llvm::Value *args[] = {x.v, y.v};
  return callVectorMath(*this, isFloat ? "powf" : "pow", "vv_", args, isFloat);
}

//===--- The emitters -----------------------------------------------------===//

namespace {

using Ops = std::span<const Operand>;
using Result = std::optional<EValue>;

bool isFloat(ScalarType t) { return isFloatingType(t); }

int category(ScalarType t) {
  return t == ScalarType::Bool ? 0 : isFloatingType(t) ? 2 : 1;
}

// torch.result_type over tensors and numbers (0-d tensors count as
// tensors here).
ScalarType promote(std::initializer_list<EValue> values) {
  std::optional<ScalarType> tensors;
  int numberCategory = -1;
  for (const EValue &v : values) {
    if (!v.v)
      continue;
    if (v.isNumber)
      numberCategory = std::max(numberCategory, category(v.dtype));
    else
      tensors = tensors ? promoteTypes(*tensors, v.dtype) : v.dtype;
  }
  if (!tensors)
    return numberCategory == 2   ? ScalarType::Double
           : numberCategory == 1 ? ScalarType::Long
                                 : ScalarType::Bool;
  if (numberCategory > category(*tensors))
    return numberCategory == 2 ? ScalarType::Float : ScalarType::Long;
  return *tensors;
}

// A compile-time number operand, if it is one.
std::optional<double> constantNumber(const Operand &op) {
  if (!op.constant)
    return std::nullopt;
  if (auto *i = std::get_if<int64_t>(op.constant))
    return static_cast<double>(*i);
  if (auto *d = std::get_if<double>(op.constant))
    return *d;
  if (auto *b = std::get_if<bool>(op.constant))
    return *b ? 1.0 : 0.0;
  return std::nullopt;
}

bool isConstant(const Operand &op, double v) {
  auto c = constantNumber(op);
  return c && *c == v;
}

EValue in(EmitContext &ctx, const Operand &op, ScalarType t) {
  return ctx.convert(op.value, t);
}

llvm::Value *add(EmitContext &ctx, ScalarType t, llvm::Value *a,
                 llvm::Value *b) {
  if (isFloat(t))
    return ctx.b.CreateFAdd(a, b);
  return t == ScalarType::Bool ? ctx.b.CreateOr(a, b) : ctx.b.CreateAdd(a, b);
}
llvm::Value *sub(EmitContext &ctx, ScalarType t, llvm::Value *a,
                 llvm::Value *b) {
  return isFloat(t) ? ctx.b.CreateFSub(a, b) : ctx.b.CreateSub(a, b);
}
llvm::Value *mul(EmitContext &ctx, ScalarType t, llvm::Value *a,
                 llvm::Value *b) {
  if (isFloat(t))
    return ctx.b.CreateFMul(a, b);
  return t == ScalarType::Bool ? ctx.b.CreateAnd(a, b) : ctx.b.CreateMul(a, b);
}
llvm::Value *fdiv(EmitContext &ctx, llvm::Value *a, llvm::Value *b) {
  return ctx.b.CreateFDiv(a, b);
}

// x < y (ordered for floats: false with a NaN).
llvm::Value *less(EmitContext &ctx, ScalarType t, llvm::Value *x,
                  llvm::Value *y) {
  return isFloat(t) ? ctx.b.CreateFCmpOLT(x, y) : ctx.b.CreateICmpSLT(x, y);
}

// std::max(x, lo) and std::min(x, hi): a NaN x stays.
llvm::Value *atLeast(EmitContext &ctx, ScalarType t, llvm::Value *x,
                     llvm::Value *lo) {
  return ctx.b.CreateSelect(less(ctx, t, x, lo), lo, x);
}
llvm::Value *atMost(EmitContext &ctx, ScalarType t, llvm::Value *x,
                    llvm::Value *hi) {
  return ctx.b.CreateSelect(less(ctx, t, hi, x), hi, x);
}

// a + alpha * b, or a - alpha * b.
Result addScaled(EmitContext &ctx, Ops ops, ScalarType t, bool subtract,
                 bool reversed) {
  if (t != ScalarType::Bool && !isFloat(t) && t != ScalarType::Long)
    return std::nullopt;
  if (subtract && t == ScalarType::Bool)
    return std::nullopt;
  EValue a = in(ctx, ops[0], t), b = in(ctx, ops[1], t);
  if (reversed)
    std::swap(a, b);
  llvm::Value *rhs = b.v;
  if (ops.size() > 2 && !isConstant(ops[2], 1)) {
    if (!ops[2].value.v || ops[2].value.dtype == ScalarType::Bool)
      return std::nullopt;
    if (!isFloat(t) && isFloat(ops[2].value.dtype))
      return std::nullopt; // the reference rejects it
    rhs = mul(ctx, t, in(ctx, ops[2], t).v, rhs);
  }
  return EValue{subtract ? sub(ctx, t, a.v, rhs) : add(ctx, t, a.v, rhs), t};
}

Result emitAdd(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return addScaled(ctx, ops, t, false, false);
}
Result emitSub(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return addScaled(ctx, ops, t, true, false);
}
Result emitRsub(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return addScaled(ctx, ops, t, true, true);
}

Result emitMul(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!isFloat(t) && t != ScalarType::Long && t != ScalarType::Bool)
    return std::nullopt;
  return EValue{mul(ctx, t, in(ctx, ops[0], t).v, in(ctx, ops[1], t).v), t};
}

Result emitDiv(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!isFloat(t))
    return std::nullopt;
  return EValue{fdiv(ctx, in(ctx, ops[0], t).v, in(ctx, ops[1], t).v), t};
}

Result emitNeg(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  EValue x = in(ctx, ops[0], t);
  if (isFloat(t))
    return EValue{ctx.b.CreateFNeg(x.v), t};
  if (t == ScalarType::Long)
    return EValue{ctx.b.CreateNeg(x.v), t};
  return std::nullopt;
}

Result emitAbs(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  EValue x = in(ctx, ops[0], t);
  if (isFloat(t))
    return EValue{ctx.intrinsic(llvm::Intrinsic::fabs, {x.v}), t};
  if (t == ScalarType::Long)
    return EValue{ctx.b.CreateIntrinsic(llvm::Intrinsic::abs, {x.v->getType()},
                                        {x.v, ctx.b.getFalse()}),
                  t};
  return std::nullopt;
}

Result emitRelu(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!isFloat(t) && t != ScalarType::Long)
    return std::nullopt;
  EValue x = in(ctx, ops[0], t);
  return EValue{atLeast(ctx, t, x.v, ctx.constant(t, 0)), t};
}

// min(max(x, lo), hi) with compile-time or run-time bounds; a None bound
// is no bound.
Result clampBetween(EmitContext &ctx, ScalarType t, EValue x, const Operand *lo,
                    const Operand *hi) {
  if (!isFloat(t) && t != ScalarType::Long)
    return std::nullopt;
  llvm::Value *v = x.v;
  for (int side = 0; side < 2; ++side) {
    const Operand *bound = side == 0 ? lo : hi;
    if (!bound || bound->isNone())
      continue;
    if (!bound->value.v)
      return std::nullopt;
    if (auto c = constantNumber(*bound); c && std::isnan(*c))
      return std::nullopt;
    llvm::Value *bv = in(ctx, *bound, t).v;
    v = side == 0 ? atLeast(ctx, t, v, bv) : atMost(ctx, t, v, bv);
  }
  return EValue{v, t};
}

Result emitClamp(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return clampBetween(ctx, t, in(ctx, ops[0], t), &ops[1], &ops[2]);
}
Result emitClampMin(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return clampBetween(ctx, t, in(ctx, ops[0], t), &ops[1], nullptr);
}
Result emitClampMax(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return clampBetween(ctx, t, in(ctx, ops[0], t), nullptr, &ops[1]);
}
Result emitHardtanh(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return clampBetween(ctx, t, in(ctx, ops[0], t), &ops[1], &ops[2]);
}
Result emitRelu6(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!isFloat(t) && t != ScalarType::Long)
    return std::nullopt;
  EValue x = in(ctx, ops[0], t);
  llvm::Value *v = atLeast(ctx, t, x.v, ctx.constant(t, 0));
  return EValue{atMost(ctx, t, v, ctx.constant(t, 6)), t};
}

Result emitMaximum(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  EValue a = in(ctx, ops[0], t), b = in(ctx, ops[1], t);
  if (isFloat(t))
    return EValue{ctx.intrinsic(llvm::Intrinsic::maximum, {a.v, b.v}), t};
  if (t == ScalarType::Long)
    return EValue{ctx.intrinsic(llvm::Intrinsic::smax, {a.v, b.v}), t};
  return EValue{ctx.b.CreateOr(a.v, b.v), t};
}
Result emitMinimum(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  EValue a = in(ctx, ops[0], t), b = in(ctx, ops[1], t);
  if (isFloat(t))
    return EValue{ctx.intrinsic(llvm::Intrinsic::minimum, {a.v, b.v}), t};
  if (t == ScalarType::Long)
    return EValue{ctx.intrinsic(llvm::Intrinsic::smin, {a.v, b.v}), t};
  return EValue{ctx.b.CreateAnd(a.v, b.v), t};
}

// Float math: the operand in the result's (floating) dtype.
template <typename F>
Result floatMath(EmitContext &ctx, Ops ops, ScalarType t, const F &f) {
  if (!isFloat(t))
    return std::nullopt;
  return EValue{f(in(ctx, ops[0], t)), t};
}

#define KILN_LIBM_EMITTER(Name, libmName)                                      \
  Result emit_##Name(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {  \
    return floatMath(ctx, ops, t,                                              \
                     [&](const EValue &x) { return ctx.math(libmName, x); });  \
  }
KILN_LIBM_EMITTER(exp, "exp")
KILN_LIBM_EMITTER(exp2, "exp2")
KILN_LIBM_EMITTER(expm1, "expm1")
KILN_LIBM_EMITTER(log, "log")
KILN_LIBM_EMITTER(log1p, "log1p")
KILN_LIBM_EMITTER(log2, "log2")
KILN_LIBM_EMITTER(log10, "log10")
KILN_LIBM_EMITTER(sin, "sin")
KILN_LIBM_EMITTER(cos, "cos")
KILN_LIBM_EMITTER(tan, "tan")
KILN_LIBM_EMITTER(asin, "asin")
KILN_LIBM_EMITTER(acos, "acos")
KILN_LIBM_EMITTER(atan, "atan")
KILN_LIBM_EMITTER(sinh, "sinh")
KILN_LIBM_EMITTER(cosh, "cosh")
KILN_LIBM_EMITTER(tanh, "tanh")
KILN_LIBM_EMITTER(asinh, "asinh")
KILN_LIBM_EMITTER(acosh, "acosh")
KILN_LIBM_EMITTER(atanh, "atanh")
KILN_LIBM_EMITTER(erf, "erf")
KILN_LIBM_EMITTER(erfc, "erfc")
#undef KILN_LIBM_EMITTER

Result emitSqrt(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return floatMath(ctx, ops, t, [&](const EValue &x) {
    return ctx.intrinsic(llvm::Intrinsic::sqrt, {x.v});
  });
}
Result emitRsqrt(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return floatMath(ctx, ops, t, [&](const EValue &x) {
    return fdiv(ctx, ctx.constant(t, 1),
                ctx.intrinsic(llvm::Intrinsic::sqrt, {x.v}));
  });
}
Result emitReciprocal(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return floatMath(ctx, ops, t, [&](const EValue &x) {
    return fdiv(ctx, ctx.constant(t, 1), x.v);
  });
}
Result emitSquare(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!isFloat(t) && t != ScalarType::Long)
    return std::nullopt;
  EValue x = in(ctx, ops[0], t);
  return EValue{mul(ctx, t, x.v, x.v), t};
}

// 1 / (1 + exp(-x))
llvm::Value *sigmoidOf(EmitContext &ctx, ScalarType t, const EValue &x) {
  llvm::Value *e = ctx.math("exp", EValue{ctx.b.CreateFNeg(x.v), t});
  return fdiv(ctx, ctx.constant(t, 1), ctx.b.CreateFAdd(ctx.constant(t, 1), e));
}

Result emitSigmoid(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return floatMath(ctx, ops, t,
                   [&](const EValue &x) { return sigmoidOf(ctx, t, x); });
}

// x / (1 + exp(-x))
Result emitSilu(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return floatMath(ctx, ops, t, [&](const EValue &x) {
    llvm::Value *e = ctx.math("exp", EValue{ctx.b.CreateFNeg(x.v), t});
    return fdiv(ctx, x.v, ctx.b.CreateFAdd(ctx.constant(t, 1), e));
  });
}

Result emitGelu(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  std::string approximate = "none";
  if (ops.size() > 1) {
    auto *s =
        ops[1].constant ? std::get_if<std::string>(ops[1].constant) : nullptr;
    if (!s)
      return std::nullopt;
    approximate = *s;
  }
  if (approximate != "none" && approximate != "tanh")
    return std::nullopt;
  // The reference kernel's formulas, in its order of operations (each
  // constant rounded to T as it rounds them).
  auto c = [&](double v) { return ctx.constant(t, v); };
  auto &b = ctx.b;
  if (approximate == "tanh")
    return floatMath(ctx, ops, t, [&](const EValue &x) {
      llvm::Value *beta =
          b.CreateFMul(c(std::numbers::sqrt2), c(std::numbers::inv_sqrtpi));
      llvm::Value *cube =
          b.CreateFMul(b.CreateFMul(b.CreateFMul(c(0.044715), x.v), x.v), x.v);
      llvm::Value *inner = b.CreateFMul(beta, b.CreateFAdd(x.v, cube));
      llvm::Value *th = ctx.math("tanh", EValue{inner, t});
      return b.CreateFMul(b.CreateFMul(c(0.5), x.v), b.CreateFAdd(c(1), th));
    });
  return floatMath(ctx, ops, t, [&](const EValue &x) {
    llvm::Value *scale = b.CreateFDiv(c(1), c(std::numbers::sqrt2));
    llvm::Value *e = ctx.math("erf", EValue{b.CreateFMul(x.v, scale), t});
    return b.CreateFMul(b.CreateFMul(x.v, c(0.5)), b.CreateFAdd(c(1), e));
  });
}

Result emitLeakyRelu(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!isFloat(t))
    return std::nullopt;
  if (ops.size() > 1 && !ops[1].value.v)
    return std::nullopt;
  EValue x = in(ctx, ops[0], t);
  llvm::Value *slope =
      ops.size() > 1 ? in(ctx, ops[1], t).v : ctx.constant(t, 0.01);
  llvm::Value *pos = ctx.b.CreateFCmpOGT(x.v, ctx.constant(t, 0));
  return EValue{ctx.b.CreateSelect(pos, x.v, ctx.b.CreateFMul(x.v, slope)), t};
}

Result emitElu(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!isFloat(t) || ops.size() < 4 || !ops[1].value.v || !ops[2].value.v ||
      !ops[3].value.v)
    return std::nullopt;
  auto &b = ctx.b;
  EValue x = in(ctx, ops[0], t);
  llvm::Value *alpha = in(ctx, ops[1], t).v, *scale = in(ctx, ops[2], t).v,
              *inputScale = in(ctx, ops[3], t).v;
  // x > 0 || isnan(x): unordered-or-greater.
  llvm::Value *keep = b.CreateFCmpUGT(x.v, ctx.constant(t, 0));
  llvm::Value *neg = b.CreateFMul(
      b.CreateFMul(ctx.math("expm1", EValue{b.CreateFMul(x.v, inputScale), t}),
                   alpha),
      scale);
  return EValue{b.CreateSelect(keep, b.CreateFMul(x.v, scale), neg), t};
}

Result emitSoftplus(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!isFloat(t) || ops.size() < 3 || !ops[1].value.v || !ops[2].value.v)
    return std::nullopt;
  auto &b = ctx.b;
  EValue x = in(ctx, ops[0], t);
  llvm::Value *beta = in(ctx, ops[1], t).v, *threshold = in(ctx, ops[2], t).v;
  llvm::Value *xb = b.CreateFMul(x.v, beta);
  llvm::Value *soft = b.CreateFDiv(
      ctx.math("log1p", EValue{ctx.math("exp", EValue{xb, t}), t}), beta);
  return EValue{b.CreateSelect(b.CreateFCmpOGT(xb, threshold), x.v, soft), t};
}

// min(max(x + 3, 0), 6)
llvm::Value *relu6Shifted(EmitContext &ctx, ScalarType t, llvm::Value *x) {
  llvm::Value *v = ctx.b.CreateFAdd(x, ctx.constant(t, 3));
  v = atLeast(ctx, t, v, ctx.constant(t, 0));
  return atMost(ctx, t, v, ctx.constant(t, 6));
}

Result emitHardsigmoid(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return floatMath(ctx, ops, t, [&](const EValue &x) {
    return fdiv(ctx, relu6Shifted(ctx, t, x.v), ctx.constant(t, 6));
  });
}
Result emitHardswish(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return floatMath(ctx, ops, t, [&](const EValue &x) {
    return fdiv(ctx, ctx.b.CreateFMul(x.v, relu6Shifted(ctx, t, x.v)),
                ctx.constant(t, 6));
  });
}
Result emitMish(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return floatMath(ctx, ops, t, [&](const EValue &x) {
    llvm::Value *sp = ctx.math("log1p", EValue{ctx.math("exp", x), t});
    return ctx.b.CreateFMul(x.v, ctx.math("tanh", EValue{sp, t}));
  });
}

// pow(x, exponent): small constant exponents as multiplications (exact
// for 1 and 2 as std::pow is), others through libmvec's pow.
Result emitPowScalar(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!isFloat(t) || !ops[1].value.v)
    return std::nullopt;
  EValue x = in(ctx, ops[0], t);
  if (isConstant(ops[1], 1))
    return x;
  if (isConstant(ops[1], 2))
    return EValue{ctx.b.CreateFMul(x.v, x.v), t};
  if (isConstant(ops[1], 0.5))
    return EValue{ctx.intrinsic(llvm::Intrinsic::sqrt, {x.v}), t};
  return EValue{ctx.pow(x, in(ctx, ops[1], t)), t};
}
Result emitPowTensor(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!isFloat(t))
    return std::nullopt;
  return EValue{ctx.pow(in(ctx, ops[0], t), in(ctx, ops[1], t)), t};
}

Result emitRounding(EmitContext &ctx, Ops ops, ScalarType t,
                    llvm::Intrinsic::ID id) {
  EValue x = in(ctx, ops[0], t);
  if (t == ScalarType::Long)
    return x;
  if (!isFloat(t))
    return std::nullopt;
  return EValue{ctx.intrinsic(id, {x.v}), t};
}
Result emitFloor(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return emitRounding(ctx, ops, t, llvm::Intrinsic::floor);
}
Result emitCeil(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return emitRounding(ctx, ops, t, llvm::Intrinsic::ceil);
}
Result emitTrunc(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  return emitRounding(ctx, ops, t, llvm::Intrinsic::trunc);
}

enum class Cmp { Eq, Ne, Lt, Le, Gt, Ge };

template <Cmp C>
Result emitCompare(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (t != ScalarType::Bool)
    return std::nullopt;
  ScalarType ct = promote({ops[0].value, ops[1].value});
  llvm::Value *a = in(ctx, ops[0], ct).v, *b = in(ctx, ops[1], ct).v;
  auto &B = ctx.b;
  llvm::Value *r = nullptr;
  if (isFloat(ct)) {
    switch (C) {
    case Cmp::Eq:
      r = B.CreateFCmpOEQ(a, b);
      break;
    case Cmp::Ne:
      r = B.CreateFCmpUNE(a, b);
      break;
    case Cmp::Lt:
      r = B.CreateFCmpOLT(a, b);
      break;
    case Cmp::Le:
      r = B.CreateFCmpOLE(a, b);
      break;
    case Cmp::Gt:
      r = B.CreateFCmpOGT(a, b);
      break;
    case Cmp::Ge:
      r = B.CreateFCmpOGE(a, b);
      break;
    }
  } else {
    bool u = ct == ScalarType::Bool;
    switch (C) {
    case Cmp::Eq:
      r = B.CreateICmpEQ(a, b);
      break;
    case Cmp::Ne:
      r = B.CreateICmpNE(a, b);
      break;
    case Cmp::Lt:
      r = u ? B.CreateICmpULT(a, b) : B.CreateICmpSLT(a, b);
      break;
    case Cmp::Le:
      r = u ? B.CreateICmpULE(a, b) : B.CreateICmpSLE(a, b);
      break;
    case Cmp::Gt:
      r = u ? B.CreateICmpUGT(a, b) : B.CreateICmpSGT(a, b);
      break;
    case Cmp::Ge:
      r = u ? B.CreateICmpUGE(a, b) : B.CreateICmpSGE(a, b);
      break;
    }
  }
  return EValue{r, ScalarType::Bool};
}

Result emitWhere(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!ops[1].value.v || !ops[2].value.v)
    return std::nullopt;
  llvm::Value *cond = in(ctx, ops[0], ScalarType::Bool).v;
  return EValue{
      ctx.b.CreateSelect(cond, in(ctx, ops[1], t).v, in(ctx, ops[2], t).v), t};
}

Result emitMaskedFill(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  if (!ops[2].value.v || ops[1].value.dtype != ScalarType::Bool)
    return std::nullopt;
  llvm::Value *mask = in(ctx, ops[1], ScalarType::Bool).v;
  return EValue{
      ctx.b.CreateSelect(mask, in(ctx, ops[2], t).v, in(ctx, ops[0], t).v), t};
}

Result emitLogicalNot(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  llvm::Value *x = in(ctx, ops[0], ScalarType::Bool).v;
  return ctx.convert(EValue{ctx.b.CreateNot(x), ScalarType::Bool}, t);
}

template <int Kind> // 0 and, 1 or, 2 xor
Result emitLogical(EmitContext &ctx, const Node &, Ops ops, ScalarType t) {
  llvm::Value *a = in(ctx, ops[0], ScalarType::Bool).v;
  llvm::Value *b = in(ctx, ops[1], ScalarType::Bool).v;
  llvm::Value *r = Kind == 0   ? ctx.b.CreateAnd(a, b)
                   : Kind == 1 ? ctx.b.CreateOr(a, b)
                               : ctx.b.CreateXor(a, b);
  return ctx.convert(EValue{r, ScalarType::Bool}, t);
}

using Table = std::array<ElementwiseEmitter, static_cast<size_t>(OpId::NumOps)>;

Table buildTable() {
  Table t{};
  auto set = [&](OpId op, ElementwiseEmitter e) {
    t[static_cast<size_t>(op)] = e;
  };
  set(OpId::aten_add_Tensor, emitAdd);
  set(OpId::aten_add_Scalar, emitAdd);
  set(OpId::aten_sub_Tensor, emitSub);
  set(OpId::aten_sub_Scalar, emitSub);
  set(OpId::aten_rsub_Tensor, emitRsub);
  set(OpId::aten_rsub_Scalar, emitRsub);
  set(OpId::aten_mul_Tensor, emitMul);
  set(OpId::aten_mul_Scalar, emitMul);
  set(OpId::aten_div_Tensor, emitDiv);
  set(OpId::aten_div_Scalar, emitDiv);
  set(OpId::aten_true_divide_Tensor, emitDiv);
  set(OpId::aten_true_divide_Scalar, emitDiv);
  set(OpId::aten_neg, emitNeg);
  set(OpId::aten_negative, emitNeg);
  set(OpId::aten_abs, emitAbs);
  set(OpId::aten_absolute, emitAbs);
  set(OpId::aten_relu, emitRelu);
  set(OpId::aten_relu6, emitRelu6);
  set(OpId::aten_clamp, emitClamp);
  set(OpId::aten_clip, emitClamp);
  set(OpId::aten_clamp_min, emitClampMin);
  set(OpId::aten_clamp_max, emitClampMax);
  set(OpId::aten_hardtanh, emitHardtanh);
  set(OpId::aten_maximum, emitMaximum);
  set(OpId::aten_max_other, emitMaximum);
  set(OpId::aten_minimum, emitMinimum);
  set(OpId::aten_min_other, emitMinimum);
  set(OpId::aten_exp, emit_exp);
  set(OpId::aten_exp2, emit_exp2);
  set(OpId::aten_expm1, emit_expm1);
  set(OpId::aten_log, emit_log);
  set(OpId::aten_log1p, emit_log1p);
  set(OpId::aten_log2, emit_log2);
  set(OpId::aten_log10, emit_log10);
  set(OpId::aten_sin, emit_sin);
  set(OpId::aten_cos, emit_cos);
  set(OpId::aten_tan, emit_tan);
  set(OpId::aten_asin, emit_asin);
  set(OpId::aten_acos, emit_acos);
  set(OpId::aten_atan, emit_atan);
  set(OpId::aten_sinh, emit_sinh);
  set(OpId::aten_cosh, emit_cosh);
  set(OpId::aten_tanh, emit_tanh);
  set(OpId::aten_asinh, emit_asinh);
  set(OpId::aten_acosh, emit_acosh);
  set(OpId::aten_atanh, emit_atanh);
  set(OpId::aten_erf, emit_erf);
  set(OpId::aten_erfc, emit_erfc);
  set(OpId::aten_sqrt, emitSqrt);
  set(OpId::aten_rsqrt, emitRsqrt);
  set(OpId::aten_reciprocal, emitReciprocal);
  set(OpId::aten_square, emitSquare);
  set(OpId::aten_sigmoid, emitSigmoid);
  set(OpId::aten_silu, emitSilu);
  set(OpId::aten_gelu, emitGelu);
  set(OpId::aten_leaky_relu, emitLeakyRelu);
  set(OpId::aten_elu, emitElu);
  set(OpId::aten_softplus, emitSoftplus);
  set(OpId::aten_hardsigmoid, emitHardsigmoid);
  set(OpId::aten_hardswish, emitHardswish);
  set(OpId::aten_mish, emitMish);
  set(OpId::aten_pow_Tensor_Scalar, emitPowScalar);
  set(OpId::aten_pow_Tensor_Tensor, emitPowTensor);
  set(OpId::aten_floor, emitFloor);
  set(OpId::aten_ceil, emitCeil);
  set(OpId::aten_trunc, emitTrunc);
  set(OpId::aten_eq_Tensor, emitCompare<Cmp::Eq>);
  set(OpId::aten_eq_Scalar, emitCompare<Cmp::Eq>);
  set(OpId::aten_ne_Tensor, emitCompare<Cmp::Ne>);
  set(OpId::aten_ne_Scalar, emitCompare<Cmp::Ne>);
  set(OpId::aten_lt_Tensor, emitCompare<Cmp::Lt>);
  set(OpId::aten_lt_Scalar, emitCompare<Cmp::Lt>);
  set(OpId::aten_le_Tensor, emitCompare<Cmp::Le>);
  set(OpId::aten_le_Scalar, emitCompare<Cmp::Le>);
  set(OpId::aten_gt_Tensor, emitCompare<Cmp::Gt>);
  set(OpId::aten_gt_Scalar, emitCompare<Cmp::Gt>);
  set(OpId::aten_ge_Tensor, emitCompare<Cmp::Ge>);
  set(OpId::aten_ge_Scalar, emitCompare<Cmp::Ge>);
  set(OpId::aten_where_self, emitWhere);
  set(OpId::aten_where_ScalarOther, emitWhere);
  set(OpId::aten_where_ScalarSelf, emitWhere);
  set(OpId::aten_masked_fill_Scalar, emitMaskedFill);
  set(OpId::aten_masked_fill_Tensor, emitMaskedFill);
  set(OpId::aten_logical_not, emitLogicalNot);
  set(OpId::aten_logical_and, emitLogical<0>);
  set(OpId::aten_logical_or, emitLogical<1>);
  set(OpId::aten_logical_xor, emitLogical<2>);
  set(OpId::aten_threshold_backward, emitThresholdBackward);
  set(OpId::aten_gelu_backward, emitGeluBackward);
  return t;
}

} // namespace

ElementwiseEmitter elementwiseEmitter(OpId op) {
  static const Table table = buildTable();
  return table[static_cast<size_t>(op)];
}

} // namespace kiln::codegen
