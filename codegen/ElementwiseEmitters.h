//===- ElementwiseEmitters.h - One LLVM IR emitter per op -------*- C++ -*-===//
//
// The elementwise kernel generator walks a fusion group's body and asks
// this table, keyed by OpId, for the IR of each op. An emitter computes one
// element, or one vector of `lanes` elements, from its operands' values; it
// never loads or stores. Ops without an entry make the group fall back to
// the reference path, so the table is also the list of what the generator
// supports.
//
// Numbers follow the reference kernels (runtime/tensor/ops): operands are
// converted to the op's computation dtype first (the result dtype, or for
// comparisons the promoted operand dtype), float arithmetic is IEEE without
// fast-math flags, and transcendentals call glibc's libmvec for vectors
// and libm for single elements.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_ELEMENTWISEEMITTERS_H
#define KILN_CODEGEN_ELEMENTWISEEMITTERS_H

#include "ir/ConstantValue.h"
#include "ir/OpTable.h"
#include "runtime/tensor/ScalarType.h"

#include <llvm/IR/IRBuilder.h>

#include <optional>
#include <span>

namespace kiln {
class Node;
} // namespace kiln

namespace kiln::codegen {

/// A computed value: a scalar, or a vector of `lanes` elements. Bools are
/// i1.
struct EValue {
  llvm::Value *v = nullptr;
  ScalarType dtype = ScalarType::Float;
  /// True for Python numbers (not tensors): they take part in type
  /// promotion as numbers do.
  bool isNumber = false;
};

/// An op's operand: its value (null for None and strings), and its
/// compile-time value when a prim::Constant produces it.
struct Operand {
  EValue value;
  const ConstantValue *constant = nullptr;
  bool isNone() const {
    return constant && std::holds_alternative<NoneConstant>(*constant);
  }
};

class EmitContext {
public:
  EmitContext(llvm::IRBuilder<> &builder, llvm::Module &module,
              unsigned numLanes)
      : b(builder), m(module), lanes(numLanes) {}

  llvm::IRBuilder<> &b;
  llvm::Module &m;
  unsigned lanes; // 1: scalar code

  llvm::Type *elementType(ScalarType t) const;
  /// The (vector) type of `lanes` elements of `t`.
  llvm::Type *valueType(ScalarType t) const;
  /// A number of dtype `t`, splat to `lanes`.
  llvm::Value *constant(ScalarType t, double v) const;
  /// `x` converted to `t` (PyTorch's conversions; bool is x != 0).
  EValue convert(const EValue &x, ScalarType t) const;
  /// A unary libm function ("exp", "tanh", ...) of a float or double value:
  /// libmvec's vector variant for vectors, libm's for scalars.
  llvm::Value *math(const char *name, const EValue &x) const;
  /// pow(x, y): libmvec's powf/pow.
  llvm::Value *pow(const EValue &x, const EValue &y) const;
  /// An LLVM intrinsic over the value's type (llvm.sqrt, llvm.maximum...).
  llvm::Value *intrinsic(llvm::Intrinsic::ID id,
                         std::initializer_list<llvm::Value *> args) const;
};

/// Computes `node` from its operands; the result has the dtype of the
/// node's output. Returns nullopt when this instance is not supported (an
/// unsupported dtype or argument): the group then falls back.
using ElementwiseEmitter = std::optional<EValue> (*)(
    EmitContext &ctx, const Node &node, std::span<const Operand> operands,
    ScalarType outDtype);

/// The emitter of `op`, or null.
ElementwiseEmitter elementwiseEmitter(OpId op);

/// The emitters of the backward ops with the Elementwise trait
/// (codegen/BackwardEmitters.cpp): the gradient formulas' threshold_backward
/// (ReLU) and gelu_backward.
std::optional<EValue> emitThresholdBackward(EmitContext &ctx, const Node &node,
                                            std::span<const Operand> operands,
                                            ScalarType outDtype);
std::optional<EValue> emitGeluBackward(EmitContext &ctx, const Node &node,
                                       std::span<const Operand> operands,
                                       ScalarType outDtype);
inline bool hasElementwiseEmitter(OpId op) {
  return elementwiseEmitter(op) != nullptr;
}

} // namespace kiln::codegen

#endif // KILN_CODEGEN_ELEMENTWISEEMITTERS_H
