//===- BackwardEmitters.cpp - Elementwise backward ops --------------------===//
//
// The backward ops that carry the Elementwise trait, so that the gradient
// graphs' fusion groups compile: threshold_backward (ReLU's gradient) and
// gelu_backward. Like their reference kernels (runtime/tensor/ops/
// Backward.cpp), threshold_backward compares in the gradient's dtype and
// gelu_backward computes in double and rounds to it once; unlike the ops of
// ElementwiseEmitters.cpp they do not broadcast, so a node whose operands are
// not known to have the same sizes is declined (the reference kernel reports
// the mismatch).
//
//===----------------------------------------------------------------------===//
#include "codegen/ElementwiseEmitters.h"

#include "ir/IR.h"

#include <cmath>
#include <string>

namespace kiln::codegen {

namespace {

// Both tensor operands have the same known sizes, and the gradient is a
// floating tensor of the result's dtype.
bool sameShapedGradient(const Node &node, std::span<const Operand> ops,
                        ScalarType outDtype) {
  if (ops.size() < 2 || !ops[0].value.v || !ops[1].value.v ||
      ops[0].value.isNumber || ops[1].value.isNumber ||
      !isFloatingType(outDtype) || ops[0].value.dtype != outDtype)
    return false;
  auto *g = node.input(0)->type()->cast<TensorType>();
  auto *x = node.input(1)->type()->cast<TensorType>();
  return g && x && g->hasCompleteSizes() && x->hasCompleteSizes() &&
         *g->sizes() == *x->sizes();
}

} // namespace

// grad where self > threshold, else 0: self and the threshold converted to
// the gradient's dtype and compared there, as the reference kernel (and
// PyTorch) does; a NaN self keeps the gradient.
std::optional<EValue> emitThresholdBackward(EmitContext &ctx, const Node &node,
                                            std::span<const Operand> ops,
                                            ScalarType t) {
  if (ops.size() != 3 || !sameShapedGradient(node, ops, t) || !ops[2].value.v)
    return std::nullopt;
  llvm::Value *x = ctx.convert(ops[1].value, t).v;
  // The threshold is a Scalar: an int converts to T directly, a float
  // rounds from double.
  llvm::Value *threshold = ctx.convert(ops[2].value, t).v;
  llvm::Value *below = ctx.b.CreateFCmpOLE(x, threshold);
  return EValue{ctx.b.CreateSelect(below, ctx.constant(t, 0), ops[0].value.v),
                t};
}

// grad * d/dx gelu(x), the reference's formulas in its order of operations,
// in double.
std::optional<EValue> emitGeluBackward(EmitContext &ctx, const Node &node,
                                       std::span<const Operand> ops,
                                       ScalarType t) {
  if (ops.size() < 2 || ops.size() > 3 || !sameShapedGradient(node, ops, t))
    return std::nullopt;
  std::string approximate = "none";
  if (ops.size() == 3) {
    auto *s =
        ops[2].constant ? std::get_if<std::string>(ops[2].constant) : nullptr;
    if (!s)
      return std::nullopt;
    approximate = *s;
  }
  if (approximate != "none" && approximate != "tanh")
    return std::nullopt;
  if (ops[1].value.dtype == ScalarType::Bool)
    return std::nullopt;
  const ScalarType D = ScalarType::Double;
  auto &b = ctx.b;
  auto c = [&](double v) { return ctx.constant(D, v); };
  llvm::Value *g = ctx.convert(ops[0].value, D).v;
  llvm::Value *v = ctx.convert(ops[1].value, D).v;
  llvm::Value *d;
  if (approximate == "tanh") {
    const double kK = M_SQRT2 * M_2_SQRTPI * 0.5, kC = 0.044715;
    // inner = kK * (v + kC * v * v * v)
    llvm::Value *cube =
        b.CreateFMul(b.CreateFMul(b.CreateFMul(c(kC), v), v), v);
    llvm::Value *inner = b.CreateFMul(c(kK), b.CreateFAdd(v, cube));
    llvm::Value *th = ctx.math("tanh", EValue{inner, D});
    // dInner = kK * (1 + 3 * kC * v * v)
    llvm::Value *sq = b.CreateFMul(b.CreateFMul(c(3 * kC), v), v);
    llvm::Value *dInner = b.CreateFMul(c(kK), b.CreateFAdd(c(1), sq));
    // d = 0.5 * (1 + th) + 0.5 * v * (1 - th * th) * dInner
    llvm::Value *left = b.CreateFMul(c(0.5), b.CreateFAdd(c(1), th));
    llvm::Value *right =
        b.CreateFMul(b.CreateFMul(b.CreateFMul(c(0.5), v),
                                  b.CreateFSub(c(1), b.CreateFMul(th, th))),
                     dInner);
    d = b.CreateFAdd(left, right);
  } else {
    const double kAlpha = M_SQRT1_2, kBeta = M_2_SQRTPI * M_SQRT1_2 * 0.5;
    // cdf = 0.5 * (1 + erf(v * kAlpha)); pdf = kBeta * exp(-0.5 * v * v)
    llvm::Value *erf = ctx.math("erf", EValue{b.CreateFMul(v, c(kAlpha)), D});
    llvm::Value *cdf = b.CreateFMul(c(0.5), b.CreateFAdd(c(1), erf));
    llvm::Value *e =
        ctx.math("exp", EValue{b.CreateFMul(b.CreateFMul(c(-0.5), v), v), D});
    llvm::Value *pdf = b.CreateFMul(c(kBeta), e);
    d = b.CreateFAdd(cdf, b.CreateFMul(v, pdf));
  }
  return ctx.convert(EValue{b.CreateFMul(g, d), D}, t);
}

} // namespace kiln::codegen
